/**
 * The health of one provisioning job, from what its status says (field notes §9: the health is
 * in `status.quarantine`, the last executions, escrows and recent failures, not in one field).
 * Pure: the same job, time and thresholds give the same grade.
 */
import type {
  SynchronizationJob,
  SynchronizationTaskExecution,
} from '../models/synchronization.js';
import type { HealthThresholds, JobHealth, JobQuarantine } from './types.js';

/** The schedule's interval when Graph gives none (Microsoft: cycles run every 20 to 40 minutes). */
export const DEFAULT_INTERVAL_MS = 40 * 60_000;

const FOUR_WEEKS = 28 * 86_400_000;
/** The last instant an ISO 8601 date of four digits can say. */
const LAST_DATE = Date.parse('9999-12-31T23:59:59.999Z');

/** Defaults of {@link HealthThresholds}. */
export const DEFAULT_THRESHOLDS: Required<HealthThresholds> = {
  staleIntervals: 3,
  longCycleIntervals: 3,
  failedEvents: 10,
};

const QUARANTINE_PAGE =
  'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status';
const DELETIONS_PAGE =
  'https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions';
const STATUS_PAGE =
  'https://learn.microsoft.com/entra/identity/app-provisioning/check-status-user-account-provisioning';
const LOGS_PAGE =
  'https://learn.microsoft.com/entra/identity/monitoring-health/concept-provisioning-logs';

/**
 * What each quarantine reason means and what to do, in Microsoft's words where it gives them
 * (the quarantine status page; TooManyDeletes: the accidental deletions page). Microsoft does not
 * explain the base and total escrow thresholds, `Unknown` or `IngestionInterrupted`: those say
 * what the name says and send you to the logs.
 */
const QUARANTINE_REASONS: Readonly<
  Record<string, { readonly text: string; readonly url: string }>
> = {
  EncounteredQuarantineException: {
    text: 'the credentials are invalid: the provisioning service cannot connect to the target app. Enter the admin credentials again, test the connection, then restart the job',
    url: QUARANTINE_PAGE,
  },
  EncounteredEscrowProportionThreshold: {
    text: 'more than 40% of provisioning events failed. Read the provisioning logs for the failing objects, fix them, then restart the job',
    url: QUARANTINE_PAGE,
  },
  EncounteredBaseEscrowThreshold: {
    text: 'too many objects failed to provision (an escrow threshold). Read the provisioning logs for the failing objects, fix them, then restart the job',
    url: QUARANTINE_PAGE,
  },
  EncounteredTotalEscrowThreshold: {
    text: 'too many objects failed to provision in total (an escrow threshold). Read the provisioning logs for the failing objects, fix them, then restart the job',
    url: QUARANTINE_PAGE,
  },
  QuarantinedOnDemand: {
    text: 'Microsoft detected an issue with the application and quarantined the job by hand. Contact Microsoft support',
    url: QUARANTINE_PAGE,
  },
  TooManyDeletes: {
    text: 'more deletions than the accidental-deletion threshold were held back. Review them; allow them (restart with ForceDeletes) or restore the objects, then restart the job',
    url: DELETIONS_PAGE,
  },
  IngestionInterrupted: {
    text: 'ingestion was interrupted. Read the provisioning logs, then restart the job',
    url: QUARANTINE_PAGE,
  },
};

/** The grade of one job. */
export interface JobGrade {
  readonly health: JobHealth;
  readonly reasons: string[];
  readonly quarantine?: JobQuarantine;
  readonly lastRun?: SynchronizationTaskExecution;
  readonly lastSuccessfulRun?: SynchronizationTaskExecution;
  /** Where a person acts on it. */
  readonly fixUrl?: string;
}

/** Failed events of the job in the logs read, when logs were read. */
export interface FailedEventCount {
  readonly failedEvents: number;
  readonly since: string;
}

/**
 * Grades `job` at time `now` (ms). Order: quarantined, then never run (`notStarted`), then
 * paused or disabled (`disabled`), then `unhealthy` (its last cycle failed, or no cycle completed
 * for more than `staleIntervals` intervals), then `warning` (object-level errors, escrows
 * pruned, a cycle much longer than the interval, failed events over `failedEvents`), else
 * `healthy`.
 */
