import type { TokenCredential } from '@azure/core-auth';
import { delay } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  ServerError,
  ThrottledError,
  TimeoutError,
} from '../../src/index.js';
import {
  AWS_TEMPLATE_ID,
  GRAPH,
  JOB_ID,
  SP_ID,
  TOKEN,
  graphError,
  http,
  HttpResponse,
  makeClient,
  noContent,
  recordRequests,
  throttled,
  useGraphServer,
  rejection,
} from '../helpers/graph.js';

const server = useGraphServer();
const SP_URL = `${GRAPH}/v1.0/servicePrincipals/${SP_ID}`;
const JOB_URL = `${SP_URL}/synchronization/jobs/${encodeURIComponent(JOB_ID)}`;
const INSTANTIATE_URL = `${GRAPH}/v1.0/applicationTemplates/${AWS_TEMPLATE_ID}/instantiate`;
const NOW = Date.parse('2026-11-23T10:00:00Z');

/** Serves `responses` in order (the last one repeats) and counts calls. */
function sequence(...responses: (() => Response | Promise<Response>)[]): {
  calls: () => number;
  resolver: () => Response | Promise<Response>;
} {
  let n = 0;
  return {
    calls: () => n,
    resolver: () => {
      const next = responses[Math.min(n, responses.length - 1)]!;
      n += 1;
      return next();
    },
  };
}

const spBody = {
  id: SP_ID,
  displayName: 'AWS Contoso',
  appId: '3c653ec4-4e4c-4820-8127-49e3889cad99',
};

