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

/** `0:07`, `12:30`, `1:02:03`: elapsed and remaining times of a run. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${sec}` : `${String(m)}:${sec}`;
}

/**
 * `[3/20 0:12, about 1:08 left]`: apps finished, time elapsed, and the time the rest should take
 * at the pace so far (the apps run `concurrency` at once, so the pace already counts that).
 */
export function progressPrefix(finished: number, total: number, elapsedMs: number): string {
  const left =
    finished >= total ? '' : `, about ${clock((elapsedMs / finished) * (total - finished))} left`;
  return `[${String(finished)}/${String(total)} ${clock(elapsedMs)}${left}]`;
}

/**
 * A progress bar on a terminal (elapsed time and ETA); one line per finished app otherwise,
 * each with the same. cli-progress is loaded only for a bar: every other command starts
 * without it. `now` is the clock the times are read from.
 */
async function progress(
  out: Output,
  total: number,
  interactive: boolean,
  now: () => number = () => performance.now(),
) {
  const counts = { done: 0, failed: 0, throttled: 0 };
  const began = now();
  const Bar: typeof SingleBar | undefined = interactive
    ? (await import('cli-progress')).SingleBar
    : undefined;
  const bar = Bar
    ? new Bar({
        stream: out.stderr,
        format: `{bar} {value}/{total}  {duration_formatted} elapsed, ETA {eta_formatted}  done {done}  failed {failed}  throttled waits {throttled}`,
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
      const finished = counts.done + counts.failed;
      if (bar !== undefined) {
        bar.update(finished, counts);
        // Drawn now: cli-progress skips a frame that comes soon after the last one, and each
        // finished app is worth seeing (one redraw per app).
        bar.render();
      } else {
        const { green, red, yellow, dim } = out.colors;
        const name = outcome.spec.displayName;
        out.note(
          `${dim(progressPrefix(finished, total, now() - began))} ${
            outcome.ok
              ? outcome.result.job.status?.code === 'Quarantine'
                ? `${yellow('!')} ${name}: the job is in quarantine`
                : `${green('✓')} ${name}`
              : `${red('✗')} ${name}: ${outcome.error.message}`
          }`,
        );
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

/**
 * The final table, one line per app (what happened, the full application and job ids, the job's
 * status), then each failure in full with its hint, then the totals.
 */
function printReport(
  out: Output,
  results: readonly ApplyResult[],
  summary: { total: number; ok: number; failed: number },
  resultsPath: string | undefined,
): void {
  const { green, red, yellow, bold, dim } = out.colors;
  out.table(
    ['app', 'result', 'application', 'job', 'status'],
    results.map((r) => [
      r.displayName,
      r.ok
        ? r.jobStatus === 'Quarantine'
          ? yellow('quarantined')
          : green(r.created?.application === true ? 'created' : 'reused')
        : red(r.notStarted === true ? 'not started' : (r.error?.kind ?? 'failed')),
      r.applicationId,
      r.jobId,
      r.jobStatus,
    ]),
  );
  const failures = results.filter((r) => r.error !== undefined);
  if (failures.length > 0) out.line('');
  for (const r of failures) {
    out.line(`${red('✗')} ${bold(r.displayName)}: ${r.error?.message ?? ''}`);
    if (r.error?.hint !== undefined) out.line(`  ${dim(r.error.hint)}`);
  }
  out.line(
    `${bold(String(summary.ok))} of ${String(summary.total)} configured, ${String(summary.failed)} failed${resultsPath === undefined ? '' : `; results in ${resultsPath}`}`,
  );
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
        await writeFile(resultsPath, `${out.jsonText(report)}\n`);
      } catch (error) {
        written = false;
        // The report still goes to stdout below: what the run did is never lost.
        out.note(
          `warning: could not write ${resultsPath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
      out.result(report, () => {
        printReport(out, results, report.summary, written ? resultsPath : undefined);
      });
      if (out.json && failed === results.length && failed > 0) {
        // Every app failed (exit 1): stderr carries the error document scripts read on exit 1,
        // as for any other failure; the report stays on stdout.
        const kinds = [...new Set(results.map((r) => r.error?.kind ?? 'error'))];
        out.jsonLine(
          {
            error: {
              kind: kinds.length === 1 ? kinds[0] : 'failed',
              message: `${String(failed)} of ${String(results.length)} apps failed${written ? `: see ${resultsPath}` : ''}`,
            },
          },
          0,
          'stderr',
        );
      }
      if (failed === 0) return EXIT.ok;
      return failed === results.length ? EXIT.failure : EXIT.partial;
    },
  );
}