export function gradeJob(
  job: SynchronizationJob,
  now: number,
  thresholds: Required<HealthThresholds> = DEFAULT_THRESHOLDS,
  failures?: FailedEventCount,
): JobGrade {
  const status = job.status ?? {};
  const lastRun = realRun(status.lastExecution);
  const lastSuccessfulRun = realRun(status.lastSuccessfulExecution);
  const runs = {
    ...(lastRun === undefined ? {} : { lastRun }),
    ...(lastSuccessfulRun === undefined ? {} : { lastSuccessfulRun }),
  };
  const quarantine = quarantineOf(job, now);
  if (quarantine !== undefined) {
    return {
      health: 'quarantined',
      reasons: [quarantineReason(quarantine)],
      quarantine,
      ...runs,
      fixUrl: quarantine.fixUrl,
    };
  }
  const code = status.code;
  const state = job.schedule?.state;
  const paused = code === 'Paused' || state === 'Paused';
  // A job Graph has just created is `Paused` with its schedule `Disabled` (Microsoft's tutorial:
  // "Paused status because it hasn't yet been started"): a job that never ran has not started,
  // whatever its code says.
  const neverRan =
    lastRun === undefined &&
    lastSuccessfulRun === undefined &&
    timeOf(status.steadyStateFirstAchievedTime) === undefined;
  if (neverRan) {
    const reason =
      state === 'Active'
        ? 'started; its first cycle has not completed yet'
        : 'never started: save its credentials and start it';
    return { health: 'notStarted', reasons: [reason], ...runs };
  }
  if (paused || state === 'Disabled') {
    return {
      health: 'disabled',
      reasons: [
        `paused (schedule ${state ?? 'unknown'}): it provisions nothing until it is started again`,
      ],
      ...runs,
    };
  }
  const interval = intervalMs(job.schedule?.interval);
  const fix = nonEmpty(status.troubleshootingUrl) ?? STATUS_PAGE;
  const unhealthy = unhealthyReasons(status, lastRun, lastSuccessfulRun, interval, now, thresholds);
  if (unhealthy.length > 0)
    return { health: 'unhealthy', reasons: unhealthy, ...runs, fixUrl: fix };
  const warnings = warningReasons(status, lastRun, interval, thresholds, failures);
  if (warnings.length > 0) {
    return {
      health: 'warning',
      reasons: warnings.map((w) => w.text),
      ...runs,
      fixUrl: warnings[0]?.url ?? fix,
    };
  }
  return { health: 'healthy', reasons: [], ...runs };
}

function unhealthyReasons(
  status: NonNullable<SynchronizationJob['status']>,
  lastRun: SynchronizationTaskExecution | undefined,
  lastSuccessfulRun: SynchronizationTaskExecution | undefined,
  interval: number,
  now: number,
  thresholds: Required<HealthThresholds>,
): string[] {
  const reasons: string[] = [];
  if (lastRun?.state === 'Failed') {
    const error = lastRun.error;
    const detail = [nonEmpty(error?.code), nonEmpty(error?.message)].filter(Boolean).join(': ');
    reasons.push(`its last cycle failed${detail === '' ? '' : ` (${detail})`}`);
  }
  const failures = status.countSuccessiveCompleteFailures ?? 0;
  if (failures > 1) reasons.push(`${String(failures)} cycles in a row failed`);
  // A cycle with object-level errors completed: it counts as a run that happened.
  const completed =
    lastRun !== undefined && (lastRun.state === 'EntryLevelErrors' || lastRun.state === 'Succeeded')
      ? lastRun
      : lastSuccessfulRun;
  const completedAt = timeOf(completed?.timeEnded) ?? timeOf(completed?.timeBegan);
  const limit = thresholds.staleIntervals * interval;
  if (lastRun !== undefined && completedAt === undefined) {
    reasons.push('no cycle has completed yet');
  } else if (completedAt !== undefined && now - completedAt > limit) {
    reasons.push(
      `no cycle has completed for ${duration(now - completedAt)} (more than ${String(thresholds.staleIntervals)} × its ${duration(interval)} interval)`,
    );
  }
  return reasons;
}

