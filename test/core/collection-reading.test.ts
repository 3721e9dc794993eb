/**
 * Pages of provisioning events are read from the body stream one event at a time
 * (src/core/json-stream.ts), never as one text: the same events, errors and retries as reading
 * the text whole; and a walk (a list, its pages, an export) holds no page it has handed over
 * while it reads the next, so that a long walk's pages die young.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { FetchLike, InvalidResponseError, ProvisioningClient } from '../../src/index.js';
import { createFakeGraph } from '../../src/testing/index.js';
import { settle, useTestClock } from '../helpers/clock.js';
import { SP_ID, makeClient, rejection } from '../helpers/graph.js';

const RANGE = {
  since: Date.parse('2026-11-01T00:00:00Z'),
  until: Date.parse('2026-11-02T00:00:00Z'),
};

/** The text of a page of `count` events as the fake Graph writes it. */
async function pageOfEvents(count: number): Promise<string> {
  const fake = createFakeGraph({ latencyMs: 0 });
  fake.seedProvisioningEvents(count, RANGE);
  const response = await fake.fetch(`${fake.baseUrl}/v1.0/auditLogs/provisioning?$top=999`, {
    headers: { authorization: 'Bearer t' },
  });
  return response.text();
}

/** A 200 whose body comes in chunks of `size` bytes and whose `text()` must not be called. */
function streamed(text: string, size: number): Response {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
      controller.close();
    },
  });
  const response = new Response(body, { headers: { 'content-type': 'application/json' } });
  Object.defineProperty(response, 'text', {
    value: () => Promise.reject(new Error('the page was read as one text')),
  });
  return response;
}

describe('a page of provisioning events', () => {
  useTestClock();

  it('is read from its body stream, event by event, as JSON.parse of its text reads it', async () => {
    const text = await pageOfEvents(120);
    const fetch: FetchLike = () => Promise.resolve(streamed(text, 100));
    const events = await settle(makeClient({ fetch }).auditLogs.provisioning.list().toArray());
    expect(events).toEqual((JSON.parse(text) as { value: unknown[] }).value);
    expect(events).toHaveLength(120);
  });

  it('cut short, is read again like a transient failure, as a whole text was', async () => {
    const text = await pageOfEvents(30);
    const sent: string[] = [];
    const fetch: FetchLike = (input) => {
      sent.push(urlOf(input));
      return Promise.resolve(streamed(sent.length === 1 ? text.slice(0, 5000) : text, 512));
    };
    const events = await settle(makeClient({ fetch }).auditLogs.provisioning.list().toArray());
    expect(events).toHaveLength(30);
    expect(sent).toHaveLength(2);
  });

  it('when not JSON, is refused in the same words as any other body read whole', async () => {
    // The same broken bytes, as a page of events (streamed) and as a page of jobs (read whole).
    const broken = (await pageOfEvents(5)).replace('"activityDateTime":', '"activityDateTime" ');
    const fetch: FetchLike = () =>
      Promise.resolve(new Response(broken, { headers: { 'content-type': 'application/json' } }));
    const client = makeClient({ fetch, maxRetries: 0 });
    const events = (await rejection(
      settle(client.auditLogs.provisioning.list().toArray()),
    )) as InvalidResponseError;
    const jobs = (await rejection(
      settle(client.servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray()),
    )) as InvalidResponseError;
    expect(events.kind).toBe('invalidResponse');
    const words = (e: InvalidResponseError): string => e.message.replace(/^.* is not/, 'is not');
    expect(words(events)).toMatch(
      /^is not valid JSON: unexpected text at position \d+; \d+ characters$/,
    );
    expect(words(events)).toBe(words(jobs));
    expect(events.issues).toEqual(jobs.issues);
  });

  it('that does not match the model gives its body as the JSON of what it held', async () => {
    const page = { value: [{ id: 7, activityDateTime: '2026-11-01T00:00:00Z' }] };
    const fetch: FetchLike = () => Promise.resolve(streamed(JSON.stringify(page), 8));
    const error = (await rejection(
      settle(makeClient({ fetch }).auditLogs.provisioning.list().toArray()),
    )) as InvalidResponseError & { body: string };
    expect(error.issues[0]?.path).toEqual(['value', 0, 'id']);
    expect(JSON.parse(error.body)).toEqual(page);
  });
});

