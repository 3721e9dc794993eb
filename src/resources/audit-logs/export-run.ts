/**
 * The walk of a provisioning-log export (loaded with its first iteration; export.ts checks the
 * parameters and holds where the export stands).
 */
import { ThrottledError, isGraphError } from '../../core/errors.js';
import { isUnreadableBody } from '../../core/http.js';
import { eachItem } from '../../core/paging.js';
import { MAX_TIMER_MS, type RequestOptions } from '../../core/options.js';
import { OBSERVE, type RequestObserver } from '../../core/request-options.js';
import type { ProvisioningObjectSummary } from '../../models/provisioning-logs.js';
import { Pacer } from '../../workflows/pacer.js';
import { MAX_BOUNDARY_IDS, type ExportRun } from './export.js';

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

/** How far back each window starts: events at the boundary millisecond come again, skipped by id. */
const EPSILON_MS = 1;
/** Throttled windows in a row, with no progress, before the export gives up. */
const MAX_STALLS = 8;
const MIN_WINDOW_MS = 1_000;

/**
 * The export's requests, paced and counted, with the caller's options: one pacer per export,
 * however many times it is iterated.
 */
function pacedOptions(run: ExportRun): { pacer: Pacer; call: RequestOptions } {
  if (run.paced !== undefined) return run.paced;
  // A Retry-After longer than the client waits out ends the export with a ThrottledError (resume
  // from the checkpoint later) rather than a pause of days.
  const pacer = new Pacer(run.quota, Date.now, run.maxPauseMs);
  const observer: RequestObserver = {
    beforeAttempt: async (_method, signal) => {
      await pacer.acquire(signal);
      run.requests += 1;
    },
    onRetry: (notice) => {
      if (notice.reason === 'throttled') {
        pacer.throttled(notice.delayMs);
        run.throttled += 1;
      }
    },
  };
  run.paced = { pacer, call: { ...run.options, [OBSERVE]: observer } as RequestOptions };
  return run.paced;
}

/**
 * Walks `activityDateTime` windows from where `run` stands to its end, yielding each event once
 * and moving `run.position` past it.
 */
export async function* walkExport(run: ExportRun): AsyncGenerator<ProvisioningObjectSummary> {
  const { pacer, call } = pacedOptions(run);
  let windowMs = run.position.w;
  let stalled = 0;
  while (run.position.t < run.until) {
    // (t - ε, end): events at the boundary millisecond come again and are skipped by id.
    const start = run.position.t;
    const end = Math.min(run.until, start + windowMs);
    const time = `activityDateTime gt ${new Date(start - EPSILON_MS).toISOString()} and activityDateTime lt ${new Date(end).toISOString()}`;
    const compiled = run.base === undefined ? time : `(${run.base}) and ${time}`;
    const skip = new Set(run.position.ids);
    let pages = 0;
    try {
      const events = eachItem(run.listPages(compiled, run.pageSize, call), () => {
        pages += 1;
      });
      for await (const event of events) {
        if (skip.has(event.id)) continue;
        const t = Date.parse(event.activityDateTime ?? '');
        const at = Number.isNaN(t) ? run.position.t : t;
        // Keep the ids of the last millisecond only: they are all a resume can meet again.
        const ids =
          at - EPSILON_MS < run.position.t
            ? run.position.ids.length < MAX_BOUNDARY_IDS
              ? [...run.position.ids, event.id]
              : run.position.ids
            : [event.id];
        run.position = {
          q: run.query,
          u: run.until,
          t: Math.max(run.position.t, at),
          ids,
          w: windowMs,
        };
        run.moved = true;
        yield event;
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
      if (stalled >= MAX_STALLS || error.retryAfterMs > (run.maxPauseMs ?? MAX_TIMER_MS))
        throw error;
      run.throttled += 1;
      pacer.throttled(error.retryAfterMs);
      windowMs = Math.max(MIN_WINDOW_MS, Math.floor(windowMs / 2));
      run.position = { ...run.position, w: windowMs };
      run.moved = true;
      continue;
    }
    // The window is done: the next starts where it ended.
    if (pages <= 1 && end < run.until) windowMs = Math.min(windowMs * 2, run.until - run.since);
    else if (pages > 8) windowMs = Math.max(MIN_WINDOW_MS, Math.floor(windowMs / 2));
    run.position = {
      q: run.query,
      u: run.until,
      t: end,
      ids: run.position.t >= end - EPSILON_MS ? run.position.ids : [],
      w: windowMs,
    };
    run.moved = true;
  }
}
