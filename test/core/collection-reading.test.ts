/**
 * Pages of provisioning events are read from the body stream one event at a time
 * (src/core/json-stream.ts), never as one text: the same events, errors and retries as reading
 * the text whole; and a walk (a list, its pages, an export) holds no page it has handed over
 * while it reads the next, so that a long walk's pages die young.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FetchLike, InvalidResponseError } from '../../src/index.js';
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

const urlOf = (input: string | URL | Request): string =>
  input instanceof Request ? input.url : input.toString();

describe('a walk over pages of events', () => {
  /** Runs one walk in a process of its own (walk-retention-child.ts says why and how). */
  function aliveWhileReadingNext(walk: 'events' | 'pages' | 'export'): {
    events: number;
    alive: number[];
  } {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--expose-gc',
        fileURLToPath(new URL('walk-retention-child.ts', import.meta.url)),
        walk,
      ],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' },
    );
    return JSON.parse(out) as { events: number; alive: number[] };
  }

  /**
   * The reads that found a tenth of a page (`pageSize` events) or more of what was handed over
   * still alive: a walk that held the page it handed over would keep all of it alive at every
   * read. None may: the page went on living, at some reads or at all of them, while V8 kept the
   * context of the closure that checked each event of a page (and with it the whole response)
   * through a handle of its own, or while the iterator of a `yield*` over the page stayed in a
   * register of the suspended generator.
   */
  const holding = (alive: readonly number[], pageSize: number): number[] =>
    alive.filter((count) => count >= pageSize / 10);

  it('of events, holds no page it handed over while it reads the next', () => {
    // Pages of 500, the list's default.
    const { events, alive } = aliveWhileReadingNext('events');
    expect(events).toBe(10_000);
    expect(alive).toHaveLength(19);
    expect(holding(alive, 500)).toEqual([]);
  });

  it('of pages, holds no page it handed over while it reads the next', () => {
    const { events, alive } = aliveWhileReadingNext('pages');
    expect(events).toBe(10_000);
    expect(alive).toHaveLength(10);
    expect(holding(alive, 999)).toEqual([]);
  });

  it('of an export, holds no page it handed over while it reads the next', () => {
    const { events, alive } = aliveWhileReadingNext('export');
    expect(events).toBe(10_000);
    expect(alive.length).toBeGreaterThanOrEqual(10);
    expect(holding(alive, 999)).toEqual([]);
  });
});
