/**
 * The Day-2 fields of a spec (mappings, scope, settings, assignments) through the one engine:
 * planned reading only, carried out exactly by configureProvisioning, nothing planned once the
 * tenant is as the spec says, drift planned back. Against the fake Graph's SCIM app.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError, type ProvisioningSpec } from '../../src/index.js';
import { CUSTOM_APP_TEMPLATE_ID, type FakeGraph } from '../../src/testing/index.js';
import { settle, useTestClock } from '../helpers/clock.js';
import { recordingFake, writes } from '../helpers/recording.js';
import { rejection } from '../helpers/graph.js';

useTestClock();

const TOKEN = 'scim-token-0d4c';
const CREDENTIALS = { BaseAddress: 'https://scim.example.com/v2', SecretToken: TOKEN };

function tenant() {
  const { fake, client, sent } = recordingFake({
    provisioning: { usersPerApp: [0, 0], groupsPerApp: [0, 0] },
  });
  people(fake);
  return { fake, client, sent };
}

function people(fake: FakeGraph) {
  const alice = fake.addUser({
    displayName: 'Alice Vance',
    userPrincipalName: 'alice@contoso.com',
  });
  const bob = fake.addUser({ displayName: 'Bob Soto', userPrincipalName: 'bob@contoso.com' });
  fake.addGroup({ displayName: 'Sales', members: [bob.id] });
  return { alice, bob };
}

const types = (actions: readonly { type: string }[]) => actions.map((a) => a.type);

/** Everything a spec can say about the SCIM app; `credentials: false` leaves them out. */
function spec(over: Partial<ProvisioningSpec> = {}, credentials = true): ProvisioningSpec {
  return {
    template: CUSTOM_APP_TEMPLATE_ID,
    displayName: 'SCIM Contoso',
    syncTemplateId: 'scim',
    ...(credentials ? { credentials: CREDENTIALS } : {}),
    mappings: {
      User: {
        displayName: { expression: 'Join(" ", [givenName], [surname])' },
        title: { constant: 'Member', flow: 'ObjectAddOnly' },
      },
    },
    scope: { User: [[{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }]] },
    settings: { syncAll: false, deleteThreshold: { enabled: true, value: 25 } },
    assignments: [{ user: 'alice@contoso.com' }, { group: 'Sales' }],
    ...over,
  };
}

