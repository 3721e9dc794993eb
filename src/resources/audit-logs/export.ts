/**
 * Exporting provisioning logs: every event in a time range exactly once, walking
 * `activityDateTime` windows oldest first, paced under Graph's reports limit, shrinking the
 * window when throttled, resumable from a checkpoint. Nothing is kept but the current page and
 * the ids of the last millisecond, so memory stays flat whatever the volume.
 */
import * as z from 'zod/mini';
import { InvalidInputError, ThrottledError, isGraphError } from '../../core/errors.js';
import { isUnreadableBody } from '../../core/http.js';
import { MAX_TIMER_MS, type RequestOptions } from '../../core/options.js';
import { OBSERVE, type RequestObserver } from '../../core/request-options.js';
import { invalidInput, parseInput } from '../../core/validation.js';
import type { ProvisioningObjectSummary } from '../../models/provisioning-logs.js';
import {
  GRAPH_REPORTS_QUOTA,
  Pacer,
  checkQuota,
  type RequestQuota,
} from '../../workflows/pacer.js';
import { compileProvisioningLogFilter, type ProvisioningLogFilter } from './provisioning-filter.js';

/** Parameters of {@link ProvisioningLogs.export}. */
export interface ProvisioningLogExportParams {
  /** Conditions besides time (typed, or raw OData joined with `and`). */
  filter?: Omit<ProvisioningLogFilter, 'since' | 'until' | 'activityDateTime'> | string;
  /** Start of the range (inclusive). */
  since: Date | string;
  /** End of the range (exclusive). Default: now, when the export starts (a resumed export keeps the end of the run its checkpoint came from). */
  until?: Date | string;
  /** Resume after the last event of an earlier export of the same range and filter. */
  checkpoint?: string;
  /**
   * First window length. Default: the whole range, which takes the fewest requests; it is
   * halved each time Graph throttles the export anyway, and grows back when windows are sparse.
   */
  windowMs?: number;
  /** Events per page (`$top`). Default 500. */
  pageSize?: number;
  /** The pace of requests. Default Graph's reports limit: 5 requests per 10 seconds. */
  quota?: RequestQuota;
}

/** An export in progress: iterate it; `checkpoint` resumes after the last event it gave you. */
export interface ProvisioningLogExport extends AsyncIterable<ProvisioningObjectSummary> {
  /** A token to pass as `checkpoint` to continue after the last event yielded so far. */
  readonly checkpoint: string | undefined;
  /** Requests sent so far. */
  readonly requests: number;
  /** Times Graph throttled the export anyway (each one shrank the window). */
  readonly throttled: number;
}

const ParamsSchema = z.strictObject({
  filter: z.optional(z.union([z.string(), z.record(z.string(), z.unknown())])),
  since: z.union([z.date(), z.string()]),
  until: z.optional(z.union([z.date(), z.string()])),
  checkpoint: z.optional(z.string()),
  windowMs: z.optional(z.number().check(z.int(), z.positive())),
  pageSize: z.optional(z.number().check(z.int(), z.gte(1), z.lte(999))),
  quota: z.optional(z.unknown()),
});

/** Where an export stands. */
interface Position {
  /** The query the checkpoint belongs to (filter and `since`). */
  q: string;
  /** End of the range (ms): kept, so that an export that defaulted `until` to "now" resumes. */
  u: number;
  /** Time of the last event yielded (ms), or the range start before any. */
  t: number;
  /** Ids yielded within the last millisecond before `t` (boundary duplicates to skip). */
  ids: string[];
  /** Current window length. */
  w: number;
}

/**
 * Failures that say nothing about the export itself (a 5xx, a timeout, a dropped connection, a
 * page cut short), once the client's retries are spent: the window is read again.
 */
function isTransient(error: unknown): boolean {
  return (
    isUnreadableBody(error) ||
    (isGraphError(error) &&
      (['server', 'timeout', 'network'] as const).some((k) => k === error.kind))
  );
}

const EPSILON_MS = 1;
/** Throttled windows in a row, with no progress, before the export gives up. */
const MAX_STALLS = 8;
const MIN_WINDOW_MS = 1_000;
/** Ids kept for the last millisecond (more events in one millisecond may repeat on resume). */
const MAX_BOUNDARY_IDS = 10_000;

