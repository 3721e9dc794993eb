/**
 * The operations past the five steps, at the wire: what the SDK sends for each (method, path,
 * headers, body), what it makes of Graph's answer, and the input it refuses before sending.
 */
import { describe, expect, it } from 'vitest';
import {
  AmbiguousMatchError,
  MAX_BULK_OPERATIONS,
  type ScimBulkOperation,
} from '../../src/index.js';
import {
  GRAPH,
  JOB_ID,
  SP_ID,
  graphError,
  http,
  makeClient,
  noContent,
  page,
  recordRequests,
  rejection,
  thrown,
  useGraphServer,
} from '../helpers/graph.js';

const server = useGraphServer();
const APP_ID = '0b2a2f1d-8c3e-4f5a-9b6c-7d8e9f0a1b2c';
const OWNER_ID = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
const root = `${GRAPH}/v1.0`;
const jobPath = `/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/${JOB_ID}`;

function user(bulkId: string): ScimBulkOperation {
  return {
    method: 'POST',
    bulkId,
    path: '/Users',
    data: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      externalId: bulkId,
      userName: `${bulkId}@contoso.com`,
    },
  };
}

describe('service principals', () => {
  it('searches with $search and the ConsistencyLevel: eventual header Graph requires', async () => {
    const sent = recordRequests();
    server.use(http.get(`${root}/servicePrincipals`, () => page([{ id: SP_ID }])));
    await makeClient().servicePrincipals.list({ search: 'AWS' }).toArray();
    expect(sent[0]!.url.searchParams.get('$search')).toBe('"displayName:AWS"');
    expect(sent[0]!.headers.get('ConsistencyLevel')).toBe('eventual');
  });

  it('escapes quotes and backslashes in a $search term, so a trailing backslash cannot escape the closing quote', async () => {
    const sent = recordRequests();
    server.use(http.get(`${root}/servicePrincipals`, () => page([])));
    await makeClient().servicePrincipals.list({ search: 'say "hi" \\' }).toArray();
    expect(sent[0]!.url.searchParams.get('$search')).toBe('"displayName:say \\"hi\\" \\\\"');
  });

  it('compiles the typed filter, doubling quotes', async () => {
    const sent = recordRequests();
    server.use(http.get(`${root}/servicePrincipals`, () => page([])));
    await makeClient()
      .servicePrincipals.list({ filter: { displayName: "O'Brien", applicationTemplateId: 't' } })
      .toArray();
    expect(sent[0]!.url.searchParams.get('$filter')).toBe(
      "displayName eq 'O''Brien' and applicationTemplateId eq 't'",
    );
    expect(sent[0]!.headers.has('ConsistencyLevel')).toBe(false);
  });

  it('finds one service principal by display name, or undefined', async () => {
    server.use(
      http.get(`${root}/servicePrincipals`, ({ request }) =>
        new URL(request.url).searchParams.get('$filter')?.includes("'AWS'")
          ? page([{ id: SP_ID, displayName: 'AWS' }])
          : page([]),
      ),
    );
    const client = makeClient();
    expect((await client.servicePrincipals.findByDisplayName('AWS'))?.id).toBe(SP_ID);
    expect(await client.servicePrincipals.findByDisplayName('Box')).toBeUndefined();
  });

  it('reports several matches as AmbiguousMatchError listing them', async () => {
    server.use(
      http.get(`${root}/servicePrincipals`, () =>
        page([
          { id: SP_ID, displayName: 'AWS', appId: 'a1' },
          { id: APP_ID, displayName: 'AWS', appId: 'a2' },
        ]),
      ),
    );
    const error = await rejection(makeClient().servicePrincipals.findByDisplayName('AWS'));
    expect(error).toBeInstanceOf(AmbiguousMatchError);
    expect(error).toMatchObject({
      kind: 'ambiguous',
      matches: [
        { id: SP_ID, displayName: 'AWS', appId: 'a1' },
        { id: APP_ID, displayName: 'AWS', appId: 'a2' },
      ],
    });
  });

  it('refuses an unknown filter property before sending', () => {
    const sent = recordRequests();
    const error = thrown(() =>
      makeClient().servicePrincipals.list({ filter: { name: 'x' } as never }),
    );
    expect(error).toMatchObject({ kind: 'invalidInput' });
    expect(error.message).toContain('filter.name');
    expect(sent).toHaveLength(0);
  });
});

