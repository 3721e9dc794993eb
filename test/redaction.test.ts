import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AnyGraphError, type Logger } from '../src/index.js';
import {
  GRAPH,
  JOB_ID,
  SP_ID,
  TOKEN,
  graphError,
  http,
  HttpResponse,
  makeClient,
  useGraphServer,
  rejection,
} from './helpers/graph.js';

const server = useGraphServer();
const SECRET = 'Sup3r-Secret-Token-value';
const SYNC = `${GRAPH}/v1.0/servicePrincipals/${SP_ID}/synchronization`;

function capturingLogger(): Logger & { lines: () => string } {
  const calls: unknown[][] = [];
  const record = (...args: unknown[]): void => {
    calls.push(args);
  };
  return {
    debug: record,
    info: record,
    warn: record,
    error: record,
    lines: () => inspect(calls, { depth: 10 }),
  };
}

function everythingPrintable(error: AnyGraphError): string {
  return [
    error.message,
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    String(error.stack),
  ].join('\n');
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

it('scrubs a secret that Graph echoes in an error from errors and logs', async () => {
  const logger = capturingLogger();
  server.use(
    http.post(`${SYNC}/jobs/:job/validateCredentials`, () =>
      graphError(400, `Bad_${SECRET}`, `Could not connect with token ${SECRET} to the target`),
    ),
  );
  const job = makeClient({ logger })
    .servicePrincipals.byId(SP_ID)
    .synchronization.jobs.byId(JOB_ID);
  const error = await rejection(job.validateCredentials({ credentials: { SecretToken: SECRET } }));
  expect(error.kind).toBe('badRequest');
  expect(error.message).toContain('[REDACTED]');
  expect(everythingPrintable(error)).not.toContain(SECRET);
  expect(logger.lines()).not.toContain(SECRET);
});

it('never puts the access token or secret values in errors, logs or inspect output, through retries', async () => {
  const logger = capturingLogger();
  let n = 0;
  server.use(
    http.put(`${SYNC}/secrets`, () => {
      n += 1;
      return n < 3
        ? graphError(503, 'busy', 'busy', { 'Retry-After': '1' })
        : graphError(500, 'boom', 'still broken');
    }),
  );
  const client = makeClient({ logger, maxRetries: 2 });
  const result = rejection(
    client.servicePrincipals.byId(SP_ID).synchronization.secrets.put({
      SecretToken: SECRET,
      BaseAddress: 'https://scim.example.com',
    }),
  );
  await vi.advanceTimersByTimeAsync(5_000);
  const error = await result;
  expect(error.kind).toBe('server');
  for (const text of [
    everythingPrintable(error),
    logger.lines(),
    inspect(client, { depth: 10, showHidden: true }),
  ]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  }
  expect(logger.lines()).toContain('retrying');
});

it('scrubs a bearer token from an error message', async () => {
  server.use(
    http.get(`${SYNC}/jobs`, () =>
      graphError(401, 'InvalidAuthenticationToken', 'Token Bearer eyJ0eXAiOi.abc.def is expired'),
    ),
  );
  const error = await rejection(
    makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray(),
  );
  expect(error.kind).toBe('unauthorized');
  expect(error.message).not.toContain('eyJ0eXAiOi');
  expect(error.hint).toContain('Synchronization.Read.All');
});

it('logs requests at debug level without headers or bodies', async () => {
  const logger = capturingLogger();
  server.use(http.get(`${SYNC}/jobs`, () => HttpResponse.json({ value: [] })));
  await makeClient({ logger }).servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray();
  const lines = logger.lines();
  expect(lines).toContain(`GET /v1.0/servicePrincipals/${SP_ID}/synchronization/jobs`);
  expect(lines).toContain('← 200');
  expect(lines).not.toContain(TOKEN);
  expect(lines.toLowerCase()).not.toContain('authorization');
});

it('keeps addresses and settings readable in errors while redacting the secrets beside them', async () => {
  server.use(
    http.put(`${SYNC}/secrets`, () =>
      graphError(
        400,
        'InvalidCredentials',
        `Could not reach https://scim.example.com/v2 with token ${SECRET}`,
      ),
    ),
  );
  const error = await rejection(
    makeClient().servicePrincipals.byId(SP_ID).synchronization.secrets.put({
      BaseAddress: 'https://scim.example.com/v2',
      SecretToken: SECRET,
    }),
  );
  expect(error.message).toContain('https://scim.example.com/v2');
  expect(error.message).not.toContain(SECRET);
});

it('redacts a raw JWT from a credential failure message', async () => {
  const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJl';
  const credential = { getToken: () => Promise.reject(new Error(`cached token ${jwt} expired`)) };
  const error = await rejection(
    makeClient({ accessToken: undefined, credential }).servicePrincipals.byId(SP_ID).get(),
  );
  expect(error.kind).toBe('unauthorized');
  expect(everythingPrintable(error)).not.toContain(jwt);
  expect(error.message).toContain('[REDACTED]');
});

describe('echoes found by the hardening properties (test/hardening/redaction.test.ts)', () => {
  const OPAQUE = 'opaque-token-Zq81vX3m';

  it('scrubs an opaque (non-JWT) access token that Graph echoes without "Bearer"', async () => {
    server.use(
      http.get(`${SYNC}/jobs/:job`, () =>
        graphError(400, 'Bad', `token ${OPAQUE} is not valid for this tenant`),
      ),
    );
    const error = await rejection(
      makeClient({ accessToken: OPAQUE })
        .servicePrincipals.byId(SP_ID)
        .synchronization.jobs.byId(JOB_ID)
        .get(),
    );
    expect(error.message).toContain('[REDACTED]');
    expect(everythingPrintable(error)).not.toContain(OPAQUE);
  });

  it('scrubs a secret echoed inside the JSON request body Graph quotes back, or percent-encoded', async () => {
    const quoted = 'pa"ss\\word-Secret-77';
    server.use(
      http.put(`${SYNC}/secrets`, async ({ request }) =>
        graphError(
          400,
          'Bad',
          `cannot read ${await request.text()} nor ${encodeURIComponent(quoted)}`,
        ),
      ),
    );
    const error = await rejection(
      makeClient()
        .servicePrincipals.byId(SP_ID)
        .synchronization.secrets.put({ SecretToken: quoted }),
    );
    const printable = everythingPrintable(error);
    for (const form of [quoted, JSON.stringify(quoted).slice(1, -1), encodeURIComponent(quoted)]) {
      expect(printable).not.toContain(form);
    }
    expect(error.message).toContain('SecretToken');
  });

  it('quotes no part of an invalid 2xx body (it may echo the token), in the message or the cause', async () => {
    server.use(
      http.get(`${SYNC}/jobs/:job`, () => new HttpResponse(`${OPAQUE} oops`, { status: 200 })),
    );
    const error = await rejection(
      makeClient({ accessToken: OPAQUE, maxRetries: 0 })
        .servicePrincipals.byId(SP_ID)
        .synchronization.jobs.byId(JOB_ID)
        .get(),
    );
    expect(error.kind).toBe('invalidResponse');
    expect(error.message).toContain('not valid JSON: unexpected text; 26 characters');
    // V8's own message would quote "opaque-tok": a fragment too short to recognise and scrub.
    expect(everythingPrintable(error)).not.toContain(OPAQUE.slice(0, 8));
  });

  it('scrubs the token from a transport error that quotes the request, cause included', async () => {
    const fetch = (): Promise<Response> =>
      Promise.reject(
        new TypeError(`fetch failed: Authorization: Bearer ${OPAQUE}`, {
          cause: Object.assign(new Error(`connect to proxy with ${OPAQUE} refused`), {
            code: 'ECONNREFUSED',
          }),
        }),
      );
    const error = await rejection(
      makeClient({ accessToken: OPAQUE, fetch, maxRetries: 0 })
        .servicePrincipals.byId(SP_ID)
        .synchronization.jobs.byId(JOB_ID)
        .get(),
    );
    expect(error.kind).toBe('network');
    expect(everythingPrintable(error)).not.toContain(OPAQUE);
    expect(error.message).toContain('ECONNREFUSED');
  });
});