function encode(position: Position): string {
  return btoa(JSON.stringify(position)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decode(token: string, query: string, since: number, until: number | undefined): Position {
  try {
    const value = JSON.parse(
      atob(token.replace(/-/g, '+').replace(/_/g, '/')),
    ) as Partial<Position>;
    const u = value.u;
    if (
      value.q === query &&
      typeof u === 'number' &&
      Number.isSafeInteger(u) &&
      u > since &&
      (until === undefined || until === u) &&
      typeof value.t === 'number' &&
      Number.isSafeInteger(value.t) &&
      value.t >= since &&
      value.t <= u &&
      Array.isArray(value.ids) &&
      value.ids.length <= MAX_BOUNDARY_IDS &&
      value.ids.every((id) => typeof id === 'string') &&
      typeof value.w === 'number' &&
      Number.isSafeInteger(value.w) &&
      value.w >= 1
    ) {
      return value as Position;
    }
  } catch {
    // reported below
  }
  throw new InvalidInputError(
    'Invalid checkpoint: it is not one this export produced for the same range and filter.',
    { issues: [{ path: ['checkpoint'], message: 'does not belong to this export' }] },
  );
}

function instant(field: string, value: Date | string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) invalidInput(field, 'is not a valid date');
  return ms;
}

/** A page source: the list call of the logs resource. */
export type ListPages = (
  filter: string,
  pageSize: number,
  options: RequestOptions,
) => AsyncIterable<{ items: ProvisioningObjectSummary[] }>;

/** Builds the export (nothing is sent until it is iterated). */
export function createLogExport(
  listPages: ListPages,
  apiVersion: string,
  params: ProvisioningLogExportParams,
  options: RequestOptions = {},
  maxPauseMs?: number,
): ProvisioningLogExport {
  const p = parseInput(ParamsSchema, params, 'export() params');
  const filter = params.filter;
  if (typeof filter === 'object') {
    for (const key of ['since', 'until', 'activityDateTime']) {
      if (key in filter)
        invalidInput(`filter.${key}`, 'the export sets the time range: use since and until');
    }
  }
  const base = filter === undefined ? undefined : compileProvisioningLogFilter(filter, apiVersion);
  const since = instant('since', p.since);
  const givenUntil = p.until === undefined ? undefined : instant('until', p.until);
  const query = JSON.stringify([base ?? '', since]);
  let position: Position;
  if (p.checkpoint === undefined) {
    const end = givenUntil ?? Date.now();
    if (!(since < end)) invalidInput('until', 'must be later than since');
    position = { q: query, u: end, t: since, ids: [], w: p.windowMs ?? end - since };
  } else {
    if (givenUntil !== undefined && !(since < givenUntil))
      invalidInput('until', 'must be later than since');
    // Resuming: the range ends where the first run's did, "now" then included.
    position = decode(p.checkpoint, query, since, givenUntil);
  }
  const until = position.u;
  const quota = checkQuota('quota', p.quota, GRAPH_REPORTS_QUOTA);
  const pageSize = p.pageSize ?? 500;
  // A Retry-After longer than the client waits out ends the export with a ThrottledError (resume
  // from the checkpoint later) rather than a pause of days.
  const pacer = new Pacer(quota, Date.now, maxPauseMs);
  const state = { requests: 0, throttled: 0 };
  // Encoded when asked for, not per event: most exports never read it until they stop.
  let checkpoint: { position: Position; token: string } | undefined;
  const observer: RequestObserver = {
    beforeAttempt: async (_method, signal) => {
      await pacer.acquire(signal);
      state.requests += 1;
    },
    onRetry: (notice) => {
      if (notice.reason === 'throttled') {
        pacer.throttled(notice.delayMs);
        state.throttled += 1;
      }
    },
  };
  const call = { ...options, [OBSERVE]: observer } as RequestOptions;
  // The checkpoint a caller passed in stands until the export moves.
  let moved = false;

  async function* run(): AsyncGenerator<ProvisioningObjectSummary> {
    let windowMs = position.w;
    let stalled = 0;
    while (position.t < until) {
      // (t - ε, end): events at the boundary millisecond come again and are skipped by id.
      const start = position.t;
      const end = Math.min(until, start + windowMs);
      const time = `activityDateTime gt ${new Date(start - EPSILON_MS).toISOString()} and activityDateTime lt ${new Date(end).toISOString()}`;
      const compiled = base === undefined ? time : `(${base}) and ${time}`;
      const skip = new Set(position.ids);
      let pages = 0;
      try {
        for await (const page of listPages(compiled, pageSize, call)) {
          pages += 1;
          for (const event of page.items) {
            if (skip.has(event.id)) continue;
            const t = Date.parse(event.activityDateTime ?? '');
            const at = Number.isNaN(t) ? position.t : t;
            // Keep the ids of the last millisecond only: they are all a resume can meet again.
            const ids =
              at - EPSILON_MS < position.t
                ? position.ids.length < MAX_BOUNDARY_IDS
                  ? [...position.ids, event.id]
                  : position.ids
                : [event.id];
            position = { q: query, u: until, t: Math.max(position.t, at), ids, w: windowMs };
            moved = true;
            yield event;
          }
        }
      } catch (error) {
        if (isTransient(error)) {
          // A failure the client's own retries did not outlast: go on from where we are (the
          // position moved only for events already yielded), unless it keeps failing with no
          // event coming through.
          stalled = pages === 0 ? stalled + 1 : 0;
          if (stalled >= MAX_STALLS) throw error;
          continue;
        }
        if (!(error instanceof ThrottledError)) throw error;
        // Throttled beyond what the client waits out: smaller windows, and resume where we are,
        // unless Graph keeps refusing without letting a single event through, or asks for a
        // wait longer than the client honours.
        stalled = pages === 0 ? stalled + 1 : 0;
        if (stalled >= MAX_STALLS || error.retryAfterMs > (maxPauseMs ?? MAX_TIMER_MS)) throw error;
        state.throttled += 1;
        pacer.throttled(error.retryAfterMs);
        windowMs = Math.max(MIN_WINDOW_MS, Math.floor(windowMs / 2));
        position = { ...position, w: windowMs };
        moved = true;
        continue;
      }
      // The window is done: the next starts where it ended.
      if (pages <= 1 && end < until) windowMs = Math.min(windowMs * 2, until - since);
      else if (pages > 8) windowMs = Math.max(MIN_WINDOW_MS, Math.floor(windowMs / 2));
      position = {
        q: query,
        u: until,
        t: end,
        ids: position.t >= end - EPSILON_MS ? position.ids : [],
        w: windowMs,
      };
      moved = true;
    }
  }

  return {
    get checkpoint() {
      if (!moved) return p.checkpoint;
      if (checkpoint?.position !== position) checkpoint = { position, token: encode(position) };
      return checkpoint.token;
    },
    get requests() {
      return state.requests;
    },
    get throttled() {
      return state.throttled;
    },
    [Symbol.asyncIterator]: () => run(),
  };
}
