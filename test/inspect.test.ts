/**
 * What people see when they `console.log` SDK objects: `util.inspect` of the client, its
 * resources, models, errors, progress events and bulk outcomes names the class or kind and the
 * fields that matter, not internals, and never a token or a secret value. `JSON.stringify` too.
 * (test/redaction.test.ts covers what Graph echoes back and the logger; this covers the objects.)
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  NetworkError,
  ProvisioningClient,
  QuarantinedError,
  ThrottledError,
  isGraphError,
  type AnyGraphError,
  type ProvisioningProgress,
  type ProvisioningSpec,
} from '../src/index.js';
import { createFakeGraph, manualClock, type CreateFakeGraphOptions } from '../src/testing/index.js';
import { eventLine } from '../src/resources/audit-logs/event-line.js';

/** A value no code path could produce by chance: if it shows up, it leaked. */
const distinctive = (label: string): string => `${label}-${randomBytes(12).toString('hex')}`;

/** Every way an object gets printed: default inspect, everything inspect can show, and JSON. */
function printed(value: unknown): string {
  return [
    inspect(value),
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? '',
    value instanceof Error ? `${String(value.stack)}\n${value.message}` : '',
  ].join('\n');
}

function expectNone(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    const at = text.indexOf(secret);
    // Only the surroundings of a leak are shown, not the whole (long) text.
    expect(at === -1 ? '' : text.slice(Math.max(0, at - 200), at + secret.length + 50)).toBe('');
  }
}

async function failure(promise: Promise<unknown>): Promise<AnyGraphError> {
  try {
    await promise;
  } catch (error) {
    if (isGraphError(error)) return error;
    throw error;
  }
  throw new Error('expected a GraphError, but the call succeeded');
}

function thrown(fn: () => unknown): AnyGraphError {
  try {
    fn();
  } catch (error) {
    if (isGraphError(error)) return error;
    throw error;
  }
  throw new Error('expected a GraphError, but nothing was thrown');
}

/** A fake Graph that answers at once, and a client on it with a distinctive token. */
function fakeClient(options: CreateFakeGraphOptions = {}) {
  const token = distinctive('token');
  const fake = createFakeGraph({ latencyMs: 0, ...options });
  return { token, fake, client: fake.client({ accessToken: token }) };
}

const AWS = 'Amazon Web Services (AWS)';
const FAST = { replication: { consecutive: 1, intervalMs: 10 } } as const;
const SP_ID = 'f47a6776-bca7-4f2e-bc6c-eec59d058e3e';

