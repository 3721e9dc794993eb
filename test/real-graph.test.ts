/**
 * What real Graph answers, beyond its documented examples (field notes §9, test/fixtures/wild):
 * provisionOnDemand's second shape, validation that really turns off, an error that keeps the
 * body, flags joined with and without spaces, the silent 401 of synchronization calls, and
 * secrets read back as Graph shows them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DirectoryDefinitionDiscoverabilitiesValues,
  InvalidResponseError,
  ObjectFlowTypesValues,
  parseFlags,
  type ApiVersion,
  type ResponseValidation,
} from '../src/index.js';
import { CUSTOM_APP_TEMPLATE_ID, createFakeGraph } from '../src/testing/index.js';
import {
  GRAPH,
  JOB_ID,
  SP_ID,
  http,
  HttpResponse,
  makeClient,
  rejection,
  useGraphServer,
} from './helpers/graph.js';

const server = useGraphServer();

function wild(file: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`./fixtures/wild/${file}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
}

const REQUEST = {
  parameters: [
    {
      ruleId: '33f7c90d-bf71-41b1-bda6-aaf0ddbee5d8',
      subjects: [{ objectId: '9bb0f679-a7a5-4a55-a9e5-8a0ab6a4fdc5', objectTypeName: 'User' }],
    },
  ],
};

function onDemand(version: ApiVersion, answer: unknown, validateResponses: ResponseValidation) {
  server.use(
    http.post(
      `${GRAPH}/${version}/servicePrincipals/:sp/synchronization/jobs/:job/provisionOnDemand`,
      () => HttpResponse.json(answer as Record<string, unknown>),
    ),
  );
  const warnings: string[] = [];
  const log = (): void => undefined;
  return {
    warnings,
    call: makeClient({
      apiVersion: version,
      validateResponses,
      logger: { debug: log, info: log, error: log, warn: (m: string) => warnings.push(m) },
    })
      .servicePrincipals.byId(SP_ID)
      .synchronization.jobs.byId(JOB_ID)
      .provisionOnDemand(REQUEST),
  };
}

describe("provisionOnDemand's StatusInfo answer (a type name and a JSON array of steps)", () => {
  const cases = [
    ['v1.0', 'provisionondemand-statusinfo-crosstenant.v1.0.json', 'Success', 4],
    ['beta', 'provisionondemand-statusinfo-scim.beta.json', 'Skipped', 2],
  ] as const;

  it.each(cases)('is read in %s (%s) with every check on', async (version, file, result, count) => {
    const { call, warnings } = onDemand(version, wild(file), 'throw');
    const outcome = await call;
    expect(outcome.shape).toBe('steps');
    expect(outcome.result).toBe(result);
    expect(outcome.steps).toHaveLength(count);
    expect(outcome.steps[0]).toMatchObject({
      name: 'EntryImport',
      type: 'Import',
      status: 'Success',
    });
    expect(outcome.event.provisioningSteps).toEqual(outcome.steps);
    expect(outcome.details).toEqual({});
    expect(outcome.raw.key).toBe(
      'Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo',
    );
    expect(warnings).toEqual([]);
  });

  it.each(['warn', 'off'] as const)('is read the same with validateResponses %s', async (mode) => {
    const { call } = onDemand('v1.0', wild(cases[0][1]), mode);
    expect(await call).toMatchObject({ shape: 'steps', result: 'Success' });
  });

  it('reads a failed step as a Failure, and the documented answer as before', async () => {
    const failed = {
      key: 'Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo',
      value: JSON.stringify([
        { provisioningSteps: [{ name: 'EntryExportAdd', type: 'Export', status: 'Failure' }] },
      ]),
    };
    expect(await onDemand('v1.0', failed, 'throw').call).toMatchObject({
      result: 'Failure',
      steps: [{ status: 'Failure' }],
    });
    const documented = {
      key: JSON.stringify({ result: 'Skipped', details: { errorCode: 'RedundantExport' } }),
      value: JSON.stringify({ provisioningSteps: [{ name: 'EntryImport', status: 'Success' }] }),
    };
    expect(await onDemand('beta', documented, 'throw').call).toMatchObject({
      shape: 'outcome',
      result: 'Skipped',
      details: { errorCode: 'RedundantExport' },
      steps: [{ name: 'EntryImport' }],
    });
  });

  it("is the custom SCIM app's answer on the fake, read through the SDK", async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const client = fake.client();
    const { servicePrincipal } = await client.applicationTemplates.instantiate(
      CUSTOM_APP_TEMPLATE_ID,
      { displayName: 'SCIM Contoso' },
    );
    const sp = client.servicePrincipals.byId(servicePrincipal.id);
    const { id } = await sp.synchronization.jobs.create({ templateId: 'scim' });
    const job = sp.synchronization.jobs.byId(id);
    await sp.synchronization.secrets.put({
      BaseAddress: 'https://scim.example.com/v2',
      SecretToken: 'scim-token-1234',
    });
    const ruleId = (await job.schema.get()).synchronizationRules?.[0]?.id ?? '';
    const user = fake.state.servicePrincipals[0]!.assigned.find((o) => o.type === 'User')!;
    const done = await job.provisionOnDemand({
      parameters: [{ ruleId, subjects: [{ objectId: user.id, objectTypeName: 'User' }] }],
    });
    expect(done).toMatchObject({ shape: 'steps', result: 'Success' });
    expect(done.steps.map((s) => s.type)).toEqual(['Import', 'Scoping', 'Export']);
    const stranger = await job.provisionOnDemand({
      parameters: [
        {
          ruleId,
          subjects: [{ objectId: '00000000-0000-4000-8000-000000000000', objectTypeName: 'User' }],
        },
      ],
    });
    expect(stranger).toMatchObject({ shape: 'steps', result: 'Skipped' });
  });
});

describe('validateResponses', () => {
  it("'off' and 'warn' turn off every check, a method's own included; 'throw' keeps the body on the error", async () => {
    const odd = { key: 'not json', value: 'not json either' };
    const thrown = await rejection(onDemand('v1.0', odd, 'throw').call);
    expect(thrown).toBeInstanceOf(InvalidResponseError);
    // The answer Graph gave after doing the work can still be read.
    expect(JSON.parse((thrown as InvalidResponseError).body ?? '')).toEqual(odd);
    expect(Object.keys(thrown)).not.toContain('body');
    const warned = onDemand('v1.0', odd, 'warn');
    expect(await warned.call).toMatchObject({ raw: odd, steps: [] });
    expect(warned.warnings.join('\n')).toContain('cannot be used');
    const off = onDemand('v1.0', odd, 'off');
    expect(await off.call).toMatchObject({ raw: odd, steps: [] });
    expect(off.warnings).toEqual([]);
  });

  it.each(['throw', 'warn', 'off'] as const)(
    'provisionOnDemand steps of the wrong type give an InvalidResponseError or a best-effort result, never a TypeError (%s)',
    async (mode) => {
      const key = 'Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo';
      const odd = [
        [{ provisioningSteps: [null] }],
        [{ provisioningSteps: [{ name: 'x', status: 5 }] }],
        [{ provisioningSteps: 'Success' }],
      ];
      for (const value of odd) {
        const answer = await onDemand(
          'v1.0',
          { key, value: JSON.stringify(value) },
          mode,
        ).call.then(
          (result) => result,
          (error: unknown) => error,
        );
        if (mode === 'throw') {
          expect(answer).toBeInstanceOf(InvalidResponseError);
          continue;
        }
        expect(answer).not.toBeInstanceOf(Error);
        // Only objects of a real array are steps; a status that is no string says nothing.
        expect(answer).toMatchObject({ shape: 'steps' });
        const { steps, result } = answer as { steps: unknown[]; result: string };
        expect(steps.every((step) => typeof step === 'object' && step !== null)).toBe(true);
        expect(result).toBe(steps.length === 0 ? 'Skipped' : 'Success');
      }
    },
  );

  it.each(['warn', 'off'] as const)(
    'a workflow stops with an InvalidResponseError, never a TypeError, on a list item it cannot read (%s)',
    async (validateResponses) => {
      const fake = createFakeGraph({ latencyMs: 0 });
      const client = fake.client({
        validateResponses,
        logger: {
          debug: () => undefined,
          info: () => undefined,
          warn: () => undefined,
          error: () => undefined,
        },
        fetch: async (input, init) =>
          (init?.method ?? 'GET') === 'GET' && new URL(input).pathname === '/v1.0/servicePrincipals'
            ? Response.json({ value: [null] })
            : fake.fetch(input, init),
      });
      const error = await rejection(
        client.configureProvisioning(
          { template: 'Amazon Web Services (AWS)', displayName: 'X' },
          { replication: { consecutive: 1, intervalMs: 10 } },
        ),
      );
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toContain('a service principal that is not an object');
      expect(fake.state.applications).toHaveLength(0);
    },
  );

  it('scrubs the token from the body an error keeps', async () => {
    const token = 'opaque-token-Zq81vX3m-body';
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals/:id`, () =>
        HttpResponse.json({ id: 5, note: `echo ${token}` }),
      ),
    );
    const error = await rejection(makeClient({ accessToken: token }).servicePrincipals.get(SP_ID));
    expect(error.kind).toBe('invalidResponse');
    const body = (error as InvalidResponseError).body ?? '';
    expect(body).toContain('[REDACTED]');
    expect(body).not.toContain(token);
  });
});

describe('flags Graph joins with and without spaces', () => {
  it('parseFlags reads both spellings as the same members, typed', () => {
    const spaced = parseFlags('Add, Update, Delete', ObjectFlowTypesValues);
    const tight = parseFlags('Add,Update,Delete', ObjectFlowTypesValues);
    expect(spaced).toEqual(['Add', 'Update', 'Delete']);
    expect(tight).toEqual(spaced);
    expect(parseFlags(' Add ,, Add,Update ')).toEqual(['Add', 'Update']);
    expect(parseFlags(null)).toEqual([]);
    expect(parseFlags(undefined)).toEqual([]);
    // A member Graph adds later is kept (the enum is open).
    expect(parseFlags('Add,Archive', ObjectFlowTypesValues)).toEqual(['Add', 'Archive']);
  });

  it('reads what the fake sends in both spellings', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const client = fake.client();
    // The custom SCIM app provisions users and groups: two object mappings.
    const { servicePrincipal } = await client.applicationTemplates.instantiate(
      CUSTOM_APP_TEMPLATE_ID,
      { displayName: 'SCIM' },
    );
    const sp = client.servicePrincipals.byId(servicePrincipal.id);
    const { id } = await sp.synchronization.jobs.create({ templateId: 'scim' });
    const schema = await sp.synchronization.jobs.byId(id).schema.get();
    const flows = (schema.synchronizationRules?.[0]?.objectMappings ?? []).map((m) => m.flowTypes);
    expect(flows).toEqual(['Add, Update, Delete', 'Add,Update,Delete']);
    expect(new Set(flows.map((f) => parseFlags(f, ObjectFlowTypesValues).join('|')))).toEqual(
      new Set(['Add|Update|Delete']),
    );
    const discovered = (schema.directories ?? []).map((d) =>
      parseFlags(d.discoverabilities, DirectoryDefinitionDiscoverabilitiesValues),
    );
    expect(discovered[0]).toEqual(['AttributeNames', 'AttributeDataTypes']);
    expect(discovered[1]).toEqual(['AttributeNames', 'AttributeDataTypes', 'AttributeReadOnly']);
  });
});

describe('a 401 UnknownError with no message on a synchronization call', () => {
  it('says in its hint that a permission is missing, which one, and where to read more', async () => {
    server.use(
      http.post(`${GRAPH}/v1.0/servicePrincipals/:sp/synchronization/jobs/:job/restart`, () =>
        HttpResponse.json({ error: { code: 'UnknownError', message: '' } }, { status: 401 }),
      ),
      http.get(`${GRAPH}/v1.0/servicePrincipals/:sp/synchronization/jobs/:job`, () =>
        HttpResponse.json({ error: { code: 'UnknownError', message: '' } }, { status: 401 }),
      ),
    );
    const job = makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID);
    const restart = await rejection(job.restart());
    expect(restart.kind).toBe('unauthorized');
    expect(restart.hint).toContain('401 UnknownError and no message');
    expect(restart.hint).toContain('Synchronization.ReadWrite.All');
    expect(restart.hint).toContain('docs/permissions.md');
    const read = await rejection(job.get());
    expect(read.hint).toContain('Synchronization.Read.All');
  });

  it('is how the fake answers with permissionErrors: realistic; other 401s keep their own hint', async () => {
    const fake = createFakeGraph({
      latencyMs: 0,
      permissions: ['Application.Read.All'],
      permissionErrors: 'realistic',
    });
    const client = fake.client();
    const error = await rejection(
      client.servicePrincipals.byId(SP_ID).synchronization.jobs.list().toArray(),
    );
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'UnknownError' });
    expect(error.hint).toContain('401 UnknownError and no message');
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals/:id`, () =>
        HttpResponse.json(
          { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } },
          { status: 401 },
        ),
      ),
    );
    const expired = await rejection(makeClient().servicePrincipals.get(SP_ID));
    expect(expired.hint ?? '').not.toContain('no message');
  });
});

describe('secrets read back', () => {
  it('show settings and addresses in clear and mask sensitive values, as Graph does', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const client = fake.client();
    const { servicePrincipal } = await client.applicationTemplates.instantiate(
      CUSTOM_APP_TEMPLATE_ID,
      { displayName: 'SCIM' },
    );
    const secrets = client.servicePrincipals.byId(servicePrincipal.id).synchronization.secrets;
    const notifications = JSON.stringify({
      Enabled: true,
      Recipients: 'ops@contoso.com',
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: 500,
    });
    await secrets.put({
      BaseAddress: 'https://scim.example.com/v2',
      SecretToken: 'scim-secret-token',
      SyncNotificationSettings: notifications,
      SyncAll: 'false',
    });
    expect(await secrets.get()).toEqual([
      { key: 'BaseAddress', value: 'https://scim.example.com/v2' },
      { key: 'SecretToken', value: '*' },
      { key: 'SyncNotificationSettings', value: notifications },
      { key: 'SyncAll', value: 'false' },
    ]);
  });
});
