/**
 * `sp.appRoleAssignedTo`: users and groups assigned to an app, by UPN, group name or id, with a
 * role by value, display name or id; idempotent adds (Graph's 400 "already exists" and 409),
 * lost answers survived without duplicates, the desired-state `ensure()`. Against the fake Graph.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AmbiguousMatchError,
  InvalidInputError,
  NotFoundError,
  type ProvisioningClient,
} from '../../src/index.js';
import {
  createFakeGraph,
  manualClock,
  type CreateFakeGraphOptions,
  type FakeGraph,
} from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';
import { awsApp } from '../testing/helpers.js';

const USER_ROLE = '18d14569-c3bd-439b-9a66-3a2aee01d14f';
const MSIAM_ROLE = 'b9632174-c057-4f7e-951b-be3adc52bfe6';
const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';
const DATABRICKS = '7d1e5c3a-2f8b-4e6d-9c0a-1b3e5f7a9c41';

interface Sent {
  readonly method: string;
  readonly path: string;
}

type Rewrite = (req: Sent, response: Response) => Response | Promise<Response>;

/** A fake with no pre-assigned users, a client on it that records (and may rewrite) answers. */
function tenant(options: CreateFakeGraphOptions = {}, rewrite?: Rewrite) {
  const fake = createFakeGraph({
    clock: manualClock(),
    latencyMs: 0,
    provisioning: { usersPerApp: [0, 0], groupsPerApp: [0, 0] },
    ...options,
  });
  const sent: Sent[] = [];
  const client = fake.client({
    fetch: async (input, init) => {
      const url = new URL(input);
      const req = {
        method: init?.method ?? 'GET',
        path: url.pathname.replace(/^\/(v1\.0|beta)/, ''),
      };
      sent.push(req);
      const response = await fake.fetch(input, init);
      return rewrite === undefined ? response : rewrite(req, response);
    },
  });
  return { fake, client, sent };
}

function people(fake: FakeGraph) {
  const alice = fake.addUser({
    displayName: 'Alice Vance',
    userPrincipalName: 'alice@contoso.com',
  });
  const bob = fake.addUser({ displayName: 'Bob Soto', userPrincipalName: 'bob@contoso.com' });
  const sales = fake.addGroup({ displayName: 'Sales', members: [bob.id] });
  return { alice, bob, sales };
}

async function aws(client: ProvisioningClient) {
  return (await awsApp(client)).sp;
}

const posts = (sent: readonly Sent[]) =>
  sent.filter((r) => r.method === 'POST' && r.path.endsWith('/appRoleAssignedTo')).length;

afterEach(() => {
  vi.useRealTimers();
});

