/**
 * Fuzzed decoding. Every response example Microsoft documents (test/fixtures/graph, both API
 * versions) is mutated at random (fields dropped, added or retyped, huge or deeply nested
 * values, truncated or wrapped text, odd statuses, content types and headers) and answered to
 * the SDK call that reads it; every request example is mutated the same way and passed to the
 * call that sends it. Whatever comes back, the call must end in a value of the documented shape
 * or a `GraphError` of the kind its status implies: never a TypeError, a SyntaxError or an
 * unhandled rejection, and input errors always before anything is sent.
 */
import { readdirSync } from 'node:fs';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod/mini';
import {
  ProvisioningClient,
  isGraphError,
  type ApiVersion,
  type GraphErrorKind,
} from '../../src/index.js';
import {
  ApplicationServicePrincipalSchema,
  ApplicationTemplateSchema,
  ProvisionOnDemandEventSchema,
  ProvisioningObjectSummarySchema,
  SynchronizationJobSchema,
  ParseExpressionResponseSchema,
  SynchronizationSchemaSchema,
  SynchronizationTemplateSchema,
} from '../../src/models/index.js';
import { AWS_TEMPLATE_ID, JOB_ID, SP_ID, fixtureText } from '../helpers/graph.js';
import {
  FUZZ_SCALE,
  applyEdits,
  applyTextEdit,
  fuzzParameters,
  jsonEdit,
  nastyString,
  textEdit,
  type JsonEdit,
} from './fuzz.js';

const RESPONSE_RUNS = 420;
const REQUEST_RUNS = 160;
const TOKEN = 'fuzz-token-7c1e';

/** One scripted answer. */
interface Answer {
  readonly status: number;
  readonly body: string | null;
  readonly headers: Record<string, string>;
}

/** What the SDK sent, and the answers it gets: the first from the case, then empty pages. */
class Transport {
  sent: { url: string; init: RequestInit | undefined }[] = [];
  answer: Answer = { status: 204, body: null, headers: {} };

  readonly fetch = (url: string, init?: RequestInit): Promise<Response> => {
    this.sent.push({ url, init });
    const { status, body, headers } =
      this.sent.length === 1
        ? this.answer
        : {
            status: 200,
            body: '{"value":[]}',
            headers: { 'content-type': 'application/json' } as Record<string, string>,
          };
    return Promise.resolve(new Response(body, { status, headers }));
  };

  reset(answer: Answer): void {
    this.sent = [];
    this.answer = answer;
  }
}

type Shape = 'list' | 'object' | 'none';

/** An SDK call that reads a documented response. */
interface ResponseTarget {
  readonly shape: Shape;
  readonly status: number;
  readonly call: (client: ProvisioningClient) => Promise<unknown>;
  /** The model a resolved value (or each item of a list) must match. */
  readonly schema?: z.ZodMiniType;
  /** Checks of a value with no single schema. */
  readonly check?: (value: unknown) => void;
}

/** provisionOnDemand's result: Graph's two JSON strings decoded into typed fields. */
function checkProvisionResult(value: unknown): void {
  const v = value as Record<string, unknown>;
  expect(typeof v.result).toBe('string');
  expect(typeof v.details === 'object' && v.details !== null).toBe(true);
  expect(ProvisionOnDemandEventSchema.safeParse(v.event).success).toBe(true);
  const raw = v.raw as Record<string, unknown> | undefined;
  expect(typeof raw?.key === 'string' && typeof raw.value === 'string').toBe(true);
}

const sp = (c: ProvisioningClient) => c.servicePrincipals.byId(SP_ID);
const job = (c: ProvisioningClient) => sp(c).synchronization.jobs.byId(JOB_ID);

const CUSTOM_TEMPLATE_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';
const APP_ID = '0b2a2f1d-8c3e-4f5a-9b6c-7d8e9f0a1b2c';
const PROVISION_REQUEST = {
  parameters: [
    {
      ruleId: '33f7c90d-bf71-41b1-bda6-aaf0ddbee5d8',
      subjects: [{ objectId: '9bb0f679-a7a5-4a55-a9e5-8a0ab6a4fdc5', objectTypeName: 'User' }],
    },
  ],
};

