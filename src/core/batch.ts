/**
 * Graph's JSON batching for reads: many independent GETs sent 20 to a `POST /$batch`, each
 * inner answer turned into the same typed result or {@link GraphError} as the single call, and
 * each inner 429 or 5xx read again in a later batch after its own wait. Loaded on first use.
 *
 * Only reads are batched: a batch that times out or whose connection drops leaves each write in
 * it done or not, which the SDK's writes (looked for before any is sent again) are built to
 * avoid guessing one request at a time.
 */
import { sleep } from '../internal/abort.js';
import { scrub, scrubbedError } from '../internal/redact.js';
import {
  AbortedError,
  InvalidInputError,
  InvalidResponseError,
  isGraphError,
  type AnyGraphError,
  type GraphErrorDetails,
} from './errors.js';
import { failures, type GraphResponse, type HttpCore, type RequestSpec } from './http.js';
import { queryString } from './odata.js';
import type { RequestOptions } from './options.js';
import { checkRequestOptions, OBSERVE, type RequestObserver } from './request-options.js';
import { backoffDelayMs, decideRetry } from './retry.js';
import type { ReadSpan, TracedRetry } from './tracing.js';

/** Graph's limit: at most 20 requests in one JSON batch. */
export const MAX_BATCH_SIZE = 20;

/** A 2xx inner answer, its body already decoded from the batch's JSON. */
export interface BatchItemResponse extends GraphResponse {
  readonly body: unknown;
}

/** One read to batch: a GET, and how its 2xx answer becomes a value. */
export interface BatchRead<T> {
  /** The request, as a single call would send it (`method` must be `'GET'`). */
  readonly spec: RequestSpec;
  /** Validates and shapes a 2xx answer; throws a {@link GraphError} when it cannot be used. */
  readonly decode: (response: BatchItemResponse) => T;
}

/** What became of one read: its value, or the error the single call would have thrown. */
export type BatchOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AnyGraphError };

/** Options of {@link readBatched}. */
export interface BatchOptions extends Pick<RequestOptions, 'signal' | 'timeoutMs'> {
  /** Batches in flight at once (default 4). */
  readonly concurrency?: number;
  /** Requests per batch, 1 to 20 (default 20). */
  readonly batchSize?: number;
  /**
   * Awaited once for every inner request each time its batch is sent (a batch sent again after
   * a 503 or a dropped connection too): a pacer's `acquire`, so that quotas count each request
   * of a batch, not the batch.
   */
  readonly beforeRequest?: (signal: AbortSignal | undefined) => Promise<void>;
  /** Told the wait an inner 429 asked for (a pacer slows down). */
  readonly onThrottled?: (retryAfterMs: number) => void;
  /** Told after each batch's answer: how many requests it carried, and the answer. */
  readonly onBatch?: (size: number, response: GraphResponse) => void;
  /** Told after each batch how many reads have their outcome, of how many. */
  readonly onProgress?: (settled: number, of: number) => void;
  /**
   * Options of each batch's `POST /$batch` itself (its own pacing, retries, headers); `signal`
   * and `timeoutMs` apply when this is absent.
   */
  readonly requestOptions?: RequestOptions;
}

interface Entry {
  readonly index: number;
  readonly version: string;
  /** Attempts made so far. */
  attempts: number;
  /** Not sent again before this time (`Date.now()`). */
  notBefore: number;
}

