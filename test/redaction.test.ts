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

describe('encodings servers and proxies really use (Trust issue)', () => {
  // Non-ASCII, a slash, a plus, a quote, a space and an astral character: each encoder below
  // writes this secret differently.
  const secret = 'Sécret/Ünïcode+"tok 😀-7731';
  const forms = {
    'percent-encoded, lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) =>
      h.toLowerCase(),
    ),
    'JSON with \\/ escapes': JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    'JSON with \\uXXXX for every non-ASCII character': JSON.stringify(secret)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    'PHP json_encode (both)': JSON.stringify(secret)
      .slice(1, -1)
      .replace(/\//g, '\\/')
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    'JSON quoted inside JSON': JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1),
    'percent-encoded twice': encodeURIComponent(encodeURIComponent(secret)),
    // Every character an HTML encoder escapes (letters, digits, '.', '_' and '-' it never does).
    'HTML character references': secret.replace(
      /[^A-Za-z0-9._-]/gu,
      (c) => `&#x${c.codePointAt(0)!.toString(16)};`,
    ),
    // As PHP's htmlentities and Java's escapeHtml4 write them: named where HTML has a name.
    'HTML named references': secret.replace(
      /[^A-Za-z0-9._-]/gu,
      (c) =>
        ({ é: '&eacute;', Ü: '&Uuml;', ï: '&iuml;', '/': '&sol;', '+': '&plus;', '"': '&quot;' })[
          c
        ] ?? `&#${String(c.codePointAt(0))};`,
    ),
    'HTML numeric references without ;, upper-case names': secret.replace(
      /[^A-Za-z0-9._-]/gu,
      (c) => (c === '"' ? '&QUOT;' : `&#${String(c.codePointAt(0))}`),
    ),
    'form-encoded, then percent-encoded': encodeURIComponent(
      encodeURIComponent(secret).replace(/%20/g, '+'),
    ),
  };

  it.each(Object.entries(forms))('scrubs a secret Graph echoes %s', async (_name, form) => {
    expect(form).not.toContain(secret);
    const logger = capturingLogger();
    server.use(
      http.post(`${SYNC}/jobs/:job/validateCredentials`, () =>
        graphError(400, 'BadRequest', `Cannot connect with "${form}" to the target`, {
          'request-id': 'r-1',
        }),
      ),
    );
    const error = await rejection(
      makeClient({ logger })
        .servicePrincipals.byId(SP_ID)
        .synchronization.jobs.byId(JOB_ID)
        .validateCredentials({ credentials: { SecretToken: secret } }),
    );
    expect(error.message).toContain('Cannot connect with "[REDACTED]" to the target');
    const printed = `${everythingPrintable(error)}\n${logger.lines()}`;
    expect(printed).not.toContain(form);
    // Nothing recognisable of it either: its ASCII core and a run of its encoded form.
    expect(printed).not.toContain('tok');
    expect(printed).not.toContain(form.slice(3, 15));
  });
});

