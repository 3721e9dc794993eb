/** `apps create`: one gallery app, configured end to end (configureProvisioning). */
import type { Command } from 'commander';
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
import { replicationOption, type Define } from '../command.js';
import { progressPrinter } from '../progress.js';
import type { ConfigureProvisioningResult } from '../../workflows/configure.js';

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
      const result = await (
        await client()
      ).configureProvisioning(
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
        },
      );
      const summary = summarizeResult(result);
      out.result(summary, () => {
        const { bold, green } = out.colors;
        out.line(
          `${green('✓')} ${bold(summary.application.displayName ?? o.name)} ${result.created.application ? 'created' : 'already existed'}`,
        );
        out.line(
          `  application        ${summary.application.id} (appId ${summary.application.appId ?? ''})`,
        );
        out.line(`  service principal  ${summary.servicePrincipal.id}`);
        out.line(
          `  job                ${summary.job.id} (${result.created.job ? 'created' : 'reused'}, ${summary.job.status ?? 'unknown'}${result.started ? ', started' : ''})`,
        );
      });
      return undefined;
    },
  );
}