function warningReasons(
  status: NonNullable<SynchronizationJob['status']>,
  lastRun: SynchronizationTaskExecution | undefined,
  interval: number,
  thresholds: Required<HealthThresholds>,
  failures: FailedEventCount | undefined,
): { text: string; url: string }[] {
  const warnings: { text: string; url: string }[] = [];
  const escrowed = lastRun?.countEscrowed ?? 0;
  if (lastRun?.state === 'EntryLevelErrors' || escrowed > 0) {
    warnings.push({
      text:
        escrowed > 0
          ? `${String(escrowed)} object${escrowed === 1 ? '' : 's'} failed to provision in its last cycle (escrowed): see the provisioning logs`
          : 'its last cycle had object-level errors: see the provisioning logs',
      url: LOGS_PAGE,
    });
  }
  if (status.escrowsPruned === true) {
    warnings.push({
      text: 'object-level errors were pruned during its initial cycle: the job waits for them to be fixed',
      url: LOGS_PAGE,
    });
  }
  const began = timeOf(lastRun?.timeBegan);
  const ended = timeOf(lastRun?.timeEnded);
  const steady = timeOf(status.steadyStateFirstAchievedTime);
  // The initial cycle may take hours by design: only later cycles are held to the interval.
  if (began !== undefined && ended !== undefined && steady !== undefined && steady < began) {
    const took = ended - began;
    if (took > thresholds.longCycleIntervals * interval) {
      warnings.push({
        text: `its last cycle took ${duration(took)}, more than ${String(thresholds.longCycleIntervals)} × its ${duration(interval)} interval`,
        url: STATUS_PAGE,
      });
    }
  }
  if (failures !== undefined && failures.failedEvents >= thresholds.failedEvents) {
    warnings.push({
      text: `${String(failures.failedEvents)} failed provisioning event${failures.failedEvents === 1 ? '' : 's'} since ${failures.since}: see the provisioning logs`,
      url: LOGS_PAGE,
    });
  }
  return warnings;
}

function quarantineOf(job: SynchronizationJob, now: number): JobQuarantine | undefined {
  const status = job.status;
  const q = status?.quarantine;
  const reason = nonEmpty(q?.reason);
  const since = timeOf(q?.currentBegan);
  if (status?.code !== 'Quarantine' && reason === undefined && since === undefined)
    return undefined;
  const known = reason === undefined ? undefined : QUARANTINE_REASONS[reason];
  const seriesBegan = timeOf(q?.seriesBegan);
  const nextAttempt = timeOf(q?.nextAttempt);
  return {
    reason: reason ?? 'Unknown',
    explanation:
      known?.text ??
      'Graph gives no reason Microsoft explains: read the provisioning logs and the job status, then restart the job',
    fixUrl: known?.url ?? QUARANTINE_PAGE,
    ...(since === undefined ? {} : { since: new Date(since).toISOString() }),
    ...(seriesBegan === undefined ? {} : { seriesBegan: new Date(seriesBegan).toISOString() }),
    ...(q?.seriesCount === undefined ? {} : { seriesCount: q.seriesCount }),
    ...(nextAttempt === undefined ? {} : { nextAttempt: new Date(nextAttempt).toISOString() }),
    // Microsoft disables a job quarantined for more than four weeks.
    ...(seriesBegan === undefined || seriesBegan + FOUR_WEEKS > LAST_DATE
      ? {}
      : { disablesAt: new Date(seriesBegan + FOUR_WEEKS).toISOString() }),
    ...(seriesBegan !== undefined && now - seriesBegan > 21 * 86_400_000
      ? { disablesSoon: true }
      : {}),
  };
}

function quarantineReason(q: JobQuarantine): string {
  const since = q.seriesBegan ?? q.since;
  return `quarantined (${q.reason}${since === undefined ? '' : ` since ${since}`}): ${q.explanation}${
    q.disablesAt === undefined
      ? ''
      : `; Microsoft disables it on ${q.disablesAt.slice(0, 10)} if it stays quarantined`
  }`;
}

/** An execution that happened: Graph reports a never-run one with `0001-01-01` timestamps. */
function realRun(
  run: SynchronizationTaskExecution | null | undefined,
): SynchronizationTaskExecution | undefined {
  if (run === null || run === undefined) return undefined;
  if (timeOf(run.timeBegan) === undefined && timeOf(run.timeEnded) === undefined) return undefined;
  return run;
}

/** A timestamp in ms, or undefined for none, `""`, unparseable, or year 1 (Graph's "never"). */
export function timeOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || new Date(ms).getUTCFullYear() < 1971) return undefined;
  return ms;
}

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 duration (`PT40M`, `P1D`) in ms; the default interval when absent or unreadable. */
export function intervalMs(value: string | null | undefined): number {
  const match = value === null || value === undefined ? null : DURATION.exec(value);
  if (match === null) return DEFAULT_INTERVAL_MS;
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  const ms = ((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1_000;
  return ms > 0 ? ms : DEFAULT_INTERVAL_MS;
}

/** `2 h 5 min`, `40 min`, `3 d 4 h`: for reasons a person reads. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${String(Math.max(minutes, 0))} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48)
    return `${String(hours)} h${minutes % 60 === 0 ? '' : ` ${String(minutes % 60)} min`}`;
  const days = Math.floor(hours / 24);
  return `${String(days)} d${hours % 24 === 0 ? '' : ` ${String(hours % 24)} h`}`;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value;
}
