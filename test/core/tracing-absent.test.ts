/**
 * Without `@opentelemetry/api` (an optional peer dependency), or with it and no tracer provider
 * registered: the package imports and works, looks the API up at most once per process (with the
 * first request made once a provider is registered, never at import), and never loads its spans'
 * module. Fresh copies of the sources, with the API's import counted (and made to fail).
 */
import { afterEach, expect, it, vi } from 'vitest';
import { GRAPH, JOB_ID, SP_ID, TOKEN, http, page, useGraphServer } from '../helpers/graph.js';

const server = useGraphServer();

/** Where `@opentelemetry/api` 1.x keeps what is registered globally. */
const REGISTRY = Symbol.for('opentelemetry.js.api.1');
const registry = globalThis as { [REGISTRY]?: unknown };

afterEach(() => {
  Reflect.deleteProperty(registry, REGISTRY);
  vi.doUnmock('@opentelemetry/api');
  vi.doUnmock('../../src/core/tracing.js');
  vi.resetModules();
});

it('works without @opentelemetry/api, looking it up once and loading no tracing code', async () => {
  // As if another copy of the API had registered a global tracer provider: this one is absent.
  registry[REGISTRY] = { version: '1.9.0', trace: {} };
  let lookups = 0;
  let tracingLoads = 0;
  vi.resetModules();
  vi.doMock('@opentelemetry/api', () => {
    lookups += 1;
    throw new Error("Cannot find package '@opentelemetry/api'");
  });
  vi.doMock('../../src/core/tracing.js', async (original) => {
    tracingLoads += 1;
    return original();
  });
  const sdk = await import('../../src/index.js');
  expect(lookups).toBe(0);

  server.use(
    http.get(`${GRAPH}/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs`, () =>
      page([{ id: JOB_ID, templateId: 'aws' }]),
    ),
  );
  for (let i = 0; i < 2; i += 1) {
    const client = new sdk.ProvisioningClient({ accessToken: TOKEN });
    const jobs = await client.servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray();
    expect(jobs.map((j) => j.id)).toEqual([JOB_ID]);
  }
  expect(lookups).toBe(1);
  expect(tracingLoads).toBe(0);
});

it('does not look the API up, nor open spans, until a global tracer provider is registered', async () => {
  expect(registry[REGISTRY]).toBeUndefined();
  let lookups = 0;
  let tracingLoads = 0;
  vi.resetModules();
  vi.doMock('@opentelemetry/api', async (original) => {
    lookups += 1;
    return original();
  });
  vi.doMock('../../src/core/tracing.js', async (original) => {
    tracingLoads += 1;
    return original();
  });
  const sdk = await import('../../src/index.js');
  server.use(
    http.get(`${GRAPH}/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs`, () =>
      page([{ id: JOB_ID, templateId: 'aws' }]),
    ),
  );
  const client = new sdk.ProvisioningClient({ accessToken: TOKEN });
  const jobs = () => client.servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray();
  await jobs();
  await jobs();
  expect([lookups, tracingLoads]).toEqual([0, 0]);

  // Registered after the client's first calls: its next call looks the API up and traces.
  registry[REGISTRY] = { version: '1.9.0', trace: {} };
  await jobs();
  expect([lookups, tracingLoads]).toEqual([1, 1]);
});