describe('retries', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('respects Retry-After in seconds on 429, waiting exactly that long', async () => {
    const seq = sequence(
      () => throttled(2),
      () => HttpResponse.json(spBody),
    );
    server.use(http.get(SP_URL, seq.resolver));
    const result = makeClient().servicePrincipals.get(SP_ID);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(seq.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ id: SP_ID });
    expect(seq.calls()).toBe(2);
  });

  it('respects Retry-After as an HTTP-date on 429', async () => {
    const at = new Date(NOW + 5_000).toUTCString();
    const seq = sequence(
      () => throttled(at),
      () => HttpResponse.json(spBody),
    );
    server.use(http.get(SP_URL, seq.resolver));
    const result = makeClient().servicePrincipals.get(SP_ID);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(seq.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ id: SP_ID });
  });

  it('retries a 429 on POST instantiate (throttling means Graph did nothing)', async () => {
    const seq = sequence(
      () => throttled(1),
      () =>
        HttpResponse.json(
          { application: { id: 'a' }, servicePrincipal: { id: 's' } },
          { status: 201 },
        ),
    );
    server.use(http.post(INSTANTIATE_URL, seq.resolver));
    const result = makeClient().applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
      displayName: 'AWS',
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toMatchObject({ application: { id: 'a' } });
    expect(seq.calls()).toBe(2);
  });

  it('retries 503 on POST pause, which is harmless to repeat', async () => {
    const seq = sequence(() => graphError(503, 'serviceNotAvailable'), noContent);
    server.use(http.post(`${JOB_URL}/pause`, seq.resolver));
    const result = makeClient()
      .servicePrincipals.byId(SP_ID)
      .synchronization.jobs.byId(JOB_ID)
      .pause();
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBeUndefined();
    expect(seq.calls()).toBe(2);
  });

  it('does not replay POST start or job create after a 503 or 504 that may hide a success', async () => {
    const starts = sequence(() => graphError(504, 'gatewayTimeout'), noContent);
    const creates = sequence(() => graphError(503, 'serviceNotAvailable'), noContent);
    server.use(
      http.post(`${JOB_URL}/start`, starts.resolver),
      http.post(`${SP_URL}/synchronization/jobs`, creates.resolver),
    );
    const jobs = makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs;
    const start = rejection(jobs.byId(JOB_ID).start());
    const create = rejection(jobs.create({ templateId: 'aws' }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await start).kind).toBe('server');
    expect((await create).kind).toBe('server');
    expect(starts.calls()).toBe(1);
    expect(creates.calls()).toBe(1);
  });

  it('retries 504 on GET with exponential backoff when there is no Retry-After', async () => {
    const seq = sequence(
      () => graphError(504, 'gatewayTimeout'),
      () => graphError(504, 'gatewayTimeout'),
      () => HttpResponse.json(spBody),
    );
    server.use(http.get(SP_URL, seq.resolver));
    const result = makeClient().servicePrincipals.get(SP_ID);
    await vi.advanceTimersByTimeAsync(499);
    expect(seq.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(501 + 2_000);
    await expect(result).resolves.toMatchObject({ id: SP_ID });
    expect(seq.calls()).toBe(3);
  });

  it('retries 502 on GET', async () => {
    const seq = sequence(
      () => graphError(502, 'badGateway'),
      () => HttpResponse.json(spBody),
    );
    server.use(http.get(SP_URL, seq.resolver));
    const result = makeClient().servicePrincipals.get(SP_ID);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toMatchObject({ id: SP_ID });
    expect(seq.calls()).toBe(2);
  });

  it('does not retry POST instantiate on 502', async () => {
    const seq = sequence(() => graphError(502, 'badGateway'));
    server.use(http.post(INSTANTIATE_URL, seq.resolver));
    const error = await rejection(
      makeClient().applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'AWS' }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, attempts: 1 });
    expect(error.hint).toMatch(/may have been created/);
    expect(seq.calls()).toBe(1);
  });

  it('does not retry POST instantiate on 503 or 504, which Graph may have acted on', async () => {
    for (const status of [503, 504]) {
      const seq = sequence(() => graphError(status, 'unavailable'));
      server.use(http.post(INSTANTIATE_URL, seq.resolver));
      const error = await rejection(
        makeClient().applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'AWS' }),
      );
      expect(error.kind).toBe('server');
      expect(seq.calls()).toBe(1);
    }
  });

  it('does not retry POST jobs.create on 500', async () => {
    const seq = sequence(() => graphError(500, 'internalServerError'));
    server.use(http.post(`${SP_URL}/synchronization/jobs`, seq.resolver));
    const error = await rejection(
      makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.create({ templateId: 'aws' }),
    );
    expect(error.kind).toBe('server');
    expect(seq.calls()).toBe(1);
  });

  it('throws ThrottledError with retryAfterMs, without sleeping, when the wait exceeds maxRetryAfterMs', async () => {
    const seq = sequence(() => throttled(300));
    server.use(http.get(SP_URL, seq.resolver));
    const error = await rejection(makeClient().servicePrincipals.get(SP_ID));
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(300_000);
    expect(seq.calls()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up after maxRetries 429s with ThrottledError carrying the last Retry-After', async () => {
    const seq = sequence(() => throttled(1));
    server.use(http.get(SP_URL, seq.resolver));
    const result = rejection(makeClient({ maxRetries: 2 }).servicePrincipals.get(SP_ID));
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await result;
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({
      status: 429,
      attempts: 3,
      code: 'TooManyRequests',
      retryAfterMs: 1_000,
    });
    expect(seq.calls()).toBe(3);
  });

  it('gives up after maxRetries 503s with ServerError', async () => {
    const seq = sequence(() =>
      graphError(503, 'serviceNotAvailable', 'busy', { 'Retry-After': '1' }),
    );
    server.use(http.get(SP_URL, seq.resolver));
    const result = rejection(makeClient({ maxRetries: 1 }).servicePrincipals.get(SP_ID));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await result;
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, attempts: 2 });
  });

  it('rejects promptly with AbortedError when the signal fires during a retry wait', async () => {
    const seq = sequence(() => throttled(60));
    server.use(http.get(SP_URL, seq.resolver));
    const controller = new AbortController();
    const result = rejection(
      makeClient().servicePrincipals.get(SP_ID, { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('user cancelled'));
    const error = await result;
    expect(error).toBeInstanceOf(AbortedError);
    expect((error.cause as Error).message).toBe('user cancelled');
    expect(seq.calls()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with AbortedError without sending when the signal has already fired', async () => {
    const seq = sequence(() => HttpResponse.json(spBody));
    server.use(http.get(SP_URL, seq.resolver));
    const error = await rejection(
      makeClient().servicePrincipals.get(SP_ID, { signal: AbortSignal.abort() }),
    );
    expect(error.kind).toBe('aborted');
    expect(error.attempts).toBe(0);
    expect(seq.calls()).toBe(0);
  });

  it('aborts an in-flight request when the signal fires', async () => {
    server.use(
      http.get(SP_URL, async () => {
        await delay('infinite');
        return HttpResponse.json(spBody);
      }),
    );
    const controller = new AbortController();
    const result = rejection(
      makeClient().servicePrincipals.get(SP_ID, { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(5);
    controller.abort();
    expect((await result).kind).toBe('aborted');
  });

  it('times out an attempt after timeoutMs and retries a GET', async () => {
    const seq = sequence(
      async () => {
        await delay('infinite');
        return HttpResponse.json(spBody);
      },
      () => HttpResponse.json(spBody),
    );
    server.use(http.get(SP_URL, seq.resolver));
    const result = makeClient({ timeoutMs: 1_000 }).servicePrincipals.get(SP_ID);
    await vi.advanceTimersByTimeAsync(1_000 + 1_000);
    await expect(result).resolves.toMatchObject({ id: SP_ID });
    expect(seq.calls()).toBe(2);
  });

  it('raises TimeoutError on POST without replaying it', async () => {
    const seq = sequence(async () => {
      await delay('infinite');
      return noContent();
    });
    server.use(http.post(`${JOB_URL}/start`, seq.resolver));
    const job = makeClient({ timeoutMs: 500 })
      .servicePrincipals.byId(SP_ID)
      .synchronization.jobs.byId(JOB_ID);
    const result = rejection(job.start());
    await vi.advanceTimersByTimeAsync(500);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.attempts).toBe(1);
    expect(seq.calls()).toBe(1);
  });

  it('uses the per-call timeoutMs over the client one', async () => {
    server.use(
      http.get(SP_URL, async () => {
        await delay('infinite');
        return HttpResponse.json(spBody);
      }),
    );
    const result = rejection(
      makeClient({ timeoutMs: 60_000, maxRetries: 0 }).servicePrincipals.get(SP_ID, {
        timeoutMs: 50,
      }),
    );
    await vi.advanceTimersByTimeAsync(50);
    expect((await result).kind).toBe('timeout');
  });

  it('retries a network error on GET, then raises NetworkError', async () => {
    const seq = sequence(() => HttpResponse.error());
    server.use(http.get(SP_URL, seq.resolver));
    const result = rejection(makeClient({ maxRetries: 2 }).servicePrincipals.get(SP_ID));
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await result;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.attempts).toBe(3);
    expect(seq.calls()).toBe(3);
  });

  it('does not retry a network error on POST', async () => {
    const seq = sequence(() => HttpResponse.error());
    server.use(http.post(`${SP_URL}/synchronization/jobs`, seq.resolver));
    const error = await rejection(
      makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.create({ templateId: 'aws' }),
    );
    expect(error.kind).toBe('network');
    expect(seq.calls()).toBe(1);
  });

  it('keeps one client-request-id across every attempt of a call', async () => {
    const sent = recordRequests();
    const seq = sequence(
      () => throttled(1),
      () => throttled(1),
      () => HttpResponse.json(spBody),
    );
    server.use(http.get(SP_URL, seq.resolver));
    const result = makeClient().servicePrincipals.get(SP_ID);
    await vi.advanceTimersByTimeAsync(2_000);
    await result;
    const ids = sent.map((r) => r.headers.get('client-request-id'));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a new client-request-id for each logical call', async () => {
    const sent = recordRequests();
    server.use(http.get(SP_URL, () => HttpResponse.json(spBody)));
    const client = makeClient();
    await client.servicePrincipals.get(SP_ID);
    await client.servicePrincipals.get(SP_ID);
    expect(sent[0]!.headers.get('client-request-id')).not.toBe(
      sent[1]!.headers.get('client-request-id'),
    );
  });

  it('sends and reports the client-request-id a caller passes, not the one Graph echoes', async () => {
    const sent = recordRequests();
    server.use(
      http.get(SP_URL, () =>
        graphError(404, 'Request_ResourceNotFound', 'gone', {
          'client-request-id': 'server-side-value',
        }),
      ),
    );
    const error = await rejection(
      makeClient().servicePrincipals.get(SP_ID, {
        headers: { 'client-request-id': 'my-correlation-id' },
      }),
    );
    expect(sent[0]!.headers.get('client-request-id')).toBe('my-correlation-id');
    expect(error.clientRequestId).toBe('my-correlation-id');
  });

  it('reports the generated client-request-id it sent', async () => {
    const sent = recordRequests();
    server.use(http.get(SP_URL, () => graphError(404, 'Request_ResourceNotFound')));
    const error = await rejection(makeClient().servicePrincipals.get(SP_ID));
    expect(error.clientRequestId).toBe(sent[0]!.headers.get('client-request-id'));
  });

  it('retries a timeout that struck before the request left, even for a POST', async () => {
    const seq = sequence(noContent);
    server.use(http.post(`${JOB_URL}/start`, seq.resolver));
    let calls = 0;
    const accessToken = async (): Promise<string> => {
      calls += 1;
      if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 60_000));
      return 'token';
    };
    const job = makeClient({ accessToken, timeoutMs: 1_000 })
      .servicePrincipals.byId(SP_ID)
      .synchronization.jobs.byId(JOB_ID);
    const result = job.start();
    await vi.advanceTimersByTimeAsync(1_000 + 1_000);
    await expect(result).resolves.toBeUndefined();
    expect(seq.calls()).toBe(1);
  });

  it('waits exactly a Retry-After close to the longest timer instead of overflowing it', async () => {
    const seq = sequence(
      () => throttled(2_147_483),
      () => HttpResponse.json(spBody),
    );
    server.use(http.get(SP_URL, seq.resolver));
    const result = makeClient({ maxRetryAfterMs: 2_147_483_647 }).servicePrincipals.get(SP_ID);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seq.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_147_483_000);
    await expect(result).resolves.toMatchObject({ id: SP_ID });
  });
});

