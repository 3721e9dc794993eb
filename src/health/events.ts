/**
 * Failed provisioning events per job, for `provisioningHealth({ logs })`: one export of the
 * tenant's failed events since a time (filtered by Graph, `provisioningStatusInfo/status eq
 * 'failure'`), paced under the reports limit (5 requests per 10 seconds), counted per job, per
 * error code and per cycle. Nothing per event is kept.
 */
import type { ProvisioningClient } from '../client.js';
import type { ProvisioningObjectSummary } from '../models/provisioning-logs.js';
import type { FailedCycle, JobEventCounts, ProvisioningHealthOptions } from './types.js';

/** Cycles kept per job: the latest. */
const MAX_CYCLES = 50;

/** What the logs held. */
export interface JobFailures {
  readonly byJob: Map<string, JobEventCounts>;
  readonly byErrorCode: Record<string, number>;
  readonly total: number;
  /** Requests the export sent. */
  readonly requests: number;
}

interface Tally {
  failedEvents: number;
  byErrorCode: Record<string, number>;
  cycles: Map<string, { first: string; last: string; failed: number }>;
}

/** Counts the failed events since `since`, per job. */
export async function countFailures(
  client: ProvisioningClient,
  since: Date,
  options: ProvisioningHealthOptions,
): Promise<JobFailures> {
  const tallies = new Map<string, Tally>();
  // No prototype: an error code such as 'constructor' or '__proto__' is counted like any other.
  const byErrorCode: Record<string, number> = Object.create(null) as Record<string, number>;
  let total = 0;
  const events = client.auditLogs.provisioning.export(
    { since, filter: { status: 'failure' }, pageSize: 999 },
    options.signal === undefined ? {} : { signal: options.signal },
  );
  for await (const event of events) {
    total += 1;
    const code = errorCodeOf(event);
    byErrorCode[code] = (byErrorCode[code] ?? 0) + 1;
    const jobId = event.jobId ?? '';
    if (jobId !== '') tally(tallies, jobId, event, code);
    if (total % 1_000 === 0) options.onProgress?.({ type: 'logs', events: total });
  }
  options.onProgress?.({ type: 'logs', events: total });
  const iso = since.toISOString();
  const byJob = new Map<string, JobEventCounts>();
  for (const [jobId, t] of tallies) {
    const cycles: FailedCycle[] = [...t.cycles]
      .map(([cycleId, c]) => ({ cycleId, ...c }))
      .sort((a, b) => a.first.localeCompare(b.first))
      .slice(-MAX_CYCLES);
    byJob.set(jobId, {
      since: iso,
      failedEvents: t.failedEvents,
      byErrorCode: t.byErrorCode,
      cycles,
    });
  }
  return { byJob, byErrorCode, total, requests: events.requests };
}

function tally(
  tallies: Map<string, Tally>,
  jobId: string,
  event: ProvisioningObjectSummary,
  code: string,
): void {
  let t = tallies.get(jobId);
  if (t === undefined) {
    t = {
      failedEvents: 0,
      byErrorCode: Object.create(null) as Record<string, number>,
      cycles: new Map(),
    };
    tallies.set(jobId, t);
  }
  t.failedEvents += 1;
  t.byErrorCode[code] = (t.byErrorCode[code] ?? 0) + 1;
  const cycleId = event.cycleId ?? '';
  if (cycleId === '') return;
  const at = event.activityDateTime;
  const cycle = t.cycles.get(cycleId);
  if (cycle === undefined) t.cycles.set(cycleId, { first: at, last: at, failed: 1 });
  else {
    cycle.failed += 1;
    if (at < cycle.first) cycle.first = at;
    if (at > cycle.last) cycle.last = at;
  }
}

function errorCodeOf(event: ProvisioningObjectSummary): string {
  const code = event.provisioningStatusInfo?.errorInformation?.errorCode;
  return typeof code === 'string' && code !== '' ? code : 'unknown';
}
