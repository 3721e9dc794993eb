/**
 * Creates and starts that never happen twice. Graph answers 404, 409, 5xx, timeouts, resets and
 * even 429 after doing the work, and its lists lag behind its writes: so every create or start
 * is treated as possibly done whatever the answer, and is looked for, over several reads, before
 * it is ever sent again.
 */
import {
  appendHint,
  isGraphError,
  type AnyGraphError,
  type GraphErrorKind,
} from '../core/errors.js';
import { REPLICATION_KINDS, pauseOrAbort, withReplicationHint } from './replication.js';
import type { SynchronizationJob } from '../models/synchronization.js';
import type { WorkflowRun } from './run.js';

/**
 * What an answer to a create or a start tells:
 * - `created`: a 2xx whose body could not be used: it was done; find it, never send again;
 * - `replication`: an answer replication explains right after a create (404, 400, 401, 403,
 *   409): look over a few consecutive reads, then send again within the replication window;
 * - `uncertain`: 5xx, a timeout, a dropped connection, a 429, or an answer Graph has been seen
 *   to give after doing the work: look for the whole verification window before sending again;
 * - `definitive`: an answer that will not change: look over a few consecutive reads (it may be
 *   there), then fail;
 * - `fail`: nothing was sent (bad input), or the caller aborted.
 */
export type AnswerClass = 'created' | 'replication' | 'uncertain' | 'definitive' | 'fail';

/** Creates per object at most, after the verification window each time: enough for 5 % faults. */
export const MAX_ATTEMPTS = 5;

const UNCERTAIN: ReadonlySet<GraphErrorKind> = new Set([
  'server',
  'timeout',
  'network',
  'throttled',
]);

/** The class of an answer to `POST …/synchronization/jobs` or `…/start`. */
export function classifySyncWrite(error: AnyGraphError): AnswerClass {
  if (error.kind === 'invalidInput' || error.kind === 'aborted') return 'fail';
  if (error.kind === 'invalidResponse') return error.status === undefined ? 'fail' : 'created';
  if (UNCERTAIN.has(error.kind)) return 'uncertain';
  if (REPLICATION_KINDS.has(error.kind)) return 'replication';
  return 'definitive';
}

/**
 * The class of an answer to `…/start`: as a job create's, but a 400 is a refusal (replication
 * shows on a start as 409, 404, 403 or 401; field notes §2).
 */
export function classifyStart(error: AnyGraphError): AnswerClass {
  return error.kind === 'badRequest' ? 'definitive' : classifySyncWrite(error);
}

/**
 * The class of an answer to instantiate: a 404 or 409 may hide an app it made (field notes §1),
 * like a 5xx or a 429; a 400, 401 or 403 is Graph refusing the request.
 */
export function classifyInstantiate(error: AnyGraphError): AnswerClass {
  if (error.kind === 'notFound' || error.kind === 'conflict') return 'uncertain';
  const cls = classifySyncWrite(error);
  return cls === 'replication' ? 'definitive' : cls;
}

/** One look: the object if it shows, `undefined` when it does not. */
export type Find<T> = () => Promise<T | undefined>;

/**
 * Looks for `find`'s object until `until` (epoch ms), one replication interval apart.
 * Resolves with it as soon as one read shows it, `undefined` when none did.
 */
export async function lookUntil<T>(
  run: WorkflowRun,
  find: Find<T>,
  until: number,
  reason: GraphErrorKind,
  attempt: number,
  what: string,
): Promise<T | undefined> {
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() + run.replication.intervalMs > until) return undefined;
    await run.pauseBeforeRetry(reason, attempt, what);
  }
}

/**
 * Concludes that something is absent only from `consecutive` reads in a row that show nothing,
 * one interval apart (a list lags behind a write: one read that misses an object proves
 * nothing). Resolves with the object if any read shows it, `undefined` otherwise.
 */
