/**
 * Request budgets: Graph's quotas and the check of a caller's own (the pacer that keeps to them,
 * pacer.ts, loads with the workflows and the log export).
 */
import { InvalidInputError } from '../core/errors.js';
import { MAX_TIMER_MS } from '../core/options.js';

/** A request budget: at most `requests` per `windowMs`. */
export interface RequestQuota {
  readonly requests: number;
  readonly windowMs: number;
}

/** Graph's identity write quota per app and tenant. */
export const GRAPH_WRITE_QUOTA: RequestQuota = { requests: 3_000, windowMs: 150_000 };

/**
 * Graph's identity resource-unit budget per app and tenant, for a small tenant (3,500 per 10 s;
 * 5,000 and 8,000 for medium and large ones), each request counted as one unit.
 */
export const GRAPH_REQUEST_QUOTA: RequestQuota = { requests: 3_500, windowMs: 10_000 };

/** Graph's limit on reports, provisioning logs included: 5 requests per 10 seconds. */
export const GRAPH_REPORTS_QUOTA: RequestQuota = { requests: 5, windowMs: 10_000 };

/** Checks a quota option. */
export function checkQuota(field: string, value: unknown, fallback: RequestQuota): RequestQuota {
  if (value === undefined) return fallback;
  const { requests, windowMs } = (value ?? {}) as Partial<RequestQuota>;
  if (
    typeof requests !== 'number' ||
    !Number.isInteger(requests) ||
    requests < 1 ||
    typeof windowMs !== 'number' ||
    !Number.isInteger(windowMs) ||
    windowMs < 1 ||
    windowMs > MAX_TIMER_MS
  ) {
    const message = 'must be { requests, windowMs }, whole numbers of at least 1';
    throw new InvalidInputError(`Invalid ${field}: ${message}`, {
      issues: [{ path: [field], message }],
    });
  }
  return { requests, windowMs };
}