describe('the client', () => {
  it('prints as its API version, Graph root and kind of auth, never the access token', async () => {
    const token = distinctive('token');
    const getter = distinctive('token-from-fn');
    const fake = createFakeGraph({ latencyMs: 0 });
    const clients = [
      new ProvisioningClient({ accessToken: token }),
      new ProvisioningClient({ accessToken: `${token}\n`, apiVersion: 'beta', cloud: 'usGov' }),
      fake.client({ accessToken: () => getter }),
    ];
    // A token obtained and used, not only configured.
    await clients[2]!.applicationTemplates.list({ top: 1 }).toArray();

    expect(inspect(clients[0])).toBe(
      "ProvisioningClient { apiVersion: 'v1.0', baseUrl: 'https://graph.microsoft.com', auth: 'accessToken' }",
    );
    expect(inspect(clients[1])).toBe(
      "ProvisioningClient { apiVersion: 'beta', baseUrl: 'https://graph.microsoft.us', auth: 'accessToken' }",
    );
    for (const client of clients) {
      const text = printed(client);
      expectNone(text, [token, getter]);
      expect(text).not.toMatch(/HttpCore|Pipeline|Symbol\(|#options/);
    }
    // In a structure, at any depth, it stays the same one line.
    expect(inspect({ client: clients[0] }, { depth: Infinity })).toContain(
      "client: ProvisioningClient { apiVersion: 'v1.0'",
    );
  });

  it('prints a credential-based client as auth "credential", without the credential or its tokens', async () => {
    const clientSecret = distinctive('client-secret');
    const token = distinctive('token-from-credential');
    const credential = {
      clientSecret,
      getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const client = createFakeGraph({ latencyMs: 0 }).client({ credential });
    const [template] = await client.applicationTemplates.list({ top: 1 }).toArray();

    expect(template).toBeDefined();
    expect(inspect(client)).toBe(
      "ProvisioningClient { apiVersion: 'v1.0', baseUrl: 'https://graph.microsoft.com', auth: 'credential' }",
    );
    const text = printed(client);
    expectNone(text, [clientSecret, token]);
    expect(text).not.toContain('getToken');
  });

  it('prints resources as the Graph path they address, without the HTTP core', () => {
    const token = distinctive('token');
    const client = new ProvisioningClient({ accessToken: token });
    const sp = client.servicePrincipals.byId(SP_ID);
    const job = sp.synchronization.jobs.byId('aws.1.2');

    expect(inspect(sp)).toBe(`ServicePrincipalResource { path: '/servicePrincipals/${SP_ID}' }`);
    expect(inspect(job)).toBe(
      `SynchronizationJobResource { path: '/servicePrincipals/${SP_ID}/synchronization/jobs/aws.1.2' }`,
    );
    for (const resource of [
      sp,
      job,
      sp.synchronization,
      sp.synchronization.secrets,
      client.applicationTemplates,
      client.auditLogs,
      job.schema,
      sp.synchronization.jobs.list(),
    ]) {
      const text = printed(resource);
      expect(text).not.toContain(token);
      expect(text).not.toMatch(/HttpCore \{[^}]|Pipeline \{[^}]/);
    }
  });
});

describe('models from the fake Graph', () => {
  it('print as the plain Graph objects they are, and round-trip through JSON', async () => {
    const { client, token } = fakeClient();
    const secrets = [distinctive('client-secret'), distinctive('secret-token')];
    const [template] = await client.applicationTemplates
      .list({ filter: `displayName eq '${AWS}'` })
      .toArray();
    const result = await client.configureProvisioning(
      {
        template: AWS,
        displayName: 'AWS Inspect',
        credentials: { ClientSecret: secrets[0]!, SecretToken: secrets[1]! },
      },
      FAST,
    );
    const jobs = await client.servicePrincipals
      .byId(result.servicePrincipal.id)
      .synchronization.jobs.list()
      .toArray();

    for (const model of [template, result.application, result.servicePrincipal, result.job, jobs]) {
      expect(Object.getPrototypeOf(Array.isArray(model) ? model[0] : model)).toBe(Object.prototype);
      expect(JSON.parse(JSON.stringify(model))).toEqual(model);
      expectNone(printed(model), [token, ...secrets]);
    }
    expect(inspect(template)).toMatch(/^\{\n {2}id: '8b1025e4-1dd2-430b-a150-2ef79cd700f5',/);
    expect(inspect(template)).toContain(`displayName: '${AWS}'`);
    expect(inspect(result.job, { depth: 4 })).toContain("status: {\n    code: 'Active'");
    expect(inspect(result)).toContain('created: { application: true, job: true }');
  });
});

describe('errors', () => {
  it('from bad input name their class, kind and the fields at fault, never the values given', async () => {
    const token = distinctive('token');
    const secret = distinctive('secret');
    const { client } = fakeClient();
    const errors = [
      thrown(() => new ProvisioningClient({ accessToken: `Bearer ${token}` })),
      thrown(
        () =>
          new ProvisioningClient({
            accessToken: token,
            credential: { getToken: () => Promise.resolve(null) },
          }),
      ),
      await failure(
        client.configureProvisioning({
          template: AWS,
          displayName: 'Bad credentials',
          credentials: { ClientSecret: secret, SecretToken: 42 as unknown as string },
        }),
      ),
      await failure(
        client.servicePrincipals
          .byId(SP_ID)
          .synchronization.secrets.put([
            { key: 'SecretToken', value: secret, extra: secret } as never,
          ]),
      ),
    ];

    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.kind).toBe('invalidInput');
      expect(inspect(error)).toMatch(/^InvalidInputError: Invalid /);
      expect(inspect(error)).toContain("kind: 'invalidInput'");
      expect(inspect(error)).toContain('issues: [');
      expect(inspect(error)).not.toContain('Symbol(');
      expectNone(printed(error), [token, secret]);
    }
    expect(inspect(errors[0], { depth: 4 })).toContain("path: [ 'accessToken' ]");
    expect(inspect(errors[1], { depth: 4 })).toContain("path: [ 'credential' ]");
    expect(inspect(errors[2], { depth: 4 })).toMatch(/path: \[ .*'SecretToken' \]/);
    expect(inspect(errors[3])).toContain("unknown field 'extra'");
    expect(JSON.parse(JSON.stringify(errors[2]))).toEqual({
      name: 'InvalidInputError',
      kind: 'invalidInput',
      message: errors[2]!.message,
      attempts: 0,
      issues: [
        {
          path: expect.arrayContaining(['SecretToken']) as unknown,
          message: "the value of 'SecretToken' must be a string",
        },
      ],
    });
  });

  it('from a 403 of Graph show status, code, request ids, method, URL and hint, not the token', async () => {
    const { client, token } = fakeClient({ permissions: [] });
    const error = await failure(client.servicePrincipals.list({ top: 1 }).toArray());

    expect(error.kind).toBe('forbidden');
    const text = inspect(error);
    expect(text).toMatch(
      /^ForbiddenError: Insufficient privileges .*\(403 Authorization_RequestDenied, GET \/v1\.0\/servicePrincipals/,
    );
    for (const field of [
      'status: 403',
      "code: 'Authorization_RequestDenied'",
      'requestId: ',
      'clientRequestId: ',
      "method: 'GET'",
      "url: 'https://graph.microsoft.com/v1.0/servicePrincipals?$top=1'",
      "hint: 'Requires Application.Read.All",
      "kind: 'forbidden'",
      'attempts: 1',
    ])
      expect(text).toContain(field);
    expect(text).not.toMatch(/Symbol\(|\[cause\]|headers|Authorization:|Bearer/);
    expectNone(printed(error), [token]);

    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({ name: 'ForbiddenError', kind: 'forbidden', status: 403 });
    expect(Object.keys(json)).not.toContain('stack');
    expect(Object.keys(json)).not.toContain('cause');
  });

  it('from validateCredentials with secret credentials never show the secrets', async () => {
    const { client, token } = fakeClient();
    const { servicePrincipal, job } = await client.configureProvisioning(
      { template: AWS, displayName: 'AWS Validate', start: false },
      FAST,
    );
    // The fake's AWS rejects values starting with "bad".
    const secrets = [distinctive('bad-client-secret'), distinctive('bad-secret-token')];
    const jobResource = client.servicePrincipals
      .byId(servicePrincipal.id)
      .synchronization.jobs.byId(job.id);
    const direct = await failure(
      jobResource.validateCredentials({
        credentials: { ClientSecret: secrets[0]!, SecretToken: secrets[1]! },
      }),
    );
    const throughWorkflow = await failure(
      client.configureProvisioning(
        {
          template: AWS,
          displayName: 'AWS Validate',
          credentials: [
            { key: 'ClientSecret', value: secrets[0]! },
            { key: 'SecretToken', value: secrets[1]! },
          ],
        },
        FAST,
      ),
    );

    for (const error of [direct, throughWorkflow]) {
      expect(error.kind).toBe('badRequest');
      expect(inspect(error)).toMatch(/^BadRequestError: .*rejected the value of 'ClientSecret'/);
      expect(inspect(error)).toContain("method: 'POST'");
      expect(inspect(error)).toMatch(/url: '.*\/validateCredentials'/);
      expectNone(printed(error), [token, ...secrets]);
    }
  });

  it('made by hand (to fake a failure in a test) print their kind-specific fields, and cause only in inspect', () => {
    const throttled = new ThrottledError('Too many requests', {
      status: 429,
      retryAfterMs: 30_000,
    });
    const quarantined = new QuarantinedError('Job quarantined', {
      jobId: 'aws.1.2',
      quarantine: {
        reason: 'EncounteredQuarantineException',
        error: { code: 'AwsInvalidCredentials' },
      },
    });
    const withCause = new NetworkError('GET /v1.0/servicePrincipals failed', {
      cause: new Error('socket hang up'),
    });

    expect(inspect(throttled)).toMatch(/^ThrottledError: Too many requests\n/);
    expect(inspect(throttled)).toContain('retryAfterMs: 30000');
    expect(inspect(throttled)).toContain("kind: 'throttled'");
    expect(inspect(quarantined, { depth: 4 })).toContain("jobId: 'aws.1.2'");
    expect(inspect(quarantined, { depth: 4 })).toContain("code: 'AwsInvalidCredentials'");
    // `cause` helps debugging in inspect; JSON (logs, --json output) leaves it and the stack out.
    expect(inspect(withCause)).toContain('[cause]: Error: socket hang up');
    expect(JSON.stringify(withCause)).toBe(
      '{"name":"NetworkError","kind":"network","message":"GET /v1.0/servicePrincipals failed","attempts":0}',
    );
  });
});

describe('progress events of configureProvisioning', () => {
  it('print as plain objects naming the step and its fields, never a secret value', async () => {
    const { client, token } = fakeClient();
    const secrets = [distinctive('client-secret'), distinctive('secret-token')];
    const events: ProvisioningProgress[] = [];
    await client.configureProvisioning(
      {
        template: AWS,
        displayName: 'AWS Progress',
        credentials: { ClientSecret: secrets[0]!, SecretToken: secrets[1]! },
      },
      { ...FAST, onProgress: (event) => events.push(event) },
    );

    expect(events.map((e) => e.type)).toEqual([
      'template',
      'instantiate',
      'createJob',
      'validateCredentials',
      'saveSecrets',
      'start',
      'done',
    ]);
    for (const event of events) {
      expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
      expect(inspect(event)).toMatch(
        new RegExp(`^\\{\\s+type: '${event.type}',\\s+displayName: 'AWS Progress'`),
      );
      expectNone(printed(event), [token, ...secrets]);
    }
    const saveSecrets = events.find((e) => e.type === 'saveSecrets');
    expect(inspect(saveSecrets, { breakLength: Infinity })).toBe(
      "{ type: 'saveSecrets', displayName: 'AWS Progress', keys: [ 'ClientSecret', 'SecretToken' ] }",
    );
    expect(inspect(events.find((e) => e.type === 'start'))).toBe(
      "{ type: 'start', displayName: 'AWS Progress', status: 'started' }",
    );
  });
});

describe('outcomes of configureProvisioningMany', () => {
  it('print and serialise each spec with its secret values redacted, and keep them for a re-run', async () => {
    const { client, token } = fakeClient();
    const secret = distinctive('secret-token');
    const bad = distinctive('bad-client-secret');
    const address = 'https://scim.example.com/v2';
    const specs: ProvisioningSpec[] = [
      {
        template: AWS,
        displayName: 'AWS Good',
        credentials: { ClientSecret: distinctive('client-secret'), SecretToken: secret },
      },
      {
        template: AWS,
        displayName: 'AWS Bad',
        credentials: [
          { key: 'ClientSecret', value: bad },
          { key: 'SecretToken', value: secret },
          { key: 'BaseAddress', value: address },
        ],
      },
    ];
    const given = JSON.stringify(specs);
    const events: unknown[] = [];
    const outcomes = await client.configureProvisioningMany(specs, {
      ...FAST,
      onProgress: (event) => events.push(event),
    });

    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    const secrets = [
      token,
      secret,
      bad,
      (specs[0]!.credentials as Record<string, string>).ClientSecret!,
    ];
    const text = printed(outcomes);
    expectNone(text, secrets);
    expectNone(printed(events), secrets);
    // Readable: which app, which keys, and the values that are settings, not secrets.
    const failed = inspect(outcomes[1], { depth: 4 });
    expect(failed).toContain("displayName: 'AWS Bad'");
    expect(failed).toContain("{ key: 'ClientSecret', value: '[REDACTED]' }");
    expect(failed).toContain(`{ key: 'BaseAddress', value: '${address}' }`);
    expect(inspect(outcomes[0], { depth: 4 })).toContain(
      "credentials: { ClientSecret: '[REDACTED]', SecretToken: '[REDACTED]' }",
    );
    expect(JSON.parse(JSON.stringify(outcomes[0]!.spec))).toEqual({
      ...specs[0],
      credentials: { ClientSecret: '[REDACTED]', SecretToken: '[REDACTED]' },
    });
    // The outcome still holds the real credentials (a re-run of the failed specs needs them),
    // and the caller's specs are untouched.
    expect(outcomes[1]!.spec.credentials).toEqual(specs[1]!.credentials);
    expect(JSON.stringify(specs)).toBe(given);
    expect(inspect(specs[1], { depth: 4 })).toContain(bad);
  });
});

/** Everything plain data sees of a value: what JSON, spreading and deep equality work from. */
function expectPlainData(value: object): void {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  expect(copy).toEqual(value);
  expect(value).toEqual(copy);
  expect(structuredClone(value)).toEqual(copy);
  expect(Array.isArray(value) ? [...(value as unknown[])] : { ...value }).toEqual(copy);
  expect(Object.keys(value)).toEqual(Object.keys(copy as object));
  expect(JSON.stringify(value)).not.toMatch(
    /SynchronizationJob |ConfigureProvisioningResult|one line each/,
  );
}

describe('configureProvisioning results in a REPL', () => {
  it('print what the run did first (created, started, ids, job status, actions), then the whole result', async () => {
    const { client, token } = fakeClient();
    const secrets = [distinctive('client-secret'), distinctive('secret-token')];
    const result = await client.configureProvisioning(
      {
        template: AWS,
        displayName: 'AWS Summary',
        credentials: { ClientSecret: secrets[0]!, SecretToken: secrets[1]! },
      },
      FAST,
    );
    const { servicePrincipal: sp, job } = result;

    const lines = inspect(result).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      "ConfigureProvisioningResult 'AWS Summary': application created, job created, started",
      `  servicePrincipal ${sp.id} (appId ${String(sp.appId)})`,
      `  job              ${job.id}`,
      '  job status       Active, last run: none yet, quarantine: none',
      "  did              instantiate 'AWS Summary' from Amazon Web Services (AWS)",
    ]);
    expect(lines.slice(5, 9)).toEqual([
      "                   create the job from synchronization template 'aws'",
      '                   test the credentials with the target (ClientSecret, SecretToken)',
      '                   save the credentials (ClientSecret, SecretToken)',
      `                   start job ${job.id}`,
    ]);
    // Then the whole result as before, its job printed plainly (the summary said it already).
    const body = lines.slice(9).join('\n');
    expect(lines[9]).toBe('{');
    expect(body).toContain('created: { application: true, job: true }');
    expect(body).toContain(`servicePrincipal: {\n    '@odata.context'`);
    expect(body).toContain(`job: {\n    '@odata.context'`);
    expect(body).not.toContain('SynchronizationJob ');
    // Alone, the job prints its own summary.
    expect(inspect(job).split('\n')[0]).toBe(`SynchronizationJob ${job.id} (template aws)`);
    expect(inspect(result, { depth: 4 })).toContain("status: {\n      code: 'Active'");
    expectNone(printed(result), [token, ...secrets]);
    expectPlainData(result);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    // A spread is the plain object again.
    expect(inspect({ ...result })).toMatch(/^\{\n {2}application: \{/);
  });

  it('say what a re-run reused and that it had nothing to do', async () => {
    const { client } = fakeClient();
    const spec = { template: AWS, displayName: 'AWS Again' };
    await client.configureProvisioning(spec, FAST);
    const again = await client.configureProvisioning(spec, FAST);

    const lines = inspect(again).split('\n');
    expect(lines[0]).toBe(
      "ConfigureProvisioningResult 'AWS Again': application reused, job reused, not started by this run",
    );
    expect(lines[4]).toBe('  did              nothing (everything was as the spec says)');
    expectPlainData(again);
  });
});

describe('synchronization jobs in a REPL', () => {
  it('print id and template, status and last run, and the quarantine first, then the whole job', async () => {
    const clock = manualClock();
    const { client, token } = fakeClient({ clock });
    // The fake's AWS rejects values starting with "bad": the job goes into quarantine.
    const secrets = [distinctive('bad-client-secret'), distinctive('secret-token')];
    const { servicePrincipal, job: created } = await client.configureProvisioning(
      {
        template: AWS,
        displayName: 'AWS Quarantine',
        credentials: { ClientSecret: secrets[0]!, SecretToken: secrets[1]! },
        validateCredentials: false,
      },
      FAST,
    );
    clock.advance(3 * 60 * 60_000);
    const jobs = client.servicePrincipals.byId(servicePrincipal.id).synchronization.jobs;
    const job = await jobs.byId(created.id).get();
    const quarantine = job.status?.quarantine;
    const last = job.status?.lastExecution;

    const lines = inspect(job).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      `SynchronizationJob ${created.id} (template aws)`,
      `  Quarantine, last run: ${String(last?.timeEnded)} Failed (AwsInvalidCredentials)`,
      `  quarantine: EncounteredQuarantineException (AwsInvalidCredentials) since ${String(quarantine?.currentBegan)}, next attempt ${String(quarantine?.nextAttempt)}`,
    ]);
    expect(lines[3]).toBe('{');
    expect(inspect(job)).toContain(`id: '${created.id}'`);
    expect(inspect(job, { depth: 4 })).toContain("reason: 'EncounteredQuarantineException'");
    expectNone(printed(job), [token, ...secrets]);
    expectPlainData(job);
    expect(Object.getPrototypeOf(job)).toBe(Object.prototype);

    // Listed (awaited page or toArray) and created jobs print the same way, each in the list.
    const listed = await jobs.list();
    const all = await jobs.list().toArray();
    expect(inspect(listed)).toContain(
      `[\n  SynchronizationJob ${created.id} (template aws)\n    Quarantine,`,
    );
    expect(inspect(all)).toContain(`SynchronizationJob ${created.id} (template aws)`);
    expectPlainData(all);
    const fresh = await client.servicePrincipals
      .byId(servicePrincipal.id)
      .synchronization.jobs.create({ templateId: 'aws' });
    expect(inspect(fresh).split('\n').slice(0, 3)).toEqual([
      `SynchronizationJob ${fresh.id} (template aws)`,
      '  NotConfigured, last run: none yet',
      '  quarantine: none',
    ]);
  });
});

describe('lists of provisioning events in a REPL', () => {
  it('print one line per event (time, action, status, source → target, error code), the events untouched', async () => {
    const { client, fake, token } = fakeClient();
    fake.seedProvisioningEvents(30, { failureRate: 0.5 });
    const page = await client.auditLogs.provisioning.list({ top: 12 });
    const failure = page.find((e) => e.provisioningStatusInfo?.status === 'failure');
    const success = page.find((e) => e.provisioningStatusInfo?.status === 'success');

    const lines = inspect(page).split('\n');
    expect(lines[0]).toBe('12 provisioning events, one line each ([i] shows one in full):');
    expect(lines).toHaveLength(13);
    expect(lines[1]).toMatch(
      /^ {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}(create|update|delete|disable|other) +(success|failure|skipped|warning) User '[^']+' → /,
    );
    expect(lines).toContain(
      `  ${failure!.activityDateTime}  ${failure!.provisioningAction!.padEnd(12)} failure User '${failure!.sourceIdentity!.displayName!}' → (none)  error ${failure!.provisioningStatusInfo!.errorInformation!.errorCode!}`,
    );
    expect(lines).toContain(
      `  ${success!.activityDateTime}  ${success!.provisioningAction!.padEnd(12)} success User '${success!.sourceIdentity!.displayName!}' → '${success!.targetIdentity!.displayName!}'`,
    );
    // Each event alone prints in full, and carries nothing it did not have: decoding is unchanged.
    expect(inspect(page[0])).toMatch(/^\{\n {2}id: /);
    expect(Object.getOwnPropertySymbols(page[0])).toEqual([]);
    expectPlainData(page);
    expectNone(printed(page), [token]);
  });

  it('print a first page with more to come, and toArray() arrays, as many lines as Node shows items', async () => {
    const { client, fake } = fakeClient();
    fake.seedProvisioningEvents(600);
    const page = await client.auditLogs.provisioning.list(); // 500 a page by default
    const all = await client.auditLogs.provisioning.list().toArray();
    const some = await client.auditLogs.provisioning.list().toArray({ max: 2 });

    expect(page.hasMore).toBe(true);
    const lines = inspect(page).split('\n');
    expect(lines[0]).toBe(
      '500 provisioning events, one line each ([i] shows one in full); first page of the list, more follow: `for await` goes on to the end, or .toArray():',
    );
    // Node's maxArrayLength (100 by default) applies as it does to arrays.
    expect(lines).toHaveLength(102);
    expect(lines[100]).toMatch(/^ {2}\d{4}-/);
    expect(lines[101]).toBe('  … 400 more');
    expect(inspect(all).split('\n')[0]).toBe(
      '600 provisioning events, one line each ([i] shows one in full):',
    );
    expect(inspect(all, { maxArrayLength: 2 }).split('\n')).toHaveLength(4);
    expect(inspect(all, { maxArrayLength: Infinity }).split('\n')).toHaveLength(601);
    expect(inspect(some).split('\n')).toHaveLength(3);
    expectPlainData(all);
    expectPlainData(page);
    // Inside another object too, indented there.
    expect(inspect({ recent: some })).toMatch(
      /^\{\n {2}recent: 2 provisioning events, one line each .*\n {4}\d{4}-/,
    );
  });

  it("fall back on beta's deprecated action and statusInfo", () => {
    const line = eventLine({
      id: 'e1',
      activityDateTime: '2026-11-23T09:40:00Z',
      action: 'Create',
      statusInfo: { status: 'failure', errorCode: 'DuplicateTargetEntries' },
      sourceIdentity: { displayName: 'Alice', identityType: 'User' },
      targetIdentity: { id: '' },
    });
    expect(line).toBe(
      "2026-11-23T09:40:00Z  create       failure User 'Alice' → (none)  error DuplicateTargetEntries",
    );
  });

  it('print an empty list as an empty array', async () => {
    const { client } = fakeClient();
    const page = await client.auditLogs.provisioning.list();
    expect(inspect(page)).toBe('[]');
    expect(inspect(await client.auditLogs.provisioning.list().toArray())).toBe('[]');
  });
});
