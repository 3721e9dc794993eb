/** The token bucket that keeps workflows under Graph's quotas, on vitest's clock. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThrottledError } from '../../src/index.js';
import { Pacer } from '../../src/workflows/pacer.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Calls acquire() `count` times at once; resolves with when each one was let through. */
async function grantTimes(pacer: Pacer, count: number, runMs: number): Promise<number[]> {
  const start = Date.now();
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    void pacer.acquire().then(() => times.push(Date.now() - start));
  }
  await vi.advanceTimersByTimeAsync(runMs);
  return times;
}

/** Within the 2 ms that rounding timers up can add. */
function expectNear(actual: number | undefined, ms: number): void {
  expect(actual).toBeGreaterThanOrEqual(ms);
  expect(actual).toBeLessThanOrEqual(ms + 2);
}

describe('Pacer', () => {
  it('lets one request less than the quota through at once, then paces the rest under it', async () => {
    const pacer = new Pacer({ requests: 5, windowMs: 10_000 });
    const times = await grantTimes(pacer, 10, 20_000);
    expect(times.slice(0, 4)).toEqual([0, 0, 0, 0]);
    // One token per 2 s at 97 %: 2,062 ms.
    expectNear(times[4], 2_062);
    // Five went within the window (10 s, 3 % longer): the sixth waits for the first to leave it,
    // and the bucket, full again, lets three more follow.
    for (const t of times.slice(5, 9)) {
      expectNear(t, 10_309);
    }
    expectNear(times[9], 12_371);
    expect(pacer.granted).toBe(10);
  });

  it('never lets more through in a window than the quota allows', async () => {
    // A token bucket alone would let 59 go at once and 20 a second after: 117 in the first 3 s.
    const pacer = new Pacer({ requests: 60, windowMs: 3_000 });
    const times = await grantTimes(pacer, 600, 40_000);
    expect(times).toHaveLength(600);
    // ...and no slower than the quota allows: 600 requests in 10 windows (3 % longer each).
    expect(times.at(-1)).toBeLessThan(10 * 3_000 * 1.04);
    for (let i = 0; i < times.length; i += 1) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 3_000).length;
      expect(inWindow).toBeLessThanOrEqual(60);
    }
  });

  it('lets requests through in the order they asked', async () => {
    const pacer = new Pacer({ requests: 2, windowMs: 1_000 });
    const order: number[] = [];
    for (let i = 0; i < 5; i += 1) void pacer.acquire().then(() => order.push(i));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('holds everything for the Retry-After of a 429, then goes at half the pace', async () => {
    const pacer = new Pacer({ requests: 10, windowMs: 1_000 });
    await grantTimes(pacer, 9, 0);
    pacer.throttled(5_000);
    const times = await grantTimes(pacer, 3, 10_000);
    expect(times[0]).toBeGreaterThanOrEqual(5_000);
    // Half of 10 per second at 97 %: one per 206 ms.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(200);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(200);
  });

  it('recovers its pace a quarter per quiet window after a 429', async () => {
    // How long 40 requests take shows the pace.
    const spacing = async (pacer: Pacer): Promise<number> =>
      (await grantTimes(pacer, 40, 20_000)).at(-1)!;
    const fresh = await spacing(new Pacer({ requests: 10, windowMs: 1_000 }));
    const halved = new Pacer({ requests: 10, windowMs: 1_000 });
    halved.throttled(0);
    // One quiet window: 0.5 + 0.25 of the pace.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await spacing(halved)).toBeGreaterThan(fresh);
    const recovered = new Pacer({ requests: 10, windowMs: 1_000 });
    recovered.throttled(0);
    // Two quiet windows or more: the whole pace back, not just one quarter.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await spacing(recovered)).toBe(fresh);
  });

  it('rejects a waiter whose signal aborts, and the next one still gets its turn', async () => {
    const pacer = new Pacer({ requests: 1, windowMs: 1_000 });
    await pacer.acquire();
    const controller = new AbortController();
    const aborted = pacer.acquire(controller.signal);
    const next = pacer.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await vi.advanceTimersByTimeAsync(1_100);
    await expect(next).resolves.toBeUndefined();
  });

  it('refuses, rather than sleeps, a pause longer than it may wait: a Retry-After of 30 days', async () => {
    const pacer = new Pacer({ requests: 10, windowMs: 1_000 }, Date.now, 120_000);
    pacer.throttled(30 * 86_400_000);
    const waiting = pacer.acquire();
    let outcome: unknown;
    waiting.then(
      () => (outcome = 'granted'),
      (error: unknown) => (outcome = error),
    );
    // No timer is set for it: the refusal comes at once.
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toBeInstanceOf(ThrottledError);
    expect((outcome as ThrottledError).retryAfterMs).toBe(30 * 86_400_000);
    expect(vi.getTimerCount()).toBe(0);
    // Later waiters are refused too, until the pause is within reach.
    await expect(pacer.acquire()).rejects.toBeInstanceOf(ThrottledError);
    vi.setSystemTime(Date.now() + 30 * 86_400_000);
    expect(await grantTimes(pacer, 1, 1_000)).toHaveLength(1);
  });

  it('waits out a pause as long as it may wait', async () => {
    const pacer = new Pacer({ requests: 10, windowMs: 1_000 }, Date.now, 120_000);
    pacer.throttled(120_000);
    const times = await grantTimes(pacer, 1, 121_000);
    expect(times).toHaveLength(1);
    // After the pause, at half the pace: one token takes 206 ms to come.
    expect(times[0]).toBeGreaterThanOrEqual(120_000);
    expect(times[0]).toBeLessThan(121_000);
  });

  it('keeps a Retry-After of "forever" a number it can report', async () => {
    const pacer = new Pacer({ requests: 10, windowMs: 1_000 }, Date.now, 120_000);
    pacer.throttled(Number.POSITIVE_INFINITY);
    const error = await pacer.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(Number.isFinite((error as ThrottledError).retryAfterMs)).toBe(true);
  });
});