describe('errors from responses', () => {
  it.each([
    [400, 'badRequest', 'BadRequestError'],
    [401, 'unauthorized', 'UnauthorizedError'],
    [403, 'forbidden', 'ForbiddenError'],
    [404, 'notFound', 'NotFoundError'],
    [409, 'conflict', 'ConflictError'],
    [405, 'http', 'HttpError'],
    [412, 'http', 'HttpError'],
    [501, 'server', 'ServerError'],
  ] as const)('maps %i to kind %s (%s)', async (status, kind, name) => {
    server.use(http.get(SP_URL, () => graphError(status, 'SomeCode', 'Something went wrong.')));
    const error = await rejection(makeClient({ maxRetries: 0 }).servicePrincipals.get(SP_ID));
    expect(error.kind).toBe(kind);
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      status,
      code: 'SomeCode',
      requestId: `req-${String(status)}`,
      date: '2026-11-23T10:00:00',
      method: 'GET',
      url: SP_URL,
      attempts: 1,
    });
    expect(error.message).toContain('Something went wrong.');
    expect(error.message).toContain(`GET /v1.0/servicePrincipals/${SP_ID}`);
  });

  it('reads the innererror spelling and requestId from older services', async () => {
    server.use(
      http.get(SP_URL, () =>
        HttpResponse.json(
          {
            error: {
              code: 'invalidRange',
              message: 'nope',
              innererror: { requestId: 'legacy-id', date: 'd' },
            },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await rejection(makeClient().servicePrincipals.get(SP_ID));
    expect(error).toMatchObject({
      kind: 'badRequest',
      code: 'invalidRange',
      requestId: 'legacy-id',
      date: 'd',
    });
  });

  it('falls back to the request-id and Date headers when the body is not JSON', async () => {
    server.use(
      http.get(
        SP_URL,
        () =>
          new HttpResponse('<html>Bad gateway</html>', {
            status: 400,
            headers: { 'request-id': 'hdr-id', Date: 'Mon, 23 Nov 2026 10:00:00 GMT' },
          }),
      ),
    );
    const error = await rejection(makeClient().servicePrincipals.get(SP_ID));
    expect(error).toMatchObject({
      kind: 'badRequest',
      requestId: 'hdr-id',
      date: 'Mon, 23 Nov 2026 10:00:00 GMT',
    });
    expect(error.code).toBeUndefined();
    expect(error.message).toContain('Bad Request');
  });

  it("keeps request-id and date on a request carrying secrets only in Graph's shapes", async () => {
    // 'Token-12' is what a cut echo of the secret could look like; Date.parse accepts it.
    const echoes = { 'request-id': 'Token-12', date: 'Token-12' };
    const genuine = {
      'request-id': '0f6b4c1e-8a5d-4e8e-9d1a-2c3b4a5d6e7f',
      date: 'Fri, 04 Dec 2026 09:30:00 GMT',
    };
    for (const [headers, kept] of [
      [echoes, false],
      [genuine, true],
    ] as const) {
      server.use(
        http.put(
          `${SP_URL}/synchronization/secrets`,
          () => new HttpResponse('<html>no</html>', { status: 400, headers }),
        ),
      );
      const error = await rejection(
        makeClient({ maxRetries: 0 })
          .servicePrincipals.byId(SP_ID)
          .synchronization.secrets.put({ SecretToken: 'Token-12-and-more' }),
      );
      expect(error.kind).toBe('badRequest');
      expect(error.requestId).toBe(kept ? headers['request-id'] : undefined);
      expect(error.date).toBe(kept ? headers.date : undefined);
    }
  });

  it('names the likely missing permission on 403', async () => {
    server.use(http.post(`${JOB_URL}/start`, () => graphError(403, 'Authorization_RequestDenied')));
    const error = await rejection(
      makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID).start(),
    );
    expect(error.kind).toBe('forbidden');
    expect(error.hint).toContain('Synchronization.ReadWrite.All');
    expect(error.hint).toContain('Application.ReadWrite.OwnedBy');
  });

  it('does not follow a redirect and raises HttpError', async () => {
    const sent = recordRequests();
    server.use(
      http.get(
        SP_URL,
        () =>
          new HttpResponse(null, { status: 302, headers: { Location: 'https://evil.example/x' } }),
      ),
    );
    const error = await rejection(makeClient().servicePrincipals.get(SP_ID));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(302);
    expect(sent).toHaveLength(1);
  });

  it('never parses the body of a 2xx answer to an action (204 or otherwise)', async () => {
    server.use(http.post(`${JOB_URL}/pause`, () => new HttpResponse('not json', { status: 200 })));
    await expect(
      makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID).pause(),
    ).resolves.toBeUndefined();
  });

  it('raises InvalidResponseError for a body that is not JSON', async () => {
    server.use(
      http.get(
        SP_URL,
        () => new HttpResponse('{"id": ', { status: 200, headers: { 'request-id': 'r-9' } }),
      ),
    );
    // maxRetries 0: a GET reads such a body again otherwise (test/core/settling.test.ts).
    const error = await rejection(makeClient({ maxRetries: 0 }).servicePrincipals.get(SP_ID));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200, requestId: 'r-9', method: 'GET', attempts: 1 });
    expect((error as InvalidResponseError).issues[0]!.message).toMatch(/not valid JSON/);
  });

  it('raises InvalidResponseError for an empty 200 where a model is expected', async () => {
    server.use(http.get(SP_URL, () => new HttpResponse(null, { status: 200 })));
    expect((await rejection(makeClient({ maxRetries: 0 }).servicePrincipals.get(SP_ID))).kind).toBe(
      'invalidResponse',
    );
  });

  it('raises InvalidResponseError naming the field that does not match the model', async () => {
    server.use(http.get(JOB_URL, () => HttpResponse.json({ id: JOB_ID, status: { code: 7 } })));
    const error = await rejection(
      makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID).get(),
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).issues).toEqual([
      { path: ['status', 'code'], message: 'expected string', code: 'invalid_type' },
    ]);
    expect(error.message).toContain('SynchronizationJob');
  });

  it("returns the raw body and logs a warning when validateResponses is 'warn'", async () => {
    server.use(http.get(JOB_URL, () => HttpResponse.json({ id: JOB_ID, status: { code: 7 } })));
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const job = await makeClient({ validateResponses: 'warn', logger })
      .servicePrincipals.byId(SP_ID)
      .synchronization.jobs.byId(JOB_ID)
      .get();
    expect(job.status?.code).toBe(7);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('status.code: expected string'),
    );
  });

  it("skips validation when validateResponses is 'off'", async () => {
    server.use(http.get(JOB_URL, () => HttpResponse.json({ status: 'not an object' })));
    const job = await makeClient({ validateResponses: 'off' })
      .servicePrincipals.byId(SP_ID)
      .synchronization.jobs.byId(JOB_ID)
      .get();
    expect(job.status).toBe('not an object');
  });
});

