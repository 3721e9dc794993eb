/**
 * Client-side pacing under Graph's write quota (field notes §7: 3,000 identity writes per 2 min
 * 30 s per app and tenant): a token bucket that writes wait on, first come first served, and
 * that slows down when Graph throttles anyway.
 */
import { ThrottledError } from '../core/errors.js';
import type { RequestQuota } from './quota.js';
import { MAX_TIMER_MS } from '../core/options.js';
import { sleep } from '../internal/abort.js';

/** The longest pause recorded: about 285 years, far beyond any wait a client honours. */
const MAX_PAUSE = 2 ** 53 / 1_000;

/** The lowest share of the quota the pacer slows down to after 429s. */
const MIN_FACTOR = 0.25;
/**
 * The share of the quota used in steady state: Graph's clock and ours do not agree to the
 * millisecond, and a request that arrives a hair early is throttled.
 */
const HEADROOM = 0.97;

/**
 * How many requests the bucket holds: one less than the quota (when it allows more than one), so
 * that a request delayed on the way out and the next one sent on time never arrive as one too
 * many. On the reports limit that one request is two seconds of jitter forgiven.
 */
function capacity(quota: RequestQuota): number {
  return quota.requests > 1 ? quota.requests - 1 : 1;
}

/**
 * Paces requests under a {@link RequestQuota}. `acquire()` resolves when a request may go;
 * `throttled()` reports a 429 (pause for its Retry-After, then run at half the rate, recovering
 * a quarter per quiet window).
 *
 * Graph does not say how it counts "3,000 per 150 s", so the pacer keeps both readings: a token
 * bucket spreads requests at the quota's rate, and no window of the quota's length (3 % longer)
 * ever holds more than the quota, which a full bucket plus its refill would otherwise allow.
 */
export class Pacer {
  readonly #quota: RequestQuota;
  readonly #now: () => number;
  readonly #maxPauseMs: number;
  readonly #window: number;
  #tokens: number;
  #updatedAt: number;
  #factor = 1;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #calmSince = Number.NEGATIVE_INFINITY;
  /** When the last `quota.requests` requests went, oldest first (a ring). */
  readonly #sent: number[] = [];
  #oldest = 0;
  #queue: Promise<void> = Promise.resolve();
  /** Requests let through. */
  granted = 0;
  /** Total time requests waited, in milliseconds. */
  waitedMs = 0;

  /**
   * @param maxPauseMs The longest pause after a 429 that requests wait out (the client's
   *   `maxRetryAfterMs`); while Graph has asked for a longer one, `acquire()` refuses with a
   *   {@link ThrottledError} instead of sleeping for days (or spinning on a timer that cannot
   *   wait that long).
   */
  constructor(quota: RequestQuota, now: () => number = Date.now, maxPauseMs = MAX_TIMER_MS) {
    this.#quota = quota;
    this.#now = now;
    this.#maxPauseMs = Math.min(maxPauseMs, MAX_TIMER_MS);
    this.#window = quota.windowMs / HEADROOM;
    this.#tokens = capacity(quota);
    this.#updatedAt = now();
  }

  /** Requests per millisecond at the current pace. */
  get #rate(): number {
    return (this.#quota.requests / this.#quota.windowMs) * this.#factor * HEADROOM;
  }

  #refill(now: number): void {
    // A quarter of the pace back per quiet window since the last 429.
    const quiet = Math.floor((now - this.#calmSince) / this.#quota.windowMs);
    if (this.#factor < 1 && quiet > 0) {
      this.#factor = Math.min(1, this.#factor + 0.25 * quiet);
      this.#calmSince += quiet * this.#quota.windowMs;
    }
    // Nothing accrues while paused: after a 429, requests resume one at a time.
    this.#tokens = Math.min(
      capacity(this.#quota),
      this.#tokens + Math.max(0, now - this.#updatedAt) * this.#rate,
    );
    this.#updatedAt = Math.max(this.#updatedAt, now);
  }

  /** Milliseconds until a request may go (0: now). */
  #wait(now: number): number {
    const full = this.#sent.length === this.#quota.requests;
    return Math.max(
      this.#pausedUntil - now,
      this.#tokens >= 1 ? 0 : (1 - this.#tokens) / this.#rate,
      full ? (this.#sent[this.#oldest] ?? now) + this.#window - now : 0,
    );
  }

  /** Waits for a slot, in arrival order; rejects with the signal's reason if it fires first. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#take(signal));
    // The next caller waits for this one's turn, whatever becomes of it.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #take(signal: AbortSignal | undefined): Promise<void> {
    const started = this.#now();
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#now();
      this.#refill(now);
      const paused = this.#pausedUntil - now;
      if (paused > this.#maxPauseMs) {
        throw new ThrottledError(
          `Graph asked to wait ${String(Math.ceil(paused / 1000))} s before more requests, longer than the ${String(Math.round(this.#maxPauseMs / 1000))} s the client waits out (maxRetryAfterMs).`,
          { retryAfterMs: paused },
        );
      }
      const wait = this.#wait(now);
      if (wait <= 0) {
        this.#tokens -= 1;
        if (this.#sent.length < this.#quota.requests) this.#sent.push(now);
        else {
          this.#sent[this.#oldest] = now;
          this.#oldest = (this.#oldest + 1) % this.#quota.requests;
        }
        this.granted += 1;
        this.waitedMs += now - started;
        return;
      }
      await sleep(Math.ceil(wait), signal);
    }
  }

  /** Graph throttled a request anyway: hold everything for `retryAfterMs`, then go slower. */
  throttled(retryAfterMs: number): void {
    const now = this.#now();
    this.#refill(now);
    // Bounded, so that a Retry-After of "forever" stays a number the refusal above can report.
    const pause = Math.min(Number.isFinite(retryAfterMs) ? retryAfterMs : MAX_PAUSE, MAX_PAUSE);
    this.#pausedUntil = Math.max(this.#pausedUntil, now + Math.max(0, pause));
    this.#factor = Math.max(MIN_FACTOR, this.#factor / 2);
    this.#calmSince = this.#pausedUntil;
    this.#tokens = Math.min(this.#tokens, 0);
    this.#updatedAt = Math.max(this.#updatedAt, this.#pausedUntil);
  }
}
