/**
 * The request forms Microsoft's generated clients send (issue 17): the schema tools called as
 * OData functions (`functions()`), and `$count` as a path segment and as `$count=true`.
 */
import { describe, expect, it } from 'vitest';
import { createFakeGraph, type FakeGraph } from '../../src/testing/index.js';
import { seededRandom } from '../../src/testing/random.js';
import { awsApp, awsJob, fakeTenant, raw } from './helpers.js';

const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const EVENTUAL = { ConsistencyLevel: 'eventual' };

/** A Graph error body as the fake stamps it. */
const graphError = (code: string, message: string) => ({
  error: {
    code,
    message,
    innerError: {
      date: expect.any(String) as unknown,
      'request-id': expect.any(String) as unknown,
      'client-request-id': expect.any(String) as unknown,
    },
  },
});

/** A GET answered as text, whatever its type. */
async function text(fake: FakeGraph, path: string, headers: Record<string, string> = {}) {
  const response = await fake.fetch(`https://graph.microsoft.com${path}`, {
    headers: { Authorization: 'Bearer test', ...headers },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: await response.text(),
  };
}

/** A JWT whose `roles` are the caller's permissions (the fake reads claims, not signatures). */
function tokenWith(roles: string[]): string {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${part({ alg: 'none' })}.${part({ appid: 'caller', tid: 't', roles })}.x`;
}

/** AWS with its job, an owner and the paths of everything the fake lists around it. */
async function tenant() {
  const { fake, client } = fakeTenant();
  const { application, servicePrincipal, created } = await awsJob(client);
  const user = fake.state.users[0]!;
  await client.applications.byId(application.id).owners.add(user.id);
  const sp = `/v1.0/servicePrincipals/${servicePrincipal.id}`;
  return {
    fake,
    client,
    application,
    servicePrincipal,
    user,
    jobSchema: `${sp}/synchronization/jobs/${created.id}/schema`,
    spTemplateSchema: `${sp}/synchronization/templates/aws/schema`,
    appTemplateSchema: `/v1.0/applications/${application.id}/synchronization/templates/aws/schema`,
    sp,
  };
}

describe('schema tools called as OData functions', () => {
  it.each([
    ['jobSchema', 'functions'],
    ['jobSchema', 'filterOperators'],
    ['spTemplateSchema', 'functions'],
    ['spTemplateSchema', 'filterOperators'],
    ['appTemplateSchema', 'functions'],
    ['appTemplateSchema', 'filterOperators'],
  ] as const)('answers %s %s() as the bare function', async (where, tool) => {
    const t = await tenant();
    const bare = await raw(t.fake.fetch, `${t[where]}/${tool}`);
    const called = await raw(t.fake.fetch, `${t[where]}/${tool}()`);
    expect(bare.status).toBe(200);
    expect(called.status).toBe(200);
    expect(called.headers.get('content-type')).toBe(JSON_TYPE);
    expect(called.body).toEqual(bare.body);
    expect((called.body.value as unknown[]).length).toBeGreaterThan(0);
  });

  it('asks Synchronization.ReadWrite.All for functions() as for functions (reference §4.10)', async () => {
    const fake = createFakeGraph({
      latencyMs: 0,
      permissions: ['Application.ReadWrite.All', 'Synchronization.ReadWrite.All'],
    });
    const { created, servicePrincipal } = await awsJob(fake.client());
    const schema = `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/jobs/${created.id}/schema`;
    const reader = { Authorization: `Bearer ${tokenWith(['Synchronization.Read.All'])}` };
    for (const tool of ['functions', 'functions()', 'filterOperators', 'filterOperators()']) {
      const refused = await raw(fake.fetch, `${schema}/${tool}`, { headers: reader });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual(
        graphError(
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        ),
      );
    }
  });

  it('still refuses a tool that does not exist, with or without parentheses', async () => {
    const t = await tenant();
    for (const tool of ['nothing', 'nothing()', 'parseExpression()']) {
      const answer = await raw(t.fake.fetch, `${t.jobSchema}/${tool}`);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(
        graphError('Request_UnsupportedQuery', `Resource not found for the segment '${tool}'.`),
      );
    }
  });
});

type Tenant = Awaited<ReturnType<typeof tenant>>;

/** The directory collections the fake lists: name, path and size in the tenant of `tenant()`. */
const DIRECTORY: readonly (readonly [string, (t: Tenant) => string, (t: Tenant) => number])[] = [
  ['applications', () => '/v1.0/applications', () => 1],
  ['servicePrincipals', () => '/v1.0/servicePrincipals', () => 1],
  ['users', () => '/v1.0/users', (t) => t.fake.state.users.length],
  ['groups', () => '/v1.0/groups', (t) => t.fake.state.groups.length],
  [
    'appRoleAssignedTo',
    (t) => `${t.sp}/appRoleAssignedTo`,
    (t) => t.fake.state.users.length + t.fake.state.groups.length,
  ],
  ['owners', (t) => `/v1.0/applications/${t.application.id}/owners`, () => 1],
];

describe('$count on directory objects (learn.microsoft.com/graph/aad-advanced-queries)', () => {
  it.each(DIRECTORY)(
    'answers %s/$count with ConsistencyLevel: eventual as the number, in text/plain',
    async (_, pathOf, sizeOf) => {
      const t = await tenant();
      const answer = await text(t.fake, `${pathOf(t)}/$count`, EVENTUAL);
      expect(answer).toEqual({
        status: 200,
        type: 'text/plain',
        body: String(sizeOf(t)),
      });
      expect(sizeOf(t)).toBeGreaterThan(0);
    },
  );

  it.each(DIRECTORY)(
    'refuses %s/$count without ConsistencyLevel: 400 "$count is not currently supported."',
    async (_, pathOf) => {
      const t = await tenant();
      const answer = await raw(t.fake.fetch, `${pathOf(t)}/$count`);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
      expect(answer.body).toEqual(
        graphError('Request_BadRequest', '$count is not currently supported.'),
      );
    },
  );

  it.each(DIRECTORY)(
    'adds @odata.count, the total, to the %s list for $count=true with ConsistencyLevel',
    async (_, pathOf, sizeOf) => {
      const t = await tenant();
      const path = pathOf(t);
      const plain = await raw(t.fake.fetch, path);
      const counted = await raw(t.fake.fetch, `${path}?$count=true`, { headers: EVENTUAL });
      expect(counted.status).toBe(200);
      expect(counted.headers.get('content-type')).toBe(JSON_TYPE);
      expect(counted.body).toEqual({ ...plain.body, '@odata.count': sizeOf(t) });
      expect(Object.keys(counted.body)).toEqual(['@odata.context', '@odata.count', 'value']);
    },
  );

  it.each(DIRECTORY)(
    'ignores $count=true on %s without ConsistencyLevel, as Graph documents',
    async (_, pathOf) => {
      const t = await tenant();
      const path = pathOf(t);
      const plain = await raw(t.fake.fetch, path);
      const counted = await raw(t.fake.fetch, `${path}?$count=true`);
      expect(counted.status).toBe(200);
      expect(counted.headers.get('content-type')).toBe(JSON_TYPE);
      expect(counted.body).toEqual(plain.body);
    },
  );

  it('counts the filtered set: /$count?$filter and $count=true&$filter', async () => {
    const { fake, client } = fakeTenant();
    await awsApp(client, 'AWS Contoso');
    await awsApp(client, 'AWS Fabrikam');
    await awsApp(client, 'AWS Contoso');
    const filter = encodeURIComponent("displayName eq 'AWS Contoso'");
    for (const collection of ['applications', 'servicePrincipals']) {
      expect(await text(fake, `/v1.0/${collection}/$count?$filter=${filter}`, EVENTUAL)).toEqual({
        status: 200,
        type: 'text/plain',
        body: '2',
      });
      const page = await raw(
        fake.fetch,
        `/v1.0/${collection}?$filter=${filter}&$count=true&$top=1`,
        {
          headers: EVENTUAL,
        },
      );
      expect(page.status).toBe(200);
      expect(page.body['@odata.count']).toBe(2);
      expect(page.body.value).toHaveLength(1);
    }
    const group = fake.state.groups[0]!;
    const byName = encodeURIComponent(`displayName eq '${group.displayName}'`);
    expect(await text(fake, `/v1.0/groups/$count?$filter=${byName}`, EVENTUAL)).toEqual({
      status: 200,
      type: 'text/plain',
      body: '1',
    });
  });

  it('counts what $search finds, and keeps $search asking for ConsistencyLevel', async () => {
    const { fake, client } = fakeTenant();
    await awsApp(client, 'AWS Contoso');
    await awsApp(client, 'AWS Fabrikam');
    await awsApp(client, 'Slackers');
    const search = encodeURIComponent('"displayName:fabrikam"');
    expect(await text(fake, `/v1.0/applications/$count?$search=${search}`, EVENTUAL)).toEqual({
      status: 200,
      type: 'text/plain',
      body: '1',
    });
    const refused = await raw(fake.fetch, `/v1.0/servicePrincipals/$count?$search=${search}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(
      graphError(
        'Request_UnsupportedQuery',
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      ),
    );
  });

  it('puts @odata.count on the first page only, and ignores $count=false', async () => {
    const { fake, client } = fakeTenant();
    for (const name of ['A', 'B', 'C']) await awsApp(client, name);
    const first = await raw(fake.fetch, '/v1.0/applications?$count=true&$top=2', {
      headers: EVENTUAL,
    });
    expect(first.body['@odata.count']).toBe(3);
    const next = String(first.body['@odata.nextLink']).replace('https://graph.microsoft.com', '');
    expect(next).toContain('$count=true');
    const second = await raw(fake.fetch, next, { headers: EVENTUAL });
    expect(second.status).toBe(200);
    expect(second.body).not.toHaveProperty('@odata.count');
    expect(second.body.value).toHaveLength(1);
    const off = await raw(fake.fetch, '/v1.0/applications?$count=false', { headers: EVENTUAL });
    expect(off.body).not.toHaveProperty('@odata.count');
  });

  it('refuses a $count that is neither true nor false', async () => {
    const { fake } = fakeTenant();
    const answer = await raw(fake.fetch, '/v1.0/applications?$count=yes', { headers: EVENTUAL });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(
      graphError(
        'Request_BadRequest',
        "Invalid value 'yes' for query parameter $count: it must be true or false.",
      ),
    );
  });

  it('answers /$count only to GET', async () => {
    const { fake } = fakeTenant();
    const answer = await raw(fake.fetch, '/v1.0/users/$count', {
      method: 'POST',
      body: '{}',
      headers: EVENTUAL,
    });
    expect(answer.status).toBe(405);
  });

  it('lets Application.ReadWrite.OwnedBy count service principals, as it lists them', async () => {
    const fake = createFakeGraph({ latencyMs: 0, permissions: ['Application.ReadWrite.All'] });
    await awsApp(fake.client());
    const ownedBy = { Authorization: `Bearer ${tokenWith(['Application.ReadWrite.OwnedBy'])}` };
    const answer = await text(fake, '/v1.0/servicePrincipals/$count', {
      ...ownedBy,
      ...EVENTUAL,
    });
    expect(answer).toEqual({ status: 200, type: 'text/plain', body: '1' });
  });

  it('answers /$count in a JSON batch with its text base64-encoded', async () => {
    const { fake, client } = fakeTenant();
    await awsApp(client);
    const batch = await raw(fake.fetch, '/v1.0/$batch', {
      method: 'POST',
      body: JSON.stringify({
        requests: [{ id: '1', method: 'GET', url: '/servicePrincipals/$count', headers: EVENTUAL }],
      }),
    });
    expect(batch.status).toBe(200);
    expect(batch.body.responses).toEqual([
      { id: '1', status: 200, headers: { 'Content-Type': 'text/plain' }, body: btoa('1') },
    ]);
  });
});