/** Documented responses (file name without the version) and the call that reads each. */
const RESPONSE_TARGETS: Record<string, ResponseTarget> = {
  'applicationtemplate-get.response.json': {
    shape: 'object',
    status: 200,
    call: (c) => c.applicationTemplates.get(AWS_TEMPLATE_ID),
    schema: ApplicationTemplateSchema,
  },
  'applicationtemplate-instantiate.response.json': {
    shape: 'object',
    status: 201,
    call: (c) => c.applicationTemplates.instantiate(CUSTOM_TEMPLATE_ID, { displayName: 'Fuzz' }),
    schema: ApplicationServicePrincipalSchema,
  },
  'applicationtemplate-list.response.json': {
    shape: 'list',
    status: 200,
    call: (c) => c.applicationTemplates.list().toArray(),
    schema: ApplicationTemplateSchema,
  },
  'provisioningobjectsummary-list.example1-list_provisioningobjectsummary.response.txt': {
    shape: 'list',
    status: 200,
    call: (c) => c.auditLogs.provisioning.list().toArray(),
    schema: ProvisioningObjectSummarySchema,
  },
  'provisioningobjectsummary-list.example2-list_provisioningobjectsummary_error.response.json': {
    shape: 'list',
    status: 200,
    call: (c) => c.auditLogs.provisioning.list({ top: 20 }).toArray(),
    schema: ProvisioningObjectSummarySchema,
  },
  'synchronization-synchronization-list-jobs.response.txt': {
    shape: 'list',
    status: 200,
    call: (c) => sp(c).synchronization.jobs.list().toArray(),
    schema: SynchronizationJobSchema,
  },
  'synchronization-synchronization-list-templates.response.json': {
    shape: 'list',
    status: 200,
    call: (c) => sp(c).synchronization.templates.list().toArray(),
    schema: SynchronizationTemplateSchema,
  },
  'synchronization-synchronization-post-jobs.response.json': {
    shape: 'object',
    status: 201,
    call: (c) => sp(c).synchronization.jobs.create({ templateId: 'BoxOutDelta' }),
    schema: SynchronizationJobSchema,
  },
  'synchronization-synchronizationjob-get.response.json': {
    shape: 'object',
    status: 200,
    call: (c) => job(c).get(),
    schema: SynchronizationJobSchema,
  },
  'synchronization-synchronizationjob-provisionondemand.example1-synchronizationjob_provisionondemand_ADto3P.response.json':
    {
      shape: 'object',
      status: 200,
      call: (c) => job(c).provisionOnDemand(PROVISION_REQUEST),
      check: checkProvisionResult,
    },
  'synchronization-synchronizationjob-provisionondemand.example2-synchronizationjob_provisionondemand_AD2AAD.response.json':
    {
      shape: 'object',
      status: 200,
      call: (c) => job(c).provisionOnDemand(PROVISION_REQUEST),
      check: checkProvisionResult,
    },
  'synchronization-synchronizationjob-provisionondemand.example3-synchronizationjob_provisionondemand_Group.response.json':
    {
      shape: 'object',
      status: 200,
      call: (c) => job(c).provisionOnDemand(PROVISION_REQUEST),
      check: checkProvisionResult,
    },
  'synchronization-synchronizationschema-get.response.json': {
    shape: 'object',
    status: 200,
    call: (c) => job(c).schema.get(),
    schema: SynchronizationSchemaSchema,
  },
  'synchronization-synchronizationschema-parseexpression.response.json': {
    shape: 'object',
    status: 200,
    call: (c) =>
      job(c).schema.parseExpression({
        expression: 'Replace([preferredLanguage], "-", , , "_", , )',
      }),
    schema: ParseExpressionResponseSchema,
  },
  'synchronization-synchronizationtemplate-get.response.json': {
    shape: 'object',
    status: 200,
    call: (c) => sp(c).synchronization.templates.get('Slack'),
    schema: SynchronizationTemplateSchema,
  },
};