describe('applications', () => {
  const app = () => makeClient().applications.byId(APP_ID);

  it('gets, lists and deletes applications at /applications', async () => {
    const sent = recordRequests();
    server.use(
      http.get(`${root}/applications/:id`, () => Response.json({ id: APP_ID, appId: 'x' })),
      http.get(`${root}/applications`, () => page([{ id: APP_ID }])),
      http.delete(`${root}/applications/:id`, noContent),
    );
    expect((await app().get()).id).toBe(APP_ID);
    await makeClient()
      .applications.list({ filter: { applicationTemplateId: 'tmpl', displayName: 'AWS' } })
      .toArray();
    await app().delete();
    expect(sent.map((r) => `${r.method} ${decodeURIComponent(r.url.pathname)}`)).toEqual([
      `GET /v1.0/applications/${APP_ID}`,
      'GET /v1.0/applications',
      `DELETE /v1.0/applications/${APP_ID}`,
    ]);
    expect(sent[1]!.url.searchParams.get('$filter')).toBe(
      "displayName eq 'AWS' and applicationTemplateId eq 'tmpl'",
    );
  });

  it('addresses an application by appId with the alternate key', async () => {
    const sent = recordRequests();
    server.use(http.get(/\/v1\.0\/applications\(appId=.*\)$/, () => Response.json({ id: APP_ID })));
    await makeClient().applications.byAppId("it's").get();
    expect(decodeURIComponent(sent[0]!.url.pathname)).toBe("/v1.0/applications(appId='it''s')");
  });

  it('refuses an applicationTemplateId filter on beta, whose applications lack it', () => {
    const sent = recordRequests();
    const error = thrown(() =>
      makeClient({ apiVersion: 'beta' }).applications.list({
        filter: { applicationTemplateId: 't' },
      }),
    );
    expect(error).toMatchObject({ kind: 'invalidInput' });
    expect(error.message).toContain('filter service principals');
    expect(sent).toHaveLength(0);
  });

  it('adds an owner with an @odata.id reference, lists and removes owners', async () => {
    const sent = recordRequests();
    server.use(
      http.post(`${root}/applications/:id/owners/$ref`, noContent),
      http.get(`${root}/applications/:id/owners`, () =>
        page([{ '@odata.type': '#microsoft.graph.servicePrincipal', id: OWNER_ID }]),
      ),
      http.delete(`${root}/applications/:id/owners/:owner/$ref`, noContent),
    );
    await app().owners.add(OWNER_ID);
    const owners = await app().owners.list().toArray();
    await app().owners.remove(OWNER_ID);
    expect(JSON.parse(sent[0]!.body)).toEqual({
      '@odata.id': `${GRAPH}/v1.0/directoryObjects/${OWNER_ID}`,
    });
    expect(owners.map((o) => o.id)).toEqual([OWNER_ID]);
    expect(decodeURIComponent(sent[2]!.url.pathname)).toBe(
      `/v1.0/applications/${APP_ID}/owners/${OWNER_ID}/$ref`,
    );
  });

  it('does not replay adding an owner after a 502 (a POST)', async () => {
    server.use(
      http.post(`${root}/applications/:id/owners/$ref`, () => graphError(502, 'BadGateway')),
    );
    const error = await rejection(app().owners.add(OWNER_ID));
    expect(error).toMatchObject({ kind: 'server', attempts: 1 });
  });

  it('refuses an owner id that is not a GUID before sending', async () => {
    const sent = recordRequests();
    expect(await rejection(app().owners.add('me'))).toMatchObject({ kind: 'invalidInput' });
    expect(sent).toHaveLength(0);
  });

  it("reads, replaces and resets a template's schema through the application", async () => {
    const sent = recordRequests();
    const schemaUrl = `${root}/applications/:id/synchronization/templates/:template/schema`;
    server.use(
      http.get(schemaUrl, () => Response.json({ directories: [], synchronizationRules: [] })),
      http.put(schemaUrl, noContent),
      http.delete(schemaUrl, noContent),
    );
    const schema = app().synchronization.templates.byId('Slack').schema;
    const current = await schema.get();
    await schema.replace(current);
    await schema.reset();
    expect(sent.map((r) => r.method)).toEqual(['GET', 'PUT', 'DELETE']);
    expect(new Set(sent.map((r) => decodeURIComponent(r.url.pathname)))).toEqual(
      new Set([`/v1.0/applications/${APP_ID}/synchronization/templates/Slack/schema`]),
    );
  });
});

