/**
 * Test kit: an msw server that fails on any unhandled request, a client wired to it, scenario
 * builders (`graphError(404, 'Request_ResourceNotFound')`, `throttled(…)`) and fixture loading.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import {
  ProvisioningClient,
  isGraphError,
  type AnyGraphError,
  type ProvisioningClientOptions,
} from '../../src/index.js';

export const GRAPH = 'https://graph.microsoft.com';
export const TOKEN = 'test-access-token-4f9a1c';
export const SP_ID = 'f47a6776-bca7-4f2e-bc6c-eec59d058e3e';
export const AWS_TEMPLATE_ID = '8b1025e4-1dd2-430b-a150-2ef79cd700f5';
export const JOB_ID = 'aws.74beb1753b704b63b8d56f0b76082b16.10a7a801-7101-4c69-ae00-ce9f75f8460a';

/**
 * The one handler every test gets: the read `secrets.put()` and `secrets.clear()` make before
 * their PUT (to send the saved settings again), answered with nothing saved. A test that cares
 * about saved keys overrides it with `server.use()`.
 */
export const savedSecretsNone = http.get(
  `${GRAPH}/:version/servicePrincipals/:id/synchronization/secrets`,
  () => HttpResponse.json({ value: [] }),
);

export const server = setupServer(savedSecretsNone);

/** What the SDK sent, as its `fetch` received it. */
export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

let log: SentRequest[] | undefined;

/**
 * The transport of {@link makeClient}: records each request synchronously at the fetch seam
 * (method, URL, headers, body as sent), then hands it to the global fetch that msw intercepts.
 */
export const recordingFetch = (input: string, init?: RequestInit): Promise<Response> => {
  log?.push({
    method: init?.method ?? 'GET',
    url: new URL(input),
    headers: new Headers(init?.headers),
    body: typeof init?.body === 'string' ? init.body : '',
  });
  return globalThis.fetch(input, init);
};

/** Records every request clients of {@link makeClient} send from now on, in order. */
export function recordRequests(): SentRequest[] {
  log = [];
  return log;
}

/** Starts msw for the file; any request without a handler fails the test. */
export function useGraphServer(): typeof server {
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    server.resetHandlers();
    log = undefined;
  });
  afterAll(() => {
    server.close();
  });
  return server;
}

/** Options of {@link makeClient}: any client option; `accessToken: undefined` removes the default token. */
export type TestClientOptions = {
  [K in keyof ProvisioningClientOptions]?: ProvisioningClientOptions[K] | undefined;
};

/** A client against msw, authenticated with {@link TOKEN} unless told otherwise, recording what it sends. */
export function makeClient(options: TestClientOptions = {}): ProvisioningClient {
  const merged = Object.fromEntries(
    Object.entries({ accessToken: TOKEN, fetch: recordingFetch, ...options }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  return new ProvisioningClient(merged);
}

/** Graph's OData error envelope. */
export function graphError(
  status: number,
  code: string,
  message = `${code} happened`,
  headers: Record<string, string> = {},
): HttpResponse<JsonBodyType> {
  return HttpResponse.json(
    {
      error: {
        code,
        message,
        innerError: {
          date: '2026-11-23T10:00:00',
          'request-id': `req-${String(status)}`,
          'client-request-id': headers['client-request-id'] ?? 'echoed',
        },
      },
    },
    { status, headers },
  );
}

/** A 429 with `Retry-After` in seconds. */
export function throttled(retryAfterSeconds: number | string): HttpResponse<JsonBodyType> {
  return graphError(429, 'TooManyRequests', 'Please retry again later.', {
    'Retry-After': String(retryAfterSeconds),
  });
}

/** A `{ value: [...] }` collection page. */
export function page(items: unknown[], nextLink?: string): HttpResponse<JsonBodyType> {
  return HttpResponse.json({
    '@odata.context': `${GRAPH}/v1.0/$metadata#collection`,
    value: items as JsonBodyType[],
    ...(nextLink === undefined ? {} : { '@odata.nextLink': nextLink }),
  });
}

export const noContent = (): HttpResponse<null> => new HttpResponse(null, { status: 204 });

const FIXTURES = fileURLToPath(new URL('../fixtures/graph/', import.meta.url));

/** A fixture file's text, byte for byte as Microsoft documents it. */
export function fixtureText(version: 'v1.0' | 'beta', file: string): string {
  const text = readFileSync(`${FIXTURES}${version}/${file}`, 'utf8');
  // Logged for the suite's check that every documented example is read (test/setup).
  appendFileSync(
    join(inject('fixtureUsageDir'), `${String(process.pid)}-${String(threadId)}.log`),
    `${version}/${file}\n`,
  );
  return text;
}

/** A fixture file parsed as JSON. */
export function fixtureJson(version: 'v1.0' | 'beta', file: string): JsonBodyType {
  return JSON.parse(fixtureText(version, file)) as JsonBodyType;
}

/** A Response whose body is the raw fixture text (valid JSON or not). */
export function fixtureResponse(
  version: 'v1.0' | 'beta',
  file: string,
  status = 200,
): HttpResponse<string> {
  return new HttpResponse(fixtureText(version, file), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export { HttpResponse, http };

/** The GraphError a promise rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<AnyGraphError> {
  try {
    await promise;
  } catch (error) {
    if (isGraphError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** The GraphError a function throws synchronously. */
export function thrown(fn: () => unknown): AnyGraphError {
  try {
    fn();
  } catch (error) {
    if (isGraphError(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}
