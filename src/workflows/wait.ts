/**
 * Waiting on a synchronization job: poll `GET …/jobs/{id}` until a condition holds, a deadline
 * passes, the caller aborts, or the job goes into quarantine.
 */
import { sleep } from '../internal/abort.js';
import { AbortedError, InvalidInputError, QuarantinedError, TimeoutError } from '../core/errors.js';
import { MAX_TIMER_MS, type RequestOptions } from '../core/options.js';
import { wholeNumber } from '../core/validation.js';
import type { SynchronizationJob } from '../models/synchronization.js';
import { ZERO_TIME_PREFIX } from './job-status.js';

/**
 * What `job.waitFor()` waits for:
 * - `'running'`: `status.code` is `Active`;
 * - `'steadyState'`: the job is active, has finished a cycle (`steadyStateLastAchievedTime` is
 *   set) and is not in the middle of one (`status.progress` is empty);
 * - `'quarantined'`: the job is in quarantine;
 * - a function of the job: your own condition.
 */
export type JobWaitCondition =
  'running' | 'steadyState' | 'quarantined' | ((job: SynchronizationJob) => boolean);

/** Options of `job.waitFor()`. */
export interface JobWaitOptions {
  /** Give up after this long, with a {@link TimeoutError}. Default 10 minutes. */
  timeoutMs?: number;
  /** Time between two reads of the job. Default 10 seconds. */
  pollIntervalMs?: number;
  /** Stops waiting, with an {@link AbortedError}. */
  signal?: AbortSignal;
}

/** Whether the job is quarantined. */
export function isQuarantined(job: SynchronizationJob): boolean {
  return job.status?.code === 'Quarantine' || (job.status?.quarantine ?? null) !== null;
}

/** Whether a job meets one of the named conditions. */
export function jobMeets(
  job: SynchronizationJob,
  condition: 'running' | 'steadyState' | 'quarantined',
): boolean {
  const status = job.status;
  switch (condition) {
    case 'running':
      return status?.code === 'Active';
    case 'quarantined':
      return isQuarantined(job);
    case 'steadyState': {
      const last = status?.steadyStateLastAchievedTime;
      return (
        status?.code === 'Active' &&
        typeof last === 'string' &&
        last !== '' &&
        !last.startsWith(ZERO_TIME_PREFIX) &&
        (status.progress ?? []).length === 0
      );
    }
  }
}

/** Polls `read` until `condition` holds. */
export async function waitForJob(
  jobId: string,
  read: (options: RequestOptions) => Promise<SynchronizationJob>,
  condition: JobWaitCondition,
  options: JobWaitOptions = {},
): Promise<SynchronizationJob> {
  if (
    typeof condition !== 'function' &&
    condition !== 'running' &&
    condition !== 'steadyState' &&
    condition !== 'quarantined'
  ) {
    const message = "must be 'running', 'steadyState', 'quarantined' or a function of the job";
    throw new InvalidInputError(`Invalid condition: ${message}`, {
      issues: [{ path: ['condition'], message }],
    });
  }
  const timeoutMs = wholeNumber('timeoutMs', options.timeoutMs, 10 * 60_000, MAX_TIMER_MS);
  const pollIntervalMs = wholeNumber(
    'pollIntervalMs',
    options.pollIntervalMs,
    10_000,
    MAX_TIMER_MS,
  );
  const { signal } = options;
  const deadline = Date.now() + timeoutMs;
  const what = typeof condition === 'function' ? 'the condition' : `'${condition}'`;
  for (let polls = 1; ; polls += 1) {
    const job = await read(signal === undefined ? {} : { signal });
    if (typeof condition === 'function' ? condition(job) : jobMeets(job, condition)) return job;
    if (condition !== 'quarantined' && typeof condition !== 'function' && isQuarantined(job)) {
      const q = job.status?.quarantine ?? undefined;
      const error = q?.error ?? job.status?.lastExecution?.error ?? undefined;
      const detail = error?.code
        ? `: ${error.code}${error.message ? ` (${error.message})` : ''}`
        : '';
      throw new QuarantinedError(
        `Job ${jobId} went into quarantine while waiting for ${what}${detail}`,
        {
          jobId,
          quarantine: {
            ...(q?.reason ? { reason: q.reason } : {}),
            ...(error === undefined || error === null ? {} : { error }),
            ...(q?.currentBegan ? { currentBegan: q.currentBegan } : {}),
            ...(q?.nextAttempt ? { nextAttempt: q.nextAttempt } : {}),
            ...(q?.seriesCount === undefined ? {} : { seriesCount: q.seriesCount }),
          },
          hint:
            error?.tenantActionable === false
              ? 'Microsoft says this error is not for the tenant to fix.'
              : 'Fix the cause (most often: save valid credentials), then start or restart the job.',
        },
      );
    }
    if (Date.now() + pollIntervalMs > deadline) {
      throw new TimeoutError(
        `Job ${jobId} did not reach ${what} within ${String(timeoutMs)} ms (${String(polls)} reads)`,
        {
          attempts: polls,
        },
      );
    }
    try {
      await sleep(pollIntervalMs, signal);
    } catch (reason) {
      throw new AbortedError(`Waiting for job ${jobId} was aborted`, {
        cause: reason,
        attempts: polls,
      });
    }
  }
}