interface InnerAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * Reads every request of `reads` through JSON batches, 20 at a time (never more: Graph refuses
 * a bigger batch), and returns one outcome per read, in the order of `reads`. A read that Graph
 * throttles (429, with its own `Retry-After`), or that fails as a GET may be retried (5xx, an
 * unreadable body, no answer in the batch), goes again in a later batch, up to the client's
 * `maxRetries`. A batch that fails as a whole (after the client's retries) fails each of its
 * reads with that error.
 *
 * @throws {@link InvalidInputError} for a read that is not a GET, or bad options, before any
 *   request.
 * @throws {@link AbortedError} when `signal` fires.
 */
export async function readBatched<T>(
  core: HttpCore,
  reads: readonly BatchRead<T>[],
  options: BatchOptions = {},
): Promise<BatchOutcome<T>[]> {
  const { concurrency, batchSize } = checkArgs(reads, options);
  const outcomes: (BatchOutcome<T> | undefined)[] = new Array<BatchOutcome<T> | undefined>(
    reads.length,
  );
  const queue: Entry[] = reads.map((read, index) => ({
    index,
    version: read.spec.version ?? core.apiVersion,
    attempts: 0,
    notBefore: 0,
  }));
  // One span per read (the POST /$batch that carries it has its own, as every call does).
  const tracing = await core.tracing();
  const spans = reads.map((read) => tracing?.read(core, read.spec));
  const run = new BatchRun(core, reads, outcomes, queue, options, batchSize, spans);
  try {
    await drain(run, reads.length, options, concurrency, queue);
  } catch (error) {
    for (const span of spans) span?.end(error, false);
    throw error;
  }
  return outcomes.map((outcome, i) => {
    if (outcome !== undefined) return outcome;
    const error = new InvalidResponseError(`no answer was read for reads[${String(i)}]`, {
      issues: [{ path: [], message: 'no answer' }],
    });
    spans[i]?.end(error, false);
    return { ok: false, error };
  });
}

/** Sends the queued reads, `concurrency` batches at a time, until each has its outcome. */
async function drain<T>(
  run: BatchRun<T>,
  count: number,
  options: BatchOptions,
  concurrency: number,
  queue: readonly Entry[],
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const { signal } = options;
  // One timer for the earliest delayed read, kept across turns of the loop until it fires.
  let nap: { readonly until: number; readonly done: Promise<unknown> } | undefined;
  while (queue.length > 0 || inFlight.size > 0) {
    if (signal?.aborted)
      throw new AbortedError('the batched reads were aborted', { cause: signal.reason });
    while (inFlight.size < concurrency) {
      const group = run.takeReady();
      if (group === undefined) break;
      const sending: Promise<void> = run
        .send(group)
        .then(() => options.onProgress?.(run.settled, count))
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    const waits: Promise<unknown>[] = [...inFlight];
    const next = run.nextReadyAt();
    if (next !== undefined && inFlight.size < concurrency) {
      if (nap?.until !== next) {
        const until = next;
        const done = sleep(Math.max(0, until - Date.now()), signal).finally(() => {
          if (nap?.until === until) nap = undefined;
        });
        nap = { until, done };
      }
      waits.push(nap.done);
    }
    if (waits.length === 0) break;
    try {
      await Promise.race(waits);
    } catch (reason) {
      if (signal?.aborted) {
        throw new AbortedError('the batched reads were aborted', { cause: signal.reason });
      }
      throw reason;
    }
  }
}

/** Checks the arguments of {@link readBatched} before any request. */
function checkArgs(
  reads: readonly BatchRead<unknown>[],
  options: BatchOptions,
): { concurrency: number; batchSize: number } {
  if (typeof options !== 'object' || (options as BatchOptions | null) === null) {
    throw new InvalidInputError('Invalid options: must be an object', {
      issues: [{ path: ['options'], message: 'must be an object' }],
    });
  }
  checkRequestOptions({
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  if (options.requestOptions !== undefined) checkRequestOptions(options.requestOptions);
  if (!(reads instanceof Array)) {
    throw new InvalidInputError('Invalid reads: must be an array', {
      issues: [{ path: ['reads'], message: 'must be an array' }],
    });
  }
  reads.forEach((read: BatchRead<unknown> | null | undefined, i) => {
    if (typeof read?.decode !== 'function' || typeof read.spec !== 'object') {
      const message = 'must be { spec, decode }';
      throw new InvalidInputError(`Invalid reads[${String(i)}]: ${message}`, {
        issues: [{ path: ['reads', i], message }],
      });
    }
    if (read.spec.method !== 'GET') {
      const message = `only GET requests are batched, got ${read.spec.method}`;
      throw new InvalidInputError(`Invalid reads[${String(i)}]: ${message}`, {
        issues: [{ path: ['reads', i, 'method'], message }],
      });
    }
  });
  return {
    concurrency: checkCount('concurrency', options.concurrency, 4, 64),
    batchSize: checkCount('batchSize', options.batchSize, MAX_BATCH_SIZE, MAX_BATCH_SIZE),
  };
}

/** The state of one {@link readBatched} call. */
class BatchRun<T> {
  /** Reads with an outcome so far. */
  settled = 0;

  constructor(
    private readonly core: HttpCore,
    private readonly reads: readonly BatchRead<T>[],
    private readonly outcomes: (BatchOutcome<T> | undefined)[],
    private readonly queue: Entry[],
    private readonly options: BatchOptions,
    private readonly batchSize: number,
    private readonly spans: readonly (ReadSpan | undefined)[],
  ) {}

  /** Up to a batch of reads ready to go, of one API version, in the order they were queued. */
  takeReady(): Entry[] | undefined {
    const now = Date.now();
    const first = this.queue.find((e) => e.notBefore <= now);
    if (first === undefined) return undefined;
    const group: Entry[] = [];
    for (let i = 0; i < this.queue.length && group.length < this.batchSize;) {
      const entry = this.queue[i] as Entry;
      if (entry.notBefore <= now && entry.version === first.version) {
        group.push(entry);
        this.queue.splice(i, 1);
      } else i++;
    }
    return group;
  }

  /** When the earliest read waiting out a delay may go. */
  nextReadyAt(): number | undefined {
    let next: number | undefined;
    for (const entry of this.queue) {
      if (next === undefined || entry.notBefore < next) next = entry.notBefore;
    }
    return next;
  }

  async send(group: Entry[]): Promise<void> {
    for (const entry of group) entry.attempts += 1;
    const version = (group[0] as Entry).version;
    const body = {
      requests: group.map((entry) => {
        const spec = (this.reads[entry.index] as BatchRead<T>).spec;
        return {
          id: String(entry.index),
          method: 'GET',
          url: relativeUrl(spec),
          ...(spec.headers === undefined ? {} : { headers: spec.headers }),
        };
      }),
    };
    let response: GraphResponse;
    try {
      response = await this.core.send(
        { method: 'POST', path: '/$batch', body, version, readOnly: true, model: 'batch response' },
        this.#callOptions(group.length),
      );
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      for (const entry of group) this.settle(entry, { ok: false, error: asGraphError(error) });
      return;
    }
    this.options.onBatch?.(group.length, response);
    let answers: Map<string, InnerAnswer>;
    try {
      answers = readAnswers(response);
    } catch (error) {
      // A batch answer cut short (or not one at all) is read again, as a GET's would be.
      for (const entry of group) this.#again(entry, asGraphError(error, response));
      return;
    }
    const retries: Promise<void>[] = [];
    for (const entry of group) {
      retries.push(this.#answer(entry, answers.get(String(entry.index)), response));
    }
    await Promise.all(retries);
  }

  async #answer(
    entry: Entry,
    answer: InnerAnswer | undefined,
    batch: GraphResponse,
  ): Promise<void> {
    const read = this.reads[entry.index] as BatchRead<T>;
    const spec = read.spec;
    const display = scrub(`GET /${entry.version}${spec.path}`, batch.sensitive);
    const requestId = answer?.headers.get('request-id') ?? undefined;
    const details: GraphErrorDetails = {
      method: 'GET',
      url: scrub(`${this.core.baseUrl}/${entry.version}${relativeUrl(spec)}`, batch.sensitive),
      attempts: entry.attempts,
      ...(batch.details.clientRequestId === undefined
        ? {}
        : { clientRequestId: batch.details.clientRequestId }),
      ...(answer === undefined ? {} : { status: answer.status }),
      ...(requestId === undefined ? {} : { requestId: scrub(requestId, batch.sensitive) }),
    };
    if (answer === undefined || (isSuccess(answer.status) && !isObjectBody(answer.body))) {
      const why = answer === undefined ? 'no answer for it' : 'an unreadable body';
      const error = new InvalidResponseError(`Graph's $batch answer to ${display} has ${why}`, {
        ...details,
        issues: [{ path: ['responses'], message: why }],
      });
      this.#again(entry, error);
      return;
    }
    if (isSuccess(answer.status)) {
      const response: BatchItemResponse = {
        status: answer.status,
        headers: answer.headers,
        text: JSON.stringify(answer.body),
        body: answer.body,
        display,
        details,
        sensitive: batch.sensitive,
      };
      try {
        this.settle(entry, { ok: true, value: read.decode(response) }, details);
      } catch (error) {
        this.settle(entry, { ok: false, error: asGraphError(error, response) });
      }
      return;
    }
    await this.#failed(entry, answer, display, details, batch.sensitive);
  }

  /** A non-2xx inner answer: read again in a later batch when a GET would be, else its error. */
  async #failed(
    entry: Entry,
    answer: InnerAnswer,
    display: string,
    details: GraphErrorDetails,
    sensitive: readonly string[],
  ): Promise<void> {
    const spec = (this.reads[entry.index] as BatchRead<T>).spec;
    const { policy, random } = this.core.retrying;
    const raw = {
      status: answer.status,
      headers: answer.headers,
      text: answer.body === undefined ? '' : JSON.stringify(answer.body),
    };
    const decision = decideRetry(
      { type: 'response', status: raw.status, headers: raw.headers },
      {
        method: 'GET',
        replay: spec.replay ?? 'auto',
        attempt: entry.attempts,
        policy,
        nowMs: Date.now(),
        random,
      },
    );
    if (decision.action === 'retry') {
      if (raw.status === 429) this.options.onThrottled?.(decision.delayMs);
      this.core.logger?.warn(
        `${String(raw.status)} from ${display} in a batch; reading it again in a later batch in ${String(decision.delayMs)} ms (attempt ${String(entry.attempts + 1)} of ${String(policy.maxRetries + 1)})`,
      );
      this.#requeue(entry, {
        reason:
          raw.status === 429 || (raw.status === 503 && decision.serverDirected)
            ? 'throttled'
            : 'server',
        status: raw.status,
        delayMs: decision.delayMs,
        attempt: entry.attempts,
      });
      return;
    }
    const { failureError } = await failures.load();
    const error = failureError(
      { type: 'response', response: raw },
      {
        spec,
        sensitive,
        display,
        details,
        timeoutMs: this.options.timeoutMs ?? 0,
        backoff: (n) => backoffDelayMs(n, policy, random),
      },
      decision.action === 'throttle' ? decision.retryAfterMs : undefined,
    );
    this.settle(entry, { ok: false, error });
  }

  /** Reads `entry` again after a backoff, or settles it with `error` when out of retries. */
  #again(entry: Entry, error: AnyGraphError): void {
    const { policy, random } = this.core.retrying;
    if (entry.attempts > policy.maxRetries) {
      this.settle(entry, { ok: false, error });
      return;
    }
    this.#requeue(entry, {
      reason: 'invalidResponse',
      status: error.status,
      delayMs: backoffDelayMs(entry.attempts, policy, random),
      attempt: entry.attempts,
    });
  }

  /** Queues `entry` for a later batch once the retry's delay is over. */
  #requeue(entry: Entry, retry: TracedRetry): void {
    this.spans[entry.index]?.retry(retry);
    entry.notBefore = Date.now() + retry.delayMs;
    this.queue.push(entry);
  }

  /** Records a read's outcome (and ends its span: `details` are a 2xx answer's). */
  settle(entry: Entry, outcome: BatchOutcome<T>, details?: GraphErrorDetails): void {
    if (this.outcomes[entry.index] === undefined) this.settled += 1;
    this.outcomes[entry.index] = outcome;
    this.spans[entry.index]?.end(outcome.ok ? details : outcome.error, outcome.ok);
  }

  /**
   * The options of one batch's POST: each attempt (the first, and each the core makes after a
   * 503 or a dropped connection) first awaits `beforeRequest` once per request it carries.
   */
  #callOptions(size: number): RequestOptions {
    const { signal, timeoutMs, beforeRequest, requestOptions } = this.options;
    const base: RequestOptions = requestOptions ?? {
      ...(signal === undefined ? {} : { signal }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
    if (beforeRequest === undefined) return base;
    const outer = (base as { [OBSERVE]?: RequestObserver })[OBSERVE];
    const observer: RequestObserver = {
      ...outer,
      beforeAttempt: async (method, attemptSignal) => {
        await outer?.beforeAttempt?.(method, attemptSignal);
        for (let i = 0; i < size; i += 1) await beforeRequest(attemptSignal);
      },
    };
    return { ...base, [OBSERVE]: observer } as RequestOptions;
  }
}

