/**
 * The fake's JSON batching (`POST /$batch`), as learn.microsoft.com/graph/json-batching
 * documents it: at most 20 requests, each with an `id` unique in the batch (compared without
 * case), a `method` and a `url` relative to the version root; `headers` with a `Content-Type`
 * whenever a `body` is given; `dependsOn` all parallel, serial, or all on the same request. Each
 * request is authorised, throttled and faulted on its own; one whose dependency failed answers
 * 424; the answers come back in an order of their own.
 *
 * Graph's wording is used where it is on record: "Request Id X has to be unique in a batch."
 * (msgraph-sdk-java#559), "Batch should be either fully sequential or fully parallel."
 * (microsoft-graph-docs#16280), "Invalid dependency for request Id X"
 * (msgraph-sdk-dotnet-core#891). The status and wording of a batch over 20 requests, an empty
 * one, or one with an absolute URL are not documented: the fake answers 400 `BadRequest` with
 * words of its own.
 */
import { Fault, type FakeRequest, type FakeResponse } from './routes.js';
import type { Random } from './random.js';

/** Graph's limit on the requests of one batch. */
export const BATCH_LIMIT = 20;

/** One request of a batch, checked. */
export interface BatchItem {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly dependsOn: readonly string[];
}

const badPayload = (why: string): Fault =>
  new Fault(400, 'BadRequest', `Invalid batch payload format: ${why}.`);

/** Checks a batch's body; a Fault (400) when Graph would refuse the whole batch. */
export function parseBatch(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | null | undefined)?.requests;
  if (typeof body !== 'object' || body === null || !Array.isArray(requests)) {
    throw badPayload('the body must be an object with a "requests" array');
  }
  if (requests.length === 0) throw badPayload('"requests" is empty');
  if (requests.length > BATCH_LIMIT) {
    throw new Fault(
      400,
      'BadRequest',
      `The batch has ${String(requests.length)} requests; a batch can have at most ${String(BATCH_LIMIT)}.`,
    );
  }
  const items = (requests as unknown[]).map(checkItem);
  const seen = new Set<string>();
  for (const item of items) {
    const key = item.id.toLowerCase();
    if (seen.has(key)) {
      throw new Fault(400, 'BadRequest', `Request Id ${item.id} has to be unique in a batch.`);
    }
    for (const dependency of item.dependsOn) {
      if (!seen.has(dependency.toLowerCase())) {
        throw new Fault(400, 'BadRequest', `Invalid dependency for request Id ${item.id}.`);
      }
    }
    seen.add(key);
  }
  checkPattern(items);
  return items;
}

function checkItem(raw: unknown, index: number): BatchItem {
  if (typeof raw !== 'object' || raw === null) {
    throw badPayload(`requests[${String(index)}] is not an object`);
  }
  const { id, method, url, headers, body, dependsOn } = raw as Record<string, unknown>;
  for (const [name, value] of [
    ['id', id],
    ['method', method],
    ['url', url],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw badPayload(`requests[${String(index)}].${name} must be a non-empty string`);
    }
  }
  const headerMap: Record<string, string> = {};
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== 'object') throw badPayload(`requests[${String(index)}].headers`);
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string') headerMap[name] = value;
    }
  }
  if (
    dependsOn !== undefined &&
    (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string'))
  ) {
    throw badPayload(`requests[${String(index)}].dependsOn must be an array of ids`);
  }
  return {
    id: id as string,
    method: (method as string).toUpperCase(),
    url: url as string,
    headers: headerMap,
    body,
    dependsOn: (dependsOn as string[] | undefined) ?? [],
  };
}

/** Parallel, serial (each on the one before), or all on one request: Graph's three patterns. */
function checkPattern(items: readonly BatchItem[]): void {
  const dependent = items.filter((item) => item.dependsOn.length > 0);
  if (dependent.length === 0) return;
  const single = dependent.every((item) => item.dependsOn.length === 1);
  const serial = items.every(
    (item, i) =>
      i === 0 ||
      (item.dependsOn.length === 1 &&
        item.dependsOn[0]?.toLowerCase() === items[i - 1]?.id.toLowerCase()),
  );
  const target = dependent[0]?.dependsOn[0]?.toLowerCase();
  const same = dependent.every((item) => item.dependsOn[0]?.toLowerCase() === target);
  if (!single || !(serial || same)) {
    throw new Fault(
      400,
      'BadRequest',
      'Batch should be either fully sequential or fully parallel.',
    );
  }
}

/**
 * The request a batch item stands for, under the batch's version and base, carrying the batch's
 * authorization; a Fault (400) for the item alone when it cannot be one.
 */
export function innerRequest(item: BatchItem, batch: FakeRequest): FakeRequest {
  if (/^[a-z][a-z0-9+.-]*:/i.test(item.url)) {
    throw new Fault(400, 'BadRequest', 'Invalid request URL: a batched URL must be relative.');
  }
  const headers = new Headers(item.headers);
  const auth = batch.headers.get('authorization');
  if (auth !== null) headers.set('authorization', auth);
  if (item.body !== undefined && !headers.has('content-type')) {
    throw new Fault(400, 'BadRequest', 'A request with a body must have a Content-Type header.');
  }
  const url = new URL(item.url.replace(/^\/+/, ''), 'https://batch.invalid/');
  let segments: string[];
  try {
    segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    throw new Fault(400, 'BadRequest', 'The request URL is not valid.');
  }
  return {
    method: item.method,
    version: batch.version,
    segments,
    query: url.searchParams,
    base: batch.base,
    headers,
    body: item.body,
  };
}

/** A failed dependency's answer: 424, with an OData error (Graph's body is not on record). */
export function failedDependency(item: BatchItem, dependency: string): FakeResponse {
  return {
    status: 424,
    body: {
      error: {
        code: 'FailedDependency',
        message: `Request ${item.id} depends on request ${dependency}, which failed.`,
        innerError: {},
      },
    },
  };
}

/** Shuffles in place (Fisher–Yates), from the fake's seed. */
export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