describe('$count where Graph does not count', () => {
  it('refuses provisioning logs/$count as it refuses $count=true: the CSDL says Countable = false', async () => {
    const { fake } = fakeTenant();
    for (const path of [
      '/v1.0/auditLogs/provisioning/$count',
      '/v1.0/auditLogs/provisioning?$count=true',
      '/beta/auditLogs/directoryProvisioning/$count',
    ]) {
      const answer = await raw(fake.fetch, path, { headers: EVENTUAL });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
      expect(answer.body).toEqual(
        graphError(
          'Request_BadRequest',
          "Query option '$count' is not supported on provisioning logs.",
        ),
      );
    }
  });

  it.each([
    ['applicationTemplates', 'applicationTemplates', () => '/v1.0/applicationTemplates'],
    ['jobs', 'synchronization jobs', (t: Tenant) => `${t.sp}/synchronization/jobs`],
    [
      "a service principal's templates",
      'synchronization templates',
      (t: Tenant) => `${t.sp}/synchronization/templates`,
    ],
    [
      "an application's templates",
      'synchronization templates',
      (t: Tenant) => `/v1.0/applications/${t.application.id}/synchronization/templates`,
    ],
  ] as const)(
    'answers 501 to $count on %s, which Microsoft documents nowhere',
    async (_, what, path) => {
      const t = await tenant();
      for (const form of [`${path(t)}/$count`, `${path(t)}?$count=true`]) {
        const answer = await raw(t.fake.fetch, form, { headers: EVENTUAL });
        expect(answer.status).toBe(501);
        expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
        expect(answer.body).toEqual(
          graphError(
            'NotImplemented',
            `'$count' on ${what} is not available in this fake Graph: Microsoft documents no $count there.`,
          ),
        );
      }
      const plain = await raw(t.fake.fetch, `${path(t)}?$count=false`);
      expect(plain.status).toBe(200);
    },
  );
});