describe('authentication', () => {
  it('sends the access token as a bearer token', async () => {
    const sent = recordRequests();
    server.use(http.get(SP_URL, () => HttpResponse.json(spBody)));
    await makeClient().servicePrincipals.get(SP_ID);
    expect(sent[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('calls an accessToken function before every request', async () => {
    const sent = recordRequests();
    server.use(http.get(SP_URL, () => HttpResponse.json(spBody)));
    let n = 0;
    const client = makeClient({ accessToken: () => Promise.resolve(`token-${String(++n)}`) });
    await client.servicePrincipals.get(SP_ID);
    await client.servicePrincipals.get(SP_ID);
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it("asks a credential for the cloud's scope and calls that cloud's Graph host", async () => {
    const sent = recordRequests();
    const getToken = vi.fn<TokenCredential['getToken']>(() =>
      Promise.resolve({ token: 'gov-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
    );
    server.use(
      http.get(`https://graph.microsoft.us/v1.0/servicePrincipals/${SP_ID}`, () =>
        HttpResponse.json(spBody),
      ),
    );
    const client = makeClient({ accessToken: undefined, credential: { getToken }, cloud: 'usGov' });
    await client.servicePrincipals.get(SP_ID);
    expect(getToken).toHaveBeenCalledWith(['https://graph.microsoft.us/.default'], undefined);
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer gov-token');
  });

  it.each([
    ['usGovDoD', 'https://dod-graph.microsoft.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn'],
    ['global', 'https://graph.microsoft.com'],
  ] as const)('uses the %s cloud root %s and its scope', async (cloud, root) => {
    const getToken = vi.fn<TokenCredential['getToken']>(() =>
      Promise.resolve({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }),
    );
    server.use(
      http.get(`${root}/beta/servicePrincipals/${SP_ID}`, () => HttpResponse.json(spBody)),
    );
    const client = makeClient({
      accessToken: undefined,
      credential: { getToken },
      cloud,
      apiVersion: 'beta',
    });
    expect(client.baseUrl).toBe(root);
    await client.servicePrincipals.get(SP_ID);
    expect(getToken).toHaveBeenCalledWith([`${root}/.default`], undefined);
  });

  it('raises UnauthorizedError without sending when the credential cannot get a token', async () => {
    const sent = recordRequests();
    const credential: TokenCredential = {
      getToken: () => Promise.reject(new Error('EnvironmentCredential is unavailable')),
    };
    const error = await rejection(
      makeClient({ accessToken: undefined, credential }).servicePrincipals.get(SP_ID),
    );
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toContain('EnvironmentCredential is unavailable');
    expect(error.status).toBeUndefined();
    expect(error.attempts).toBe(1);
    expect(sent).toHaveLength(0);
  });

  it('raises InvalidInputError when the accessToken function returns an empty token', async () => {
    const error = await rejection(
      makeClient({ accessToken: () => '' }).servicePrincipals.get(SP_ID),
    );
    expect(error.kind).toBe('invalidInput');
  });

  it('refuses an Authorization header passed per call', async () => {
    const error = await rejection(
      makeClient().servicePrincipals.get(SP_ID, { headers: { Authorization: 'Bearer other' } }),
    );
    expect(error.kind).toBe('invalidInput');
  });

  it('sends requests to an explicit loopback baseUrl over http', async () => {
    const sent = recordRequests();
    server.use(
      http.get(`http://127.0.0.1:4010/v1.0/servicePrincipals/${SP_ID}`, () =>
        HttpResponse.json(spBody),
      ),
    );
    await makeClient({ baseUrl: 'http://127.0.0.1:4010/' }).servicePrincipals.get(SP_ID);
    expect(sent[0]!.url.href).toBe(`http://127.0.0.1:4010/v1.0/servicePrincipals/${SP_ID}`);
    expect(sent[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('uses a custom fetch as the transport', async () => {
    const fetch = vi.fn((_url: string, _init?: RequestInit) =>
      Promise.resolve(Response.json(spBody)),
    );
    const sp = await makeClient({ fetch }).servicePrincipals.get(SP_ID);
    expect(sp.id).toBe(SP_ID);
    expect(fetch).toHaveBeenCalledWith(
      `${GRAPH}/v1.0/servicePrincipals/${SP_ID}`,
      expect.objectContaining({ method: 'GET', redirect: 'manual' }),
    );
  });
});
