import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  decideRetry,
  isIdempotent,
  parseRetryAfterMs,
  retryClass,
  type AttemptOutcome,
  type RetryContext,
} from '../../src/core/retry.js';

const policy = { maxRetries: 3, maxRetryAfterMs: 120_000, baseDelayMs: 1_000, maxDelayMs: 30_000 };
const NOW = Date.parse('2026-11-23T10:00:00Z');

function response(status: number, headers: Record<string, string> = {}): AttemptOutcome {
  return { type: 'response', status, headers: new Headers(headers) };
}

function ctx(overrides: Partial<RetryContext> = {}): RetryContext {
  return {
    method: 'GET',
    replay: 'auto',
    attempt: 1,
    policy,
    nowMs: NOW,
    random: () => 0.5,
    ...overrides,
  };
}

describe('parseRetryAfterMs', () => {
  it('reads Retry-After in whole seconds', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': '7' }), NOW)).toBe(7_000);
  });

  it('reads fractional seconds as Graph sends them (2.128)', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': '2.128' }), NOW)).toBe(2_128);
  });

  it('reads an HTTP-date relative to now', () => {
    const date = new Date(NOW + 30_000).toUTCString();
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': date }), NOW)).toBe(30_000);
  });

  it('treats an HTTP-date in the past as no wait', () => {
    const date = new Date(NOW - 60_000).toUTCString();
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': date }), NOW)).toBe(0);
  });

  it('prefers retry-after-ms over Retry-After', () => {
    const headers = new Headers({ 'retry-after-ms': '250', 'Retry-After': '9' });
    expect(parseRetryAfterMs(headers, NOW)).toBe(250);
  });

  it('ignores an unreadable value', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': 'soon' }), NOW)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': '-3' }), NOW)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), NOW)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('doubles per retry with equal jitter between half and the full step', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 0.999999)).toBe(1_000);
    expect(backoffDelayMs(2, policy, () => 0)).toBe(1_000);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(3_000);
  });

  it('is capped at maxDelayMs', () => {
    expect(backoffDelayMs(20, policy, () => 0.999999)).toBe(30_000);
  });
});

describe('retry classification', () => {
  it('treats only GET, PUT and DELETE as idempotent', () => {
    expect(isIdempotent('GET')).toBe(true);
    expect(isIdempotent('PUT')).toBe(true);
    expect(isIdempotent('DELETE')).toBe(true);
    expect(isIdempotent('POST')).toBe(false);
    expect(isIdempotent('PATCH')).toBe(false);
  });

  it.each([
    [429, 'always'],
    [503, 'always'],
    [504, 'always'],
    [500, 'idempotent'],
    [502, 'idempotent'],
    [507, 'idempotent'],
    [501, 'never'],
    [505, 'never'],
    [400, 'never'],
    [404, 'never'],
    [409, 'never'],
  ] as const)('classifies %i as %s', (status, expected) => {
    expect(retryClass(response(status))).toBe(expected);
  });

  it('classifies timeouts and network errors as retryable only when idempotent', () => {
    expect(retryClass({ type: 'timeout' })).toBe('idempotent');
    expect(retryClass({ type: 'network' })).toBe('idempotent');
  });
});

describe('decideRetry', () => {
  it('retries a 429 on POST, waiting exactly Retry-After without jitter', () => {
    expect(decideRetry(response(429, { 'Retry-After': '3' }), ctx({ method: 'POST' }))).toEqual({
      action: 'retry',
      delayMs: 3_000,
      serverDirected: true,
    });
  });

  it('retries 503 and 504 for every method', () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      expect(decideRetry(response(503), ctx({ method })).action).toBe('retry');
      expect(decideRetry(response(504), ctx({ method })).action).toBe('retry');
    }
  });

  it('retries 502 on GET but not on POST', () => {
    expect(decideRetry(response(502), ctx({ method: 'GET' })).action).toBe('retry');
    expect(decideRetry(response(502), ctx({ method: 'POST' })).action).toBe('fail');
  });

  it('retries timeouts and network errors on PUT but not on POST', () => {
    expect(decideRetry({ type: 'timeout' }, ctx({ method: 'PUT' })).action).toBe('retry');
    expect(decideRetry({ type: 'network' }, ctx({ method: 'DELETE' })).action).toBe('retry');
    expect(decideRetry({ type: 'timeout' }, ctx({ method: 'POST' })).action).toBe('fail');
    expect(decideRetry({ type: 'network' }, ctx({ method: 'POST' })).action).toBe('fail');
  });

  it('replays a throttledOnly request (instantiate) after 429 but never after 503, 504 or 5xx', () => {
    const only = ctx({ method: 'POST', replay: 'throttledOnly' });
    expect(decideRetry(response(429), only).action).toBe('retry');
    expect(decideRetry(response(503), only).action).toBe('fail');
    expect(decideRetry(response(504), only).action).toBe('fail');
    expect(decideRetry(response(500), only).action).toBe('fail');
    expect(decideRetry({ type: 'timeout' }, only).action).toBe('fail');
  });

  it('never retries 4xx other than 429', () => {
    for (const status of [400, 401, 403, 404, 409, 412]) {
      expect(decideRetry(response(status), ctx()).action).toBe('fail');
    }
  });

  it('stops after maxRetries', () => {
    expect(decideRetry(response(503), ctx({ attempt: 3 })).action).toBe('retry');
    expect(decideRetry(response(503), ctx({ attempt: 4 })).action).toBe('fail');
    expect(
      decideRetry(response(503), ctx({ attempt: 1, policy: { ...policy, maxRetries: 0 } })).action,
    ).toBe('fail');
  });

  it('hands back a server wait longer than maxRetryAfterMs instead of sleeping', () => {
    expect(decideRetry(response(429, { 'Retry-After': '121' }), ctx())).toEqual({
      action: 'throttle',
      retryAfterMs: 121_000,
    });
  });

  it('backs off exponentially when the server gives no hint', () => {
    expect(decideRetry(response(503), ctx({ attempt: 2, random: () => 0 }))).toEqual({
      action: 'retry',
      delayMs: 1_000,
      serverDirected: false,
    });
  });
});