export async function confirmAbsent<T>(
  run: WorkflowRun,
  find: Find<T>,
  object: 'application' | 'job',
  first?: T,
): Promise<T | undefined> {
  if (first !== undefined) return first;
  const { consecutive, intervalMs } = run.replication;
  const started = Date.now();
  for (let read = 2; read <= consecutive; read += 1) {
    run.emit({
      type: 'waitForReplication',
      object,
      attempt: read - 1,
      elapsedMs: Date.now() - started,
    });
    await pauseOrAbort(intervalMs, run.signal, `the ${object}`);
    const found = await find();
    if (found !== undefined) return found;
  }
  return undefined;
}

/** What a verified create did. */
export interface Created<T> {
  readonly value: T;
  /** `created`: answered with it; `recovered`: an answer was lost, and the object found. */
  readonly status: 'created' | 'recovered';
}

/** How to create one object, and find it. */
export interface VerifiedCreate<T> {
  /** Sends the create once (the run's `once` options); resolves with the object. */
  readonly create: () => Promise<T>;
  /** Looks for the object; `undefined` when it does not show. */
  readonly find: Find<T>;
  readonly classify: (error: AnyGraphError) => AnswerClass;
  /** What is created, for messages: "an application named 'X' from this template". */
  readonly what: string;
  /** Which object, for progress events. */
  readonly object: 'application' | 'job';
}

/**
 * Creates with a POST that must never run twice for one object. After any answer but a clean
 * one, it looks for the object before anything else: over the verification window (at least 5
 * minutes) after an answer that may hide a create, over `consecutive` reads after one that
 * replication explains or a refusal; it sends the create again only when nothing appeared, and
 * never after a refusal (at most {@link MAX_ATTEMPTS} times beyond replication).
 */
export async function createVerified<T>(
  run: WorkflowRun,
  plan: VerifiedCreate<T>,
): Promise<Created<T>> {
  const replicationDeadline = run.deadline();
  const backoff = replicationBackoff();
  for (let attempt = 1; ; attempt += 1) {
    let error: AnyGraphError;
    try {
      return { value: await plan.create(), status: 'created' };
    } catch (thrown) {
      if (!isGraphError(thrown)) throw thrown;
      error = thrown;
    }
    let cls = plan.classify(error);
    if (cls === 'fail') throw error;
    if (cls === 'replication' && Date.now() >= replicationDeadline) cls = 'definitive';
    if (error.kind === 'throttled') {
      // Graph asked for a pause: take it (unless longer than the client waits), then look.
      if (error.retryAfterMs > run.maxRetryAfterMs) cls = 'definitive';
      else await run.waitThrottled(error.retryAfterMs, plan.what);
    }
    const found = await look(run, plan, cls, error, attempt);
    if (found !== undefined) return { value: found, status: 'recovered' };
    if (cls === 'created') throw createdButNotFound(error, plan.what, run.verifyMs);
    if (cls === 'definitive') throw finalError(run, error, replicationDeadline);
    if (cls === 'replication' && !backoff.fits(replicationDeadline)) {
      throw withReplicationHint(error, run.replication.timeoutMs);
    }
    if (cls === 'uncertain' && attempt >= MAX_ATTEMPTS) {
      throw appendHint(
        error,
        `No ${plan.what} appeared within ${String(Math.round(run.verifyMs / 1000))} s of each of ${String(attempt)} attempts; if one appears later, a re-run picks it up.`,
      );
    }
    // Nothing appeared where it would have: it was not created; send the create again (after
    // a pause while replication explains the answer: 1 s, doubling up to 10 s).
    if (cls === 'replication') await backoff(run, error, attempt, plan.what);
  }
}

/**
 * Waits before sending again what replication explains: 1 s, doubling up to 10 s, and never past
 * the replication window (`fits` says whether the next wait still ends inside it).
 */
function replicationBackoff() {
  let delayMs = 1_000;
  const wait = async (
    run: WorkflowRun,
    error: AnyGraphError,
    attempt: number,
    what: string,
  ): Promise<void> => {
    run.emit({ type: 'retry', step: run.step, reason: error.kind, attempt, delayMs });
    await pauseOrAbort(delayMs, run.signal, what);
    delayMs = Math.min(delayMs * 2, 10_000);
  };
  return Object.assign(wait, {
    fits: (deadline: number): boolean => Date.now() + delayMs <= deadline,
  });
}

