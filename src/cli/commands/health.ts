/**
 * `health`: every provisioning job of the tenant, worst first (client.provisioningHealth), as a
 * table, JSON or a self-contained HTML report; `--watch` refreshes it, `--fail-on` lets a
 * scheduled pipeline alert.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { sleep } from '../../internal/abort.js';
import { duration, timeOf } from '../../health/grade.js';
import type { JobHealth, JobHealthEntry, ProvisioningHealthReport } from '../../health/types.js';
import { parseCount, parseDuration, parseTime, resolvePath, UsageError } from '../args.js';
import { resolveServicePrincipal } from '../context.js';
import type { Colors, Output } from '../io.js';
import { EXIT, type Define } from '../command.js';

/** `--fail-on`: the code for "a job is at least as bad as the level given". */
export const EXIT_UNHEALTHY = 5;

/** The healths each `--fail-on` level fails on (service principals that could not be read too). */
const FAILS_ON: Readonly<Record<'warning' | 'unhealthy', readonly JobHealth[]>> = {
  warning: ['quarantined', 'unhealthy', 'warning'],
  unhealthy: ['quarantined', 'unhealthy'],
};

/** The shortest `--watch` period: a scan of a large tenant reads for a while. */
const MIN_WATCH_MS = 30_000;

interface HealthFlags {
  failOn?: string;
  watch?: string | true;
  html?: string;
  logs?: string;
  concurrency?: string;
}

/** The report as `--json` prints it: errors as kind and message, never a stack. */
export function reportJson(report: ProvisioningHealthReport): unknown {
  return {
    ...report,
    unreadable: report.unreadable.map(({ servicePrincipal, error }) => ({
      servicePrincipal,
      error: {
        kind: error.kind,
        message: error.message,
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      },
    })),
  };
}

/** The exit code of a report under `--fail-on`. */
export function exitCodeOf(report: ProvisioningHealthReport, failOn: string | undefined): number {
  if (failOn === undefined) return EXIT.ok;
  const failing = FAILS_ON[failOn as keyof typeof FAILS_ON];
  const bad = report.jobs.some((entry) => failing.includes(entry.health));
  return bad || report.unreadable.length > 0 ? EXIT_UNHEALTHY : EXIT.ok;
}

const LABEL: Readonly<Record<JobHealth, string>> = {
  quarantined: 'quarantined',
  unhealthy: 'unhealthy',
  warning: 'warning',
  notStarted: 'not started',
  disabled: 'disabled',
  healthy: 'healthy',
};

function paint(colors: Colors, health: JobHealth): string {
  const label = LABEL[health];
  if (health === 'quarantined' || health === 'unhealthy') return colors.red(label);
  if (health === 'warning') return colors.yellow(label);
  if (health === 'healthy') return colors.green(label);
  return colors.dim(label);
}

/** `12 min ago`, `3 h 5 min ago`, `never`, in the words of the grades' reasons. */
function ago(iso: string | undefined, now: number): string {
  const ms = timeOf(iso);
  return ms === undefined ? 'never' : `${duration(Math.max(0, now - ms))} ago`;
}

/** One line: how many jobs of each health, and what was read. */
export function summaryLine(report: ProvisioningHealthReport): string {
  const s = report.summary;
  const parts = (Object.keys(LABEL) as JobHealth[])
    .filter((h) => s[h] > 0)
    .map((h) => `${String(s[h])} ${LABEL[h]}`);
  const jobs = `${String(s.jobs)} job${s.jobs === 1 ? '' : 's'}${parts.length === 0 ? '' : `: ${parts.join(', ')}`}`;
  const read = `${String(s.servicePrincipals)} service principal${s.servicePrincipals === 1 ? '' : 's'} read in ${String(report.requests)} request${report.requests === 1 ? '' : 's'}`;
  const unreadable = s.unreadable === 0 ? '' : `; ${String(s.unreadable)} could not be read`;
  return `${jobs} (${read}${unreadable})`;
}

