/**
 * The retry policy as pure functions: what to retry, and how long to wait. No I/O here, so every
 * rule is unit-tested without HTTP (the loop that applies them lives in `http.ts`).
 */

/** HTTP methods the SDK sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How a request may be replayed after a failure.
 * - `'auto'`: the method decides (GET, PUT and DELETE are idempotent; POST and PATCH are not).
 * - `'throttledOnly'`: only a 429 (or a timeout before the request left) is replayed. For
 *   `instantiate`, which Graph has been seen to carry out while answering an error (field notes
 *   §1), and for job create and start: a 503 or 504 may hide a request that was carried out, and
 *   a replay would create a duplicate or start a running job.
 * - `'never'`: not even after a 429 (only a timeout before the request left, which nothing can
 *   have seen). The workflows send their creates and starts so, and look before sending again:
 *   "assume every write may have happened", even one Graph answered 429.
 */
export type ReplayPolicy = 'auto' | 'throttledOnly' | 'never';

/** Knobs of the retry loop. */
export interface RetryPolicy {
  /** Retries per logical call (attempts = retries + 1). */
  readonly maxRetries: number;
  /** Longest server-requested wait honoured automatically. */
  readonly maxRetryAfterMs: number;
  /** First backoff delay when the server gives no hint. */
  readonly baseDelayMs: number;
  /** Cap of the backoff delay. */
  readonly maxDelayMs: number;
}

/** Defaults of {@link RetryPolicy} not set through client options. */
export const DEFAULT_BACKOFF = { baseDelayMs: 1_000, maxDelayMs: 30_000 } as const;

/** What one attempt produced, as far as the policy cares. */
export type AttemptOutcome =
  | { readonly type: 'response'; readonly status: number; readonly headers: Headers }
  /** `sent: false`: the time ran out before the request left, so a replay is always safe. */
  | { readonly type: 'timeout'; readonly sent?: boolean }
  | { readonly type: 'network' };

/** What the loop does next. */
export type RetryDecision =
  /** Give up: raise the error for this outcome. */
  | { readonly action: 'fail' }
  /** Wait `delayMs`, then try again. `serverDirected` when the delay came from Retry-After. */
  | { readonly action: 'retry'; readonly delayMs: number; readonly serverDirected: boolean }
  /** The server asked for a wait longer than allowed: raise `ThrottledError` without sleeping. */
  | { readonly action: 'throttle'; readonly retryAfterMs: number };

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);

/** GET, PUT and DELETE may be replayed after an ambiguous failure; POST and PATCH may not. */
export function isIdempotent(method: HttpMethod): boolean {
  return IDEMPOTENT.has(method);
}

/**
 * How retryable an outcome is, before counting attempts:
 * - `'always'`: 429, 503, 504: Graph refused the request (throttling or overload), any method;
 *   and a timeout before the request was sent.
 * - `'idempotent'`: other 5xx, timeouts, network errors: the request may have been carried out.
 * - `'never'`: everything else (4xx, 501, 505).
 */
export function retryClass(outcome: AttemptOutcome): 'always' | 'idempotent' | 'never' {
  if (outcome.type === 'timeout' && outcome.sent === false) return 'always';
  if (outcome.type !== 'response') return 'idempotent';
  const { status } = outcome;
  if (status === 429 || status === 503 || status === 504) return 'always';
  if (status >= 500 && status !== 501 && status !== 505) return 'idempotent';
  return 'never';
}

/**
 * The server's requested delay in milliseconds: `retry-after-ms`, else `Retry-After` as seconds
 * (fractions allowed, e.g. `2.128`) or as an HTTP-date. `undefined` when absent or unreadable;
 * a date in the past means 0.
 */
export function parseRetryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value) * 1000);
  // An HTTP-date names a month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would also
  // accept "-3" as the year -3.
  const date = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with "equal jitter" for retry number `retry` (1-based): half of the
 * exponential step is fixed, half random, so concurrent clients spread out but never retry
 * immediately.
 */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Inputs of {@link decideRetry}. */
export interface RetryContext {
  /** The method of the request. */
  readonly method: HttpMethod;
  /** How the request may be replayed. */
  readonly replay: ReplayPolicy;
  /** Attempts made so far, including the one that produced `outcome` (1-based). */
  readonly attempt: number;
  /** The policy. */
  readonly policy: RetryPolicy;
  /** Current time, for HTTP-date Retry-After. */
  readonly nowMs: number;
  /** Random source in [0, 1), for jitter. */
  readonly random: () => number;
}

/**
 * Decides what follows a failed attempt. A server-given delay is honoured exactly (no jitter)
 * and never shortened: when it exceeds `maxRetryAfterMs` it is handed back as `throttle`.
 */
export function decideRetry(outcome: AttemptOutcome, ctx: RetryContext): RetryDecision {
  const cls = retryClass(outcome);
  // Only these mean Graph did nothing, so even a throttledOnly request may go again.
  const unsent = outcome.type === 'timeout' && outcome.sent === false;
  if (ctx.replay === 'never' && !unsent) return { action: 'fail' };
  const untouched = (outcome.type === 'response' && outcome.status === 429) || unsent;
  const replayable =
    cls === 'always'
      ? ctx.replay === 'auto' || untouched
      : cls === 'idempotent' && ctx.replay === 'auto' && isIdempotent(ctx.method);
  if (!replayable || ctx.attempt > ctx.policy.maxRetries) return { action: 'fail' };

  const hint =
    outcome.type === 'response' ? parseRetryAfterMs(outcome.headers, ctx.nowMs) : undefined;
  if (hint !== undefined) {
    if (hint > ctx.policy.maxRetryAfterMs) return { action: 'throttle', retryAfterMs: hint };
    return { action: 'retry', delayMs: hint, serverDirected: true };
  }
  return {
    action: 'retry',
    delayMs: backoffDelayMs(ctx.attempt, ctx.policy, ctx.random),
    serverDirected: false,
  };
}
