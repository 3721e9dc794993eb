import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coreOf, ProvisioningClient } from '../../src/client.js';
import { readBatched, type BatchRead } from '../../src/core/batch.js';
import { InvalidInputError, NotFoundError, ThrottledError } from '../../src/core/errors.js';
import type { HttpCore } from '../../src/core/http.js';
import { SynchronizationJobSchema, type SynchronizationJob } from '../../src/models/index.js';
import { rejection } from '../helpers/graph.js';
import { awsApp, fakeTenant, raw } from '../testing/helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

const MISSING = '0a0a0a0a-0000-4000-8000-000000000000';

function jobsRead(core: HttpCore, id: string): BatchRead<SynchronizationJob[]> {
  return {
    spec: {
      method: 'GET',
      path: `/servicePrincipals/${id}/synchronization/jobs`,
      model: 'SynchronizationJob',
    },
    decode: (response) =>
      core.decodePage(response, response.body, SynchronizationJobSchema, 'SynchronizationJob')
        .items,
  };
}

async function appsWithJobs(client: ProvisioningClient, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { sp, servicePrincipal } = await awsApp(client, `AWS ${String(i)}`);
    await sp.synchronization.jobs.create({ templateId: 'aws' });
    ids.push(servicePrincipal.id);
  }
  return ids;
}

