/**
 * The `entra-provisioning` CLI: everything the SDK does, from a shell. `runCli()` runs one
 * command line in-process (the bin, and the tests, call it) and resolves with the exit code:
 * 0 ok, 1 failure, 2 usage (nothing changed), 3 partial failure (some apps of an `apply`).
 */
import { Command, CommanderError, Option } from 'commander';
import {
  InvalidInputError,
  isGraphError,
  UnauthorizedError,
  type ProvisioningPartial,
} from '../core/errors.js';
import { UsageError } from './args.js';
import { registerApps } from './commands/apps.js';
import { registerAssignments } from './commands/assignments.js';
import { registerApply } from './commands/apply.js';
import { registerExport } from './commands/export.js';
import { registerFake } from './commands/fake.js';
import { registerHealth } from './commands/health.js';
import { registerJobs } from './commands/jobs.js';
import { registerLogs } from './commands/logs.js';
import { registerPlan } from './commands/plan.js';
import { registerSecrets } from './commands/secrets.js';
import { registerTemplates } from './commands/templates.js';
import { createClient, TOKEN_ENV, type GlobalOptions } from './context.js';
import { Output, type CliIo } from './io.js';
import { coreOf, type ProvisioningClient } from '../client.js';
import type { FakeGraph } from '../testing/index.js';
import { VERSION } from './version.js';
import { EXIT, type ActionContext, type Define } from './command.js';

/** The command groups, in the order `--help` lists them. */
const GROUPS: Readonly<Record<string, (program: Command, define: Define) => void>> = {
  templates: registerTemplates,
  apps: registerApps,
  plan: registerPlan,
  export: registerExport,
  apply: registerApply,
  jobs: registerJobs,
  logs: registerLogs,
  health: registerHealth,
  secrets: registerSecrets,
  assignments: registerAssignments,
  fake: registerFake,
};

/**
 * The command group a command line runs, when commander needs no other registered to parse it
 * as it would with all of them: its first word, after the program's own options (read from
 * `options`, the program's, so that a new one is never misread). Undefined, and every group is
 * registered, for anything else: no command, an unknown word or option (commander suggests the
 * nearest of all), `--help` before the command (the program's help lists them all), `--`.
 * Registering the sixty-odd commands of all the groups is about a tenth of the CLI's own
 * start-up work; each group's modules are loaded all the same (loading them on demand costs
 * more files than it saves when `--help` needs them all).
 */
export function namedGroup(
  argv: readonly string[],
  options: readonly Option[],
): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) return Object.hasOwn(GROUPS, arg) ? arg : undefined;
    const option = options.find((o) => o.long === arg || o.short === arg);
    if (option === undefined) {
      // `--name=value`, for an option that takes a value; anything else is commander's to judge.
      const inline = options.some((o) => o.required && arg.startsWith(`${o.long ?? '-'}=`));
      if (!inline) return undefined;
    } else if (option.required) {
      i += 1;
    } else if (option.optional) {
      return undefined;
    }
  }
  return undefined;
}

const HELP_AFTER = `
Authentication: ${TOKEN_ENV} (an access token) when set, else DefaultAzureCredential
(environment, workload identity, managed identity, Azure CLI…; needs @azure/identity installed).

Exit codes: 0 ok, 1 failure, 2 usage error (nothing was changed), 3 partial failure (apply),
4 changes pending (plan --detailed-exitcode), 5 a job at least as bad as health --fail-on.
Colours only on a terminal; NO_COLOR or --no-color turns them off.`;

