/**
 * `apps create|list|show|delete`: one gallery app configured end to end (configureProvisioning),
 * the tenant's gallery app instances, one of them in detail, and its deletion.
 */
import type { Command } from 'commander';
import { isGraphError, NotFoundError, replaceHint } from '../../core/errors.js';
import { isNotStartedForCredentials } from '../../workflows/not-started.js';
import {
  checkSecretKeys,
  collect,
  parseDocument,
  parseKeyValue,
  readUserFile,
  resolvePath,
  shownKey,
  UsageError,
} from '../args.js';
import { EXIT, replicationOption, type ActionContext, type Define } from '../command.js';
import { progressPrinter } from '../progress.js';
import type { ConfigureProvisioningResult } from '../../workflows/configure.js';
import { deleteApp } from './apps-delete.js';
import {
  APP_ARG,
  appDetails,
  listApps,
  printAppDetails,
  printAppList,
  resolveApp,
} from './apps-read.js';

/** The hint of `apps create` for a job left stopped: the CLI's flags, not the SDK's fields. */
const NOT_STARTED_HINT =
  'Run it again with the credentials (--secret KEY=VALUE for each, or --secrets-file FILE): they are tested, saved, then the job is started. Or pass --no-start to leave the job stopped.';

/** Reads `--secret KEY=VALUE` pairs and a `--secrets-file` (JSON or YAML object of strings). */
export async function secretsFromOptions(
  cwd: string,
  pairs: readonly string[],
  file: string | undefined,
  allowUnknownKeys = false,
): Promise<Record<string, string> | undefined> {
  const credentials: Record<string, string> = {};
  if (file !== undefined) {
    const path = resolvePath(cwd, file);
    const parsed = await parseDocument(
      '--secrets-file',
      path,
      // A file of secrets: a secret typed where its path belongs is not echoed when unreadable.
      await readUserFile('--secrets-file', path, { showPath: false }),
    );
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(`--secrets-file: ${path} must hold an object of KEY: value`);
    }
    // Keys first: a key that is not a name is never quoted (keys and values may be swapped).
    checkSecretKeys(`--secrets-file ${path}`, Object.keys(parsed), allowUnknownKeys);
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') {
        throw new UsageError(
          `--secrets-file: the value of ${shownKey(key)} in ${path} must be a string`,
        );
      }
      credentials[key] = value;
    }
  }
  for (const pair of pairs) {
    const [key, value] = parseKeyValue('--secret', pair);
    if (Object.hasOwn(credentials, key))
      throw new UsageError(`--secret: ${shownKey(key)} is given twice`);
    credentials[key] = value;
  }
  checkSecretKeys('--secret', Object.keys(credentials), allowUnknownKeys);
  return Object.keys(credentials).length === 0 ? undefined : credentials;
}

/** What `apps create --json` prints: ids and what was created, never credentials. */
export function summarizeResult(result: ConfigureProvisioningResult) {
  return {
    application: {
      id: result.application.id,
      appId: result.application.appId,
      displayName: result.application.displayName,
    },
    servicePrincipal: { id: result.servicePrincipal.id },
    job: {
      id: result.job.id,
      templateId: result.job.templateId,
      status: result.job.status?.code,
    },
    created: result.created,
    started: result.started,
  };
}