/** A refusal as it is thrown: with the replication hint when the window has passed. */
function finalError(run: WorkflowRun, error: AnyGraphError, deadline: number): AnyGraphError {
  return Date.now() >= deadline && REPLICATION_KINDS.has(error.kind)
    ? withReplicationHint(error, run.replication.timeoutMs)
    : error;
}

async function look<T>(
  run: WorkflowRun,
  plan: VerifiedCreate<T>,
  cls: AnswerClass,
  error: AnyGraphError,
  attempt: number,
): Promise<T | undefined> {
  switch (cls) {
    case 'created':
    case 'uncertain':
      return lookUntil(run, plan.find, Date.now() + run.verifyMs, error.kind, attempt, plan.what);
    default:
      // Replication, or a refusal (which Graph may also send after doing the work): several
      // reads in a row, so that a lagging list does not hide what the create made.
      return confirmAbsent(run, plan.find, plan.object, await plan.find());
  }
}

function createdButNotFound(error: AnyGraphError, what: string, windowMs: number): AnyGraphError {
  return appendHint(
    error,
    `Graph answered with success, so ${what} was most likely created, but it did not show within ${String(Math.round(windowMs / 1000))} s; it is not created again. A re-run finds it once Graph lists it.`,
  );
}

/** Whether a job runs on its schedule (see `isRunning` in configure.ts). */
export type IsRunning = (job: SynchronizationJob) => boolean;

/**
 * Reads the job up to `consecutive` times, one interval apart, and resolves `true` as soon as a
 * read shows it running: one read that shows it stopped may be stale, and starting a running job
 * is what Microsoft warns against.
 */
export async function runningOnSomeRead(
  run: WorkflowRun,
  read: () => Promise<SynchronizationJob>,
  isRunning: IsRunning,
  { reads = run.replication.consecutive, afterRead = false } = {},
): Promise<boolean> {
  const started = Date.now();
  for (let n = 1; n <= reads; n += 1) {
    if (n > 1 || afterRead) {
      run.emit({
        type: 'waitForReplication',
        object: 'job',
        attempt: n - 1,
        elapsedMs: Date.now() - started,
      });
      await pauseOrAbort(run.replication.intervalMs, run.signal, 'the job');
    }
    const job = run.found('job', await read());
    if (isRunning(job)) return true;
  }
  return false;
}

/**
 * Starts the job once. After any answer but a clean one it reads the job over `consecutive`
 * reads: running on one of them means the start took. Otherwise it starts again only when the
 * answer allows it (replication within its window, or a failure that says nothing, at most
 * {@link MAX_ATTEMPTS} times); a refusal is thrown.
 */
export async function startVerified(
  run: WorkflowRun,
  start: () => Promise<void>,
  read: () => Promise<SynchronizationJob>,
  isRunning: IsRunning,
): Promise<'started' | 'recovered'> {
  const replicationDeadline = run.deadline();
  const backoff = replicationBackoff();
  for (let attempt = 1; ; attempt += 1) {
    let error: AnyGraphError;
    try {
      await start();
      return 'started';
    } catch (thrown) {
      if (!isGraphError(thrown)) throw thrown;
      error = thrown;
    }
    let cls = classifyStart(error);
    if (cls === 'fail') throw error;
    if (cls === 'replication' && Date.now() >= replicationDeadline) cls = 'definitive';
    if (error.kind === 'throttled') {
      if (error.retryAfterMs > run.maxRetryAfterMs) cls = 'definitive';
      else await run.waitThrottled(error.retryAfterMs, 'start');
    }
    if (await runningOnSomeRead(run, read, isRunning)) return 'recovered';
    if (cls === 'definitive' || cls === 'created')
      throw finalError(run, error, replicationDeadline);
    if (cls === 'replication' && !backoff.fits(replicationDeadline)) {
      throw withReplicationHint(error, run.replication.timeoutMs);
    }
    if (cls === 'uncertain' && attempt >= MAX_ATTEMPTS) throw error;
    // Not running over several reads: the start did not take; send it again.
    if (cls === 'replication') await backoff(run, error, attempt, 'start');
  }
}
