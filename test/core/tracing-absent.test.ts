/**
 * Without `@opentelemetry/api` (an optional peer dependency): the package imports and works,
 * looks the API up once per process (with the first request, never at import), and never loads
 * its spans' module. Fresh copies of the sources, with the API's import made to fail.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { GRAPH, JOB_ID, SP_ID, TOKEN, http, page, useGraphServer } from '../helpers/graph.js';

const server = useGraphServer();

afterEach(() => {
  vi.doUnmock('@opentelemetry/api');
  vi.doUnmock('../../src/core/tracing.js');
  vi.resetModules();
});

it('works without @opentelemetry/api, looking it up once and loading no tracing code', async () => {
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
