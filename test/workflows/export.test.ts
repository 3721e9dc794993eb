/**
 * auditLogs.provisioning.export against the fake Graph on vitest's clock: every event of the
 * range exactly once, paced under the reports limit, through faults, throttling and restarts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ThrottledError,
  type ProvisioningLogExport,
  type ProvisioningObjectSummary,
} from '../../src/index.js';
import { createFakeGraph, type CreateFakeGraphOptions } from '../../src/testing/index.js';
import { thrown } from '../helpers/graph.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const SINCE = Date.parse('2026-11-01T00:00:00Z');
const UNTIL = Date.parse('2026-11-02T00:00:00Z');

function seeded(count: number, options: CreateFakeGraphOptions = {}, since = SINCE, until = UNTIL) {
  const fake = createFakeGraph({ latencyMs: 0, ...options });
  fake.seedProvisioningEvents(count, { since, until });
  const expected = fake.state.events
    .map((e) => ({ id: e.id as string, time: Date.parse(e.activityDateTime as string) }))
    .filter((e) => e.time >= since && e.time < until);
  return { fake, client: fake.client(), expected };
}

/** Drains an export while moving vitest's clock, up to `stop` events. */
async function drain(run: ProvisioningLogExport, stop = Number.POSITIVE_INFINITY) {
  const events: ProvisioningObjectSummary[] = [];
  const iterator = run[Symbol.asyncIterator]();
  for (;;) {
    const next = iterator.next();
    let settled = false;
    next.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Most events are already in hand: let the promise settle before moving the clock.
    await new Promise((resolve) => setImmediate(resolve));
    for (let step = 1; !settled; step += 1) {
      await vi.advanceTimersByTimeAsync(100);
      // A real turn of the event loop now and then (see test/helpers/clock.ts).
      if (step % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const result: IteratorResult<ProvisioningObjectSummary, unknown> = await next;
    if (result.done === true) return events;
    events.push(result.value);
    if (events.length >= stop) {
      await iterator.return?.();
      return events;
    }
  }
}

const ids = (events: readonly ProvisioningObjectSummary[]) => events.map((e) => e.id);

describe('auditLogs.provisioning.export', () => {
  it('yields every event of the range exactly once, oldest first, across windows and pages', async () => {
    const { client, expected } = seeded(3_000);
    const run = client.auditLogs.provisioning.export({
      since: new Date(SINCE),
      until: new Date(UNTIL),
      windowMs: 3_600_000,
      pageSize: 200,
      quota: { requests: 1_000, windowMs: 1_000 },
    });
    const events = await drain(run);
    expect(new Set(ids(events)).size).toBe(events.length);
    expect(ids(events).sort()).toEqual(expected.map((e) => e.id).sort());
    const times = events.map((e) => Date.parse(e.activityDateTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('keeps events that share a millisecond across window and page boundaries', async () => {
    // 4,000 events in 400 ms: ten per millisecond, cut by 37-event pages and 50 ms windows.
    const { client, expected } = seeded(4_000, {}, SINCE, SINCE + 400);
    const events = await drain(
      client.auditLogs.provisioning.export({
        since: new Date(SINCE),
        until: new Date(SINCE + 400),
        windowMs: 50,
        pageSize: 37,
        quota: { requests: 1_000, windowMs: 1_000 },
      }),
    );
    expect(events).toHaveLength(expected.length);
    expect(new Set(ids(events)).size).toBe(expected.length);
  });

  it('paces itself under the reports limit: no 429 from a Graph that enforces it', async () => {
    // The fake enforces 5 log requests per 10 s; so does the export, by default.
    const { fake, client, expected } = seeded(5_000, { throttle: true });
    const started = Date.now();
    const run = client.auditLogs.provisioning.export({
      since: new Date(SINCE),
      until: new Date(UNTIL),
      pageSize: 500,
    });
    const events = await drain(run);
    expect(events).toHaveLength(expected.length);
    expect(fake.stats.throttled).toBe(0);
    expect(run.throttled).toBe(0);
    // 10 pages: 4 at once (one of the 5 is kept in reserve against jitter), then one every 2 s
    // with the pacer's 3 % headroom.
    expect(run.requests).toBe(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(6 * 2_000);
    expect(Date.now() - started).toBeLessThan(6 * 2_000 * 1.05);
  });

  it('gets every event exactly once through 5xx, dropped connections and 429s, shrinking its window', async () => {
    const { fake, client, expected } = seeded(2_000, {
      seed: 11,
      throttle: true,
      faults: { serverError: 0.1, connectionReset: 0.1, paths: /auditLogs/ },
    });
    const run = client.auditLogs.provisioning.export({
      since: new Date(SINCE),
      until: new Date(UNTIL),
      pageSize: 100,
      // Four times what the fake allows: Graph throttles, the export adapts.
      quota: { requests: 20, windowMs: 10_000 },
    });
    const events = await drain(run);
    expect(new Set(ids(events)).size).toBe(events.length);
    expect(ids(events).sort()).toEqual(expected.map((e) => e.id).sort());
    expect(fake.stats.faults).toBeGreaterThan(0);
    expect(fake.stats.throttled).toBeGreaterThan(0);
    expect(run.throttled).toBeGreaterThan(0);
    // The window it walks now is smaller than the whole day it started with.
    const position = JSON.parse(atob(run.checkpoint!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      w: number;
    };
    expect(position.w).toBeLessThan(UNTIL - SINCE);
  });

  it('reads cut pages again on its own: no resume needed under truncated answers', async () => {
    const { fake, client, expected } = seeded(2_000, {
      seed: 5,
      faults: { truncatedJson: 0.3, paths: /auditLogs/ },
    });
    const run = client.auditLogs.provisioning.export({
      since: new Date(SINCE),
      until: new Date(UNTIL),
      pageSize: 100,
      quota: { requests: 1_000, windowMs: 1_000 },
    });
    const events = await drain(run);
    expect(fake.stats.faults).toBeGreaterThan(3);
    expect(new Set(ids(events)).size).toBe(events.length);
    expect(ids(events).sort()).toEqual(expected.map((e) => e.id).sort());
  });

  it('stops with ThrottledError when Graph asks for 30 days, at once and without a warning', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    let requests = 0;
    const throttled = fake.client({
      fetch: () => {
        requests += 1;
        return Promise.resolve(
          Response.json(
            { error: { code: 'TooManyRequests', message: 'Slow down.' } },
            { status: 429, headers: { 'Retry-After': String(30 * 86_400) } },
          ),
        );
      },
    });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.name);
    };
    process.on('warning', onWarning);
    let error: unknown;
    try {
      await drain(
        throttled.auditLogs.provisioning.export({ since: new Date(SINCE), until: new Date(UNTIL) }),
      ).catch((e: unknown) => (error = e));
    } finally {
      process.off('warning', onWarning);
    }
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(30 * 86_400_000);
    expect(requests).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('resumes from a checkpoint after the last event it gave, without repeating or missing one', async () => {
    const { client, expected } = seeded(1_500, {}, SINCE, SINCE + 300);
    const params = {
      since: new Date(SINCE),
      until: new Date(SINCE + 300),
      pageSize: 64,
      windowMs: 40,
      quota: { requests: 1_000, windowMs: 1_000 },
    };
    const first = client.auditLogs.provisioning.export(params);
    const before = await drain(first, 700);
    expect(first.checkpoint).toBeDefined();
    const rest = await drain(
      client.auditLogs.provisioning.export({ ...params, checkpoint: first.checkpoint! }),
    );
    const all = [...ids(before), ...ids(rest)];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(expected.map((e) => e.id).sort());
  });

  it('combines a filter with the time range', async () => {
    const { fake, client } = seeded(1_000);
    const events = await drain(
      client.auditLogs.provisioning.export({
        since: new Date(SINCE),
        until: new Date(UNTIL),
        filter: { status: 'failure' },
        quota: { requests: 1_000, windowMs: 1_000 },
      }),
    );
    const failures = fake.state.events.filter(
      (e) => (e.provisioningStatusInfo as { status: string }).status === 'failure',
    );
    expect(events.length).toBe(failures.length);
    expect(events.every((e) => e.provisioningStatusInfo?.status === 'failure')).toBe(true);
  });

  it('refuses a bad range, a time filter of its own, and a checkpoint of another export', async () => {
    const { client } = seeded(10);
    const logs = client.auditLogs.provisioning;
    expect(thrown(() => logs.export({ since: new Date(UNTIL), until: new Date(SINCE) })).kind).toBe(
      'invalidInput',
    );
    expect(
      thrown(() => logs.export({ since: new Date(SINCE), filter: { since: 'x' } as never }))
        .message,
    ).toContain('since and until');
    const other = logs.export({
      since: new Date(SINCE),
      until: new Date(UNTIL),
      filter: { jobId: 'a' },
    });
    await drain(other);
    expect(other.checkpoint).toBeDefined();
    const error = thrown(() =>
      logs.export({
        since: new Date(SINCE),
        until: new Date(UNTIL),
        checkpoint: other.checkpoint!,
      }),
    );
    expect(error.kind).toBe('invalidInput');
  });

  it('refuses a checkpoint that could never finish or points outside its range', () => {
    const { client } = seeded(10);
    const logs = client.auditLogs.provisioning;
    const token = (position: object) =>
      btoa(
        JSON.stringify({
          q: JSON.stringify(['', SINCE]),
          u: UNTIL,
          t: SINCE,
          ids: [],
          w: 60_000,
          ...position,
        }),
      );
    const resume = (position: object) =>
      thrown(() => logs.export({ since: new Date(SINCE), checkpoint: token(position) }));
    // The well-formed one is accepted, so each refusal below is for its one bad field.
    expect(logs.export({ since: new Date(SINCE), checkpoint: token({}) }).checkpoint).toBeDefined();
    expect(resume({ w: 0 }).kind).toBe('invalidInput');
    expect(resume({ w: -60_000 }).kind).toBe('invalidInput');
    expect(resume({ t: SINCE - 1 }).kind).toBe('invalidInput');
    expect(resume({ t: UNTIL + 1 }).kind).toBe('invalidInput');
    expect(resume({ u: SINCE }).kind).toBe('invalidInput');
  });

  it('resumes an export whose end defaulted to "now": the range ends where the first run did', async () => {
    vi.setSystemTime(UNTIL);
    const { client, expected } = seeded(600);
    const params = {
      since: new Date(SINCE),
      pageSize: 50,
      quota: { requests: 1_000, windowMs: 1_000 },
    };
    const first = client.auditLogs.provisioning.export(params);
    const before = await drain(first, 120);
    // Later, "now" has moved: the resumed export still stops at the first run's end.
    vi.setSystemTime(UNTIL + 3_600_000);
    const rest = await drain(
      client.auditLogs.provisioning.export({ ...params, checkpoint: first.checkpoint! }),
    );
    const all = [...ids(before), ...ids(rest)];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(expected.map((e) => e.id).sort());
  });
});