/** A property of a (mutated) request body, whatever the body became. */
const field = (body: unknown, key: string): never =>
  (typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[key]
    : body) as never;

/** Documented request bodies and the call that sends each (the answer is a plain success). */
const REQUEST_TARGETS: Record<
  string,
  { readonly call: (client: ProvisioningClient, body: unknown) => Promise<unknown> }
> = {
  'applicationtemplate-instantiate.request.json': {
    call: (c, body) => c.applicationTemplates.instantiate(CUSTOM_TEMPLATE_ID, body as never),
  },
  'synchronization-serviceprincipal-put-synchronization.request.json': {
    call: (c, body) => sp(c).synchronization.secrets.put(field(body, 'value')),
  },
  'synchronization-synchronization-acquireaccesstoken.request.json': {
    call: (c, body) => sp(c).synchronization.acquireAccessToken(field(body, 'credentials')),
  },
  'synchronization-synchronization-post-jobs.request.json': {
    call: (c, body) => sp(c).synchronization.jobs.create(body as never),
  },
  'synchronization-synchronizationjob-provisionondemand.example1-synchronizationjob_provisionondemand_ADto3P.request.json':
    { call: (c, body) => job(c).provisionOnDemand(body as never) },
  'synchronization-synchronizationjob-provisionondemand.example2-synchronizationjob_provisionondemand_AD2AAD.request.json':
    { call: (c, body) => job(c).provisionOnDemand(body as never) },
  'synchronization-synchronizationjob-provisionondemand.example3-synchronizationjob_provisionondemand_Group.request.json':
    { call: (c, body) => job(c).provisionOnDemand(body as never) },
  'synchronization-synchronizationjob-restart.request.json': {
    call: (c, body) => job(c).restart(field(body, 'criteria')),
  },
  'synchronization-synchronizationjob-validatecredentials.request.json': {
    call: (c, body) => job(c).validateCredentials(body as never),
  },
  'synchronization-synchronizationjob-validatecredentials.request.txt': {
    call: (c, body) => job(c).validateCredentials(body as never),
  },
  'synchronization-synchronizationtemplate-update.request.json': {
    call: (c, body) =>
      c.applications.byId(APP_ID).synchronization.templates.update('Slack', body as never),
  },
};

const FIXTURE_DIR = new URL('../fixtures/graph/', import.meta.url);
const VERSIONS: readonly ApiVersion[] = ['v1.0', 'beta'];
const files = (version: ApiVersion): string[] =>
  readdirSync(new URL(`${version}/`, FIXTURE_DIR)).sort();

/** The kinds a final answer with this status may become (no retries: `maxRetries: 0`). */
function kindsFor(status: number): readonly GraphErrorKind[] {
  if (status >= 200 && status < 300) return ['invalidResponse'];
  if (status >= 300 && status < 400) return ['http'];
  switch (status) {
    case 400:
      return ['badRequest'];
    case 401:
      return ['unauthorized'];
    case 403:
      return ['forbidden'];
    case 404:
      return ['notFound'];
    case 409:
      return ['conflict'];
    case 429:
      return ['throttled'];
    case 503:
      return ['server', 'throttled'];
    default:
      return status >= 500 ? ['server'] : ['http'];
  }
}

const NULL_BODY = new Set([204, 205, 304]);

const statusOf = (documented: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(documented) },
    { weight: 1, arbitrary: fc.constantFrom(200, 201, 202, 203, 204, 205, 206, 226, 299) },
    { weight: 1, arbitrary: fc.constantFrom(300, 301, 302, 303, 304, 307, 308, 399) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(400, 401, 403, 404, 405, 409, 410, 412, 418, 422, 429, 451, 499),
    },
    { weight: 2, arbitrary: fc.constantFrom(500, 501, 502, 503, 504, 507, 599) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
  );

const contentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
  'application/json',
  undefined,
  'text/html; charset=utf-8',
  'text/plain',
  'application/xml',
  'application/json; charset=utf-16',
  'application/octet-stream',
  '',
  ';;;',
);

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'retry-after': fc.oneof(
      fc.constantFrom(
        '0',
        '1',
        '-5',
        '1.5',
        'soon',
        '99999999999',
        'Wed, 21 Oct 2015 07:28:00 GMT',
      ),
      fc.nat().map(String),
    ),
    'request-id': fc.oneof(
      fc.uuid(),
      nastyString.map((s) => s.replace(/[^\x20-\x7e]/g, '?')),
    ),
    location: fc.constantFrom(
      'https://evil.example/v1.0/x',
      '/v1.0/servicePrincipals',
      'javascript:alert(1)',
    ),
    date: fc.constantFrom('Mon, 23 Nov 2026 10:00:00 GMT', 'yesterday', ''),
  },
  { requiredKeys: [] },
);

/** A mutated response: JSON edits (when the example is JSON), a text edit, status and headers. */
function mutatedAnswer(text: string, documentedStatus: number) {
  let parsed: unknown;
  let isJson = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    isJson = false;
  }
  return fc
    .record({
      edits: isJson ? fc.array(jsonEdit, { maxLength: 4 }) : fc.constant([] as JsonEdit[]),
      text: textEdit,
      status: statusOf(documentedStatus),
      contentType,
      headers: extraHeaders,
    })
    .map(({ edits, text: edit, status, contentType: type, headers }) => {
      const base =
        isJson && edits.length > 0 ? (JSON.stringify(applyEdits(parsed, edits)) ?? '') : text;
      const body = NULL_BODY.has(status) ? null : applyTextEdit(base, edit);
      const all: Record<string, string> = { ...headers };
      if (type !== undefined) all['content-type'] = type;
      return { status, body, headers: all, edits: edits.length, edit: edit.op };
    });
}

function newClient(
  version: ApiVersion,
  transport: Transport,
  validateResponses: 'throw' | 'warn' | 'off' = 'throw',
): ProvisioningClient {
  return new ProvisioningClient({
    accessToken: TOKEN,
    apiVersion: version,
    fetch: transport.fetch,
    maxRetries: 0,
    validateResponses,
    // Under 'warn', mismatches go to the logger: it must take them without a crash.
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
}

/** One case in eight runs with validation off or as warnings: no crash there either. */
const validation = fc.oneof(
  { weight: 6, arbitrary: fc.constant('throw' as const) },
  { weight: 1, arbitrary: fc.constant('warn' as const) },
  { weight: 1, arbitrary: fc.constant('off' as const) },
);

/** The outcome of a call: its value, or what it threw (never left unhandled). */
async function settle(promise: Promise<unknown>) {
  try {
    return { ok: true as const, value: await promise };
  } catch (error) {
    return { ok: false as const, error };
  }
}

function describeFailure(error: unknown): string {
  return inspect(error, { depth: 3 }).slice(0, 2_000);
}

const counts = { responses: 0, requests: 0, resolved: 0, kinds: new Map<string, number>() };
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  const kinds = [...counts.kinds].map(([k, n]) => `${k} ${String(n)}`).join(', ');
  console.info(
    `fuzzed decoding: ${String(counts.responses)} response cases, ${String(counts.requests)} request cases; ` +
      `${String(counts.resolved)} resolved; errors by kind: ${kinds}`,
  );
});

function countKind(kind: string): void {
  counts.kinds.set(kind, (counts.kinds.get(kind) ?? 0) + 1);
}

