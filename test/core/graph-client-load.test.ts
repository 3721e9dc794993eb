/**
 * The Graph client's modules load with the first request, not at import, and that load is
 * bounded like an attempt. Runs on a fresh copy of the pipeline module, whose Graph client was
 * never loaded (the test setup primes the shared one).
 */
import { afterEach, expect, it, vi } from 'vitest';
import type * as PipelineModule from '../../src/core/pipeline.js';
import { resolveOptions } from '../../src/core/options.js';

const GRAPH_REQUEST = '@microsoft/microsoft-graph-client/lib/src/GraphRequest.js';

afterEach(() => {
  vi.doUnmock(GRAPH_REQUEST);
  vi.useRealTimers();
});

async function freshPipeline(): Promise<typeof PipelineModule> {
  vi.resetModules();
  return import('../../src/core/pipeline.js');
}

const request = {
  method: 'GET' as const,
  version: 'v1.0',
  relative: '/servicePrincipals',
  headers: {},
  timeoutMs: 5_000,
  signal: undefined,
};

it('loads the Graph client with the first request, then sends it', async () => {
  const { Pipeline } = await freshPipeline();
  const fetch = vi.fn(() => Promise.resolve(Response.json({ value: [] })));
  const pipeline = new Pipeline(resolveOptions({ accessToken: 't', fetch }));
  const result = await pipeline.attempt(request);
  expect(result.type).toBe('response');
  expect(fetch).toHaveBeenCalledTimes(1);
});

it('settles with a timeout, sending nothing, when loading the Graph client never ends', async () => {
  vi.doMock(GRAPH_REQUEST, () => new Promise(() => undefined));
  const { Pipeline } = await freshPipeline();
  vi.useFakeTimers();
  const fetch = vi.fn(() => Promise.resolve(Response.json({ value: [] })));
  const pipeline = new Pipeline(resolveOptions({ accessToken: 't', fetch }));
  const pending = pipeline.attempt(request);
  await vi.advanceTimersByTimeAsync(5_000);
  expect(await pending).toEqual({ type: 'timeout', sent: false, cause: undefined });
  expect(fetch).not.toHaveBeenCalled();
});
