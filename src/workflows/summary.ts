import type {
  ProvisioningAction,
  ProvisioningObjectSummary,
  ProvisioningResult,
} from '../models/provisioning-logs.js';

/** One failed (or skipped) provisioning event, as {@link summarizeProvisioningEvents} lists it. */
export interface ProvisioningFailure {
  /** The event id. */
  readonly id: string;
  readonly activityDateTime: string;
  readonly action: ProvisioningAction | undefined;
  readonly status: ProvisioningResult | undefined;
  /** The source object, e.g. the user's display name. */
  readonly identity: string | undefined;
  readonly errorCode: string | undefined;
  readonly reason: string | undefined;
  readonly recommendedAction: string | undefined;
}

/** What {@link summarizeProvisioningEvents} returns. */
export interface ProvisioningSummary {
  /** Number of events. */
  readonly total: number;
  /** Events per `provisioningAction` (`create`, `update`, …). */
  readonly byAction: Readonly<Record<string, number>>;
  /** Events per outcome (`success`, `failure`, `skipped`, `warning`). */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Events per action and outcome: `byActionAndStatus.create.failure`. */
  readonly byActionAndStatus: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Failed and skipped events per error code (`RedundantExport`, `AwsEntryConflict`…). */
  readonly byErrorCode: Readonly<Record<string, number>>;
  /** Every failed event, oldest first, with its error code and reason. */
  readonly failures: readonly ProvisioningFailure[];
  /** Time of the first and last event. */
  readonly firstActivity: string | undefined;
  readonly lastActivity: string | undefined;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Counts provisioning events by action, outcome and error code, and lists the failures: what
 * an admin reads first after a provisioning cycle. Accepts any iterable (an array, or the items
 * of a list you already fetched).
 *
 * @example
 * ```ts
 * const events = await client.auditLogs.provisioning.list({ filter: { jobId } }).toArray();
 * const summary = summarizeProvisioningEvents(events);
 * console.log(summary.byStatus); // { success: 41, failure: 3, skipped: 2 }
 * for (const f of summary.failures) console.log(f.identity, f.errorCode, f.reason);
 * ```
 */
export function summarizeProvisioningEvents(
  events: Iterable<ProvisioningObjectSummary>,
): ProvisioningSummary {
  const byAction: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const byActionAndStatus: Record<string, Record<string, number>> = {};
  const byErrorCode: Record<string, number> = {};
  const failures: ProvisioningFailure[] = [];
  let total = 0;
  let first: string | undefined;
  let last: string | undefined;
  for (const event of events) {
    total += 1;
    const action = event.provisioningAction ?? event.action?.toLowerCase() ?? 'unknown';
    const info = event.provisioningStatusInfo;
    const status = info?.status ?? event.statusInfo?.status ?? 'unknown';
    bump(byAction, action);
    bump(byStatus, status);
    bump((byActionAndStatus[action] ??= {}), status);
    const error = info?.errorInformation ?? undefined;
    const errorCode = error?.errorCode ?? event.statusInfo?.errorCode ?? undefined;
    if (errorCode !== undefined && errorCode !== null) bump(byErrorCode, errorCode);
    if (status === 'failure') {
      failures.push({
        id: event.id,
        activityDateTime: event.activityDateTime,
        action: event.provisioningAction ?? undefined,
        status: info?.status ?? undefined,
        identity: event.sourceIdentity?.displayName ?? event.sourceIdentity?.id ?? undefined,
        errorCode: errorCode ?? undefined,
        reason: error?.reason ?? event.statusInfo?.reason ?? undefined,
        recommendedAction: error?.recommendedAction ?? undefined,
      });
    }
    if (first === undefined || event.activityDateTime < first) first = event.activityDateTime;
    if (last === undefined || event.activityDateTime > last) last = event.activityDateTime;
  }
  failures.sort((a, b) => a.activityDateTime.localeCompare(b.activityDateTime));
  return {
    total,
    byAction,
    byStatus,
    byActionAndStatus,
    byErrorCode,
    failures,
    firstActivity: first,
    lastActivity: last,
  };
}
