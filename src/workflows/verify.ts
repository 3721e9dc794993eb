/**
 * Creates and starts that never happen twice. Graph answers 404, 409, 5xx, timeouts, resets and
 * even 429 after doing the work, and its lists lag behind its writes: so every create or start
 * is treated as possibly done whatever the answer, and is looked for, over several reads, before
 * it is ever sent again.
 */
import {
  InvalidResponseError,
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

/**
 * The class of the `attempt`-th answer to `POST …/synchronization/jobs`. A 400, 401, 403, 404 or
 * 409 is what a service principal that has not replicated gets, and what Graph has been seen to
 * answer after making the job: the first such answer is looked for over the whole verification
 * window before the create is sent again (replication is long over by then); a later one is
 * final.
 */
export function classifyJobCreate(error: AnyGraphError, attempt: number): AnswerClass {
  const cls = classifySyncWrite(error);
  if (cls !== 'replication') return cls;
  return attempt === 1 ? 'uncertain' : 'definitive';
}

/** One look: the object if it shows, `undefined` when it does not. */
export type Find<T> = () => Promise<T | undefined>;

/**
 * Looks for `find`'s object until `until` (epoch ms), one replication interval apart.
 * Resolves with it as soon as one read shows it, `undefined` when none did. Each pause is
 * reported as a retry for `reason`, or as a wait for replication of `object` without one.
 */
export async function lookUntil<T>(
  run: WorkflowRun,
  find: Find<T>,
  until: number,
  why:
    | { readonly reason: GraphErrorKind; readonly attempt: number }
    | { readonly object: 'application' | 'job' },
  what: string,
): Promise<T | undefined> {
  const started = Date.now();
  for (let look = 1; ; look += 1) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() + run.replication.intervalMs > until) return undefined;
    if ('reason' in why) {
      await run.pauseBeforeRetry(why.reason, why.attempt, what);
      continue;
    }
    run.emit({
      type: 'waitForReplication',
      object: why.object,
      attempt: look,
      elapsedMs: Date.now() - started,
    });
    await pauseOrAbort(run.replication.intervalMs, run.signal, what);
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
  /**
   * `created`: answered with it; `recovered`: an answer was lost, and the object found;
   * `earlier`: found after an earlier run of this client sent the create without a clean answer.
   */
  readonly status: 'created' | 'recovered' | 'earlier';
}

/** How to create one object, and find it. */
export interface VerifiedCreate<T> {
  /**
   * Sends the create once (the run's `once` options); resolves with the object, or with
   * `undefined` when Graph answered with success but without the object's id (a body that
   * `validateResponses: 'off'` or `'warn'` let through): it was made, and is looked up.
   */
  readonly create: () => Promise<T | undefined>;
  /** Looks for the object; `undefined` when it does not show. */
  readonly find: Find<T>;
  /** The class of the `attempt`-th answer. */
  readonly classify: (error: AnyGraphError, attempt: number) => AnswerClass;
  /** What is created, for messages: "an application named 'X' from this template". */
  readonly what: string;
  /** Which object, for progress events. */
  readonly object: 'application' | 'job';
  /** The object's key in the client's registry, where a create with no clean answer is kept. */
  readonly key: string;
}

/** What one send of a create gave: the object, or an error with its class. */
type Answer<T> =
  { readonly value: T } | { readonly error: AnyGraphError; readonly cls: AnswerClass };

/**
 * Creates with a POST that must never run twice for one object. After any answer but a clean
 * one, it looks for the object before anything else: over the verification window (at least 5
 * minutes) after an answer that may hide a create, over `consecutive` reads after one that
 * replication explains or a refusal; it sends the create again only when nothing appeared, and
 * never after a refusal (at most {@link MAX_ATTEMPTS} times beyond replication). A create this
 * client sent before without a clean answer is looked for until the verification window after
 * it has passed, before this run sends it again.
 */
export async function createVerified<T>(
  run: WorkflowRun,
  plan: VerifiedCreate<T>,
): Promise<Created<T>> {
  const earlier = await lookForEarlier(run, plan);
  if (earlier !== undefined) return { value: earlier, status: 'earlier' };
  const replicationDeadline = run.deadline();
  const backoff = replicationBackoff();
  for (let attempt = 1; ; attempt += 1) {
    const answer = await send(run, plan, attempt);
    if ('value' in answer) return { value: answer.value, status: 'created' };
    const { error } = answer;
    let { cls } = answer;
    if (cls === 'fail') throw error;
    if (cls === 'replication' && Date.now() >= replicationDeadline) cls = 'definitive';
    if (error.kind === 'throttled') {
      // Graph asked for a pause: take it (unless longer than the client waits), then look.
      if (error.retryAfterMs > run.maxRetryAfterMs) cls = 'definitive';
      else await run.waitThrottled(error.retryAfterMs, plan.what);
    }
    const found = await look(run, plan, cls, error, attempt);
    if (found !== undefined) {
      run.registry.forgetPending(pendingKey(plan));
      return { value: found, status: 'recovered' };
    }
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
 * Sends the create once. Until a clean answer (or bad input, when nothing was sent) the create
 * is kept in the client's registry as possibly done.
 */
async function send<T>(
  run: WorkflowRun,
  plan: VerifiedCreate<T>,
  attempt: number,
): Promise<Answer<T>> {
  run.registry.rememberPending(pendingKey(plan), Date.now());
  let value: T | undefined;
  try {
    value = await plan.create();
  } catch (thrown) {
    if (!isGraphError(thrown)) throw thrown;
    if (thrown.kind === 'invalidInput') run.registry.forgetPending(pendingKey(plan));
    return { error: thrown, cls: plan.classify(thrown, attempt) };
  }
  if (value === undefined) {
    const error = new InvalidResponseError(
      `Graph answered the create of ${plan.what} with success, but without its id.`,
    );
    return { error, cls: 'created' };
  }
  run.registry.forgetPending(pendingKey(plan));
  return { value };
}

/** Apps and jobs apart: their registry keys have different shapes, but one memory. */
function pendingKey(plan: VerifiedCreate<unknown>): string {
  return `${plan.object}\u0000${plan.key}`;
}

/**
 * An earlier create of this client's for the same object whose answer was not clean (a failed
 * run a moment ago, in a REPL or a service): looked for until the verification window after it
 * has passed, since a lagging list may not show it yet.
 */
async function lookForEarlier<T>(
  run: WorkflowRun,
  plan: VerifiedCreate<T>,
): Promise<T | undefined> {
  const since = run.registry.pendingSince(pendingKey(plan));
  if (since === undefined) return undefined;
  const until = since + run.verifyMs;
  const found =
    Date.now() < until
      ? await lookUntil(run, plan.find, until, { object: plan.object }, plan.what)
      : undefined;
  if (found !== undefined || Date.now() >= until) run.registry.forgetPending(pendingKey(plan));
  return found;
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
      return lookUntil(
        run,
        plan.find,
        Date.now() + run.verifyMs,
        { reason: error.kind, attempt },
        plan.what,
      );
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