/** Runs one command line; resolves with the exit code. Never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  // Writes sent by the command: exit code 2 promises that nothing was changed.
  const requests = { sent: 0 };
  let out = new Output(io, { json: argv.includes('--json'), color: !argv.includes('--no-color') });
  const program = new Command('entra-provisioning');
  const define: Define = (command, action) =>
    command.action(async (...args: unknown[]) => {
      const self = args.at(-1) as Command;
      const globals = self.optsWithGlobals<GlobalOptions>();
      out = new Output(io, { json: globals.json === true, color: globals.color !== false });
      let made: { client: ProvisioningClient; fake: FakeGraph | undefined } | undefined;
      const context: ActionContext = {
        io,
        out,
        globals,
        signal: io.signal,
        client: async () => {
          made ??= await createClient(globals, io, () => {
            requests.sent += 1;
          });
          const core = coreOf(made.client);
          // The tokens it sent, exactly (any encoding): nothing else is taken for one, so names
          // and ids print as Graph has them.
          out.scrubTokens((text) => core.tokensOut(text));
          return made.client;
        },
        fake: () => made?.fake,
        replication: () => (made?.fake === undefined ? undefined : { intervalMs: 100 }),
      };
      code = (await action(context, self)) ?? EXIT.ok;
    });

  program
    .description('Microsoft Entra ID app provisioning through Microsoft Graph, from a shell.')
    .version(VERSION, '-V, --version')
    .option('--json', 'machine-readable output: one JSON document on stdout')
    .option('--fake', 'run against the embedded fake Graph (in-process; no tenant)')
    .option('--base-url <url>', 'Graph root, e.g. the URL `fake serve` prints')
    .option('--tenant <id>', 'tenant id for DefaultAzureCredential')
    .option('--beta', 'use Graph beta (default v1.0)')
    .addOption(
      new Option('--cloud <name>', 'national cloud').choices([
        'global',
        'usGov',
        'usGovDoD',
        'china',
      ]),
    )
    .option('--no-color', 'no colours (also NO_COLOR)')
    .addHelpText('after', HELP_AFTER)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // With --json, stderr carries one JSON document: commander's help text stays out of it.
      writeErr: (text) => (out.json ? true : io.stderr.write(text)),
      outputError: (text) => {
        const message = withoutOptionValues(text.trim().replace(/^error: /, ''));
        if (out.json) out.jsonLine({ error: { kind: 'usage', message } }, 0, 'stderr');
        else out.error(`error: ${message}`);
      },
    });

  const named = namedGroup(argv, program.options);
  for (const [name, register] of Object.entries(GROUPS)) {
    if (named === undefined || name === named) register(program, define);
  }
  // With --json, stderr carries one JSON document: no usage hint after it.
  if (!out.json) program.showHelpAfterError('(add --help for usage)');
  for (const command of program.commands) inherit(command, program, !out.json);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return EXIT.ok;
      }
      if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') {
        // A command group without its subcommand: help went to stderr (or nowhere with --json).
        if (out.json) {
          io.stderr.write(
            `${JSON.stringify({ error: { kind: 'usage', message: 'missing subcommand: see --help' } })}\n`,
          );
        }
        return EXIT.usage;
      }
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return report(out, io, error, requests.sent);
  }
}

/** Subcommands report errors and exit codes through the program's settings. */
function inherit(command: Command, program: Command, hint: boolean): void {
  command.exitOverride();
  if (hint) command.showHelpAfterError('(add --help for usage)');
  command.configureOutput(program.configureOutput());
  for (const sub of command.commands) inherit(sub, program, hint);
}

/**
 * Commander quotes a mistyped `--option=value` whole, and the value may be a secret
 * (`--secrte=SecretToken=…`): only the option's name is kept. The value may itself hold quotes
 * and newlines (a PEM key), so the quoted text runs to the last quote of the message.
 */
export function withoutOptionValues(message: string): string {
  return (
    message
      .replace(/'(--?[^'=\s]+)=[\s\S]*'/g, "'$1=…'")
      // An option's value outside its choices (`--cloud`): the value is not shown, the choices are.
      .replace(/(argument )'[\s\S]*'( is invalid)/, '$1(not shown)$2')
      .replace(/unknown (option|command) '([\s\S]*?)'/g, (whole, what: string, name: string) =>
        // Names here are lower-case words and hyphens: anything else is most likely a value
        // typed in the wrong place (a secret starting with "-", pasted as a command), not shown.
        /^(--?)?[a-z][a-z-]{0,31}$/.test(name) || name.endsWith('=…')
          ? whole
          : `unknown ${what} (not shown: it is not a ${what} name, and may be a value typed in the wrong place)`,
      )
  );
}

/**
 * Prints an error (typed Graph errors with their kind and hint) and picks its exit code: 2 for
 * a usage error, or bad input found before any write; 1 for anything else.
 */
