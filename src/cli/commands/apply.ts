/**
 * `apply <manifest>`: configures every app of a manifest (configureProvisioningMany) with a live
 * progress bar, a final table and a results file; re-runnable. `--dry-run` is `plan`.
 */
import { constants } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { ProvisioningOutcome } from '../../workflows/many.js';
import { isNotStartedForCredentials } from '../../workflows/not-started.js';
import { parseCount, resolvePath, UsageError } from '../args.js';
import type { Output } from '../io.js';
import { EXIT, replicationOption, type Define } from '../command.js';
import { printPlan } from './plan.js';

/** One line of the results file and of `--json`: ids and outcome, never credentials. */
export interface ApplyResult {
  displayName: string;
  template: string;
  ok: boolean;
  created?: { application: boolean; job: boolean };
  started?: boolean;
  applicationId?: string;
  appId?: string | null | undefined;
  servicePrincipalId?: string;
  jobId?: string;
  jobStatus?: string | null | undefined;
  /** The job was left stopped: its target refused the credentials saved for it. */
  notStarted?: true;
  error?: { kind: string; message: string; hint?: string };
}

function resultOf(outcome: ProvisioningOutcome): ApplyResult {
  const base = { displayName: outcome.spec.displayName, template: outcome.spec.template };
  if (outcome.ok) {
    const r = outcome.result;
    return {
      ...base,
      ok: true,
      created: r.created,
      started: r.started,
      applicationId: r.application.id,
      appId: r.application.appId,
      servicePrincipalId: r.servicePrincipal.id,
      jobId: r.job.id,
      jobStatus: r.job.status?.code,
    };
  }
  const { error, partial } = outcome;
  return {
    ...base,
    ok: false,
    ...(partial.application === undefined ? {} : { applicationId: partial.application.id }),
    ...(partial.servicePrincipal === undefined
      ? {}
      : { servicePrincipalId: partial.servicePrincipal.id }),
    ...(partial.job === undefined ? {} : { jobId: partial.job.id }),
    ...(isNotStartedForCredentials(error) ? { notStarted: true as const } : {}),
    error: {
      kind: error.kind,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    },
  };
}

/**
 * A progress bar on a terminal; one line per finished app otherwise. cli-progress is loaded
 * only for a bar: every other command starts without it.
 */