describe.each(VERSIONS)('fuzzed Graph %s responses', (version) => {
  const responses = files(version).filter((f) => f.includes('.response.'));

  it('maps every documented response example to the call that reads it', () => {
    expect(responses.filter((f) => RESPONSE_TARGETS[f] === undefined)).toEqual([]);
  });

  it.each(responses)(
    'answers mutations of %s with the model or a typed GraphError',
    async (file) => {
      const target = RESPONSE_TARGETS[file]!;
      const text = fixtureText(version, file);
      const transport = new Transport();
      const clients = {
        throw: newClient(version, transport),
        warn: newClient(version, transport, 'warn'),
        off: newClient(version, transport, 'off'),
      };
      await fc.assert(
        fc.asyncProperty(mutatedAnswer(text, target.status), validation, async (answer, mode) => {
          transport.reset(answer);
          const outcome = await settle(target.call(clients[mode]));
          counts.responses += 1;
          expect(transport.sent.length).toBeGreaterThanOrEqual(1);
          if (outcome.ok) {
            counts.resolved += 1;
            expect(answer.status).toBeGreaterThanOrEqual(200);
            expect(answer.status).toBeLessThan(300);
            const value = outcome.value;
            // Without validation the value is Graph's JSON as it came: only a list stays a list.
            if (mode !== 'throw') {
              if (target.shape === 'list') expect(Array.isArray(value)).toBe(true);
              return;
            }
            if (target.shape === 'list') {
              expect(Array.isArray(value)).toBe(true);
              if (target.schema !== undefined) {
                for (const item of value as unknown[]) {
                  expect(target.schema.safeParse(item).success).toBe(true);
                }
              }
            } else {
              expect(typeof value === 'object' && value !== null).toBe(true);
              if (target.schema !== undefined) {
                expect(target.schema.safeParse(value).success).toBe(true);
              }
              target.check?.(value);
            }
            return;
          }
          const { error } = outcome;
          if (!isGraphError(error)) expect.fail(`not a GraphError: ${describeFailure(error)}`);
          countKind(error.kind);
          expect(kindsFor(answer.status)).toContain(error.kind);
          // Errors stay printable: no getter or cycle throws when a user logs one.
          expect(() => JSON.stringify(error)).not.toThrow();
          expect(typeof inspect(error)).toBe('string');
        }),
        fuzzParameters(`response ${version} ${file}`, RESPONSE_RUNS),
      );
      expect(unhandled).toEqual([]);
    },
    120_000,
  );
});

/** A request example as a value: JSON, or the JavaScript object literal one example is. */
function requestBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":'));
  }
}

describe.each(VERSIONS)('fuzzed Graph %s request bodies', (version) => {
  const requests = files(version).filter((f) => f.includes('.request.'));

  it('maps every documented request example to the call that sends it', () => {
    expect(requests.filter((f) => REQUEST_TARGETS[f] === undefined)).toEqual([]);
  });

  it.each(requests)(
    'sends mutations of %s as JSON, or refuses them with InvalidInputError before sending',
    async (file) => {
      const target = REQUEST_TARGETS[file]!;
      const documented = requestBody(fixtureText(version, file));
      const transport = new Transport();
      const client = newClient(version, transport);
      const mutated = fc.oneof(
        { weight: 5, arbitrary: fc.array(jsonEdit, { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.constant([] as JsonEdit[]) },
      );
      await fc.assert(
        fc.asyncProperty(mutated, fc.constantFrom(200, 201, 204), async (edits, status) => {
          const body = applyEdits(documented, edits);
          transport.reset({
            status,
            body: status === 204 ? null : '{}',
            headers: { 'content-type': 'application/json' },
          });
          const outcome = await settle(target.call(client, body));
          counts.requests += 1;
          if (!outcome.ok) {
            const { error } = outcome;
            if (!isGraphError(error)) expect.fail(`not a GraphError: ${describeFailure(error)}`);
            countKind(error.kind);
            if (error.kind === 'invalidInput') {
              expect(transport.sent).toEqual([]);
              return;
            }
            // Sent, then refused by the scripted answer ({} where a model was expected).
            expect(error.kind).toBe('invalidResponse');
          }
          expect(transport.sent.length).toBeGreaterThanOrEqual(1);
          const sentBody = transport.sent[0]!.init?.body;
          if (typeof sentBody === 'string')
            expect(() => JSON.parse(sentBody) as unknown).not.toThrow();
        }),
        fuzzParameters(`request ${version} ${file}`, REQUEST_RUNS),
      );
      expect(unhandled).toEqual([]);
    },
    120_000,
  );
});

it('runs at least 10,000 cases per run (scaled by FUZZ_SCALE)', () => {
  // describe.each blocks above run first, in file order, in this worker.
  expect(counts.responses + counts.requests).toBeGreaterThanOrEqual(10_000 * FUZZ_SCALE);
});