/** Registers `apps`. */
export function registerApps(program: Command, define: Define): void {
  const apps = program.command('apps').description('gallery app instances and their provisioning');
  define(
    apps
      .command('create')
      .description(
        'instantiate a gallery app, create its provisioning job, save its secrets and start it (re-runnable: reuses what exists)',
      )
      .requiredOption('--template <template>', 'gallery template id or exact display name')
      .requiredOption('--name <displayName>', 'display name of the new application')
      .option('--sync-template <id>', "synchronization template (default: the app's only one)")
      .option('--secret <KEY=VALUE>', 'a secret of the target app (repeatable)', collect, [])
      .option('--secrets-file <path>', 'JSON or YAML file of KEY: value secrets')
      .option(
        '--allow-unknown-keys',
        'send secret keys that are not synchronizationSecret names this version knows',
      )
      .option('--no-validate', 'save the secrets without testing them first')
      .option('--no-start', 'do not start the job'),
    async ({ client, out, io, signal, replication }, command) => {
      const o = command.opts<{
        template: string;
        name: string;
        syncTemplate?: string;
        secret: string[];
        secretsFile?: string;
        allowUnknownKeys?: boolean;
        validate: boolean;
        start: boolean;
      }>();
      const credentials = await secretsFromOptions(
        io.cwd,
        o.secret,
        o.secretsFile,
        o.allowUnknownKeys === true,
      );
      const graph = await client();
      const result = await graph
        .configureProvisioning(
          {
            template: o.template,
            displayName: o.name,
            ...(o.syncTemplate === undefined ? {} : { syncTemplateId: o.syncTemplate }),
            ...(credentials === undefined ? {} : { credentials, validateCredentials: o.validate }),
            start: o.start,
          },
          {
            ...(signal === undefined ? {} : { signal }),
            ...replicationOption(replication()),
            onProgress: progressPrinter(out),
            // A job whose target refuses its saved credentials is left stopped, not reported
            // started; --no-validate tests nothing, these included.
            testSavedCredentials: o.validate,
          },
        )
        .catch((error: unknown) => {
          throw isGraphError(error) && isNotStartedForCredentials(error)
            ? replaceHint(error, NOT_STARTED_HINT)
            : error;
        });
      const summary = summarizeResult(result);
      const quarantine = result.job.status?.quarantine;
      const quarantined = result.job.status?.code === 'Quarantine';
      out.result(summary, () => {
        const { bold, green, yellow } = out.colors;
        out.line(
          `${quarantined ? yellow('!') : green('✓')} ${bold(summary.application.displayName ?? o.name)} ${result.created.application ? 'created' : 'already existed'}`,
        );
        out.line(
          `  application        ${summary.application.id} (appId ${summary.application.appId ?? ''})`,
        );
        out.line(`  service principal  ${summary.servicePrincipal.id}`);
        out.line(
          `  job                ${summary.job.id} (${result.created.job ? 'created' : 'reused'}, ${summary.job.status ?? 'unknown'}${result.started ? ', started' : ''})`,
        );
        if (quarantined) {
          out.line(
            yellow(
              `  the job is in quarantine${quarantine?.error?.message == null ? '' : `: ${quarantine.error.message}`}`,
            ),
          );
        }
      });
      // A job in quarantine cannot run as it should: not a success, whatever was configured.
      return quarantined ? EXIT.failure : undefined;
    },
  );
  registerReads(apps, define);
  define(
    apps
      .command('delete')
      .description(
        'delete an app: its application, with its service principal and provisioning jobs (Graph keeps them 30 days in deleted items); without --yes, only says what would go',
      )
      .argument('<app>', APP_ARG)
      .option('--yes', 'delete (without it: say what would be deleted, delete nothing, exit 2)'),
    async (context, command) => {
      const [ref] = command.args as [string];
      return deleteApp(context, ref, command.opts<{ yes?: boolean }>().yes === true);
    },
  );
}

/** Registers `apps list` and `apps show`. */
function registerReads(apps: Command, define: Define): void {
  define(
    apps
      .command('list')
      .description(
        "the tenant's gallery app instances: name, application, appId, service principal, jobs and their status",
      )
      .option('--name <text>', 'only apps whose display name contains this text (any case)'),
    async ({ client, out, signal }: ActionContext, command) => {
      const { name } = command.opts<{ name?: string }>();
      printAppList(out, await listApps(await client(), name, signal), name);
      return undefined;
    },
  );
  define(
    apps
      .command('show')
      .description(
        'an app in detail: application, service principal, each job (status, last run, quarantine), the keys of its saved secrets (never their values)',
      )
      .argument('<app>', APP_ARG),
    async ({ client, out, signal }: ActionContext, command) => {
      const [ref] = command.args as [string];
      const graph = await client();
      const found = await resolveApp(graph, ref, signal);
      if (found === undefined) {
        throw new NotFoundError(
          `No application or service principal has the id, appId or name '${ref}'`,
          { status: 404 },
        );
      }
      printAppDetails(out, await appDetails(graph, found, signal));
      return undefined;
    },
  );
}