describe('schema tools', () => {
  const job = () => makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID);

  it('lists functions and filter operators, unwrapping value', async () => {
    const sent = recordRequests();
    server.use(
      http.get(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/schema/functions`, () =>
        Response.json({
          value: [{ id: 'Join', parameters: [{ name: 'separator', type: 'String' }] }],
        }),
      ),
      http.get(
        `${root}/servicePrincipals/:sp/synchronization/jobs/:job/schema/filterOperators`,
        () => Response.json({ value: [{ id: 'EQUALS', arity: 'Binary' }] }),
      ),
    );
    expect((await job().schema.functions()).map((f) => f.id)).toEqual(['Join']);
    expect((await job().schema.filterOperators())[0]?.arity).toBe('Binary');
    expect(sent.map((r) => decodeURIComponent(r.url.pathname))).toEqual([
      `${jobPath}/schema/functions`,
      `${jobPath}/schema/filterOperators`,
    ]);
  });

  it('parses an expression with the documented body', async () => {
    const sent = recordRequests();
    server.use(
      http.post(
        `${root}/servicePrincipals/:sp/synchronization/jobs/:job/schema/parseExpression`,
        () =>
          Response.json({
            parsingSucceeded: true,
            evaluationSucceeded: true,
            evaluationResult: ['a b'],
          }),
      ),
    );
    const body = {
      expression: 'Join(" ", [givenName], [surname])',
      testInputObject: { properties: [{ key: 'givenName', value: 'a' }] },
    };
    const result = await job().schema.parseExpression(body);
    expect(JSON.parse(sent[0]!.body)).toEqual(body);
    expect(result.evaluationResult).toEqual(['a b']);
  });

  it('refuses an empty expression before sending', async () => {
    const sent = recordRequests();
    expect(await rejection(job().schema.parseExpression({ expression: '' }))).toMatchObject({
      kind: 'invalidInput',
    });
    expect(sent).toHaveLength(0);
  });

  it('discovers a directory: POST …/schema/directories/{id}/discover', async () => {
    const sent = recordRequests();
    server.use(
      http.post(
        `${root}/servicePrincipals/:sp/synchronization/jobs/:job/schema/directories/:dir/discover`,
        () =>
          Response.json({ id: 'dir 1', name: 'Box', discoveryDateTime: '2026-11-23T10:00:00Z' }),
      ),
    );
    const directory = await job().schema.directories('dir 1').discover();
    expect(directory.discoveryDateTime).toBe('2026-11-23T10:00:00Z');
    expect(sent[0]!.url.pathname).toBe(`${jobPath}/schema/directories/dir%201/discover`);
  });

  it("reads a service principal's template schema and its functions", async () => {
    const sent = recordRequests();
    const base = `${root}/servicePrincipals/:sp/synchronization/templates/:template/schema`;
    server.use(
      http.get(base, () => Response.json({ synchronizationRules: [] })),
      http.get(`${base}/functions`, () => Response.json({ value: [] })),
    );
    const template = makeClient()
      .servicePrincipals.byId(SP_ID)
      .synchronization.templates.byId('aws');
    await template.schema.get();
    await template.schema.functions();
    expect(sent.map((r) => decodeURIComponent(r.url.pathname))).toEqual([
      `/v1.0/servicePrincipals/${SP_ID}/synchronization/templates/aws/schema`,
      `/v1.0/servicePrincipals/${SP_ID}/synchronization/templates/aws/schema/functions`,
    ]);
  });
});

describe('secrets and credentials', () => {
  const sync = () => makeClient().servicePrincipals.byId(SP_ID).synchronization;

  it('lists the saved keys, values masked as Graph answers them', async () => {
    server.use(
      http.get(`${root}/servicePrincipals/:sp/synchronization/secrets`, () =>
        Response.json({ value: [{ key: 'SecretToken', value: '*' }] }),
      ),
    );
    expect(await sync().secrets.get()).toEqual([{ key: 'SecretToken', value: '*' }]);
  });

  it('validates credentials on the job collection, before any job exists', async () => {
    const sent = recordRequests();
    server.use(
      http.post(
        `${root}/servicePrincipals/:sp/synchronization/jobs/validateCredentials`,
        noContent,
      ),
    );
    await sync().jobs.validateCredentials({
      templateId: 'aws',
      credentials: { ClientSecret: 'cs', SecretToken: 'st' },
    });
    expect(decodeURIComponent(sent[0]!.url.pathname)).toBe(
      `/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/validateCredentials`,
    );
    expect(JSON.parse(sent[0]!.body)).toEqual({
      credentials: [
        { key: 'ClientSecret', value: 'cs' },
        { key: 'SecretToken', value: 'st' },
      ],
      templateId: 'aws',
    });
  });

  it('keeps credential values out of an error of the collection-bound validation', async () => {
    server.use(
      http.post(`${root}/servicePrincipals/:sp/synchronization/jobs/validateCredentials`, () =>
        graphError(400, 'BadRequest', 'the token s3cr3t-value-99 was rejected'),
      ),
    );
    const error = await rejection(
      sync().jobs.validateCredentials({
        templateId: 'aws',
        credentials: { SecretToken: 's3cr3t-value-99' },
      }),
    );
    expect(error.message).not.toContain('s3cr3t-value-99');
  });
});

describe('bulkUpload', () => {
  const job = () => makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID);

  it('sends a SCIM bulk request as application/scim+json, adding its schema, and returns the Location', async () => {
    const sent = recordRequests();
    server.use(
      http.post(
        `${root}/servicePrincipals/:sp/synchronization/jobs/:job/bulkUpload`,
        () =>
          new Response(null, {
            status: 202,
            headers: { Location: `${root}/auditLogs/provisioning?$filter=x` },
          }),
      ),
    );
    const result = await job().bulkUpload({ Operations: [user('701984')], failOnErrors: null });
    expect(sent[0]!.headers.get('content-type')).toBe('application/scim+json');
    expect(JSON.parse(sent[0]!.body)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [user('701984')],
      failOnErrors: null,
    });
    expect(result.location).toBe(`${root}/auditLogs/provisioning?$filter=x`);
  });

  it('never replays an upload after a 500', async () => {
    server.use(
      http.post(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/bulkUpload`, () =>
        graphError(500, 'InternalServerError'),
      ),
    );
    expect(await rejection(job().bulkUpload({ Operations: [user('1')] }))).toMatchObject({
      kind: 'server',
      attempts: 1,
    });
  });

  it.each([
    ['no operation', { Operations: [] }, /at least one/],
    [
      'more than 50 operations',
      { Operations: Array.from({ length: MAX_BULK_OPERATIONS + 1 }, (_, i) => user(String(i))) },
      /at most 50/,
    ],
    ['a duplicate bulkId', { Operations: [user('1'), user('1')] }, /duplicate bulkId/],
    ['a PATCH', { Operations: [{ ...user('1'), method: 'PATCH' }] }, /must be "POST"/],
    ['a path other than /Users', { Operations: [{ ...user('1'), path: '/Groups' }] }, /\/Users/],
    ['a missing data.schemas', { Operations: [{ ...user('1'), data: {} }] }, /schemas/],
  ])('refuses %s before sending', async (_, request, message) => {
    const sent = recordRequests();
    const error = await rejection(job().bulkUpload(request as never));
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toMatch(message);
    expect(sent).toHaveLength(0);
  });
});