async function progress(out: Output, total: number, interactive: boolean) {
  const counts = { done: 0, failed: 0, throttled: 0 };
  const Bar: typeof SingleBar | undefined = interactive
    ? (await import('cli-progress')).SingleBar
    : undefined;
  const bar = Bar
    ? new Bar({
        stream: out.stderr,
        format: `{bar} {value}/{total}  done {done}  failed {failed}  throttled waits {throttled}`,
        hideCursor: true,
        clearOnComplete: false,
      })
    : undefined;
  bar?.start(total, 0, counts);
  return {
    throttled() {
      counts.throttled += 1;
      bar?.update(counts);
    },
    finished(outcome: ProvisioningOutcome) {
      if (outcome.ok) counts.done += 1;
      else counts.failed += 1;
      if (bar !== undefined) bar.update(counts.done + counts.failed, counts);
      else {
        const { green, red, yellow } = out.colors;
        out.note(
          outcome.ok
            ? outcome.result.job.status?.code === 'Quarantine'
              ? `${yellow('!')} ${outcome.spec.displayName}: the job is in quarantine`
              : `${green('✓')} ${outcome.spec.displayName}`
            : `${red('✗')} ${outcome.spec.displayName}: ${outcome.error.message}`,
        );
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Registers `apply`. */
export function registerApply(program: Command, define: Define): void {
  define(
    program
      .command('apply')
      .description(
        'configure every app of a manifest (JSON or YAML); safe to re-run: what exists is reused',
      )
      .argument('[manifest]', 'manifest file (.json, .yaml or .yml)')
      .option('--concurrency <n>', 'apps configured at once (1-64)', '8')
      .option('--dry-run', 'the same as plan: show what apply would do; send no write')
      .option('--results <path>', 'results file (default: <manifest>.results.json next to it)')
      .option('--print-schema', "print the manifest's JSON Schema and exit")
      .option(
        '--allow-unknown-keys',
        'send credential keys that are not synchronizationSecret names this version knows',
      ),
    async ({ client, out, io, signal, replication }, command) => {
      const o = command.opts<{
        concurrency: string;
        dryRun?: boolean;
        results?: string;
        printSchema?: boolean;
        allowUnknownKeys?: boolean;
      }>();
      // The manifest's schema loads with the commands that read one, not with every start-up.
      const manifest = await import('../manifest.js');
      if (o.printSchema === true) {
        out.line(JSON.stringify(manifest.manifestJsonSchema(), null, 2));
        return undefined;
      }
      const [file] = command.args as [string | undefined];
      if (file === undefined)
        throw new UsageError('apply needs a manifest file (or --print-schema)');
      const concurrency = parseCount('--concurrency', o.concurrency, 1, 64);
      const path = resolvePath(io.cwd, file);
      const specs = await manifest.loadManifest(path, io.env, {
        allowUnknownKeys: o.allowUnknownKeys === true,
      });
      const graph = await client();

      // The same plan as `plan`: one engine, not a separate dry-run path.
      if (o.dryRun === true) {
        return printPlan(out, graph, specs, {
          concurrency,
          signal,
          replication: replication(),
          detailed: false,
        });
      }

      const resultsPath =
        o.results === undefined
          ? join(dirname(path), `${basename(path, extname(path))}.results.json`)
          : resolvePath(io.cwd, o.results);
      // Before any write: a results file that cannot be written would lose what the run did.
      try {
        await access(dirname(resultsPath), constants.W_OK);
      } catch {
        throw new UsageError(
          `cannot write the results file ${resultsPath}: its folder is missing or read-only`,
        );
      }
      const bar = await progress(out, specs.length, !out.json && io.stderr.isTTY === true);
      const started = new Date();
      let outcomes: ProvisioningOutcome[];
      try {
        outcomes = await graph.configureProvisioningMany(specs, {
          concurrency,
          ...(signal === undefined ? {} : { signal }),
          ...replicationOption(replication()),
          // An app whose target refuses its saved credentials keeps its job stopped, and fails.
          testSavedCredentials: true,
          onProgress: (event) => {
            if (event.type === 'throttled') bar.throttled();
          },
          onOutcome: (outcome) => {
            bar.finished(outcome);
          },
        });
      } finally {
        bar.stop();
      }
      const results = outcomes.map(resultOf);
      const failed = results.filter((r) => !r.ok).length;
      const report = {
        manifest: path,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        summary: { total: results.length, ok: results.length - failed, failed },
        results,
      };
      let written = true;
      try {
        await writeFile(resultsPath, `${JSON.stringify(report, null, 2)}\n`);
      } catch (error) {
        written = false;
        // The report still goes to stdout below: what the run did is never lost.
        out.note(
          `warning: could not write ${resultsPath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
      out.result(report, () => {
        const { green, red, yellow, bold, dim } = out.colors;
        out.table(
          ['app', 'result', 'job', 'status', 'error'],
          results.map((r) => [
            r.displayName,
            r.ok
              ? r.jobStatus === 'Quarantine'
                ? yellow('quarantined')
                : green(r.created?.application === true ? 'created' : 'reused')
              : red(r.notStarted === true ? 'not started' : (r.error?.kind ?? 'failed')),
            r.jobId,
            r.jobStatus,
            r.error?.message,
          ]),
        );
        for (const r of results) {
          if (r.error?.hint !== undefined) out.line(dim(`${r.displayName}: ${r.error.hint}`));
        }
        out.line(
          `${bold(String(report.summary.ok))} of ${String(report.summary.total)} configured, ${String(failed)} failed${written ? `; results in ${resultsPath}` : ''}`,
        );
      });
      if (failed === 0) return EXIT.ok;
      return failed === results.length ? EXIT.failure : EXIT.partial;
    },
  );
}
