/**
 * Living with Entra ID's eventual consistency (field notes §2): right after an object is
 * created, reads and dependent calls can fail for seconds to minutes with 404, 400, 401, 403 or
 * 409. These helpers wait the replication out within a bounded window, then let the real error
 * through with a hint.
 */
import {
  AbortedError,
  appendHint,
  isGraphError,
  type AnyGraphError,
  type GraphErrorKind,
} from '../core/errors.js';
import { MAX_TIMER_MS } from '../core/options.js';
import { wholeNumber } from '../core/validation.js';
import { sleep } from '../internal/abort.js';

/** Options of {@link waitUntilVisible}. */
export interface WaitUntilVisibleOptions {
  /** Successful reads in a row that count as "replicated". Default 3 (Terraform uses 5). */
  consecutive?: number;
  /** Time between two reads. Default 2 seconds. */
  intervalMs?: number;
  /** Give up after this long: the last read's error is thrown. Default 2 minutes. */
  timeoutMs?: number;
  /** Stops waiting, with an {@link AbortedError}. */
  signal?: AbortSignal;
  /** Called after each read that did not (yet) count, e.g. to report progress. */
  onWait?: (state: {
    readonly attempt: number;
    readonly elapsedMs: number;
    readonly error?: AnyGraphError;
  }) => void;
}

import { REPLICATION_KINDS, UNCERTAIN_KINDS } from './replication-kinds.js';

export { REPLICATION_KINDS, UNCERTAIN_KINDS };

/** What a visibility wait sits out: replication, and failures that say nothing of the object. */
const WAITED_OUT: ReadonlySet<GraphErrorKind> = new Set([...REPLICATION_KINDS, ...UNCERTAIN_KINDS]);

/** What a read sits out until its window closes: reads are safe to repeat whatever went wrong. */
export const READ_RETRY: ReadonlySet<GraphErrorKind> = WAITED_OUT;

/** The options with their defaults, checked. */
export function visibilityOptions(
  options: WaitUntilVisibleOptions,
): Required<Pick<WaitUntilVisibleOptions, 'consecutive' | 'intervalMs' | 'timeoutMs'>> {
  return {
    consecutive: wholeNumber('consecutive', options.consecutive, 3, 100),
    intervalMs: wholeNumber('intervalMs', options.intervalMs, 2_000, MAX_TIMER_MS),
    timeoutMs: wholeNumber('timeoutMs', options.timeoutMs, 120_000, MAX_TIMER_MS),
  };
}

export function aborted(signal: AbortSignal, what: string): AbortedError {
  return new AbortedError(`Stopped waiting for ${what}: aborted`, { cause: signal.reason });
}

/** {@link waitUntilVisible}'s work (the public function loads this module on first use). */
export async function waitUntilVisible<T>(
  read: (options: { signal?: AbortSignal }) => Promise<T>,
  options: WaitUntilVisibleOptions = {},
): Promise<T> {
  const { consecutive, intervalMs, timeoutMs } = visibilityOptions(options);
  const { signal } = options;
  const started = Date.now();
  let streak = 0;
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw aborted(signal, 'replication');
    let value: T;
    try {
      value = await read(signal === undefined ? {} : { signal });
    } catch (error) {
      const elapsedMs = Date.now() - started;
      if (!isGraphError(error) || !WAITED_OUT.has(error.kind)) throw error;
      if (elapsedMs + intervalMs > timeoutMs) throw withReplicationHint(error, timeoutMs);
      streak = 0;
      options.onWait?.({ attempt, elapsedMs, error });
      await pause(intervalMs, signal);
      continue;
    }
    streak += 1;
    if (streak >= consecutive) return value;
    options.onWait?.({ attempt, elapsedMs: Date.now() - started });
    await pause(intervalMs, signal);
  }
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await pauseOrAbort(ms, signal, 'replication');
}

/** Waits `ms`, or throws an {@link AbortedError} naming `what` when `signal` fires. */
export async function pauseOrAbort(
  ms: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch {
    throw aborted(signal as AbortSignal, what);
  }
}

/** The error with a hint saying it outlasted the replication window. */
export function withReplicationHint(error: AnyGraphError, windowMs: number): AnyGraphError {
  return appendHint(
    error,
    `It persisted for ${String(Math.round(windowMs / 1000))} s after the object was created, longer than replication takes: treat it as real.`,
  );
}

/** Options of {@link retryWhileReplicating}. */
export interface ReplicationRetryOptions {
  /** Error kinds to wait out. Default {@link REPLICATION_KINDS}. */
  readonly kinds?: ReadonlySet<GraphErrorKind>;
  /** When the window closes (epoch milliseconds). */
  readonly deadline: number;
  /** First wait; doubles up to 10 s. */
  readonly initialDelayMs?: number;
  readonly signal?: AbortSignal | undefined;
  /** Called before each wait. */
  readonly onRetry?: (state: {
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: AnyGraphError;
  }) => void;
}

/**
 * Runs `call`, and while it fails with a replication-class error before `deadline`, waits and
 * runs it again. Only for calls that are safe to repeat after such an answer: a 404/400/403/409
 * means Graph did nothing.
 */
export async function retryWhileReplicating<T>(
  call: () => Promise<T>,
  options: ReplicationRetryOptions,
): Promise<T> {
  const kinds = options.kinds ?? REPLICATION_KINDS;
  const started = Date.now();
  let delayMs = options.initialDelayMs ?? 1_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isGraphError(error) || !kinds.has(error.kind)) throw error;
      if (Date.now() + delayMs > options.deadline)
        throw withReplicationHint(error, Date.now() - started);
      options.onRetry?.({ attempt, delayMs, error });
      const { signal } = options;
      try {
        await sleep(delayMs, signal);
      } catch {
        throw aborted(signal as AbortSignal, 'replication');
      }
      delayMs = Math.min(delayMs * 2, 10_000);
    }
  }
}
