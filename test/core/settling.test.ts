/**
 * Every call settles, and in time: whatever the transport does with the abort signal, however
 * many calls share one signal, and whatever a 2xx body looks like.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProvisioningClient, type FetchLike } from '../../src/index.js';
import { AWS_TEMPLATE_ID, createFakeGraph } from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';

const GRAPH = 'https://graph.microsoft.com';
const SP_ID = 'f47a6776-bca7-4f2e-bc6c-eec59d058e3e';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function clientWith(fetch: FetchLike, options: { timeoutMs?: number; maxRetries?: number } = {}) {
  return new ProvisioningClient({ accessToken: 't', baseUrl: GRAPH, fetch, ...options });
}

/** Whether `promise` has settled after the clock moved `ms`. */
async function settledAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await vi.advanceTimersByTimeAsync(ms);
  return settled;
}

/** A fetch that never answers and never looks at its signal, counting calls. */
function deafFetch() {
  const calls = { count: 0 };
  const fetch: FetchLike = () => {
    calls.count += 1;
    return new Promise<Response>(() => undefined);
  };
  return { fetch, calls };
}

/** A 200 whose body sends a few bytes and then nothing, forever. */
function endlessBodyFetch(): FetchLike {
  return () =>
    Promise.resolve(
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":"'));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      ),
    );
}

describe('timeoutMs holds whatever the transport does', () => {
  it('times out a call whose custom fetch ignores the abort signal', async () => {
    const { fetch, calls } = deafFetch();
    const call = rejection(
      clientWith(fetch, { timeoutMs: 1_000, maxRetries: 0 }).servicePrincipals.get(SP_ID),
    );
    expect(await settledAfter(call, 1_000)).toBe(true);
    const error = await call;
    expect(error.kind).toBe('timeout');
    expect(calls.count).toBe(1);
  });

  it('times out a call whose 2xx body never ends', async () => {
    const call = rejection(
      clientWith(endlessBodyFetch(), { timeoutMs: 1_000, maxRetries: 0 }).servicePrincipals.get(
        SP_ID,
      ),
    );
    expect(await settledAfter(call, 1_000)).toBe(true);
    expect((await call).kind).toBe('timeout');
  });

  it('retries such a GET after its timeout like any other, then gives up', async () => {
    const { fetch, calls } = deafFetch();
    const call = rejection(
      clientWith(fetch, { timeoutMs: 1_000, maxRetries: 2 }).servicePrincipals.get(SP_ID),
    );
    expect(await settledAfter(call, 60_000)).toBe(true);
    expect((await call).kind).toBe('timeout');
    expect(calls.count).toBe(3);
  });

  it('never replays a POST instantiate that timed out in a deaf transport', async () => {
    const { fetch, calls } = deafFetch();
    const call = rejection(
      clientWith(fetch, { timeoutMs: 1_000 }).applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
        displayName: 'AWS',
      }),
    );
    expect(await settledAfter(call, 60_000)).toBe(true);
    expect((await call).kind).toBe('timeout');
    expect(calls.count).toBe(1);
  });

  it("settles on the caller's abort even when fetch ignores the signal", async () => {
    const { fetch } = deafFetch();
    const controller = new AbortController();
    const call = rejection(
      clientWith(fetch, { timeoutMs: 600_000 }).servicePrincipals.get(SP_ID, {
        signal: controller.signal,
      }),
    );
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await settledAfter(call, 0)).toBe(true);
    expect((await call).kind).toBe('aborted');
  });
});

describe('a 2xx body that cannot be read', () => {
  /** Answers with a cut body the first `cut` times, then whole; counts calls by method. */
  function cutting(cut: number, body: unknown, status = 200) {
    const calls: string[] = [];
    const fetch: FetchLike = (_input, init) => {
      calls.push(init?.method ?? 'GET');
      const text = JSON.stringify(body);
      return Promise.resolve(
        new Response(calls.length <= cut ? text.slice(0, text.length / 2) : text, {
          status,
          headers: { 'content-type': 'application/json' },
        }),
      );
    };
    return { fetch, calls };
  }

  it('is read again by a GET, like a transient failure', async () => {
    const { fetch, calls } = cutting(2, { id: SP_ID, displayName: 'AWS' });
    const call = clientWith(fetch).servicePrincipals.get(SP_ID);
    expect(await settledAfter(call, 60_000)).toBe(true);
    await expect(call).resolves.toMatchObject({ id: SP_ID });
    expect(calls).toEqual(['GET', 'GET', 'GET']);
  });

  it('fails a GET as invalidResponse once the retries are spent', async () => {
    const { fetch, calls } = cutting(10, { id: SP_ID });
    const call = rejection(clientWith(fetch, { maxRetries: 1 }).servicePrincipals.get(SP_ID));
    expect(await settledAfter(call, 60_000)).toBe(true);
    expect((await call).kind).toBe('invalidResponse');
    expect(calls).toHaveLength(2);
  });

  it('is never read again by sending a POST twice', async () => {
    const { fetch, calls } = cutting(1, { id: 'job', templateId: 'aws' }, 201);
    const call = rejection(
      clientWith(fetch)
        .servicePrincipals.byId(SP_ID)
        .synchronization.jobs.create({ templateId: 'aws' }),
    );
    expect(await settledAfter(call, 60_000)).toBe(true);
    expect((await call).kind).toBe('invalidResponse');
    expect(calls).toEqual(['POST']);
  });
});

describe('many calls on one signal', () => {
  it('hold a single listener on the shared signal, and none once they settle', async () => {
    const fake = createFakeGraph({ latencyMs: 50 });
    const client = fake.client();
    const controller = new AbortController();
    const calls = Array.from({ length: 100 }, () =>
      client.applicationTemplates.get(AWS_TEMPLATE_ID, { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(calls);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('all stop when the shared signal fires', async () => {
    const fake = createFakeGraph({ latencyMs: 10_000 });
    const client = fake.client();
    const controller = new AbortController();
    const calls = Array.from({ length: 50 }, () =>
      rejection(client.applicationTemplates.get(AWS_TEMPLATE_ID, { signal: controller.signal })),
    );
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e.kind === 'aborted')).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