describe('readBatched', () => {
  it('sends 20 reads per POST /$batch and returns each outcome in the order of the reads', async () => {
    const { fake, client } = fakeTenant();
    const ids = await appsWithJobs(client, 45);
    const core = coreOf(client);
    const before = fake.stats;
    const outcomes = await readBatched(
      core,
      ids.map((id) => jobsRead(core, id)),
    );
    expect(fake.stats.requests - before.requests).toBe(3);
    expect(fake.stats.batched - before.batched).toBe(45);
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) continue;
      const single = await client.servicePrincipals
        .byId(ids[i] as string)
        .synchronization.jobs.list()
        .toArray();
      expect(outcome.value).toEqual(single);
    }
  });

  it('turns an inner error into the same typed error as the single call', async () => {
    const { client } = fakeTenant();
    const [id] = await appsWithJobs(client, 1);
    const core = coreOf(client);
    const [found, missing] = await readBatched(core, [
      jobsRead(core, id as string),
      jobsRead(core, MISSING),
    ]);
    expect(found?.ok).toBe(true);
    expect(missing?.ok).toBe(false);
    const single = await rejection(
      client.servicePrincipals.byId(MISSING).synchronization.jobs.list().toArray(),
    );
    if (missing?.ok !== false) throw new Error('expected a failure');
    expect(missing.error).toBeInstanceOf(NotFoundError);
    expect(missing.error.kind).toBe(single.kind);
    expect(missing.error.status).toBe(404);
    expect(missing.error.code).toBe((single as NotFoundError).code);
    expect(missing.error.message.replace(/, request-id [^)]*/, '')).toBe(
      single.message.replace(/, request-id [^)]*/, ''),
    );
  });

  it('reads each throttled request again in a later batch after its own Retry-After, losing none', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fake, client } = fakeTenant({
      throttle: { limits: { resourceUnitsPerAppTenant: { requests: 30, windowMs: 3_000 } } },
    });
    const ids = await appsWithJobs(client, 10);
    vi.setSystemTime(Date.now() + 60_000);
    const core = coreOf(client);
    const reads = [...ids, ...ids, ...ids, ...ids].map((id) => jobsRead(core, id));
    const waited: number[] = [];
    let sent = 0;
    const run = readBatched(core, reads, {
      onThrottled: (ms) => waited.push(ms),
      beforeRequest: () => {
        sent += 1;
        return Promise.resolve();
      },
    });
    await vi.advanceTimersByTimeAsync(120_000);
    const outcomes = await run;
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes).toHaveLength(40);
    expect(fake.stats.throttled).toBeGreaterThan(0);
    expect(waited.length).toBe(fake.stats.throttled);
    expect(waited.every((ms) => ms >= 1_000)).toBe(true);
    // Each request of a batch, first tries and retries alike, went through the pacer hook.
    expect(sent).toBe(40 + fake.stats.throttled);
  });

  it('gives up on a request Graph keeps throttling after maxRetries, with a ThrottledError', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fake } = fakeTenant({
      faults: { throttled: 1, paths: /\/synchronization\/jobs$/ },
    });
    const core = coreOf(fake.client({ maxRetries: 2 }));
    const run = readBatched(core, [jobsRead(core, MISSING)]);
    await vi.advanceTimersByTimeAsync(60_000);
    const [outcome] = await run;
    expect(outcome?.ok).toBe(false);
    if (outcome?.ok !== false) return;
    expect(outcome.error).toBeInstanceOf(ThrottledError);
    expect(outcome.error.attempts).toBe(3);
  });

  it('refuses a write or a batch size over 20 before any request', async () => {
    const { fake, client } = fakeTenant();
    const core = coreOf(client);
    const before = fake.stats.requests;
    const write = { spec: { method: 'POST' as const, path: '/x' }, decode: () => 1 };
    await expect(readBatched(core, [write])).rejects.toBeInstanceOf(InvalidInputError);
    await expect(readBatched(core, [], { batchSize: 21 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(fake.stats.requests).toBe(before);
  });
});

describe('readBatched against a hostile batch answer', () => {
  const TOKEN = 'tok-9b1f-Very-Private';
  /** A client whose every POST /$batch is answered by `answer` (call counts from 1). */
  function hostile(answer: (requests: { id: string; url: string }[], call: number) => unknown) {
    const urls: string[] = [];
    let calls = 0;
    const client = new ProvisioningClient({
      accessToken: TOKEN,
      maxRetries: 2,
      fetch: async (input, init) => {
        urls.push(input);
        calls += 1;
        const body = (await new Response(init?.body).json()) as {
          requests: { id: string; url: string }[];
        };
        // An answer is a batch body, a raw text, a whole Response, or a thrown transport error.
        const value = answer(body.requests, calls);
        if (value instanceof Response) return value;
        return typeof value === 'string' ? new Response(value) : Response.json(value);
      },
    });
    return { client, urls, calls: () => calls };
  }
  const ok = (id: string) => ({
    id,
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: { value: [{ id: `job-${id}` }] },
  });

  it('matches answers by id whatever their order, and reads again a request left without one', async () => {
    const { client, calls } = hostile((requests, call) => ({
      // The first answer leaves request 1 out and lists the others backwards.
      responses: requests
        .filter((r) => call > 1 || r.id !== '1')
        .reverse()
        .map((r) => ok(r.id)),
    }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const core = coreOf(client);
    const reads = [0, 1, 2].map((i) => ({
      spec: { method: 'GET' as const, path: `/r/${String(i)}` },
      decode: (r: { body: unknown }) => (r.body as { value: { id: string }[] }).value[0]?.id,
    }));
    const run = readBatched(core, reads);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await run).toEqual([
      { ok: true, value: 'job-0' },
      { ok: true, value: 'job-1' },
      { ok: true, value: 'job-2' },
    ]);
    expect(calls()).toBe(2);
  });

  it('trusts neither of two answers with one id, and fails the read once out of retries', async () => {
    const { client, calls } = hostile((requests) => ({
      responses: requests.flatMap((r) => [ok(r.id), { ...ok(r.id), body: { value: [] } }]),
    }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const core = coreOf(client);
    const run = readBatched(core, [{ spec: { method: 'GET', path: '/r' }, decode: () => 1 }]);
    await vi.advanceTimersByTimeAsync(60_000);
    const [outcome] = await run;
    expect(outcome?.ok).toBe(false);
    if (outcome?.ok !== false) return;
    expect(outcome.error.kind).toBe('invalidResponse');
    expect(calls()).toBe(3);
  });

  it('sends batches only to the Graph root, with relative inner URLs', async () => {
    const inner: string[] = [];
    const { client, urls } = hostile((requests) => {
      inner.push(...requests.map((r) => r.url));
      return { responses: requests.map((r) => ok(r.id)) };
    });
    const core = coreOf(client);
    await readBatched(core, [
      {
        spec: { method: 'GET', path: '/servicePrincipals/a', query: { $select: 'id' } },
        decode: () => 1,
      },
    ]);
    expect(urls).toEqual(['https://graph.microsoft.com/v1.0/$batch']);
    expect(inner).toEqual(['/servicePrincipals/a?$select=id']);
  });

  it('sends a batch of reads again after a 503 or a dropped connection, as a GET would be', async () => {
    const { client, calls } = hostile((requests, call) => {
      if (call === 1) return Response.json({ error: { code: 'x' } }, { status: 503 });
      if (call === 2) throw new TypeError('fetch failed');
      return { responses: requests.map((r) => ok(r.id)) };
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const run = readBatched(coreOf(client), [
      { spec: { method: 'GET', path: '/a' }, decode: () => 'read' },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await run).toEqual([{ ok: true, value: 'read' }]);
    expect(calls()).toBe(3);
  });

  it('reads a batch again whose 200 answer is cut short, as a GET would be', async () => {
    const { client, calls } = hostile((requests, call) =>
      call === 1 ? '{"responses":[{"id":"0","sta' : { responses: requests.map((r) => ok(r.id)) },
    );
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const run = readBatched(coreOf(client), [
      { spec: { method: 'GET', path: '/a' }, decode: () => 'read' },
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await run).toEqual([{ ok: true, value: 'read' }]);
    expect(calls()).toBe(2);
  });

  it('counts every request of a batch against the pacer each time the batch is sent', async () => {
    const { client, calls } = hostile((requests, call) =>
      call === 1
        ? Response.json({ error: { code: 'x' } }, { status: 503 })
        : { responses: requests.map((r) => ok(r.id)) },
    );
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let acquired = 0;
    const reads = Array.from({ length: 20 }, (_, i) => ({
      spec: { method: 'GET' as const, path: `/r/${String(i)}` },
      decode: () => i,
    }));
    const progress: [number, number][] = [];
    const run = readBatched(coreOf(client), reads, {
      beforeRequest: () => {
        acquired += 1;
        return Promise.resolve();
      },
      onProgress: (settled, of) => progress.push([settled, of]),
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await run).every((o) => o.ok)).toBe(true);
    expect(calls()).toBe(2);
    expect(acquired).toBe(40);
    expect(progress).toEqual([[20, 20]]);
  });

  it('keeps the token out of an error a decoder throws', async () => {
    const { client } = hostile((requests) => ({
      responses: requests.map((r) => ({ ...ok(r.id), body: { value: [TOKEN] } })),
    }));
    const [outcome] = await readBatched(coreOf(client), [
      {
        spec: { method: 'GET', path: '/a' },
        decode: (r) => {
          throw new Error(`cannot use ${String((r.body as { value: string[] }).value[0])}`);
        },
      },
    ]);
    if (outcome?.ok !== false) throw new Error('expected a failure');
    expect(outcome.error.kind).toBe('invalidResponse');
    const shown = [outcome.error.message, JSON.stringify(outcome.error), inspect(outcome.error)];
    for (const text of shown) expect(text).not.toContain(TOKEN);
  });

  it('refuses bad options and bad reads with an InvalidInputError', async () => {
    const { client } = hostile(() => ({ responses: [] }));
    const core = coreOf(client);
    const read = { spec: { method: 'GET' as const, path: '/a' }, decode: () => 1 };
    for (const [reads, options] of [
      [[read], null],
      [[null], {}],
      ['reads', {}],
      [[read], { timeoutMs: -1 }],
      [[read], { signal: 'stop' }],
    ] as const) {
      await expect(readBatched(core, reads as never, options as never)).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    }
  });

  it('keeps one timer for a read waiting out its Retry-After, however many batches end meanwhile', async () => {
    // Read 0 is throttled the first time it is asked for; every other answer is fine.
    let throttled = false;
    const { client } = hostile((requests) => ({
      responses: requests.map((r) => {
        if (r.id !== '0' || throttled) return ok(r.id);
        throttled = true;
        return { id: r.id, status: 429, headers: { 'Retry-After': '5' }, body: { error: {} } };
      }),
    }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const reads = Array.from({ length: 6 }, (_, i) => ({
      spec: { method: 'GET' as const, path: `/r/${String(i)}` },
      decode: () => i,
    }));
    const run = readBatched(coreOf(client), reads, { batchSize: 1, concurrency: 4 });
    await vi.advanceTimersByTimeAsync(100);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await run).map((o) => o.ok)).toEqual([true, true, true, true, true, true]);
  });

  it('fails every read of a batch answer that is not one, with the batch context', async () => {
    const { client } = hostile(() => ({ value: [] }));
    const core = coreOf(client);
    const outcomes = await readBatched(core, [
      { spec: { method: 'GET', path: '/a' }, decode: () => 1 },
      { spec: { method: 'GET', path: '/b' }, decode: () => 1 },
    ]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual([
      'invalidResponse',
      'invalidResponse',
    ]);
  });
});

describe('the fake Graph serves $batch as Graph documents it', () => {
  const batch = (fetch: Parameters<typeof raw>[0], body: unknown) =>
    raw(fetch, '/v1.0/$batch', { method: 'POST', body: JSON.stringify(body) });

  it('refuses more than 20 requests, and duplicate ids compared without case, with 400', async () => {
    const { fake } = fakeTenant();
    const get = (id: string) => ({ id, method: 'GET', url: '/applicationTemplates?$top=1' });
    const over = await batch(fake.fetch, {
      requests: Array.from({ length: 21 }, (_, i) => get(String(i))),
    });
    expect(over.status).toBe(400);
    const twice = await batch(fake.fetch, { requests: [get('a'), get('A')] });
    expect(twice.status).toBe(400);
    expect((twice.body.error as { message: string }).message).toBe(
      'Request Id A has to be unique in a batch.',
    );
    const twenty = await batch(fake.fetch, {
      requests: Array.from({ length: 20 }, (_, i) => get(String(i))),
    });
    expect(twenty.status).toBe(200);
  });

  it('answers each request on its own, 424 for one whose dependency failed, in an order of its own', async () => {
    const { fake } = fakeTenant();
    const answer = await batch(fake.fetch, {
      requests: [
        { id: '1', method: 'GET', url: `/servicePrincipals/${MISSING}` },
        { id: '2', method: 'GET', url: 'applicationTemplates?$top=1', dependsOn: ['1'] },
      ],
    });
    expect(answer.status).toBe(200);
    const responses = answer.body.responses as { id: string; status: number }[];
    expect(Object.fromEntries(responses.map((r) => [r.id, r.status]))).toEqual({ 1: 404, 2: 424 });
    const many = await batch(fake.fetch, {
      requests: Array.from({ length: 20 }, (_, i) => ({
        id: String(i),
        method: 'GET',
        url: '/applicationTemplates?$top=1',
      })),
    });
    const order = (many.body.responses as { id: string }[]).map((r) => r.id);
    expect(order).not.toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect([...order].sort()).toEqual(Array.from({ length: 20 }, (_, i) => String(i)).sort());
  });

  it('refuses a mix of dependency patterns and a dependency on a later request', async () => {
    const { fake } = fakeTenant();
    const get = { method: 'GET', url: '/applicationTemplates?$top=1' };
    const mixed = await batch(fake.fetch, {
      requests: [
        { id: '1', ...get },
        { id: '2', ...get, dependsOn: ['1'] },
        { id: '3', ...get },
        { id: '4', ...get, dependsOn: ['3'] },
      ],
    });
    expect((mixed.body.error as { message: string }).message).toBe(
      'Batch should be either fully sequential or fully parallel.',
    );
    const later = await batch(fake.fetch, {
      requests: [
        { id: '1', ...get, dependsOn: ['2'] },
        { id: '2', ...get },
      ],
    });
    expect(later.status).toBe(400);
  });

  it('throttles each request of a batch on its own, with its Retry-After in the item headers', async () => {
    const { fake } = fakeTenant({
      throttle: { limits: { resourceUnitsPerAppTenant: { requests: 3, windowMs: 10_000 } } },
    });
    const answer = await batch(fake.fetch, {
      requests: Array.from({ length: 5 }, (_, i) => ({
        id: String(i),
        method: 'GET',
        url: '/applicationTemplates?$top=1',
      })),
    });
    expect(answer.status).toBe(200);
    const items = answer.body.responses as { status: number; headers: Record<string, string> }[];
    const throttled = items.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(2);
    expect(throttled.every((r) => Number(r.headers['Retry-After']) >= 1)).toBe(true);
  });
});
