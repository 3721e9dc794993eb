/** `secrets set` and `secrets rotate`: save a target app's secrets; values are never echoed. */
import type { Command } from 'commander';
import {
  checkSecretKeys,
  collect,
  parseKeyValue,
  shownKey,
  unsetEnvMessage,
  readStdin,
  readUserFile,
  resolvePath,
  UsageError,
} from '../args.js';
import { resolveServicePrincipal } from '../context.js';
import type { ActionContext, Define } from '../command.js';

interface ValueOptions {
  fromEnv: string[];
  fromFile: string[];
  stdin?: string;
  allowUnknownKeys?: boolean;
}

/** The options both subcommands take for values (never on the command line if avoidable). */
function valueOptions(command: Command): Command {
  return command
    .argument('<servicePrincipal>', 'service principal: object id, appId or display name')
    .argument(
      '[pairs...]',
      'KEY=VALUE pairs (prefer the options below: command lines are visible to others)',
    )
    .option(
      '--from-env <KEY=ENV_VAR>',
      'a value from an environment variable (repeatable)',
      collect,
      [],
    )
    .option('--from-file <KEY=PATH>', "a value from a file's contents (repeatable)", collect, [])
    .option('--stdin <KEY>', 'a value read from standard input')
    .option(
      '--allow-unknown-keys',
      'send keys that are not synchronizationSecret names this version knows',
    );
}

/** The service principal argument and the values of `pairs`, `--from-env`, `--from-file`, `--stdin`. */
async function gatherValues(
  name: string,
  { io }: ActionContext,
  command: Command,
): Promise<{ ref: string; values: Map<string, string> }> {
  const [ref = '', ...pairs] = command.args;
  // `secrets set KEY=VALUE …` without a service principal: the pair must not travel to
  // Graph as a display name (nor be printed back as one).
  if (/^[A-Za-z][A-Za-z0-9_.-]*=/.test(ref)) {
    throw new UsageError(
      `${name} needs the service principal first: ${name} <servicePrincipal> KEY=VALUE…`,
    );
  }
  const o = command.opts<ValueOptions>();
  const values = new Map<string, string>();
  const put = (key: string, value: string): void => {
    if (values.has(key)) throw new UsageError(`${shownKey(key)} is given twice`);
    values.set(key, value);
  };
  for (const pair of pairs) put(...parseKeyValue('KEY=VALUE', pair));
  for (const pair of o.fromEnv) {
    const [key, envName] = parseKeyValue('--from-env', pair);
    const value = io.env[envName];
    if (value === undefined || value === '') {
      throw new UsageError(`--from-env: ${shownKey(key)} ${unsetEnvMessage(envName)}`);
    }
    put(key, value);
  }
  for (const pair of o.fromFile) {
    const [key, path] = parseKeyValue('--from-file', pair);
    put(
      key,
      (
        await readUserFile(`--from-file ${shownKey(key)}`, resolvePath(io.cwd, path), {
          showPath: false,
        })
      ).replace(/\r?\n$/, ''),
    );
  }
  if (o.stdin !== undefined) {
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(o.stdin)) throw new UsageError('--stdin takes a KEY');
    put(o.stdin, await readStdin(io.stdin));
  }
  if (values.size === 0) throw new UsageError(`${name} needs at least one secret`);
  checkSecretKeys(name, [...values.keys()], o.allowUnknownKeys === true);
  return { ref, values };
}

/** Registers `secrets`. */
export function registerSecrets(program: Command, define: Define): void {
  const secrets = program
    .command('secrets')
    .description("a service principal's provisioning secrets");
  define(
    valueOptions(
      secrets
        .command('set')
        .description(
          "save secrets (Graph's synchronizationSecret keys, e.g. SecretToken); saved settings are kept; the values are never printed",
        ),
    ),
    async (context, command) => {
      const { client, out, signal } = context;
      const { ref, values } = await gatherValues('secrets set', context, command);
      const graph = await client();
      const sp = await resolveServicePrincipal(graph, ref, signal);
      await graph.servicePrincipals
        .byId(sp.id)
        .synchronization.secrets.put(
          Object.fromEntries(values),
          signal === undefined ? {} : { signal },
        );
      // Unknown keys are counted, not named: one may be a value typed in place of its key.
      const keys = [...values.keys()].map(shownKey);
      out.result({ servicePrincipalId: sp.id, saved: keys }, () => {
        out.line(
          `saved ${String(keys.length)} secret${keys.length === 1 ? '' : 's'} on ${sp.displayName ?? sp.id}: ${keys.join(', ')}`,
        );
      });
      return undefined;
    },
  );
  define(
    valueOptions(
      secrets
        .command('rotate')
        .description(
          'rotate credentials: test them with the target app, save them only if it accepts them (every other saved key kept), then read the job; values are never printed',
        )
        .option(
          '--job <id>',
          "the job to test them with (default: the service principal's only job)",
        ),
    ),
    async (context, command) => {
      const { client, out, signal } = context;
      const { ref, values } = await gatherValues('secrets rotate', context, command);
      const { job } = command.opts<{ job?: string }>();
      const graph = await client();
      const sp = await resolveServicePrincipal(graph, ref, signal);
      const result = await graph.servicePrincipals
        .byId(sp.id)
        .synchronization.secrets.rotate(Object.fromEntries(values), {
          ...(job === undefined ? {} : { jobId: job }),
          ...(signal === undefined ? {} : { signal }),
        });
      const rotated = [...values.keys()].map(shownKey);
      const summary = {
        servicePrincipalId: sp.id,
        jobId: result.jobId,
        rotated,
        jobChecked: result.jobChecked,
        quarantine: result.quarantine?.reason ?? null,
      };
      out.result(summary, () => {
        out.line(
          `rotated ${rotated.join(', ')} on ${sp.displayName ?? sp.id}: accepted by the target, saved`,
        );
        if (!result.jobChecked)
          out.line('the job could not be read afterwards: check it with jobs show');
        else if (result.quarantine !== undefined)
          out.line(
            `the job is still quarantined (${String(result.quarantine.reason)}): restart it with jobs restart --scope QuarantineState`,
          );
      });
      return undefined;
    },
  );
}