/** A read's path and query under the version root, as a batch item's `url`. */
function relativeUrl(spec: RequestSpec): string {
  return `${spec.path}${queryString(spec.query ?? {})}`;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function isObjectBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null;
}

/**
 * An error thrown by a decoder that is not one of ours (a bug) still reaches the caller typed,
 * with the context of the answer and scrubbed of the call's secrets and token.
 */
function asGraphError(error: unknown, response?: GraphResponse): AnyGraphError {
  if (isGraphError(error)) return error;
  const sensitive = response?.sensitive ?? [];
  const clean = (text: string): string => scrub(text, sensitive);
  const reason = error instanceof Error ? error.message : 'a value was thrown';
  return new InvalidResponseError(
    clean(
      `reading a batched answer${response === undefined ? '' : ` to ${response.display}`} failed: ${reason}`,
    ),
    {
      ...response?.details,
      issues: [{ path: [], message: 'decoding failed' }],
      cause: scrubbedError(error, clean),
    },
  );
}

/** The inner answers of a batch, by id; a batch answer of the wrong shape is an error. */
function readAnswers(batch: GraphResponse): Map<string, InnerAnswer> {
  const fail = (message: string): never => {
    throw new InvalidResponseError(
      `Graph's response to ${batch.display} is not a batch answer: ${message}`,
      { ...batch.details, issues: [{ path: ['responses'], message }] },
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(batch.text);
  } catch {
    return fail(`not valid JSON (${String(batch.text.length)} characters)`);
  }
  const responses = (parsed as { responses?: unknown } | null)?.responses;
  if (!Array.isArray(responses)) return fail('expected a "responses" array');
  const answers = new Map<string, InnerAnswer>();
  const seen = new Set<string>();
  for (const item of responses as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, status, headers, body } = item as Record<string, unknown>;
    if (typeof id !== 'string' || typeof status !== 'number' || !Number.isInteger(status)) continue;
    // Ids are compared case-insensitively by Graph; ours are numbers. Two answers for one id
    // cannot both be right: neither is trusted, and the read goes again.
    if (seen.has(id)) {
      answers.delete(id);
      continue;
    }
    seen.add(id);
    answers.set(id, { status, headers: toHeaders(headers), body });
  }
  return answers;
}

function toHeaders(value: unknown): Headers {
  const headers = new Headers();
  if (typeof value !== 'object' || value === null) return headers;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    try {
      headers.set(name, String(v));
    } catch {
      // A header name or value Headers refuses is left out: none the SDK reads can be like that.
    }
  }
  return headers;
}

function checkCount(field: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    const message = `must be a whole number from 1 to ${String(max)}`;
    throw new InvalidInputError(`Invalid ${field}: ${message}`, {
      issues: [{ path: [field], message }],
    });
  }
  return value;
}
