/**
 * OpenTelemetry spans, read back from the SDK's in-memory exporter: one CLIENT span per logical
 * call (retries as events), one per batched read, one INTERNAL span per workflow and step,
 * nested when a context manager is registered; never an id, a query, a token or a secret.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { coreOf } from '../../src/client.js';
import { readBatched } from '../../src/core/batch.js';
import { urlTemplate } from '../../src/core/tracing.js';
import { InvalidInputError, type ProvisioningClient } from '../../src/index.js';
import { SynchronizationJobSchema } from '../../src/models/index.js';
import { createFakeGraph } from '../../src/testing/index.js';
import { settle } from '../helpers/clock.js';
import {
  GRAPH,
  JOB_ID,
  SP_ID,
  TOKEN,
  graphError,
  http,
  HttpResponse,
  makeClient,
  page,
  rejection,
  throttled,
  useGraphServer,
} from '../helpers/graph.js';

const server = useGraphServer();
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const JOBS_URL = `${GRAPH}/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs`;
const REQUEST_ID = '5b1f2a5e-8d3c-4f6b-9a7e-2c4d6e8f0a1b';
const JOB = { id: JOB_ID, templateId: 'aws', schedule: { interval: 'PT40M', state: 'Active' } };

/** Every string a span shows: its name, status, attribute and event values. */
function shown(spans: readonly ReadableSpan[]): string[] {
  return spans.flatMap((span) => [
    span.name,
    span.status.message ?? '',
    ...Object.values(span.attributes).map(String),
    ...span.events.flatMap((e) => [e.name, ...Object.values(e.attributes ?? {}).map(String)]),
  ]);
}

/** Fails when a span shows any of `values`, raw or percent-encoded. */
function expectNoneShown(spans: readonly ReadableSpan[], values: readonly string[]): void {
  const texts = shown(spans);
  for (const value of values) {
    for (const form of new Set([value, encodeURIComponent(value)])) {
      expect(texts.filter((t) => t.includes(form))).toEqual([]);
    }
  }
}

const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