describe('a spec with mappings, scope, settings and assignments', () => {
  it('plans every step for a new app, reading only, and configureProvisioning carries out exactly those actions', async () => {
    const { fake, client, sent } = tenant();
    const plan = await settle(client.planProvisioning(spec()));
    expect(types(plan.actions)).toEqual([
      'instantiate',
      'createJob',
      'editSchema',
      'validateCredentials',
      'saveCredentials',
      'updateSettings',
      'assign',
      'assign',
      'start',
    ]);
    expect(plan.actions[2]).toMatchObject({ type: 'editSchema', changes: null });
    expect(plan.actions.slice(6).map((a) => a.summary)).toEqual([
      "assign user 'alice@contoso.com'",
      "assign group 'Sales'",
      'start the job',
    ]);
    expect(writes(sent)).toEqual([]);
    expect(fake.state.applications).toEqual([]);

    const result = await settle(client.configureProvisioning(spec()));
    expect(types(result.actions)).toEqual(types(plan.actions));
    const edit = result.actions.find((a) => a.type === 'editSchema');
    expect(edit?.type === 'editSchema' && edit.changes?.map((c) => c.summary)).toEqual([
      expect.stringMatching(/displayName/),
      expect.stringMatching(/title/),
      expect.stringMatching(/scope/),
    ]);
    const sp = client.servicePrincipals.byId(result.servicePrincipal.id);
    expect(await sp.synchronization.settings.get()).toMatchObject({
      syncAll: false,
      deleteThreshold: { enabled: true, value: 25 },
    });
    expect(
      (await sp.appRoleAssignedTo.list().toArray()).map((a) => a.principalDisplayName).sort(),
    ).toEqual(['Alice Vance', 'Sales']);

    // As the spec says: nothing to do (credentials left out: Graph never shows them back).
    sent.length = 0;
    const again = await settle(client.planProvisioning(spec({}, false)));
    expect(again.actions).toEqual([]);
    expect(writes(sent)).toEqual([]);
  });

  it('plans drift back: a mapping, a setting and an assignment changed by hand', async () => {
    const { client } = tenant();
    const made = await settle(client.configureProvisioning(spec()));
    const sp = client.servicePrincipals.byId(made.servicePrincipal.id);
    const job = sp.synchronization.jobs.byId(made.job.id);
    // Someone edits the app in the portal.
    await job.schema.edit((s) => {
      s.objectMapping('User').unmap('title');
    });
    await sp.synchronization.settings.update(
      { syncAll: true },
      { credentials: { SecretToken: TOKEN } },
    );
    const alice = (await sp.appRoleAssignedTo.list().toArray()).find(
      (a) => a.principalDisplayName === 'Alice Vance',
    );
    await sp.appRoleAssignedTo.remove(alice!.id);
    await sp.appRoleAssignedTo.add({ user: 'bob@contoso.com' });

    const plan = await settle(
      client.planProvisioning(spec({ assignmentsExclusive: true, credentials: CREDENTIALS })),
    );
    expect(plan.actions.map((a) => a.summary)).toEqual([
      expect.stringMatching(/^edit the schema: .*title/),
      'test the credentials with the target (BaseAddress, SecretToken)',
      'save the credentials (BaseAddress, SecretToken)',
      'update settings: syncAll true → false',
      expect.stringMatching(/^assign user 'Alice Vance' \(app role /),
      "remove the assignment of user 'Bob Soto'",
    ]);
    const applied = await settle(
      client.configureProvisioning(spec({ assignmentsExclusive: true, credentials: CREDENTIALS })),
    );
    expect(types(applied.actions)).toEqual(types(plan.actions));
    expect(
      (await settle(client.planProvisioning(spec({ assignmentsExclusive: true }, false)))).actions,
    ).toEqual([]);
  });

  it('plans a new app whose assignee matches nobody as the NotFoundError configuring would meet, before anything is made', async () => {
    const { fake, client, sent } = tenant();
    const error = await rejection(
      settle(client.planProvisioning(spec({ assignments: [{ user: 'nobody@contoso.com' }] }))),
    );
    expect(error.kind).toBe('notFound');
    expect(writes(sent)).toEqual([]);
    const plan = await settle(client.planProvisioning(spec()));
    const alice = fake.state.users.find((u) => u.userPrincipalName === 'alice@contoso.com');
    expect(plan.actions.find((a) => a.type === 'assign')).toMatchObject({
      principal: 'alice@contoso.com',
      principalId: alice?.id,
      appRoleId: null,
    });
  });

  it('plans the error a settings change would meet: a masked key the spec does not give, before any write', async () => {
    const { client, sent } = tenant();
    await settle(client.configureProvisioning(spec()));
    sent.length = 0;
    const error = await rejection(
      settle(client.planProvisioning(spec({ settings: { syncAll: true } }, false))),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("'SecretToken'");
    expect(writes(sent)).toEqual([]);
  });

  it('refuses malformed Day-2 fields before any request, naming the path', async () => {
    const { client, sent } = tenant();
    const bad: [Partial<ProvisioningSpec>, RegExp][] = [
      [{ mappings: { User: { title: { constant: 'x', attribute: 'y' } } } }, /mappings/],
      [{ mappings: { User: { title: { attribute: '[mail]' } } } }, /mappings\.User\.title/],
      [
        { mappings: { User: { title: { constant: 'x', flow: 'Sometimes' as never } } } },
        /mappings\.User\.title/,
      ],
      [{ scope: { User: [[]] } }, /scope/],
      [{ scope: { User: [[{ attribute: '', operator: 'EQUALS' }]] } }, /scope\.User/],
      [{ assignments: [{ user: ' alice@contoso.com' }] }, /assignments\[0\]\.user/],
      [{ assignments: [{ role: 'x' } as never] }, /assignments\[0\]/],
      [{ assignmentsExclusive: 'yes' as never }, /assignmentsExclusive/],
      [{ assignments: undefined as never, assignmentsExclusive: true }, /needs assignments/],
      [{ settings: { syncAll: 'false' as never } }, /settings/],
      [
        { settings: { syncAll: true }, credentials: { SyncAll: 'false', SecretToken: TOKEN } },
        /'SyncAll' is a setting/,
      ],
    ];
    for (const [over, message] of bad) {
      const error = await rejection(client.planProvisioning(spec(over)));
      expect(error, JSON.stringify(over)).toBeInstanceOf(InvalidInputError);
      expect(error.message, JSON.stringify(over)).toMatch(message);
      const also = await rejection(client.configureProvisioning(spec(over)));
      expect(also, JSON.stringify(over)).toBeInstanceOf(InvalidInputError);
    }
    expect(sent).toEqual([]);
  });
});