/** V8's collector, for the tests that check what a walk still holds (no flag needed). */
const urlOf = (input: string | URL | Request): string =>
  input instanceof Request ? input.url : input.toString();

function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('a walk over pages of events', () => {
  const MB = 1_048_576;
  /**
   * Walks 10,000 events (in pages of up to 999, about 3.7 MB of events); at each read after the
   * first, collects garbage and notes how much more heap is in use than at the first read. A walk that kept the page it handed over would be a page or more above, every time.
   * The walk is consumed one step per call, so that this test's variables hold nothing across
   * steps.
   */
  async function heapWhileReadingNext(
    walk: (client: ProvisioningClient) => AsyncIterable<unknown>,
  ): Promise<{ events: number; overMb: number[] }> {
    const gc = collector();
    // The walk once against the fake, its answers recorded: the measured walk replays them, so
    // that what the fake itself keeps is not in the figures (nor what the walk loads on first use).
    const answers = new Map<string, string>();
    const fake = createFakeGraph({ latencyMs: 0 });
    fake.seedProvisioningEvents(10_000, RANGE);
    const recording: FetchLike = async (input, init) => {
      const text = await (await fake.fetch(input, init)).text();
      answers.set(urlOf(input), text);
      return new Response(text, { headers: { 'content-type': 'application/json' } });
    };
    for await (const _ of walk(fake.client({ fetch: recording }))) {
      // Only the answers are wanted.
    }
    const used: number[] = [];
    const replaying: FetchLike = async (input) => {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      used.push(process.memoryUsage().heapUsed);
      return new Response(answers.get(urlOf(input)) ?? '', {
        headers: { 'content-type': 'application/json' },
      });
    };
    const iterator = walk(fake.client({ fetch: replaying, maxRetries: 0 }))[Symbol.asyncIterator]();
    let events = 0;
    const step = async (): Promise<boolean> => {
      const next = await iterator.next();
      if (next.done === true) return false;
      // An event, or a page of them.
      const value = next.value as object | { items: object[] };
      events += 'items' in value ? value.items.length : 1;
      return true;
    };
    while (await step());
    const first = used[0] ?? 0;
    return { events, overMb: used.slice(1).map((u) => (u - first) / MB) };
  }

  /**
   * The share of reads that found less than half a page (`pageMb`, the heap a page of events
   * takes) more heap in use than the first: all of them would be a page or more above it if the
   * walk held the page it handed over (none are, then). Not every one is under it: a collection
   * made mid-walk can still find garbage of the page before held by what V8 itself keeps a moment
   * (a stale stack slot, say), and what the walk makes on first use (about 1 MB) lands after the
   * first read.
   */
  const clear = (overMb: readonly number[], pageMb: number): number =>
    overMb.filter((mb) => mb < pageMb / 2).length / overMb.length;
  /** The heap 500 and 999 of the fake's events take, measured: about 1.85 and 3.7 MB. */
  const PAGE_500_MB = 1.85;
  const PAGE_999_MB = 3.7;

  it('of events, holds no page it handed over while it reads the next', async () => {
    // Pages of 500, the list's default.
    const { events, overMb } = await heapWhileReadingNext((client) =>
      client.auditLogs.provisioning.list(),
    );
    expect(events).toBe(10_000);
    expect(overMb).toHaveLength(19);
    expect(clear(overMb, PAGE_500_MB)).toBeGreaterThan(1 / 3);
  });

  it('of pages, holds no page it handed over while it reads the next', async () => {
    const { events, overMb } = await heapWhileReadingNext((client) =>
      client.auditLogs.provisioning.list().byPage({ maxPageSize: 999 }),
    );
    expect(events).toBe(10_000);
    expect(overMb).toHaveLength(10);
    expect(clear(overMb, PAGE_999_MB)).toBeGreaterThan(1 / 3);
  });

  it('of an export, holds no page it handed over while it reads the next', async () => {
    const { events, overMb } = await heapWhileReadingNext((client) =>
      client.auditLogs.provisioning.export({
        since: new Date(RANGE.since),
        until: new Date(RANGE.until),
        pageSize: 999,
        quota: { requests: 100, windowMs: 1000 },
      }),
    );
    expect(events).toBe(10_000);
    expect(overMb.length).toBeGreaterThanOrEqual(10);
    expect(clear(overMb, PAGE_999_MB)).toBeGreaterThan(1 / 3);
  });
});
