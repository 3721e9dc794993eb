import { describe, expect, it, vi } from 'vitest';
import { InvalidInputError, ProvisioningClient } from '../src/index.js';
import { compileProvisioningLogFilter } from '../src/resources/audit-logs/provisioning-filter.js';
import { resetScopeString } from '../src/resources/synchronization/job-actions.js';
import {
  AWS_TEMPLATE_ID,
  GRAPH,
  JOB_ID,
  SP_ID,
  TOKEN,
  http,
  HttpResponse,
  makeClient,
  noContent,
  page,
  recordRequests,
  useGraphServer,
  thrown,
  rejection,
} from './helpers/graph.js';

const server = useGraphServer();

describe('client options', () => {
  it('requires exactly one of credential and accessToken', () => {
    expect(thrown(() => new ProvisioningClient({}))).toBeInstanceOf(InvalidInputError);
    const both = thrown(
      () =>
        new ProvisioningClient({
          accessToken: 't',
          credential: { getToken: () => Promise.resolve(null) },
        }),
    );
    expect(both.kind).toBe('invalidInput');
    expect(both.message).toContain('exactly one of credential or accessToken');
  });

  it.each([
    [{ accessToken: '' }, 'accessToken'],
    [{ accessToken: 't', apiVersion: 'v2' }, 'apiVersion'],
    [{ accessToken: 't', cloud: 'mars' }, 'cloud'],
    [{ accessToken: 't', baseUrl: 'http://graph.example.com' }, 'baseUrl'],
    [{ accessToken: 't', baseUrl: 'https://user:pw@graph.example.com' }, 'baseUrl'],
    [{ accessToken: 't', baseUrl: 'https://graph.example.com/?x=1' }, 'baseUrl'],
    [{ accessToken: 't', baseUrl: 'not a url' }, 'baseUrl'],
    [{ accessToken: 't', maxRetries: -1 }, 'maxRetries'],
    [{ accessToken: 't', timeoutMs: 0 }, 'timeoutMs'],
    [{ accessToken: 't', maxRetryAfterMs: 1.5 }, 'maxRetryAfterMs'],
    [{ accessToken: 't', validateResponses: 'sometimes' }, 'validateResponses'],
    [{ accessToken: 't', logger: { info: () => undefined } }, 'logger'],
    [{ accessToken: 't', fetch: 'fetch' }, 'fetch'],
    [{ accessToken: 't', tracing: 'on' }, 'tracing'],
    [{ accessToken: 't', tracing: { getTracer: 'x' } }, 'tracing'],
    [{ accessToken: 't', retries: 3 }, 'retries'],
    [{ credential: { token: 'x' } }, 'credential'],
  ])('refuses %o, naming %s', (options, field) => {
    const error = thrown(() => new ProvisioningClient(options as never));
    expect(error.kind).toBe('invalidInput');
    expect((error as InvalidInputError).issues[0]!.path).toEqual([field]);
  });

  it('accepts plain http only for loopback hosts', () => {
    for (const baseUrl of [
      'http://127.0.0.1:4010',
      'http://localhost:3000/graph',
      'http://[::1]:80',
    ]) {
      expect(() => new ProvisioningClient({ accessToken: 't', baseUrl })).not.toThrow();
    }
  });

  it('never shows the token or the credential in util.inspect or JSON', async () => {
    const { inspect } = await import('node:util');
    const clientSecret = 'credential-secret-9d2f';
    const credential = {
      clientSecret,
      getToken: () => Promise.resolve({ token: 'x', expiresOnTimestamp: 0 }),
    };
    for (const client of [makeClient(), makeClient({ accessToken: undefined, credential })]) {
      const sp = client.servicePrincipals.byId(SP_ID);
      const job = sp.synchronization.jobs.byId(JOB_ID);
      for (const value of [client, sp, sp.synchronization, job, job.schema, client.auditLogs]) {
        const text = inspect(value, { depth: 10, showHidden: true }) + JSON.stringify(value);
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(clientSecret);
      }
    }
    expect(inspect(makeClient())).toBe(
      "ProvisioningClient { apiVersion: 'v1.0', baseUrl: 'https://graph.microsoft.com', auth: 'accessToken' }",
    );
  });

  it('trims a token read with its trailing newline, and refuses one with inner whitespace', async () => {
    const sent = recordRequests();
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals/:id`, () => HttpResponse.json({ id: SP_ID })),
    );
    await makeClient({ accessToken: `${TOKEN}\n` }).servicePrincipals.get(SP_ID);
    expect(sent[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(thrown(() => new ProvisioningClient({ accessToken: 'two words' })).kind).toBe(
      'invalidInput',
    );
  });

  it('refuses timeouts beyond what a timer can wait', () => {
    for (const option of ['timeoutMs', 'maxRetryAfterMs']) {
      const error = thrown(() => new ProvisioningClient({ accessToken: 't', [option]: 2 ** 31 }));
      expect((error as InvalidInputError).issues[0]!.path).toEqual([option]);
    }
  });

  it("takes a national cloud's token scope from its Graph root given as baseUrl", async () => {
    const getToken = vi.fn(() => Promise.resolve({ token: 'gov', expiresOnTimestamp: 0 }));
    server.use(
      http.get('https://graph.microsoft.us/v1.0/servicePrincipals/:id', () =>
        HttpResponse.json({ id: SP_ID }),
      ),
    );
    const client = makeClient({
      accessToken: undefined,
      credential: { getToken },
      baseUrl: 'https://graph.microsoft.us/',
    });
    await client.servicePrincipals.get(SP_ID);
    expect(getToken).toHaveBeenCalledWith(['https://graph.microsoft.us/.default'], undefined);
    const conflict = thrown(
      () =>
        new ProvisioningClient({
          accessToken: 't',
          cloud: 'china',
          baseUrl: 'https://graph.microsoft.us',
        }),
    );
    expect(conflict.message).toContain("'usGov' cloud");
  });
});

describe('ids in paths', () => {
  const client = makeClient();

  it.each([
    ['', 'must not be empty'],
    ['.', 'must not be'],
    ['..', 'must not be'],
  ])('refuses job id %j before any request', (jobId, message) => {
    const error = thrown(() =>
      client.servicePrincipals.byId(SP_ID).synchronization.jobs.byId(jobId),
    );
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toContain('jobId');
    expect(error.message).toContain(message);
  });

  it('refuses a service principal id that is not a GUID, explaining which id is expected', () => {
    const error = thrown(() => client.servicePrincipals.byId('aws'));
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toContain('Invalid servicePrincipalId: must be a GUID');
    expect(error.message).toContain('object id');
  });

  it('refuses non-strings, lone surrogates and control characters', () => {
    expect(thrown(() => client.servicePrincipals.byId(undefined as unknown as string)).kind).toBe(
      'invalidInput',
    );
    const jobs = client.servicePrincipals.byId(SP_ID).synchronization.jobs;
    expect(thrown(() => jobs.byId('a\uD800b')).message).toContain('Unicode');
    expect(thrown(() => jobs.byId('a\nb')).message).toContain('control characters');
    expect(thrown(() => jobs.byId(' aws')).message).toContain('whitespace');
  });

  it('percent-encodes an id as a single path segment', async () => {
    const sent = recordRequests();
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals/:sp/synchronization/jobs/:job`, () =>
        HttpResponse.json({ id: 'x' }),
      ),
    );
    await client.servicePrincipals.byId(SP_ID).synchronization.jobs.byId("a/b?c#d%e'(f)").get();
    expect(sent[0]!.url.pathname).toBe(
      `/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/a%2Fb%3Fc%23d%25e%27%28f%29`,
    );
  });

  it('keeps opaque job ids with dots intact', async () => {
    const sent = recordRequests();
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals/:sp/synchronization/jobs/:job`, () =>
        HttpResponse.json({ id: JOB_ID }),
      ),
    );
    await client.servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID).get();
    expect(sent[0]!.url.pathname.endsWith(`/jobs/${JOB_ID}`)).toBe(true);
  });

  it('addresses a service principal by appId with the alternate key, quoting the value', async () => {
    const sent = recordRequests();
    server.use(http.get(`${GRAPH}/v1.0/*`, () => page([])));
    await client.servicePrincipals.byAppId("0e3f'x").synchronization.jobs.list().toArray();
    expect(sent[0]!.url.pathname).toBe(
      '/v1.0/servicePrincipals(appId=%270e3f%27%27x%27)/synchronization/jobs',
    );
  });

  it('rejects an application template id that is not a GUID with a hint to search by name', async () => {
    const error = await rejection(client.applicationTemplates.get('Amazon Web Services (AWS)'));
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toContain('find a template by name');
  });
});

describe('request bodies', () => {
  const client = makeClient();
  const sync = client.servicePrincipals.byId(SP_ID).synchronization;
  const job = sync.jobs.byId(JOB_ID);

  it.each([
    [{ displayName: '' }, 'displayName'],
    [{ displayName: '   ' }, 'displayName'],
    [{ displayName: 'x'.repeat(257) }, 'displayName'],
    [{ displayName: 'AWS\r\nContoso' }, 'control characters'],
    [{ displayName: 'AWS \ud800' }, 'lone surrogate'],
    [{ displayName: 'AWS', extra: 1 }, "unknown field 'extra'"],
    [{}, 'displayName'],
  ])('refuses instantiate params %j before sending', async (params, message) => {
    const sent = recordRequests();
    const error = await rejection(
      client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, params as never),
    );
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toContain(message);
    expect(sent).toHaveLength(0);
  });

  it('refuses a job without templateId', async () => {
    const error = await rejection(sync.jobs.create({} as never));
    expect(error.kind).toBe('invalidInput');
    expect((error as InvalidInputError).issues[0]!.path).toEqual(['templateId']);
  });

  it.each([
    [[], 'at least one'],
    [{}, 'at least one'],
    [
      [
        { key: 'SecretToken', value: 'a' },
        { key: 'SecretToken', value: 'b' },
      ],
      'duplicate',
    ],
    [{ SecretToken: 42 }, 'must be a string'],
    [{ SecretToken: '' }, 'must not be empty'],
    [[{ key: '', value: 'v' }], 'is not a synchronizationSecret name'],
    [[{ key: 'Secret Token', value: 'v' }], 'is not a synchronizationSecret name'],
    [[{ key: 'SecretToken', value: 'v', note: 1 }], "unknown field 'note'"],
    ['BaseAddress=x', 'expected an array'],
  ])('refuses credentials %j', async (credentials, message) => {
    const error = await rejection(sync.secrets.put(credentials as never));
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toContain(message);
  });

  it('never quotes a credential value in a validation error', async () => {
    const error = await rejection(
      sync.secrets.put({ SecretToken: 'hunter2-secret', Foo: 1 } as never),
    );
    expect(JSON.stringify(error)).not.toContain('hunter2-secret');
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('never quotes a key that is not a secret name: keys and values swapped put the secret there', async () => {
    const error = await rejection(sync.secrets.put({ 'p@ss w0rd-hunter2': 'SecretToken' }));
    expect(error.kind).toBe('invalidInput');
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect(error.message).toContain('is not a synchronizationSecret name');
  });

  it('requires credentials or useSavedCredentials for validateCredentials, not both', async () => {
    expect((await rejection(job.validateCredentials({}))).message).toContain('pass credentials');
    expect(
      (
        await rejection(
          job.validateCredentials({ credentials: { SecretToken: 'x' }, useSavedCredentials: true }),
        )
      ).message,
    ).toContain('not both');
  });

  it('sends useSavedCredentials alone', async () => {
    const sent = recordRequests();
    server.use(
      http.post(
        `${GRAPH}/v1.0/servicePrincipals/:sp/synchronization/jobs/:job/validateCredentials`,
        noContent,
      ),
    );
    await job.validateCredentials({ useSavedCredentials: true });
    expect(JSON.parse(sent[0]!.body)).toEqual({ useSavedCredentials: true });
  });

  it('refuses the discouraged restart scopes unless allowed explicitly', async () => {
    for (const scope of ['None', 'ConnectorDataStore'] as const) {
      const error = await rejection(job.restart({ resetScope: [scope] }));
      expect(error.kind).toBe('invalidInput');
      expect(error.message).toContain('allowDiscouragedScopes');
    }
    expect(resetScopeString(['ConnectorDataStore'], true)).toBe('ConnectorDataStore');
  });

  it('compiles restart flags to one comma-separated string', async () => {
    const sent = recordRequests();
    server.use(
      http.post(`${GRAPH}/v1.0/servicePrincipals/:sp/synchronization/jobs/:job/restart`, noContent),
    );
    await job.restart({ resetScope: ['Watermark', 'Escrows', 'QuarantineState'] });
    await job.restart({ resetScope: 'Full' });
    await job.restart();
    expect(sent.map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { criteria: { resetScope: 'Watermark, Escrows, QuarantineState' } },
      { criteria: { resetScope: 'Full' } },
      {},
    ]);
  });

  it('refuses duplicate or malformed restart flags', async () => {
    expect(
      (await rejection(job.restart({ resetScope: ['Watermark', 'Watermark'] }))).message,
    ).toContain('duplicate');
    expect((await rejection(job.restart({ resetScope: ['Water mark'] }))).kind).toBe(
      'invalidInput',
    );
  });

  it.each([
    [{ headers: { 'x-test': 'a\r\nInjected: 1' } }, 'headers.x-test'],
    [{ headers: { 'x-note': 'café ☕' } }, 'headers.x-note'],
    [{ headers: { 'bad name': 'v' } }, 'headers.bad name'],
    [{ headers: { Authorization: 'Bearer other' } }, 'headers.Authorization'],
    [{ signal: {} }, 'signal'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs'],
    [{ retries: 2 }, 'retries'],
    ['fast', 'options'],
  ])('refuses request options %o before sending, naming %s', async (options, field) => {
    const sent = recordRequests();
    const error = await rejection(sync.jobs.list(options as never).toArray());
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toContain(field);
    expect(sent).toHaveLength(0);
  });
});

describe('provisioning log filters', () => {
  it('compiles the typed filter to OData, doubling quotes', () => {
    expect(
      compileProvisioningLogFilter({
        jobId: "aws.x.y'z",
        servicePrincipalId: SP_ID,
        cycleId: 'c1',
        changeId: 'ch1',
        status: 'failure',
        action: 'create',
        sourceIdentityId: 's1',
        targetIdentityId: 't1',
        since: new Date('2026-11-01T00:00:00Z'),
        until: '2026-11-02T00:00:00Z',
      }),
    ).toBe(
      "jobId eq 'aws.x.y''z' and servicePrincipal/id eq '" +
        SP_ID +
        "' and cycleId eq 'c1' and changeId eq 'ch1' and provisioningStatusInfo/status eq 'failure'" +
        " and provisioningAction eq 'create' and sourceIdentity/id eq 's1' and targetIdentity/id eq 't1'" +
        ' and activityDateTime gt 2026-11-01T00:00:00.000Z and activityDateTime lt 2026-11-02T00:00:00.000Z',
    );
  });

  it('compiles every property of the filterable table, with contains and number bounds', () => {
    expect(
      compileProvisioningLogFilter({
        id: { contains: 'abc' },
        tenantId: 't',
        initiatedByDisplayName: { contains: 'Provisioning' },
        sourceSystemDisplayName: 'Azure Active Directory',
        targetSystemDisplayName: { contains: "O'Brien" },
        sourceIdentityDisplayName: 'Adele Vance',
        targetIdentityDisplayName: { contains: 'Adele' },
        sourceIdentityType: 'User',
        targetIdentityType: 'User',
        servicePrincipalDisplayName: 'AWS',
        durationInMilliseconds: { gt: 100, lt: 5_000 },
        activityDateTime: '2026-11-01T10:00:00Z',
      }),
    ).toBe(
      [
        "contains(id,'abc')",
        "tenantId eq 't'",
        "sourceSystem/displayName eq 'Azure Active Directory'",
        "contains(targetSystem/displayName,'O''Brien')",
        "sourceIdentity/displayName eq 'Adele Vance'",
        "contains(targetIdentity/displayName,'Adele')",
        "sourceIdentity/identityType eq 'User'",
        "targetIdentity/identityType eq 'User'",
        "contains(initiatedBy/displayName,'Provisioning')",
        "servicePrincipal/displayName eq 'AWS'",
        'durationInMilliseconds gt 100',
        'durationInMilliseconds lt 5000',
        'activityDateTime eq 2026-11-01T10:00:00.000Z',
      ].join(' and '),
    );
    expect(compileProvisioningLogFilter({ durationInMilliseconds: 250 })).toBe(
      'durationInMilliseconds eq 250',
    );
  });

  it('uses the property names of the version: servicePrincipal/name in beta', () => {
    expect(compileProvisioningLogFilter({ servicePrincipalDisplayName: 'AWS' }, 'beta')).toBe(
      "servicePrincipal/name eq 'AWS'",
    );
  });

  it("compiles beta's deprecated action and statusInfo/status on beta, and refuses them on v1.0", () => {
    expect(
      compileProvisioningLogFilter(
        { betaAction: 'Create', betaStatus: { contains: 'Fail' } },
        'beta',
      ),
    ).toBe("action eq 'Create' and contains(statusInfo/status,'Fail')");
    expect(() => compileProvisioningLogFilter({ betaAction: 'Create' }, 'v1.0')).toThrow(
      /beta provisioning events only/,
    );
  });

  it('refuses contains where Graph only compares with eq, and an empty number bound', () => {
    expect(() =>
      compileProvisioningLogFilter({ servicePrincipalId: { contains: 'x' } } as never),
    ).toThrow(/servicePrincipalId/);
    expect(() => compileProvisioningLogFilter({ durationInMilliseconds: {} })).toThrow(
      /needs gt, lt or both/,
    );
    expect(() =>
      compileProvisioningLogFilter({ durationInMilliseconds: Number.POSITIVE_INFINITY }),
    ).toThrow(/durationInMilliseconds/);
  });

  it('passes a raw OData string through', () => {
    expect(compileProvisioningLogFilter("jobId eq 'x'")).toBe("jobId eq 'x'");
  });

  it('refuses unknown keys, empty values, bad dates and an empty window', () => {
    expect(() => compileProvisioningLogFilter({ jobid: 'x' } as never)).toThrow(
      /unknown field 'jobid'/,
    );
    expect(() => compileProvisioningLogFilter({ jobId: '' })).toThrow(
      /filter.jobId: must not be empty/,
    );
    expect(() => compileProvisioningLogFilter({ since: 'yesterday' })).toThrow(/not a valid date/);
    expect(() =>
      compileProvisioningLogFilter({
        since: '2026-11-02T00:00:00Z',
        until: '2026-11-01T00:00:00Z',
      }),
    ).toThrow(/later than filter.since/);
  });

  it('sends the compiled filter percent-encoded in $filter', async () => {
    const sent = recordRequests();
    server.use(http.get(`${GRAPH}/v1.0/auditLogs/provisioning`, () => page([])));
    await makeClient()
      .auditLogs.provisioning.list({
        filter: { jobId: "a'b & c" },
        orderBy: 'activityDateTime desc',
      })
      .toArray();
    expect(sent[0]!.url.searchParams.get('$filter')).toBe("jobId eq 'a''b & c'");
    expect(sent[0]!.url.searchParams.get('$orderby')).toBe('activityDateTime desc');
    expect(sent[0]!.url.search).not.toContain("'");
  });

  it('throws at list() time for a bad filter, before iterating', () => {
    const error = thrown(() =>
      makeClient().auditLogs.provisioning.list({ filter: { status: '' } }),
    );
    expect(error.kind).toBe('invalidInput');
  });

  it('refuses an orderBy other than activityDateTime', () => {
    expect(
      thrown(() => makeClient().auditLogs.provisioning.list({ orderBy: 'jobId asc' as never }))
        .kind,
    ).toBe('invalidInput');
  });
});

describe('list parameters', () => {
  it('refuses a select entry that is not a property name', () => {
    const error = thrown(() =>
      makeClient().servicePrincipals.list({ select: ['id', 'displayName&$expand=owners'] }),
    );
    expect(error.message).toContain('select[1]');
  });

  it('refuses a top that is not a positive whole number', () => {
    expect(thrown(() => makeClient().applicationTemplates.list({ top: 0 })).kind).toBe(
      'invalidInput',
    );
  });

  it('sends filter, search and select for application templates', async () => {
    const sent = recordRequests();
    server.use(http.get(`${GRAPH}/v1.0/applicationTemplates`, () => page([])));
    await makeClient()
      .applicationTemplates.list({
        filter: "contains(displayName,'https://x')",
        search: 'say "hi"',
        select: ['id', 'displayName'],
      })
      .toArray();
    const params = sent[0]!.url.searchParams;
    expect(params.get('$filter')).toBe("contains(displayName,'https://x')");
    expect(params.get('$search')).toBe('"say \\"hi\\""');
    expect(params.get('$select')).toBe('id,displayName');
  });
});
