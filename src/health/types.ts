/**
 * The types of `client.provisioningHealth()`: every provisioning job of a tenant, graded.
 */
import type { AnyGraphError } from '../core/errors.js';
import type {
  SynchronizationJob,
  SynchronizationTaskExecution,
} from '../models/synchronization.js';

/**
 * The health of one job, worst first: `quarantined` (Graph runs it rarely, or not at all, until
 * the cause is fixed), `unhealthy` (its last cycle failed, or no cycle completed for several
 * intervals), `warning` (it runs, with object-level errors, escrows, a very long cycle or many
 * failed events), `notStarted` (never ran), `disabled` (paused), `healthy`.
 */
export type JobHealth =
  'quarantined' | 'unhealthy' | 'warning' | 'notStarted' | 'disabled' | 'healthy';

/** Every {@link JobHealth}, worst first: the order of a report's jobs. */
export const JOB_HEALTH_ORDER: readonly JobHealth[] = [
  'quarantined',
  'unhealthy',
  'warning',
  'notStarted',
  'disabled',
  'healthy',
];

/** When a job stops being `healthy`. */
export interface HealthThresholds {
  /** `unhealthy` when no cycle completed for more than this many schedule intervals. Default 3. */
  readonly staleIntervals?: number;
  /** `warning` when the last cycle (after the initial one) took more than this many intervals. Default 3. */
  readonly longCycleIntervals?: number;
  /** `warning` when the logs read (`logs`) hold at least this many failed events of the job. Default 10. */
  readonly failedEvents?: number;
}

/** Why a job is quarantined, in words a person acts on. */
export interface JobQuarantine {
  /** Graph's `quarantine.reason` (`'Unknown'` when it gives none). */
  readonly reason: string;
  /** What it means and what to do. */
  readonly explanation: string;
  /** Microsoft's page about it. */
  readonly fixUrl: string;
  /** When the current quarantine began (`currentBegan`), ISO 8601. */
  readonly since?: string;
  /** When this series of quarantines began (`seriesBegan`). */
  readonly seriesBegan?: string;
  /** How many times Graph re-evaluated it and kept it (`seriesCount`). */
  readonly seriesCount?: number;
  /** When Graph tries again (`nextAttempt`). */
  readonly nextAttempt?: string;
  /** Four weeks after `seriesBegan`: Microsoft disables a job quarantined that long. */
  readonly disablesAt?: string;
  /** True when that is less than a week away. */
  readonly disablesSoon?: boolean;
}

/** The service principal a job belongs to, as the scan read it. */
export interface HealthServicePrincipal {
  readonly id: string;
  readonly displayName?: string | null;
  readonly appId?: string | null;
  readonly applicationTemplateId?: string | null;
}

/** One provisioning cycle, from the failed events of the logs read. */
export interface FailedCycle {
  /** Graph's `cycleId`. */
  readonly cycleId: string;
  /** The first and last failed events of the cycle, ISO 8601. */
  readonly first: string;
  readonly last: string;
  /** Failed events in the cycle. */
  readonly failed: number;
}

/** Failed provisioning events of one job, from the logs read (`logs.since`). */
export interface JobEventCounts {
  /** Start of the logs read, ISO 8601. */
  readonly since: string;
  readonly failedEvents: number;
  /** Failed events by `errorInformation.errorCode` (`'unknown'` without one). */
  readonly byErrorCode: Readonly<Record<string, number>>;
  /** The cycles that had failures, oldest first (at most 50, the latest). */
  readonly cycles: readonly FailedCycle[];
}

/** One job of the report. */
export interface JobHealthEntry {
  readonly servicePrincipal: HealthServicePrincipal;
  readonly job: SynchronizationJob;
  readonly health: JobHealth;
  /** Why, in words a person acts on; empty when `healthy`. */
  readonly reasons: readonly string[];
  /** The last execution (none when the job never ran). */
  readonly lastRun?: SynchronizationTaskExecution;
  /** The last execution without errors. */
  readonly lastSuccessfulRun?: SynchronizationTaskExecution;
  readonly quarantine?: JobQuarantine;
  /** Where a person acts on it (Microsoft's page, or the job's own troubleshooting URL). */
  readonly fixUrl?: string;
  /** Failed events from the logs, when `logs` was given. */
  readonly counts?: JobEventCounts;
}

/** A service principal whose jobs could not be read: its health is unknown, not "no job". */
export interface UnreadableServicePrincipal {
  readonly servicePrincipal: HealthServicePrincipal;
  readonly error: AnyGraphError;
}

/** Jobs by health, and what was read. */
export interface HealthSummary extends Readonly<Record<JobHealth, number>> {
  /** Jobs graded. */
  readonly jobs: number;
  /** Service principals whose jobs were read. */
  readonly servicePrincipals: number;
  /** Service principals whose jobs could not be read. */
  readonly unreadable: number;
}

/** What `client.provisioningHealth()` found. */
export interface ProvisioningHealthReport {
  /**
   * The time the grades are relative to, ISO 8601: Graph's (the `Date` of its last batch answer),
   * or the local clock's when none had one.
   */
  readonly generatedAt: string;
  /** Every job, worst first, then by app name. */
  readonly jobs: readonly JobHealthEntry[];
  readonly summary: HealthSummary;
  /** Service principals whose jobs could not be read (e.g. 401 without Synchronization.Read.All). */
  readonly unreadable: readonly UnreadableServicePrincipal[];
  /** HTTP round trips the scan made (a JSON batch counts once). */
  readonly requests: number;
  /** The logs read, when `logs` was given. */
  readonly logs?: {
    readonly since: string;
    /** Failed events read, all jobs together. */
    readonly failedEvents: number;
    /** Failed events by error code, all jobs together. */
    readonly byErrorCode: Readonly<Record<string, number>>;
  };
}

/** A step of the scan, for progress displays. */
export type HealthProgressEvent =
  | { readonly type: 'servicePrincipals'; readonly found: number }
  | { readonly type: 'jobs'; readonly read: number; readonly of: number }
  | { readonly type: 'logs'; readonly events: number };

/** Options of `client.provisioningHealth()`. */
export interface ProvisioningHealthOptions {
  /** Stops the scan: it rejects with an `AbortedError`. */
  readonly signal?: AbortSignal;
  /** Told as the scan goes: service principals found, jobs read of how many, log events read. */
  readonly onProgress?: (event: HealthProgressEvent) => void;
  /** JSON batches (20 reads each) in flight at once. Default 4. */
  readonly concurrency?: number;
  /**
   * Read only these service principals' jobs (object ids), instead of every service principal
   * of the tenant.
   */
  readonly servicePrincipalIds?: readonly string[];
  /** Also count each job's failed provisioning events since `since`, paced under the reports limit. */
  readonly logs?: { readonly since: Date | string };
  readonly thresholds?: HealthThresholds;
}