function report(out: Output, io: CliIo, error: unknown, sent: number): number {
  const usage = error instanceof UsageError || (error instanceof InvalidInputError && sent === 0);
  const code = usage ? EXIT.usage : EXIT.failure;
  if (out.json) {
    const signIn = notSignedIn(error);
    const body =
      signIn !== undefined
        ? { kind: 'unauthorized', ...signIn }
        : isGraphError(error)
          ? {
              kind: error.kind,
              message: error.message,
              ...(error.hint === undefined ? {} : { hint: error.hint }),
              ...(error.status === undefined ? {} : { status: error.status }),
              ...(error.code === undefined ? {} : { code: error.code }),
              ...(error.innerCode === undefined ? {} : { innerCode: error.innerCode }),
              ...(error.details === undefined ? {} : { details: error.details }),
              ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
              ...(error.partial === undefined ? {} : { partial: partialIds(error.partial) }),
            }
          : { kind: usage ? 'usage' : 'error', message: describe(error) };
    out.jsonLine({ error: body }, 0, 'stderr');
    return code;
  }
  const { red, dim } = out.colors;
  const signIn = notSignedIn(error);
  if (signIn !== undefined) {
    out.error(`${red('error:')} ${signIn.message}\n${dim(signIn.hint)}`);
    return code;
  }
  out.error(`${red('error:')} ${describe(error)}`);
  if (isGraphError(error) && error.hint !== undefined) out.error(dim(error.hint));
  const exists = isGraphError(error) ? describePartial(error.partial) : undefined;
  if (exists !== undefined) out.error(exists);
  return code;
}

/** The ids of what a failed workflow left, for `--json`. */
function partialIds(partial: ProvisioningPartial) {
  return {
    ...(partial.application === undefined
      ? {}
      : { applicationId: partial.application.id, appId: partial.application.appId }),
    ...(partial.servicePrincipal === undefined
      ? {}
      : { servicePrincipalId: partial.servicePrincipal.id }),
    ...(partial.job === undefined ? {} : { jobId: partial.job.id }),
    ...(partial.created === undefined ? {} : { created: partial.created }),
  };
}

/**
 * What a failed workflow left, in one line: "created application 'AWS Contoso' (id …, appId …)
 * and job aws.… before failing; run it again to continue: what exists is reused".
 */
export function describePartial(partial: ProvisioningPartial | undefined): string | undefined {
  if (partial === undefined) return undefined;
  const { application, servicePrincipal, job, created } = partial;
  const parts: string[] = [];
  if (application !== undefined || servicePrincipal !== undefined) {
    const name = application?.displayName ?? servicePrincipal?.displayName ?? '';
    const ids = [
      application === undefined ? undefined : `id ${application.id}`,
      (application?.appId ?? servicePrincipal?.appId) == null
        ? undefined
        : `appId ${String(application?.appId ?? servicePrincipal?.appId)}`,
      servicePrincipal === undefined ? undefined : `service principal ${servicePrincipal.id}`,
    ].filter((x) => x !== undefined);
    parts.push(
      `${created?.application === true ? 'created' : 'found'} application '${name}' (${ids.join(', ')})`,
    );
  }
  if (job !== undefined) {
    parts.push(`${created?.job === true ? 'created' : 'found'} job ${job.id}`);
  }
  if (parts.length === 0) return undefined;
  return `${parts.join(' and ')} before failing; run it again to continue: what exists is reused.`;
}

/**
 * A first run with no credential anywhere: DefaultAzureCredential's chain reports each of its
 * seven credentials unavailable, eight lines a new user cannot act on. Said in two lines instead,
 * naming every way in. A credential that exists but fails (a wrong secret) keeps its own words.
 */
export function notSignedIn(error: unknown): { message: string; hint: string } | undefined {
  if (!(error instanceof UnauthorizedError)) return undefined;
  const text = error.message;
  if (!text.startsWith('Could not get an access token:')) return undefined;
  // One line per credential of the chain, each `<ErrorName>: <why>`.
  const reasons = text.split('\n').filter((line) => /^\w+Error: /.test(line));
  const allUnavailable =
    reasons.length > 0 && reasons.every((line) => line.startsWith('CredentialUnavailableError: '));
  if (!allUnavailable) return undefined;
  return {
    message: 'not signed in: no Azure credential is available here.',
    hint: `Set ${TOKEN_ENV} to a Microsoft Graph access token, run \`az login\`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (an app registration); a managed identity works too. To try the CLI without a tenant: --fake.`,
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
