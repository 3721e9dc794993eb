/**
 * The fake Graph provisions exactly who is in scope, through the SDK end to end: `SyncAll`, or
 * the assigned users and the direct members of assigned groups, then the scoping filter; the
 * attribute mappings decide what events report; objects leaving the scope are disabled, or
 * skipped with `SkipOutOfScopeDeletions`; the accidental-deletion threshold holds deletions back
 * and quarantines the job (`TooManyDeletes`) until a restart with `ForceDeletes`.
 */
import { describe, expect, it } from 'vitest';
import { scope, source, type ProvisioningObjectSummary } from '../../src/index.js';
import { CUSTOM_APP_TEMPLATE_ID, createFakeGraph, manualClock } from '../../src/testing/index.js';

const MINUTE = 60_000;
const TOKEN = 'scim-token-5e2f';

/** A custom SCIM app with a job and valid credentials, in a tenant with no other users. */
async function scimApp() {
  const clock = manualClock();
  const fake = createFakeGraph({
    clock,
    latencyMs: 0,
    provisioning: { usersPerApp: [0, 0], groupsPerApp: [0, 0], failureRate: 0 },
  });
  const client = fake.client();
  const { servicePrincipal } = await client.applicationTemplates.instantiate(
    CUSTOM_APP_TEMPLATE_ID,
    {
      displayName: 'SCIM Contoso',
    },
  );
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const { id } = await sp.synchronization.jobs.create({ templateId: 'scim' });
  const job = sp.synchronization.jobs.byId(id);
  await sp.synchronization.secrets.put({
    BaseAddress: 'https://scim.example.com/v2',
    SecretToken: TOKEN,
  });
  const user = (name: string, department: string) =>
    fake.addUser({
      displayName: name,
      userPrincipalName: `${name.toLowerCase().replace(/ /g, '.')}@contoso.com`,
      department,
      givenName: name.split(' ')[0] ?? null,
      surname: name.split(' ')[1] ?? null,
    });
  /** Runs cycles for `minutes`, then returns the events written meanwhile. */
  const run = async (minutes: number): Promise<ProvisioningObjectSummary[]> => {
    const before = new Set((await logs()).map((e) => e.id));
    clock.advance(minutes * MINUTE);
    return (await logs()).filter((e) => !before.has(e.id));
  };
  const logs = () => client.auditLogs.provisioning.list({ filter: { jobId: id } }).toArray();
  return { fake, client, clock, sp, job, user, run };
}

/**
 * What happened to whom. `provisioned`: created, or updated when the simulated target already
 * had a matching account (the fake draws that, as real targets vary).
 */
const byName = (events: readonly ProvisioningObjectSummary[]) =>
  Object.fromEntries(
    events.map((e) => {
      const action = e.provisioningAction ?? '';
      return [
        e.sourceIdentity?.displayName ?? '',
        action === 'create' || action === 'update' ? 'provisioned' : action,
      ];
    }),
  );

