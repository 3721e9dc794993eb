/** `logs`: provisioning events, as a table, JSON or CSV, and `--follow` for new ones. */
import type { Command } from 'commander';
import { sleep } from '../../internal/abort.js';
import { redactTokenShapes, scrubDeep } from '../../internal/token-shapes.js';
import type { ProvisioningObjectSummary } from '../../models/index.js';
import type { ProvisioningLogFilter } from '../../resources/audit-logs/provisioning-filter.js';
import { parseCount, parseDuration, parseTime, UsageError } from '../args.js';
import { resolveServicePrincipal } from '../context.js';
import type { Output } from '../io.js';
import type { Define } from '../command.js';

const STATUSES = ['success', 'failure', 'skipped', 'warning'];
const ACTIONS = ['create', 'update', 'delete', 'disable', 'stagedDelete', 'other'];
const FORMATS = ['table', 'json', 'csv'];
const CSV_COLUMNS = [
  'activityDateTime',
  'id',
  'jobId',
  'action',
  'status',
  'source',
  'target',
  'errorCode',
  'reason',
] as const;

/** The columns of one event, flat. */
function flat(event: ProvisioningObjectSummary): Record<(typeof CSV_COLUMNS)[number], string> {
  const info = event.provisioningStatusInfo;
  return {
    activityDateTime: event.activityDateTime ?? '',
    id: event.id,
    jobId: event.jobId ?? '',
    action: event.provisioningAction ?? '',
    status: info?.status ?? '',
    source: event.sourceIdentity?.displayName ?? event.sourceIdentity?.id ?? '',
    target: event.targetIdentity?.displayName ?? event.targetIdentity?.id ?? '',
    errorCode: info?.errorInformation?.errorCode ?? '',
    reason: info?.errorInformation?.reason ?? '',
  };
}

/**
 * One CSV field. A field that starts with `=`, `+`, `-` or `@` (after any blanks), or with a tab
 * or a carriage return, gets a `'` in front: a spreadsheet would run it as a formula (CSV
 * injection, as OWASP describes it), and a display name or an error's reason is whatever the
 * source system or the app says. Then RFC 4180's quoting, for `;` and tab too (the separators
 * spreadsheets in other locales split on): quote fields that hold one of them, a comma, a quote
 * or a line break; double the quotes.
 */