beforeEach(() => {
  exporter.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('call spans', () => {
  it('records one CLIENT span per call with the URL template, status and request-id', async () => {
    server.use(
      http.get(JOBS_URL, () => {
        const response = page([JOB]);
        response.headers.set('request-id', REQUEST_ID);
        return response;
      }),
    );
    const client = makeClient({ tracing: provider });
    await client.servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray();
    const [span, ...others] = exporter.getFinishedSpans();
    expect(others).toEqual([]);
    expect(span?.name).toBe('GET /v1.0/servicePrincipals/{id}/synchronization/jobs');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.instrumentationScope.name).toBe('entra-provisioning');
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toEqual({
      'http.request.method': 'GET',
      'server.address': 'graph.microsoft.com',
      'server.port': 443,
      'url.template': '/v1.0/servicePrincipals/{id}/synchronization/jobs',
      'http.response.status_code': 200,
      'graph.request_id': REQUEST_ID,
      'graph.client_request_id': expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });
  });

  it('marks a 404 ERROR with the error kind as error.type, never its message', async () => {
    server.use(
      http.get(`${JOBS_URL}/:jobId`, () =>
        graphError(404, 'Request_ResourceNotFound', `Job ${JOB_ID} of ${SP_ID} is not there`),
      ),
    );
    const client = makeClient({ tracing: provider });
    const error = await rejection(
      client.servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID).get(),
    );
    expect(error.kind).toBe('notFound');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('GET /v1.0/servicePrincipals/{id}/synchronization/jobs/{jobId}');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'notFound' });
    expect(span?.attributes['error.type']).toBe('notFound');
    expect(span?.attributes['http.response.status_code']).toBe(404);
    expectNoneShown(exporter.getFinishedSpans(), [SP_ID, JOB_ID, 'is not there']);
  });

  it('records one span for a call retried after a 503 and a 429, each wait an event', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let calls = 0;
    server.use(
      http.get(JOBS_URL, () => {
        calls += 1;
        if (calls === 1) return graphError(503, 'ServiceUnavailable');
        if (calls === 2) return throttled(7);
        return page([JOB]);
      }),
    );
    const client = makeClient({ tracing: provider });
    const listed = settle(
      client.servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray(),
    );
    await listed;
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.attributes['http.request.resend_count']).toBe(2);
    expect(span?.attributes['http.response.status_code']).toBe(200);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'graph.retry',
        {
          'graph.retry.reason': 'server',
          'graph.retry.delay_ms': expect.any(Number) as unknown,
          'graph.retry.attempt': 1,
          'http.response.status_code': 503,
        },
      ],
      [
        'graph.retry',
        {
          'graph.retry.reason': 'throttled',
          'graph.retry.delay_ms': 7_000,
          'graph.retry.attempt': 2,
          'http.response.status_code': 429,
        },
      ],
    ]);
  });

  it('leaves out a request-id that is not GUID-shaped: it could be an echo', async () => {
    server.use(
      http.get(JOBS_URL, () => {
        const response = page([JOB]);
        response.headers.set('request-id', 'echo-of-a-value-81723');
        return response;
      }),
    );
    const client = makeClient({ tracing: provider });
    await client.servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray();
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes['http.response.status_code']).toBe(200);
    expect(span?.attributes).not.toHaveProperty('graph.request_id');
    expectNoneShown(exporter.getFinishedSpans(), ['81723']);
  });

  it('marks a 2xx answer that does not match the model ERROR, as invalidResponse', async () => {
    server.use(http.get(`${JOBS_URL}/:jobId`, () => HttpResponse.json({ id: 42 })));
    const client = makeClient({ tracing: provider });
    const error = await rejection(
      client.servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID).get(),
    );
    expect(error.kind).toBe('invalidResponse');
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes['http.response.status_code']).toBe(200);
    expect(span?.attributes['error.type']).toBe('invalidResponse');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('keeps ids, the query and the token out of every span of a filtered, paged list', async () => {
    const name = 'Zebulon Quarrington-Smythe';
    const email = 'zebulon.q@contoso.example';
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals`, ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.has('$skiptoken')) return page([]);
        return page([], `${GRAPH}/v1.0/servicePrincipals?$skiptoken=${TOKEN}-next`);
      }),
    );
    const client = makeClient({ tracing: provider });
    await client.servicePrincipals
      .list({ filter: `displayName eq '${name}' or notes eq '${email}'` })
      .toArray();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual([
      'GET /v1.0/servicePrincipals',
      'GET /v1.0/servicePrincipals',
    ]);
    expectNoneShown(spans, [name, 'Zebulon', email, TOKEN, 'skiptoken', 'filter']);
  });

  it('shows no secret value of validateCredentials or a PUT of secrets', async () => {
    const secrets = {
      ClientSecret: 'xq-client-secret-93817',
      SecretToken: 'xq-secret-token-27465',
    };
    server.use(
      http.post(`${JOBS_URL}/:jobId/validateCredentials`, () =>
        graphError(400, 'BadRequest', `rejected ${secrets.ClientSecret}`),
      ),
      http.put(
        JOBS_URL.replace('/jobs', '/secrets'),
        () => new HttpResponse(null, { status: 204 }),
      ),
    );
    const client = makeClient({ tracing: provider });
    const sync = client.servicePrincipals.byId(SP_ID).synchronization;
    await rejection(sync.jobs.byId(JOB_ID).validateCredentials({ credentials: secrets }));
    await sync.secrets.put(secrets);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual([
      'POST /v1.0/servicePrincipals/{id}/synchronization/jobs/{jobId}/validateCredentials',
      'GET /v1.0/servicePrincipals/{id}/synchronization/secrets',
      'PUT /v1.0/servicePrincipals/{id}/synchronization/secrets',
    ]);
    expect(spans[0]?.attributes['error.type']).toBe('badRequest');
    expectNoneShown(spans, [...Object.values(secrets), 'xq-', TOKEN, SP_ID, JOB_ID]);
  });

  it('sends spans to the global tracer provider by default, and none with tracing: false', async () => {
    server.use(http.get(JOBS_URL, () => page([JOB])));
    trace.setGlobalTracerProvider(provider);
    try {
      await makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray();
      expect(exporter.getFinishedSpans()).toHaveLength(1);
      exporter.reset();
      await makeClient({ tracing: false })
        .servicePrincipals.byId(SP_ID)
        .synchronization.jobs.list()
        .toArray();
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      trace.disable();
    }
  });

  it('runs a workflow with tracing: false, recording nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    trace.setGlobalTracerProvider(provider);
    try {
      const fake = createFakeGraph({ latencyMs: 0 });
      const result = await settle(
        fake
          .client({ tracing: false })
          .configureProvisioning({ template: 'Amazon Web Services (AWS)', displayName: 'AWS' }),
      );
      expect(result.started).toBe(true);
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      trace.disable();
    }
  });

  it('refuses a tracing option that is neither a boolean nor a tracer provider', () => {
    for (const tracing of ['on', {}, null, 1]) {
      expect(() => makeClient({ tracing: tracing as never })).toThrow(InvalidInputError);
    }
  });
});

describe('url templates', () => {
  it.each([
    [
      '/servicePrincipals/abc/synchronization/jobs/aws.e1.x/schema',
      'servicePrincipals/{id}/synchronization/jobs/{jobId}/schema',
    ],
    [
      '/servicePrincipals/abc/synchronization/templates/t1',
      'servicePrincipals/{id}/synchronization/templates/{templateId}',
    ],
    ['/servicePrincipals(appId=%27x%27)', 'servicePrincipals(appId={appId})'],
    ["/users('a%40b.example')", 'users({id})'],
    ['/applications/abc/owners/def/$ref', 'applications/{id}/owners/{ownerId}/$ref'],
    [
      '/servicePrincipals/abc/appRoleAssignedTo/xyz',
      'servicePrincipals/{id}/appRoleAssignedTo/{appRoleAssignmentId}',
    ],
    ['/applicationTemplates/abc/instantiate', 'applicationTemplates/{id}/instantiate'],
    ['/auditLogs/provisioning/evt-1', 'auditLogs/provisioning/{id}'],
    ['/unknownThing/secret-looking', '{id}/{id}'],
    // Ids spelt like route words stay ids: the segment after a collection is always one.
    [
      '/servicePrincipals/start/synchronization/jobs/secrets/start',
      'servicePrincipals/{id}/synchronization/jobs/{jobId}/start',
    ],
    ['/applications/owners/owners/$ref', 'applications/{id}/owners/$ref'],
    ['/servicePrincipals/$count', 'servicePrincipals/$count'],
  ])('templates %s', (path, template) => {
    expect(urlTemplate('https://graph.microsoft.com', 'v1.0', path)).toBe(`/v1.0/${template}`);
  });

  it('keeps the Graph root path and hides an unknown version', () => {
    expect(urlTemplate('http://127.0.0.1:4010/graph', 'v9', '/servicePrincipals')).toBe(
      '/graph/{version}/servicePrincipals',
    );
  });
});

describe('with a context manager', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(() => {
    context.disable();
  });

  it('nests configureProvisioning: calls in steps, steps in the workflow', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const credentials = { ClientSecret: 'zz-secret-55120', SecretToken: 'zz-token-77341' };
    const fake = createFakeGraph({ latencyMs: 0 });
    const client = fake.client({ tracing: provider });
    const result = await settle(
      client.configureProvisioning({
        template: 'Amazon Web Services (AWS)',
        displayName: 'AWS Tracing',
        credentials,
      }),
    );
    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((s) => parentOf(s) === undefined);
    expect(roots.map((s) => [s.name, s.kind])).toEqual([
      ['configureProvisioning', SpanKind.INTERNAL],
    ]);
    const root = roots[0] as ReadableSpan;
    const steps = spans.filter((s) => parentOf(s) === root.spanContext().spanId);
    expect(steps.map((s) => s.name)).toEqual([
      'template',
      'instantiate',
      'createJob',
      'editSchema',
      'saveSecrets',
      'updateSettings',
      'assign',
      'start',
    ]);
    expect(steps.every((s) => s.kind === SpanKind.INTERNAL)).toBe(true);
    const stepIds = new Set(steps.map((s) => s.spanContext().spanId));
    const calls = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(calls.length).toBeGreaterThan(8);
    expect(calls.every((s) => stepIds.has(parentOf(s) as string))).toBe(true);
    const inStep = (name: string) =>
      calls
        .filter((c) => parentOf(c) === steps.find((s) => s.name === name)?.spanContext().spanId)
        .map((c) => c.name);
    expect(inStep('saveSecrets')).toContain(
      'POST /v1.0/servicePrincipals/{id}/synchronization/jobs/{jobId}/validateCredentials',
    );
    expect(inStep('start')).toContain(
      'POST /v1.0/servicePrincipals/{id}/synchronization/jobs/{jobId}/start',
    );
    expect(spans).toHaveLength(1 + steps.length + calls.length);
    expectNoneShown(spans, [
      ...Object.values(credentials),
      result.servicePrincipal.id,
      result.application.id,
      result.job.id,
      'AWS Tracing',
    ]);
  });

  it('records one span per batched read next to the POST /$batch that carried them', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const client = fake.client({ tracing: provider });
    const { servicePrincipal } = await client.applicationTemplates.instantiate(
      '8b1025e4-1dd2-430b-a150-2ef79cd700f5',
      { displayName: 'AWS Batched' },
    );
    exporter.reset();
    const core = coreOf(client);
    const missing = '0a0a0a0a-0000-4000-8000-000000000000';
    const outcomes = await provider.getTracer('test').startActiveSpan('scan', async (scan) => {
      try {
        return await readBatched(
          core,
          [servicePrincipal.id, missing].map((id) => ({
            spec: { method: 'GET' as const, path: `/servicePrincipals/${id}/synchronization/jobs` },
            decode: (response) =>
              core.decodePage(response, response.body, SynchronizationJobSchema, undefined).items,
          })),
        );
      } finally {
        scan.end();
      }
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    const spans = exporter.getFinishedSpans();
    const reads = spans.filter((s) => s.attributes['graph.batched'] === true);
    const [batch, ...others] = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(others).toEqual([]);
    expect(batch?.name).toBe('POST /v1.0/$batch');
    expect(batch?.attributes['graph.batch.size']).toBe(2);
    expect(reads.map((s) => [s.name, s.kind, s.status.code, s.attributes['error.type']])).toEqual([
      [
        'GET /v1.0/servicePrincipals/{id}/synchronization/jobs',
        SpanKind.INTERNAL,
        SpanStatusCode.UNSET,
        undefined,
      ],
      [
        'GET /v1.0/servicePrincipals/{id}/synchronization/jobs',
        SpanKind.INTERNAL,
        SpanStatusCode.ERROR,
        'notFound',
      ],
    ]);
    const scan = spans.find((s) => s.name === 'scan') as ReadableSpan;
    expect(
      [batch, ...reads].every((s) => parentOf(s as ReadableSpan) === scan.spanContext().spanId),
    ).toBe(true);
    expect(reads[0]?.attributes['graph.client_request_id']).toBe(
      batch?.attributes['graph.client_request_id'],
    );
    expectNoneShown(spans, [servicePrincipal.id, missing]);
  });
});

describe('without a context manager', () => {
  it('still records every span of a workflow, unnested', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fake = createFakeGraph({ latencyMs: 0 });
    const client: ProvisioningClient = fake.client({ tracing: provider });
    await settle(
      client.configureProvisioning({ template: 'Amazon Web Services (AWS)', displayName: 'AWS' }),
    );
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toContain('configureProvisioning');
    expect(spans.map((s) => s.name)).toContain('start');
    expect(spans.every((s) => parentOf(s) === undefined)).toBe(true);
  });
});