describe('who the fake provisions', () => {
  it('provisions the assigned users and the direct members of assigned groups, and nobody else', async () => {
    const { fake, sp, job, user, run } = await scimApp();
    const alice = user('Alice Vance', 'Sales');
    const bob = user('Bob Soto', 'Sales');
    user('Carol Gu', 'Finance'); // in the tenant, not assigned
    fake.addGroup({ displayName: 'Sales', members: [bob.id] });
    fake.addGroup({ displayName: 'Finance', members: [] }); // a group not assigned
    await sp.appRoleAssignedTo.add({ user: alice.id });
    await sp.appRoleAssignedTo.add({ group: 'Sales' });
    await job.start();
    const events = await run(5);
    expect(byName(events)).toEqual({
      'Alice Vance': 'provisioned',
      'Bob Soto': 'provisioned',
      Sales: 'provisioned',
    });
    expect((await job.get()).status?.lastExecution?.countEntitled).toBe(3);
  });

  it('provisions every user and group of the tenant with syncAll, and a user assigned later in the next incremental cycle', async () => {
    const { sp, job, user, run } = await scimApp();
    user('Alice Vance', 'Sales');
    user('Bob Soto', 'Finance');
    await sp.synchronization.settings.update(
      { syncAll: true },
      { credentials: { SecretToken: TOKEN } },
    );
    await job.start();
    expect(Object.keys(byName(await run(5))).sort()).toEqual(['Alice Vance', 'Bob Soto']);

    await sp.synchronization.settings.update(
      { syncAll: false },
      { credentials: { SecretToken: TOKEN } },
    );
    const dana = user('Dana Ruiz', 'Sales');
    await sp.appRoleAssignedTo.add({ user: dana.id });
    // Out of scope now (not assigned): Alice and Bob are disabled; Dana is created.
    expect(byName(await run(45))).toEqual({
      'Alice Vance': 'disable',
      'Bob Soto': 'disable',
      'Dana Ruiz': 'provisioned',
    });
  });

  it('applies the scoping filter set with schema.edit(), and reports the mapped attributes in modifiedProperties', async () => {
    const { fake, sp, job, user, run } = await scimApp();
    const alice = user('Alice Vance', 'Sales');
    const bob = user('Bob Soto', 'Finance');
    fake.addGroup({ displayName: 'Everyone', members: [alice.id, bob.id] });
    await sp.appRoleAssignedTo.add({ group: 'Everyone' });
    await job.schema.edit((s) => {
      const users = s.objectMapping('User');
      users.map('displayName', source.expression('Join(" ", [surname], [givenName])'));
      users.map('title', source.constant('Member'));
      users.scope = scope.anyOf(scope.allOf(scope.clause('department', 'EQUALS', 'Sales')));
    });
    await job.start();
    const events = await run(5);
    expect(byName(events)).toEqual({ 'Alice Vance': 'provisioned', Everyone: 'provisioned' });
    const aliceEvent = events.find((e) => e.sourceIdentity?.id === alice.id);
    expect(aliceEvent?.modifiedProperties).toEqual(
      expect.arrayContaining([
        { displayName: 'userName', oldValue: null, newValue: 'alice.vance@contoso.com' },
        { displayName: 'displayName', oldValue: null, newValue: 'Vance Alice' },
        { displayName: 'title', oldValue: null, newValue: 'Member' },
      ]),
    );

    // Bob moves to Sales: the next incremental cycle creates him; Alice leaves it: disabled.
    fake.updateUser(bob.id, { department: 'Sales' });
    fake.updateUser(alice.id, { department: 'Finance' });
    expect(byName(await run(45))).toEqual({ 'Bob Soto': 'provisioned', 'Alice Vance': 'disable' });
  });

  it('starts a new initial cycle after a schema change (every object in scope evaluated again)', async () => {
    const { sp, job, user, run } = await scimApp();
    const alice = user('Alice Vance', 'Sales');
    await sp.appRoleAssignedTo.add({ user: alice.id });
    await job.start();
    await run(5);
    await job.schema.edit((s) => {
      s.objectMapping('User').map('title', source.constant('Member'));
    });
    const events = await run(45);
    expect(events.map((e) => e.sourceIdentity?.id)).toEqual([alice.id]);
  });

  it('leaves users who go out of scope as they are with SkipOutOfScopeDeletions', async () => {
    const { sp, job, user, run } = await scimApp();
    const alice = user('Alice Vance', 'Sales');
    const assignment = await sp.appRoleAssignedTo.add({ user: alice.id });
    await sp.synchronization.settings.update(
      { skipOutOfScopeDeletions: true },
      { credentials: { SecretToken: TOKEN } },
    );
    await job.start();
    await run(5);
    await sp.appRoleAssignedTo.remove(assignment.id);
    const [event, ...rest] = await run(45);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      provisioningAction: 'other',
      provisioningStatusInfo: { status: 'skipped' },
      sourceIdentity: { id: alice.id },
    });
  });

  it('holds deletions at the threshold back, quarantines the job (TooManyDeletes) until a ForceDeletes restart applies them', async () => {
    const { fake, sp, job, user, run } = await scimApp();
    const members = ['Alice Vance', 'Bob Soto', 'Carol Gu'].map((n) => user(n, 'Sales').id);
    fake.addGroup({ displayName: 'Pilot', members });
    const pilot = await sp.appRoleAssignedTo.add({ group: 'Pilot' });
    await sp.synchronization.settings.update(
      { deleteThreshold: { enabled: true, value: 3 } },
      { credentials: { SecretToken: TOKEN } },
    );
    await job.start();
    expect(await run(5)).toHaveLength(4);

    await sp.appRoleAssignedTo.remove(pilot.id);
    expect(await run(45)).toEqual([]);
    const held = await job.get();
    expect(held.status?.quarantine).toMatchObject({
      reason: 'TooManyDeletes',
      error: { code: 'TooManyDeletes' },
    });

    // start() lifts the quarantine, but the next cycle holds the deletions back again.
    await job.start();
    expect(await run(5)).toEqual([]);
    expect((await job.get()).status?.quarantine?.reason).toBe('TooManyDeletes');

    await job.restart({ resetScope: ['ForceDeletes'] });
    const applied = await run(5);
    expect(byName(applied)).toEqual({
      'Alice Vance': 'disable',
      'Bob Soto': 'disable',
      'Carol Gu': 'disable',
      Pilot: 'delete',
    });
    expect((await job.get()).status?.quarantine ?? null).toBeNull();
  });

  it.each([
    [2, 'held back (quarantined)', null],
    [3, 'let through', { 'Alice Vance': 'disable', 'Bob Soto': 'disable' }],
  ] as const)(
    'with a threshold of %i, two deletions are %s: the threshold counts deletions at or over it',
    async (value, _, expected) => {
      const { sp, job, user, run } = await scimApp();
      user('Alice Vance', 'Sales');
      user('Bob Soto', 'Sales');
      const a = await sp.appRoleAssignedTo.add({ user: 'alice.vance@contoso.com' });
      const b = await sp.appRoleAssignedTo.add({ user: 'bob.soto@contoso.com' });
      await sp.synchronization.settings.update(
        { deleteThreshold: { enabled: true, value } },
        { credentials: { SecretToken: TOKEN } },
      );
      await job.start();
      expect(await run(5)).toHaveLength(2);
      await sp.appRoleAssignedTo.remove(a.id);
      await sp.appRoleAssignedTo.remove(b.id);
      const events = await run(45);
      const quarantine = (await job.get()).status?.quarantine ?? null;
      if (expected === null) {
        expect(events).toEqual([]);
        expect(quarantine?.reason).toBe('TooManyDeletes');
      } else {
        expect(byName(events)).toEqual(expected);
        expect(quarantine).toBeNull();
      }
    },
  );
});