export function csvField(value: string): string {
  const text = /^(?:\s*[=+\-@]|[\t\r])/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The members of an event that name an identity or a system by its `displayName`. */
const NAMED = new Set([
  'sourceIdentity',
  'targetIdentity',
  'initiatedBy',
  'servicePrincipal',
  'sourceSystem',
  'targetSystem',
]);
const asSent = (text: string): string => text;

/**
 * What of an event is shown as Graph sent it: the `displayName` of an identity or a system (a
 * user named like a token is shown as named) and `modifiedProperties` (a user's own data).
 */
function asSentFor(key: string, parent?: string): ((text: string) => string) | undefined {
  if (parent === undefined) return key === 'modifiedProperties' ? asSent : undefined;
  return key === 'displayName' && NAMED.has(parent) ? asSent : undefined;
}

/**
 * `event` with anything shaped like a token (`Bearer …`, a JWT) scrubbed from every string in it,
 * keys included (its status and error, `statusInfo` in beta, its steps' descriptions and
 * details, the identities' and systems' details, any member Graph adds), which can quote the
 * bearer token the provisioning service sent the app, as a job's error can (see jobs.ts); but
 * not from what {@link asSentFor} keeps. A name quoted in a message is scrubbed with it.
 */
function shownEvent(event: ProvisioningObjectSummary): ProvisioningObjectSummary {
  return scrubDeep(event, redactTokenShapes, asSentFor);
}

function print(
  out: Output,
  format: string,
  read: ProvisioningObjectSummary[],
  header: boolean,
  follow: boolean,
): void {
  const events = read.map(shownEvent);
  if (format === 'json') {
    // One document; while following, one event per line (JSON Lines) as they come.
    if (follow) for (const event of events) out.jsonLine(event, 0);
    else out.jsonLine(events);
    return;
  }
  if (format === 'csv') {
    if (header) out.line(CSV_COLUMNS.join(','));
    for (const event of events) {
      const row = flat(event);
      out.line(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
    }
    return;
  }
  if (events.length === 0) return;
  const { red, green, yellow } = out.colors;
  const paint = (status: string): string =>
    status === 'failure' ? red(status) : status === 'success' ? green(status) : yellow(status);
  const rows = events.map((e) => {
    const r = flat(e);
    return [r.activityDateTime, r.action, paint(r.status), r.source, r.target, r.errorCode];
  });
  if (header) out.table(['time', 'action', 'status', 'source', 'target', 'error'], rows);
  else out.table([], rows);
}

/** Registers `logs`. */
export function registerLogs(program: Command, define: Define): void {
  define(
    program
      .command('logs')
      .description('provisioning events (newest last); --follow prints new ones as they come')
      .option('--sp <servicePrincipal>', 'only this service principal (id, appId or display name)')
      .option('--job <id>', 'only this job')
      .option('--status <status>', STATUSES.join(' | '))
      .option('--action <action>', ACTIONS.join(' | '))
      .option('--since <time>', 'from: a duration back (2h, 7d) or an ISO date', '24h')
      .option('--until <time>', 'to: a duration back or an ISO date')
      .option('--top <n>', 'the newest n events of the range', '100')
      .option(
        '--format <format>',
        'table | json (an array; JSON Lines with --follow) | csv',
        'table',
      )
      .option('--follow', 'keep polling for new events until Ctrl-C')
      .option('--interval <duration>', 'time between two polls with --follow', '30s'),
    async ({ client, out, signal, globals }, command) => {
      const o = command.opts<{
        sp?: string;
        job?: string;
        status?: string;
        action?: string;
        since: string;
        until?: string;
        top: string;
        format: string;
        follow?: boolean;
        interval: string;
      }>();
      const format = globals.json === true ? 'json' : o.format;
      if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(', ')}`);
      if (o.status !== undefined && !STATUSES.includes(o.status)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
      }
      if (o.action !== undefined && !ACTIONS.includes(o.action)) {
        throw new UsageError(`--action must be one of ${ACTIONS.join(', ')}`);
      }
      const top = parseCount('--top', o.top, 1, 10_000);
      const since = parseTime('--since', o.since);
      const until = o.until === undefined ? undefined : parseTime('--until', o.until);
      const interval = parseDuration('--interval', o.interval, { wait: true });
      if (interval < 2_000)
        throw new UsageError(
          '--interval must be at least 2s (Graph allows 5 log requests per 10 s)',
        );
      if (o.follow === true && until !== undefined)
        throw new UsageError('--follow and --until exclude each other');
      const graph = await client();
      const filter: ProvisioningLogFilter = { since };
      if (until !== undefined) filter.until = until;
      if (o.job !== undefined) filter.jobId = o.job;
      if (o.status !== undefined) filter.status = o.status;
      if (o.action !== undefined) filter.action = o.action;
      if (o.sp !== undefined)
        filter.servicePrincipalId = (await resolveServicePrincipal(graph, o.sp, signal)).id;
      const options = signal === undefined ? {} : { signal };
      const newest = await graph.auditLogs.provisioning
        .list({ filter, orderBy: 'activityDateTime desc', top }, options)
        .toArray();
      const events = newest.reverse();
      print(out, format, events, true, o.follow === true);
      if (o.follow !== true) {
        if (format === 'table')
          out.note(`${String(events.length)} event${events.length === 1 ? '' : 's'}`);
        return undefined;
      }
      // Following: ask for events after the last one seen, 1 ms back (Graph's times are finer
      // than a millisecond, and several events can share one), skipping the ids already printed
      // in that overlap. An event Graph records late, with an earlier time, is not shown.
      const msOf = (e: ProvisioningObjectSummary): number => Date.parse(e.activityDateTime ?? '');
      let lastMs = events.length > 0 ? Math.max(...events.map(msOf)) : since.getTime();
      let recent = new Set(events.filter((e) => msOf(e) >= lastMs - 1).map((e) => e.id));
      out.note(out.colors.dim(`following (every ${o.interval}); Ctrl-C to stop`));
      for (;;) {
        let fresh: ProvisioningObjectSummary[];
        try {
          await sleep(interval, signal);
          fresh = await graph.auditLogs.provisioning
            .list(
              {
                filter: { ...filter, since: new Date(lastMs - 1) },
                orderBy: 'activityDateTime asc',
              },
              options,
            )
            .toArray();
        } catch (error) {
          // Ctrl-C, while waiting or in the middle of a request, is how following ends.
          if (signal?.aborted) return undefined;
          throw error;
        }
        fresh = fresh.filter((e) => !recent.has(e.id));
        if (fresh.length === 0) continue;
        print(out, format, fresh, false, true);
        const newest = Math.max(lastMs, ...fresh.map(msOf).filter((ms) => !Number.isNaN(ms)));
        recent = new Set(
          [...events, ...fresh].filter((e) => msOf(e) >= newest - 1).map((e) => e.id),
        );
        events.length = 0;
        events.push(...fresh.filter((e) => msOf(e) >= newest - 1));
        lastMs = newest;
      }
    },
  );
}