describe('appRoleAssignedTo.add()', () => {
  it('assigns a user by user principal name with the app role of users (User, not msiam_access)', async () => {
    const { fake, client } = tenant();
    const { alice } = people(fake);
    const sp = await aws(client);
    const a = await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    expect(a).toMatchObject({
      principalId: alice.id,
      principalType: 'User',
      principalDisplayName: 'Alice Vance',
      appRoleId: USER_ROLE,
    });
    // Graph's assignment ids are not GUIDs.
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await sp.appRoleAssignedTo.list().toArray()).map((x) => x.id)).toEqual([a.id]);
    expect(fake.state.servicePrincipals[0]!.assigned).toEqual([
      { id: alice.id, displayName: 'Alice Vance', type: 'User' },
    ]);
  });

  it('assigns a group by display name, case-insensitively, and a user by object id', async () => {
    const { fake, client } = tenant();
    const { bob, sales } = people(fake);
    const sp = await aws(client);
    expect(await sp.appRoleAssignedTo.add({ group: 'sales' })).toMatchObject({
      principalId: sales.id,
      principalType: 'Group',
    });
    expect(await sp.appRoleAssignedTo.add({ user: bob.id })).toMatchObject({ principalId: bob.id });
  });

  it('returns the existing assignment when the same user already has the role (Graph answers 400), without a second one', async () => {
    const { fake, client, sent } = tenant();
    people(fake);
    const sp = await aws(client);
    const first = await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    sent.length = 0;
    const again = await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    expect(again.id).toBe(first.id);
    expect(posts(sent)).toBe(1);
    expect(await sp.appRoleAssignedTo.list().toArray()).toHaveLength(1);
  });

  it('resolves a 409 for a duplicate to the existing assignment too', async () => {
    let conflict = false;
    const { fake, client } = tenant({}, (req, response) =>
      conflict && req.method === 'POST' && req.path.endsWith('/appRoleAssignedTo')
        ? Response.json(
            { error: { code: 'Request_MultipleObjectsWithSameKeyValue', message: 'Conflict.' } },
            { status: 409 },
          )
        : response,
    );
    people(fake);
    const sp = await aws(client);
    const first = await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    conflict = true;
    expect((await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' })).id).toBe(first.id);
  });

  it('reads the list again while it lags behind Graph\'s "already exists", then returns the assignment', async () => {
    let hide = 0;
    const { fake, client } = tenant({}, async (req, response) => {
      if (hide > 0 && req.method === 'GET' && req.path.endsWith('/appRoleAssignedTo')) {
        hide -= 1;
        const body = (await response.json()) as Record<string, unknown>;
        return Response.json({ ...body, value: [] });
      }
      return response;
    });
    people(fake);
    const sp = await aws(client);
    const first = await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    hide = 2;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const again = sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await again).id).toBe(first.id);
    expect(hide).toBe(0);
  });

  it('survives a lost answer of a POST that was carried out, without a duplicate assignment', async () => {
    for (const lost of [404, 500, 503, 504, 'reset', 'truncated'] as const) {
      const { fake, client } = tenant({
        faults: { lostAnswer: 1, lostAnswers: [lost], paths: /appRoleAssignedTo$/ },
      });
      const { alice } = people(fake);
      const sp = await aws(client);
      const a = await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
      expect(a.principalId, String(lost)).toBe(alice.id);
      expect(fake.state.servicePrincipals[0]!.assigned, String(lost)).toHaveLength(1);
    }
  });

  it('takes the role by display name or id, and the default access role when the app defines none', async () => {
    const { fake, client } = tenant();
    people(fake);
    const sp = await aws(client);
    const byName = await sp.appRoleAssignedTo.add(
      { user: 'alice@contoso.com' },
      { appRole: 'MSIAM_ACCESS' },
    );
    expect(byName.appRoleId).toBe(MSIAM_ROLE);
    const byId = await sp.appRoleAssignedTo.add(
      { user: 'alice@contoso.com' },
      { appRole: USER_ROLE },
    );
    expect(byId.appRoleId).toBe(USER_ROLE);
    const created = await client.applicationTemplates.instantiate(DATABRICKS, {
      displayName: 'Databricks',
    });
    const plain = client.servicePrincipals.byId(created.servicePrincipal.id);
    expect((await plain.appRoleAssignedTo.add({ user: 'bob@contoso.com' })).appRoleId).toBe(
      DEFAULT_ACCESS,
    );
  });

  it('refuses a role the app does not define, naming its roles, before any POST', async () => {
    const { fake, client, sent } = tenant();
    people(fake);
    const sp = await aws(client);
    sent.length = 0;
    const error = await rejection(
      sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' }, { appRole: 'Admin' }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/'Admin' is not an enabled role.*User, msiam_access/);
    expect(posts(sent)).toBe(0);
  });

  it('refuses an ambiguous group name (AmbiguousMatchError listing the groups) and an unknown one, before any POST', async () => {
    const { fake, client, sent } = tenant();
    people(fake);
    const other = fake.addGroup({ displayName: 'SALES' });
    const sp = await aws(client);
    sent.length = 0;
    const ambiguous = await rejection(sp.appRoleAssignedTo.add({ group: 'Sales' }));
    expect(ambiguous).toBeInstanceOf(AmbiguousMatchError);
    expect((ambiguous as AmbiguousMatchError).matches.map((m) => m.id)).toContain(other.id);
    const missing = await rejection(sp.appRoleAssignedTo.add({ group: 'Nobody' }));
    expect(missing).toBeInstanceOf(NotFoundError);
    const noUser = await rejection(sp.appRoleAssignedTo.add({ user: 'nobody@contoso.com' }));
    expect(noUser).toBeInstanceOf(NotFoundError);
    expect(posts(sent)).toBe(0);
  });

  it('refuses a malformed assignee before any request', async () => {
    const { client, sent } = tenant();
    const sp = client.servicePrincipals.byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e');
    for (const bad of [{}, { user: '' }, { user: 'a', group: 'b' }, { users: 'a' }, 'alice']) {
      const error = await rejection(sp.appRoleAssignedTo.add(bad as never));
      expect(error, JSON.stringify(bad)).toBeInstanceOf(InvalidInputError);
    }
    expect(
      await rejection(sp.appRoleAssignedTo.add({ user: 'a' }, { appRole: '' })),
    ).toBeInstanceOf(InvalidInputError);
    expect(sent).toEqual([]);
  });

  it('refuses names a path or a filter would change (whitespace at an end, control characters, lone surrogates, dot segments), before any request', async () => {
    const { client, sent } = tenant();
    const sp = client.servicePrincipals.byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e');
    const bad: [unknown, string][] = [
      [{ user: ' alice@contoso.com' }, 'assignee.user'],
      [{ user: 'alice@contoso.com\n' }, 'assignee.user'],
      [{ user: '..' }, 'assignee.user'],
      [{ user: 'al\uD800ice' }, 'assignee.user'],
      [{ group: 'Sales ' }, 'assignee.group'],
      [{ group: 'Sa\u0007les' }, 'assignee.group'],
      [{ user: 'alice@contoso.com', appRole: ' User' }, 'assignee.appRole'],
    ];
    for (const [assignee, field] of bad) {
      const error = await rejection(sp.appRoleAssignedTo.add(assignee as never));
      expect(error, JSON.stringify(assignee)).toBeInstanceOf(InvalidInputError);
      expect(error.message, JSON.stringify(assignee)).toContain(field);
    }
    expect(sent).toEqual([]);
  });

  it("addresses a user principal name that starts with '$' as users('$…'), as Graph requires", async () => {
    const { fake, client, sent } = tenant();
    const admin = fake.addUser({
      displayName: 'Dollar Admin',
      userPrincipalName: '$admin@contoso.com',
    });
    const sp = await aws(client);
    sent.length = 0;
    const a = await sp.appRoleAssignedTo.add({ user: '$admin@contoso.com' });
    expect(a.principalId).toBe(admin.id);
    expect(sent.map((r) => decodeURIComponent(r.path))).toContain("/users('$admin@contoso.com')");
  });

  it('looks before it sends the POST again after a lost answer, so a POST that was carried out is not sent twice', async () => {
    const { fake, client, sent } = tenant({
      faults: { lostAnswer: 1, lostAnswers: [500], paths: /appRoleAssignedTo$/ },
    });
    people(fake);
    const sp = await aws(client);
    sent.length = 0;
    await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    expect(posts(sent)).toBe(1);
    const lookups = sent.filter((r) => r.method === 'GET' && r.path.endsWith('/appRoleAssignedTo'));
    expect(lookups).toHaveLength(1);
  });

  it('says the assignment exists when Graph answers "already exists" but the list never shows it within its half minute of reads', async () => {
    let hide = false;
    const { fake, client, sent } = tenant({}, async (req, response) => {
      if (hide && req.method === 'GET' && req.path.endsWith('/appRoleAssignedTo')) {
        const body = (await response.json()) as Record<string, unknown>;
        return Response.json({ ...body, value: [] });
      }
      return response;
    });
    people(fake);
    const sp = await aws(client);
    await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    hide = true;
    sent.length = 0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const again = rejection(sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' }));
    await vi.advanceTimersByTimeAsync(29_000);
    // Still reading at 29 s: the window is half a minute.
    expect(sent.filter((r) => r.path.endsWith('/appRoleAssignedTo')).length).toBeLessThan(7);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await again;
    expect(error.kind).toBe('badRequest');
    expect(error.hint).toMatch(/Graph says this assignment exists/);
    const reads = sent.filter((r) => r.method === 'GET' && r.path.endsWith('/appRoleAssignedTo'));
    expect(reads).toHaveLength(6);
    expect(posts(sent)).toBe(1);
  });

  it('refuses to pick a role for an app whose roles are all for applications or disabled (the default access role, named explicitly, is for Graph to accept)', async () => {
    const { fake, client, sent } = tenant({}, async (req, response) => {
      if (req.method === 'GET' && /^\/servicePrincipals\/[^/]+$/.test(req.path)) {
        const body = (await response.json()) as Record<string, unknown>;
        const roles = (body['appRoles'] ?? []) as Record<string, unknown>[];
        return Response.json({
          ...body,
          appRoles: roles.map((r, i) =>
            i === 0 ? { ...r, isEnabled: false } : { ...r, allowedMemberTypes: ['Application'] },
          ),
        });
      }
      return response;
    });
    people(fake);
    const sp = await aws(client);
    sent.length = 0;
    const error = await rejection(sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/none enabled for users and groups/);
    expect(posts(sent)).toBe(0);
    // Named explicitly, the default access role is sent: Graph decides (an export names it).
    const explicit = await sp.appRoleAssignedTo.add(
      { user: 'alice@contoso.com' },
      { appRole: DEFAULT_ACCESS },
    );
    expect(explicit.appRoleId).toBe(DEFAULT_ACCESS);
  });

  it('needs AppRoleAssignment.ReadWrite.All with Application.Read.All, and User.Read.All to look the user up', async () => {
    const only = tenant({
      permissions: [
        'Application.ReadWrite.All',
        'User.Read.All',
        'AppRoleAssignment.ReadWrite.All',
      ],
    });
    people(only.fake);
    const sp = await aws(only.client);
    // Application.ReadWrite.All does not include Application.Read.All's pairing: the POST is refused.
    const refused = await rejection(sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' }));
    expect(refused.kind).toBe('forbidden');
    expect(refused.hint).toMatch(
      /AppRoleAssignment\.ReadWrite\.All together with Application\.Read\.All/,
    );

    const noUsers = tenant({
      permissions: [
        'Application.ReadWrite.All',
        'Application.Read.All',
        'AppRoleAssignment.ReadWrite.All',
      ],
    });
    people(noUsers.fake);
    const sp2 = await aws(noUsers.client);
    const cannotRead = await rejection(sp2.appRoleAssignedTo.add({ user: 'alice@contoso.com' }));
    expect(cannotRead.kind).toBe('forbidden');
    expect(cannotRead.hint).toMatch(/User\.Read\.All/);

    const enough = tenant({
      permissions: [
        'Application.ReadWrite.All',
        'Application.Read.All',
        'AppRoleAssignment.ReadWrite.All',
        'User.Read.All',
      ],
    });
    people(enough.fake);
    const sp3 = await aws(enough.client);
    await expect(sp3.appRoleAssignedTo.add({ user: 'alice@contoso.com' })).resolves.toMatchObject({
      appRoleId: USER_ROLE,
    });
  });
});

describe('appRoleAssignedTo.list()', () => {
  it('refuses unknown or mistyped parameters at once, before any request', () => {
    const { client, sent } = tenant();
    const sp = client.servicePrincipals.byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e');
    for (const params of [{ filter: "principalType eq 'User'" }, { top: '5' }, { select: 'id' }]) {
      expect(() => sp.appRoleAssignedTo.list(params as never), JSON.stringify(params)).toThrow(
        InvalidInputError,
      );
    }
    expect(sent).toEqual([]);
  });

  it('returns at most top assignments, with the selected properties', async () => {
    const { fake, client } = tenant();
    people(fake);
    const sp = await aws(client);
    await sp.appRoleAssignedTo.ensure([{ user: 'alice@contoso.com' }, { user: 'bob@contoso.com' }]);
    const [only, ...rest] = await sp.appRoleAssignedTo
      .list({ top: 1, select: ['id', 'principalId'] })
      .toArray();
    expect(rest).toEqual([]);
    expect(only?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(only!).sort()).toEqual(['id', 'principalId']);
  });
});

describe('appRoleAssignedTo.remove()', () => {
  it('removes an assignment, and resolves false when it is already gone', async () => {
    const { fake, client } = tenant();
    people(fake);
    const sp = await aws(client);
    const a = await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    expect(await sp.appRoleAssignedTo.remove(a.id)).toBe(true);
    expect(await sp.appRoleAssignedTo.remove(a.id)).toBe(false);
    expect(await sp.appRoleAssignedTo.list().toArray()).toEqual([]);
    expect(await rejection(sp.appRoleAssignedTo.remove(''))).toBeInstanceOf(InvalidInputError);
  });
});

describe('appRoleAssignedTo.ensure()', () => {
  it('adds the missing assignments and keeps the others unless exclusive, reporting both', async () => {
    const { fake, client } = tenant();
    const { alice, sales } = people(fake);
    const carol = fake.addUser({ displayName: 'Carol Gu', userPrincipalName: 'carol@contoso.com' });
    const sp = await aws(client);
    await sp.appRoleAssignedTo.add({ user: 'carol@contoso.com' });
    await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });

    const first = await sp.appRoleAssignedTo.ensure([
      { user: 'alice@contoso.com' },
      { group: 'Sales' },
    ]);
    expect(first).toMatchObject({ unchanged: 1, removed: [], dryRun: false });
    expect(first.added).toEqual([
      expect.objectContaining({
        principalId: sales.id,
        principalType: 'Group',
        appRoleId: USER_ROLE,
      }),
    ]);

    const plan = await sp.appRoleAssignedTo.ensure([{ user: alice.id }, { group: 'Sales' }], {
      exclusive: true,
      dryRun: true,
    });
    expect(plan).toMatchObject({ added: [], unchanged: 2, dryRun: true });
    expect(plan.removed.map((r) => r.principalId)).toEqual([carol.id]);
    expect(fake.state.servicePrincipals[0]!.assigned).toHaveLength(3);

    const done = await sp.appRoleAssignedTo.ensure([{ user: alice.id }, { group: 'Sales' }], {
      exclusive: true,
    });
    expect(done.removed.map((r) => r.principalId)).toEqual([carol.id]);
    expect(fake.state.servicePrincipals[0]!.assigned.map((o) => o.id).sort()).toEqual(
      [alice.id, sales.id].sort(),
    );
  });

  it('reports a removal whose DELETE was answered 500 after the work, then 404 when sent again', async () => {
    vi.useFakeTimers();
    let lost = 0;
    const { fake, client } = tenant({}, (req, response) =>
      req.method === 'DELETE' && (lost += 1) === 1
        ? Response.json({ error: { code: 'InternalServerError', message: 'x' } }, { status: 500 })
        : response,
    );
    const { alice, bob } = people(fake);
    const carol = fake.addUser({ displayName: 'Carol Gu', userPrincipalName: 'carol@contoso.com' });
    const sp = await aws(client);
    for (const user of [alice, bob, carol]) await sp.appRoleAssignedTo.add({ user: user.id });
    const done = sp.appRoleAssignedTo.ensure([{ user: alice.id }], { exclusive: true });
    await vi.advanceTimersByTimeAsync(60_000);
    const result = await done;
    expect(result.removed.map((r) => r.principalId).sort()).toEqual([bob.id, carol.id].sort());
    expect(fake.state.servicePrincipals[0]!.assigned.map((o) => o.id)).toEqual([alice.id]);
  });

  it('writes nothing when one entry cannot be resolved', async () => {
    const { fake, client, sent } = tenant();
    people(fake);
    const sp = await aws(client);
    sent.length = 0;
    const error = await rejection(
      sp.appRoleAssignedTo.ensure([{ user: 'alice@contoso.com' }, { group: 'Nobody' }], {
        exclusive: true,
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(sent.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('refuses flags that are not booleans before any request (a string "false" would mean true)', async () => {
    const { client, sent } = tenant();
    const sp = client.servicePrincipals.byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e');
    for (const options of [{ exclusive: 'false' }, { dryRun: 1 }, { exclusive: null }]) {
      const error = await rejection(
        sp.appRoleAssignedTo.ensure([{ user: 'alice@contoso.com' }], options as never),
      );
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidInputError);
      expect(error.message).toMatch(/options\.(exclusive|dryRun)/);
    }
    expect(sent).toEqual([]);
  });

  it('reports as removed only what it removed (one removed meanwhile is not counted)', async () => {
    let gone = false;
    const { fake, client } = tenant({}, (req, response) =>
      gone && req.method === 'DELETE'
        ? Response.json(
            { error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist.' } },
            { status: 404 },
          )
        : response,
    );
    people(fake);
    const sp = await aws(client);
    await sp.appRoleAssignedTo.add({ user: 'bob@contoso.com' });
    gone = true;
    const result = await sp.appRoleAssignedTo.ensure([{ user: 'alice@contoso.com' }], {
      exclusive: true,
    });
    expect(result.added).toHaveLength(1);
    expect(result.removed).toEqual([]);
  });

  it('refuses a malformed list before any request', async () => {
    const { client, sent } = tenant();
    const sp = client.servicePrincipals.byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e');
    expect(
      await rejection(sp.appRoleAssignedTo.ensure([{ user: 'a' }, { role: 'x' } as never])),
    ).toBeInstanceOf(InvalidInputError);
    expect(await rejection(sp.appRoleAssignedTo.ensure('a' as never))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(sent).toEqual([]);
  });
});
