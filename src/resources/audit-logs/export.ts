/**
 * Exporting provisioning logs: every event in a time range exactly once, walking
 * `activityDateTime` windows oldest first, paced under Graph's reports limit, shrinking the
 * window when throttled, resumable from a checkpoint. Nothing is kept but the current page and
 * the ids of the last millisecond, so memory stays flat whatever the volume.
 */
import * as z from 'zod/mini';
import { InvalidInputError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/options.js';
import { invalidInput, parseInput } from '../../core/validation.js';
import type { ProvisioningObjectSummary } from '../../models/provisioning-logs.js';
import type { Pacer } from '../../workflows/pacer.js';
import { GRAPH_REPORTS_QUOTA, checkQuota, type RequestQuota } from '../../workflows/quota.js';
import { onDemandModule } from '../deferred.js';
import { compileProvisioningLogFilter, type ProvisioningLogFilter } from './provisioning-filter.js';
import { lazySchema } from '../../internal/lazy-schema.js';

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

const ParamsSchema = lazySchema(() =>
  z.strictObject({
    filter: z.optional(z.union([z.string(), z.record(z.string(), z.unknown())])),
    since: z.union([z.date(), z.string()]),
    until: z.optional(z.union([z.date(), z.string()])),
    checkpoint: z.optional(z.string()),
    windowMs: z.optional(z.number().check(z.int(), z.positive())),
    pageSize: z.optional(z.number().check(z.int(), z.gte(1), z.lte(999))),
    quota: z.optional(z.unknown()),
  }),
);

/** Where an export stands. */
export interface Position {
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

/** Ids kept for the last millisecond (more events in one millisecond may repeat on resume). */
export const MAX_BOUNDARY_IDS = 10_000;

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

/**
 * An export's range and pace, and where it stands: shared by the export object and its walk
 * (export-run.ts, loaded with the first iteration).
 */
export interface ExportRun {
  readonly listPages: ListPages;
  /** The caller's filter, compiled (the time range is added per window). */
  readonly base: string | undefined;
  /** What a checkpoint must belong to (filter and `since`). */
  readonly query: string;
  readonly since: number;
  readonly until: number;
  readonly pageSize: number;
  readonly quota: RequestQuota;
  readonly options: RequestOptions;
  readonly maxPauseMs: number | undefined;
  position: Position;
  /** Whether the export moved past the checkpoint it was given. */
  moved: boolean;
  requests: number;
  throttled: number;
  /** The pacer and the paced request options, made with the first iteration. */
  paced?: { pacer: Pacer; call: RequestOptions };
}

/** The walk, loaded with the first iteration. */
async function* walk(run: ExportRun): AsyncGenerator<ProvisioningObjectSummary> {
  const { walkExport } = await onDemandModule.load();
  yield* walkExport(run);
}

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
  const run: ExportRun = {
    listPages,
    base,
    query,
    since,
    until: position.u,
    pageSize: p.pageSize ?? 500,
    quota: checkQuota('quota', p.quota, GRAPH_REPORTS_QUOTA),
    options,
    maxPauseMs,
    position,
    moved: false,
    requests: 0,
    throttled: 0,
  };
  // Encoded when asked for, not per event: most exports never read it until they stop.
  let checkpoint: { position: Position; token: string } | undefined;
  return {
    get checkpoint() {
      // The checkpoint a caller passed in stands until the export moves.
      if (!run.moved) return p.checkpoint;
      if (checkpoint?.position !== run.position) {
        checkpoint = { position: run.position, token: encode(run.position) };
      }
      return checkpoint.token;
    },
    get requests() {
      return run.requests;
    },
    get throttled() {
      return run.throttled;
    },
    [Symbol.asyncIterator]: () => walk(run),
  };
}