describe('the access token a nextLink carries (Trust issue)', () => {
  const OPAQUE = 'opaque-token-Zq81vX3m-in-a-link';
  const links = {
    'in the query': `${GRAPH}/v1.0/servicePrincipals?$skiptoken=${OPAQUE}&$top=2`,
    'in the path': `${GRAPH}/v1.0/tokens/${OPAQUE}/servicePrincipals?$top=2`,
    'percent-encoded in the query': `${GRAPH}/v1.0/servicePrincipals?$skiptoken=${encodeURIComponent(`t=${OPAQUE}/x`)}`,
  };

  it.each(Object.entries(links))(
    'is never in error.url, error.message or a log line when it is %s',
    async (_name, link) => {
      const logger = capturingLogger();
      server.use(
        http.get(`${GRAPH}/v1.0/servicePrincipals`, ({ request }) =>
          new URL(request.url).searchParams.has('$skiptoken')
            ? graphError(500, 'InternalServerError', `failed ${request.url}`)
            : HttpResponse.json({ value: [{ id: SP_ID }], '@odata.nextLink': link }),
        ),
        http.get(`${GRAPH}/v1.0/tokens/*`, ({ request }) =>
          graphError(404, 'Request_ResourceNotFound', `no ${new URL(request.url).pathname}`),
        ),
      );
      const client = makeClient({ accessToken: OPAQUE, logger, maxRetries: 0 });
      const error = await rejection(client.servicePrincipals.list().toArray());
      expect(['server', 'notFound']).toContain(error.kind);
      expect(error.url).toContain('[REDACTED]');
      const printed = `${everythingPrintable(error)}\n${logger.lines()}`;
      expect(printed).not.toContain(OPAQUE);
      expect(printed).not.toContain(encodeURIComponent(OPAQUE));
    },
  );

  it.each([
    ['in its query', `${GRAPH}/v1.0/servicePrincipals?$skiptoken=${OPAQUE}`],
    ['in its path', `${GRAPH}/v1.0/tokens/${OPAQUE}/servicePrincipals`],
  ])('is never shown when it comes back as a continuation token (%s)', async (_where, link) => {
    const logger = capturingLogger();
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals`, () =>
        graphError(400, 'BadRequest', 'bad skip token'),
      ),
      http.get(`${GRAPH}/v1.0/tokens/*`, () => graphError(400, 'BadRequest', 'bad skip token')),
    );
    // A fresh client: its first request line is logged only once the token is known.
    const client = makeClient({ accessToken: OPAQUE, logger, maxRetries: 0 });
    const pages = client.servicePrincipals.list().byPage({ continuationToken: link });
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const page of pages) seen.push(page);
      })(),
    );
    expect(seen).toEqual([]);
    expect(error.kind).toBe('badRequest');
    expect(logger.lines()).toContain('→ GET');
    expect(`${everythingPrintable(error)}\n${logger.lines()}`).not.toContain(OPAQUE);
  });

  it('is never shown after the token was refreshed between two pages', async () => {
    const tokens = ['opaque-token-One-0001-aaaa', 'opaque-token-Two-0002-bbbb'];
    let calls = 0;
    const logger = capturingLogger();
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals`, ({ request }) =>
        new URL(request.url).searchParams.has('$skiptoken')
          ? graphError(400, 'BadRequest', 'bad skip token')
          : HttpResponse.json({
              value: [{ id: SP_ID }],
              '@odata.nextLink': `${GRAPH}/v1.0/servicePrincipals?$skiptoken=${tokens[0]!}`,
            }),
      ),
    );
    // The first page goes out with the first token, the next one with a refreshed token.
    const client = makeClient({
      accessToken: () => tokens[Math.min(calls++, 1)]!,
      logger,
      maxRetries: 0,
    });
    const error = await rejection(client.servicePrincipals.list().toArray());
    expect(calls).toBe(2);
    expect(error.url).toContain('[REDACTED]');
    const printed = `${everythingPrintable(error)}\n${logger.lines()}`;
    for (const token of tokens) expect(printed).not.toContain(token);
  });
});

describe('credential keys that may be secrets (keys and values swapped)', () => {
  const SWAPPED = 'c3VwZXJzZWNyZXR2YWx1ZTEyMzQ';

  it('never quotes an unknown key: not in warnings, input errors, or Graph echoing it', async () => {
    const logger = capturingLogger();
    server.use(
      http.put(`${SYNC}/secrets`, () =>
        graphError(
          400,
          'BadRequest',
          `Invalid value '${SWAPPED}' for 'key': it must be a synchronizationSecret member.`,
        ),
      ),
    );
    const secrets = makeClient({ logger }).servicePrincipals.byId(SP_ID).synchronization.secrets;
    const error = await rejection(secrets.put({ [SWAPPED]: 'SecretToken' }));
    expect(error.kind).toBe('badRequest');
    expect(`${everythingPrintable(error)}\n${logger.lines()}`).not.toContain(SWAPPED);
    // A misspelt key gets the closest name, not itself.
    await rejection(secrets.put({ SecretTokn: 'x' }));
    expect(logger.lines()).toContain("Did you mean 'SecretToken'?");
    expect(logger.lines()).not.toContain('SecretTokn');
    const invalid = await rejection(
      secrets.put([
        { key: SWAPPED, value: 5 },
        { key: SWAPPED, value: 'x' },
      ] as never),
    );
    expect(invalid.kind).toBe('invalidInput');
    expect(everythingPrintable(invalid)).not.toContain(SWAPPED);
  });
});