describe('@odata.count agrees with paging', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'equals the items walked through every page, and /$count, for the random tenant of seed %i',
    async (seed) => {
      const rng = seededRandom(seed);
      const fake = createFakeGraph({ latencyMs: 0, seed });
      const client = fake.client();
      const apps = rng.int(1, 6);
      for (let i = 0; i < apps; i += 1) await awsApp(client, `App ${String(rng.int(1, 3))}`);
      for (const collection of ['applications', 'servicePrincipals', 'users', 'groups']) {
        // Below the 12 users each app brings at least, so users always take several pages.
        const top = rng.int(1, 10);
        let path: string | undefined = `/v1.0/${collection}?$count=true&$top=${String(top)}`;
        let walked = 0;
        let announced: unknown;
        for (let page = 0; path !== undefined; page += 1) {
          const answer = await raw(fake.fetch, path, { headers: EVENTUAL });
          expect(answer.status).toBe(200);
          if (page === 0) announced = answer.body['@odata.count'];
          else expect(answer.body).not.toHaveProperty('@odata.count');
          walked += (answer.body.value as unknown[]).length;
          const next = answer.body['@odata.nextLink'] as string | undefined;
          path = next?.replace('https://graph.microsoft.com', '');
        }
        expect(announced).toBe(walked);
        const counted = await text(fake, `/v1.0/${collection}/$count`, EVENTUAL);
        expect(counted.body).toBe(String(walked));
      }
    },
  );
});