function render(out: Output, report: ProvisioningHealthReport): void {
  const now = Date.parse(report.generatedAt);
  const successOf = (entry: JobHealthEntry): string | undefined =>
    entry.lastSuccessfulRun?.timeEnded ?? entry.lastSuccessfulRun?.timeBegan;
  if (report.jobs.length === 0) out.line('No provisioning job found.');
  else
    out.table(
      ['app', 'job', 'health', 'reasons', 'last success'],
      report.jobs.map((entry) => [
        entry.servicePrincipal.displayName ?? entry.servicePrincipal.id,
        entry.job.id,
        paint(out.colors, entry.health),
        entry.reasons.join('; '),
        ago(successOf(entry), now),
      ]),
    );
  for (const { servicePrincipal, error } of report.unreadable) {
    out.line(
      out.colors.red(
        `${servicePrincipal.displayName ?? servicePrincipal.id}: jobs not read (${error.kind}): ${error.message}`,
      ),
    );
  }
  out.line(summaryLine(report));
}

/** Registers `health`. */
export function registerHealth(program: Command, define: Define): void {
  define(
    program
      .command('health')
      .description(
        'every provisioning job of the tenant (or of the apps named), worst first, with what to do; reads only',
      )
      .argument('[servicePrincipals...]', 'only these apps: object id, appId or display name')
      .option(
        '--fail-on <level>',
        `exit ${String(EXIT_UNHEALTHY)} when a job is at least this bad: warning or unhealthy (an app whose jobs cannot be read counts)`,
      )
      .option('--watch [period]', 'scan again every period (default 5m, at least 30s) until Ctrl-C')
      .option('--html <file>', 'also write a self-contained HTML report to this file')
      .option(
        '--logs <since>',
        "count each job's failed provisioning events since then (24h, 7d or an ISO date)",
      )
      .option('--concurrency <n>', 'JSON batches (20 reads each) in flight at once', '4'),
    async ({ client, out, io, signal }, command) => {
      const o = command.opts<HealthFlags>();
      if (o.failOn !== undefined && !(o.failOn in FAILS_ON)) {
        throw new UsageError('--fail-on must be warning or unhealthy');
      }
      const period =
        o.watch === undefined
          ? undefined
          : o.watch === true
            ? 300_000
            : parseDuration('--watch', o.watch, { wait: true });
      if (period !== undefined && period < MIN_WATCH_MS)
        throw new UsageError('--watch must be at least 30s');
      const concurrency = parseCount('--concurrency', o.concurrency ?? '4', 1, 64);
      const logsSince =
        o.logs === undefined ? undefined : () => parseTime('--logs', o.logs as string);
      logsSince?.();
      const graph = await client();
      const ids =
        command.args.length === 0
          ? undefined
          : await Promise.all(
              command.args.map(async (r) => (await resolveServicePrincipal(graph, r, signal)).id),
            );
      const scan = (): Promise<ProvisioningHealthReport> =>
        graph.provisioningHealth({
          concurrency,
          ...(signal === undefined ? {} : { signal }),
          ...(ids === undefined ? {} : { servicePrincipalIds: ids }),
          ...(logsSince === undefined ? {} : { logs: { since: logsSince() } }),
        });
      const show = async (report: ProvisioningHealthReport, refresh: boolean): Promise<number> => {
        if (o.html !== undefined) {
          const { renderHealthHtml } = await import('../health-html.js');
          await writeFile(resolvePath(io.cwd, o.html), out.scrubbed(renderHealthHtml(report)));
        }
        if (out.json) out.jsonLine(reportJson(report), period === undefined ? 2 : 0);
        else {
          // On a terminal each refresh replaces the last one; on a pipe they follow each other.
          if (refresh && io.stdout.isTTY === true) io.stdout.write('\x1b[H\x1b[2J');
          render(out, report);
        }
        return exitCodeOf(report, o.failOn);
      };
      let code = await show(await scan(), false);
      if (period === undefined) return code;
      for (;;) {
        try {
          await sleep(period, signal);
          code = await show(await scan(), true);
        } catch (error) {
          // Ctrl-C ends the watch, during a wait or a scan: the last report's code stands.
          if (signal?.aborted === true) return code;
          throw error;
        }
      }
    },
  );
}
