import { InvalidInputError, type GraphErrorDetails } from './errors.js';
import { MAX_TIMER_MS, type RequestOptions } from './options.js';

/** A retry the HTTP core is about to wait for, as the workflows observe it. */
export interface RetryNotice {
  /**
   * `throttled` for 429 (and 503 with Retry-After), `invalidResponse` for a 2xx body a GET reads
   * again, otherwise what failed.
   */
  readonly reason: 'throttled' | 'server' | 'timeout' | 'network' | 'invalidResponse';
  readonly status: number | undefined;
  readonly delayMs: number;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly method: string;
  /** `GET /v1.0/servicePrincipals/…`, for messages. */
  readonly display: string;
}

/**
 * Hooks the workflows pass with a call (under a symbol key, so they are not a public option):
 * pacing before every attempt, retries and throttling as they happen.
 */
export interface RequestObserver {
  /** Awaited before each attempt: lets a pacer hold writes under Graph's quotas. */
  readonly beforeAttempt?: (method: string, signal: AbortSignal | undefined) => Promise<void>;
  /** Called before the core waits to retry. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Told the details of each 2xx answer (status, Graph's ids, attempts): a call's span. */
  readonly onResponse?: (details: GraphErrorDetails) => void;
  /**
   * Values no error, field or log line of the call may show, besides the request's own: a
   * workflow's credentials, which a later step (a start, a job read) may echo.
   */
  readonly secrets?: readonly string[];
  /**
   * Send the call's POST once (replay policy `'never'`): the workflows look for what
   * an unanswered create or start did before sending it again, 429s included.
   */
  readonly once?: boolean;
}

/** The key of a {@link RequestObserver} in a call's options. */
export const OBSERVE: unique symbol = Symbol('entra-provisioning.observe');

/** `RequestOptions` after checking. */
export interface CheckedRequestOptions {
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly observer: RequestObserver | undefined;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Header values travel as bytes: anything beyond Latin-1, or a line break, cannot be sent.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const KNOWN = new Set(['signal', 'timeoutMs', 'headers']);

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(`Invalid request options: ${path.join('.')} ${message}`, {
    issues: [{ path, message }],
  });
}

/** Duck-typed, so that signals from another realm or polyfill pass. */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function' &&
    typeof (value as AbortSignal).removeEventListener === 'function'
  );
}

/** Checks the last argument of every method, so a mistake is an {@link InvalidInputError}. */
export function checkRequestOptions(options: unknown): CheckedRequestOptions {
  if (options === undefined)
    return { signal: undefined, timeoutMs: undefined, headers: {}, observer: undefined };
  if (typeof options !== 'object' || options === null) fail(['options'], 'must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) fail([key], 'is not a request option (signal, timeoutMs, headers)');
  }
  const { signal, timeoutMs, headers } = options as RequestOptions;
  if (signal !== undefined && !isAbortSignal(signal)) fail(['signal'], 'must be an AbortSignal');
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' ||
      !Number.isInteger(timeoutMs) ||
      timeoutMs < 1 ||
      timeoutMs > MAX_TIMER_MS)
  ) {
    fail(['timeoutMs'], `must be a whole number from 1 to ${String(MAX_TIMER_MS)}`);
  }
  const checked: Record<string, string> = {};
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null) fail(['headers'], 'must be an object');
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name)) fail(['headers', name], 'is not a valid header name');
      if (name.toLowerCase() === 'authorization') {
        fail(['headers', name], 'is set by the client from its credential or accessToken');
      }
      if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
        fail(['headers', name], 'must be a single-line string of Latin-1 characters');
      }
      checked[name] = value;
    }
  }
  const observer = (options as { [OBSERVE]?: RequestObserver })[OBSERVE];
  return { signal, timeoutMs, headers: checked, observer };
}
