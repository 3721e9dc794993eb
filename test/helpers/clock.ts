/**
 * Tests on vitest's clock: timers and `Date` are fake for each test of the file, and `settle()`
 * moves the clock until a promise settles, so that waits of minutes (replication, Retry-After)
 * pass in milliseconds and no assertion depends on the machine's speed.
 */
import { afterEach, beforeEach, vi } from 'vitest';

/** Fakes `setTimeout`, `clearTimeout` and `Date` for every test of the calling file. */
export function useTestClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/**
 * Runs `promise` to completion, moving the clock `stepMs` at a time. A run that outlives `maxMs`
 * of the test's clock fails here, at once, rather than at vitest's hang guard.
 */
export async function settle<T>(
  promise: Promise<T>,
  stepMs = 1_000,
  maxMs = 7_200_000,
): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let elapsed = 0, step = 1; !done && elapsed < maxMs; elapsed += stepMs, step += 1) {
    await vi.advanceTimersByTimeAsync(stepMs);
    // Moving a fake clock settles promises only: a real turn of the event loop now and then
    // lets the worker answer vitest's own messages, which time out after 60 s on a busy machine.
    if (step % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (!done) throw new Error(`still running after ${String(maxMs)} ms of the test's clock`);
  return promise;
}
