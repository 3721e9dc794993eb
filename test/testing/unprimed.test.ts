/**
 * The CLI's fake (`createUnprimedFakeGraph`) loads its handlers beyond the gallery's reads with
 * the first request that needs them, so that `--fake templates list` starts without compiling
 * them; `createFakeGraph` hands them over at once. Which handlers are loaded is the state of a
 * module, shared by every fake: each test starts from a fresh copy of the modules.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as FakeGraphModule from '../../src/testing/fake-graph.js';
import type * as IndexModule from '../../src/testing/index.js';
import type { FakeHandlers } from '../../src/testing/routes.js';

const AWS = '8b1025e4-1dd2-430b-a150-2ef79cd700f5';

let fakeGraph: typeof FakeGraphModule;
let testing: typeof IndexModule;
let load: () => Promise<FakeHandlers>;
let loads: number;

beforeEach(async () => {
  vi.resetModules();
  fakeGraph = await import('../../src/testing/fake-graph.js');
  testing = await import('../../src/testing/index.js');
  const handlers = await import('../../src/testing/handlers.js');
  loads = 0;
  load = () => {
    loads += 1;
    return Promise.resolve(handlers);
  };
});

async function status(fake: { fetch: typeof fetch }, path: string, init: RequestInit = {}) {
  const response = await fake.fetch(`https://graph.microsoft.com${path}`, {
    ...init,
    headers: { Authorization: 'Bearer test', 'Content-Type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the unprimed fake', () => {
  it("answers the gallery's reads without its other handlers, as createFakeGraph does", async () => {
    const fake = fakeGraph.createUnprimedFakeGraph({ latencyMs: 0 }, load);
    const client = fake.client();
    const listed = await client.applicationTemplates.list({ top: 2 }).toArray();
    const one = await client.applicationTemplates.get(AWS);
    const counted = await status(fake, '/v1.0/applicationTemplates/$count');
    const missing = await status(fake, '/v1.0/applicationTemplates/nope');
    expect(loads).toBe(0);
    // Anything but a read loads them (a DELETE here is refused all the same).
    const refused = await status(fake, '/v1.0/applicationTemplates', { method: 'DELETE' });
    expect(loads).toBe(1);

    const primed = testing.createFakeGraph({ latencyMs: 0 });
    const primedClient = primed.client();
    expect(listed).toEqual(await primedClient.applicationTemplates.list({ top: 2 }).toArray());
    expect(one).toEqual(await primedClient.applicationTemplates.get(AWS));
    for (const [answer, path, init] of [
      [counted, '/v1.0/applicationTemplates/$count', {}],
      [missing, '/v1.0/applicationTemplates/nope', {}],
      [refused, '/v1.0/applicationTemplates', { method: 'DELETE' }],
    ] as const) {
      const expected = await status(primed, path, init);
      const { code, message } = expected.body.error as { code: string; message: string };
      expect(answer.status).toBe(expected.status);
      expect(answer.body.error).toMatchObject({ code, message });
    }
  });

  it('loads them once, with the first request beyond the gallery, for every fake', async () => {
    const fake = fakeGraph.createUnprimedFakeGraph({ latencyMs: 0 }, load);
    const client = fake.client();
    const { servicePrincipal } = await client.applicationTemplates.instantiate(AWS, {
      displayName: 'AWS Contoso',
    });
    expect(loads).toBe(1);
    const jobs = await client.servicePrincipals
      .byId(servicePrincipal.id)
      .synchronization.jobs.list()
      .toArray();
    expect(jobs).toEqual([]);
    const other = fakeGraph.createUnprimedFakeGraph({ latencyMs: 0 }, load);
    expect(await other.client().servicePrincipals.list().toArray()).toEqual([]);
    expect(loads).toBe(1);
    expect(fake.state.servicePrincipals.map((sp) => sp.id)).toEqual([servicePrincipal.id]);
  });

  it('with permissions, loads them with its first request: the permission checks are among them', async () => {
    const fake = fakeGraph.createUnprimedFakeGraph({ latencyMs: 0, permissions: [] }, load);
    const listed = await status(fake, '/v1.0/applicationTemplates?$top=1');
    expect(listed.status).toBe(200);
    expect(loads).toBe(1);
    const refused = await status(fake, `/v1.0/applicationTemplates/${AWS}/instantiate`, {
      method: 'POST',
      body: JSON.stringify({ displayName: 'AWS Contoso' }),
    });
    expect(refused.status).toBe(403);
  });

  it('loads them for a JSON batch, whatever it holds', async () => {
    const fake = fakeGraph.createUnprimedFakeGraph({ latencyMs: 0 }, load);
    const batch = await status(fake, '/v1.0/$batch', {
      method: 'POST',
      body: JSON.stringify({
        requests: [{ id: '1', method: 'GET', url: '/applicationTemplates?$top=1' }],
      }),
    });
    expect(batch.status).toBe(200);
    expect(batch.body.responses).toMatchObject([{ id: '1', status: 200 }]);
    expect(loads).toBe(1);
  });

  it('createFakeGraph never calls a loader: its handlers are there from the start', async () => {
    const fake = testing.createFakeGraph({ latencyMs: 0 });
    const unprimed = fakeGraph.createUnprimedFakeGraph({ latencyMs: 0 }, load);
    await fake.client().servicePrincipals.list().toArray();
    await unprimed.client().servicePrincipals.list().toArray();
    expect(loads).toBe(0);
  });
});
