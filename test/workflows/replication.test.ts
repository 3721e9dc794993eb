/** waitUntilVisible: Entra's replication waited out within a bounded, abortable window. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  BadRequestError,
  InvalidInputError,
  NotFoundError,
  ThrottledError,
  waitUntilVisible,
} from '../../src/index.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A read that answers per `script` (a value, or an error to throw), then the last entry forever. */
function scripted(script: (number | Error)[]) {
  const reads: number[] = [];
  const start = Date.now();
  const read = vi.fn(() => {
    reads.push(Date.now() - start);
    const next = script.length > 1 ? script.shift()! : script[0]!;
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
  return { read, reads };
}

const notFound = () => new NotFoundError('Resource does not exist', { status: 404 });

describe('waitUntilVisible', () => {
  it('resolves with the last of N successful reads in a row, intervalMs apart', async () => {
    const { read, reads } = scripted([1, 2, 3, 4]);
    const done = waitUntilVisible(read, { consecutive: 3, intervalMs: 1_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(done).resolves.toBe(3);
    expect(reads).toEqual([0, 1_000, 2_000]);
  });

  it('starts counting again after a replication error between successes', async () => {
    const { read } = scripted([1, notFound(), 2, 3, notFound(), 4, 5, 6, 7]);
    const onWait = vi.fn<(state: { error?: unknown }) => void>();
    const done = waitUntilVisible(read, { consecutive: 3, intervalMs: 100, onWait });
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(done).resolves.toBe(6);
    expect(read).toHaveBeenCalledTimes(8);
    expect(onWait.mock.calls.filter(([state]) => state.error !== undefined)).toHaveLength(2);
  });

  it('waits out 404/400 right after a create until the object is seen', async () => {
    const { read } = scripted([notFound(), new BadRequestError('Invalid object'), notFound(), 9]);
    const done = waitUntilVisible(read, { consecutive: 1, intervalMs: 500 });
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(done).resolves.toBe(9);
    expect(read).toHaveBeenCalledTimes(4);
  });

  it('throws the last error, with a hint, once the window has passed', async () => {
    const { read } = scripted([notFound()]);
    const done = waitUntilVisible(read, { intervalMs: 1_000, timeoutMs: 10_000 });
    const caught = done.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(11_000);
    const error = await caught;
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).hint).toMatch(/persisted for 10 s/);
    // Reads at 0, 1 s, … 10 s; one more wait would pass the deadline.
    expect(read).toHaveBeenCalledTimes(11);
  });

  it('throws at once an error that replication does not explain', async () => {
    const throttled = new ThrottledError('Too many requests', { retryAfterMs: 5_000 });
    const { read } = scripted([throttled]);
    await expect(waitUntilVisible(read, { intervalMs: 1_000 })).rejects.toBe(throttled);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('stops with AbortedError when the signal fires during a wait', async () => {
    const { read } = scripted([notFound()]);
    const controller = new AbortController();
    const done = waitUntilVisible(read, { intervalMs: 1_000, signal: controller.signal });
    const caught = done.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2_500);
    controller.abort();
    expect(await caught).toBeInstanceOf(AbortedError);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('refuses bad options before the first read', async () => {
    const { read } = scripted([1]);
    await expect(waitUntilVisible(read, { consecutive: 0 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(waitUntilVisible(read, { intervalMs: -1 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(read).not.toHaveBeenCalled();
  });
});
