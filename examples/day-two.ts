/**
 * Day 2 (docs/day-two.md): attribute mappings and scoping filters as typed edits of a job's
 * schema, checked against the schema and saved with one full-replacement PUT; the provisioning
 * settings kept in the secrets, changed without dropping a saved key; users and groups assigned;
 * credentials rotated safely; what the job then provisions.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/day-two.ts
 */
import assert from 'node:assert/strict';
import { InvalidInputError, scope, source, type SchemaDraft } from 'entra-provisioning';
import { createFakeGraph, manualClock } from 'entra-provisioning/testing';

// A manual clock: provisioning cycles run when the example moves time on.
const clock = manualClock();
const fake = createFakeGraph({ clock, latencyMs: 0 });
const client = fake.client();

async function main(): Promise<void> {
  const [slack] = await client.applicationTemplates
    .list({ filter: "displayName eq 'Slack'" })
    .toArray();
  const { servicePrincipal } = await client.applicationTemplates.instantiate(slack!.id, {
    displayName: 'Slack Contoso',
  });
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const { id } = await sp.synchronization.jobs.create({ templateId: 'slack' });
  const job = sp.synchronization.jobs.byId(id);

  // Preview first: dryRun reads and checks, and sends nothing.
  const edit = (s: SchemaDraft): void => {
    const users = s.objectMapping('User');
    console.log(`Mapped today: ${users.mappings.map((m) => m.target).join(', ')}`);
    users.map('displayName', source.expression('Join(" ", [givenName], [surname])'));
    users.map('title', source.attribute('jobTitle'), { flow: 'ObjectAddOnly' });
    users.scope = scope.anyOf(
      scope.allOf(
        scope.clause('department', 'EQUALS', 'Sales'),
        scope.clause('accountEnabled', 'IS TRUE'),
      ),
    );
  };
  const preview = await job.schema.edit(edit, { dryRun: true });
  for (const change of preview.changes) console.log(`would: ${change.summary}`);
  assert.equal(preview.saved, false);

  // The same edit, saved: one PUT of the whole schema, different only where the edit said.
  const { changes, saved } = await job.schema.edit(edit);
  assert.equal(saved, true);
  assert.deepEqual(
    changes.map((c) => c.kind),
    ['mapped', 'mapped', 'scoped'],
  );

  // Running it again changes nothing, so nothing is sent.
  const again = await job.schema.edit(edit);
  assert.deepEqual(again.changes, []);

  // A misspelt attribute is refused before anything is written, with the closest names.
  try {
    await job.schema.edit((s) => {
      s.objectMapping('User').map('title', source.attribute('jobTitel'));
    });
    assert.fail('the typo was accepted');
  } catch (error) {
    assert.ok(error instanceof InvalidInputError);
    console.log(`refused: ${error.issues[0]?.message ?? ''}`);
  }

  // Settings: only assigned users and groups, a deletion threshold, a notification address.
  const token = 'example-scim-token';
  await sp.synchronization.secrets.put({ SecretToken: token, SyncAll: 'true' });
  const { settings } = await sp.synchronization.settings.update(
    {
      syncAll: false,
      deleteThreshold: { enabled: true, value: 20 },
      notifications: { enabled: true, recipients: ['ops@contoso.com'] },
    },
    { credentials: { SecretToken: token } }, // Graph returns it masked: give it again
  );
  console.log(`settings: ${JSON.stringify(settings)}`);
  assert.deepEqual(await sp.synchronization.settings.get(), settings);

  // Assignments: who "sync only assigned users and groups" provisions.
  const alice = fake.addUser({
    displayName: 'Alice Vance',
    userPrincipalName: 'alice@contoso.com',
    department: 'Sales',
  });
  const bob = fake.addUser({ displayName: 'Bob Soto', department: 'Sales' });
  fake.addGroup({ displayName: 'Sales Team', members: [bob.id] });
  const plan = await sp.appRoleAssignedTo.ensure(
    [{ user: 'alice@contoso.com' }, { group: 'Sales Team' }],
    { dryRun: true },
  );
  console.log(
    `would assign: ${plan.added.map((a) => a.principalDisplayName ?? a.principalId).join(', ')}`,
  );
  const done = await sp.appRoleAssignedTo.ensure([
    { user: 'alice@contoso.com' },
    { group: 'Sales Team' },
  ]);
  assert.equal(done.added.length, 2);
  // Adding again changes nothing: the existing assignment is returned.
  const again2 = await sp.appRoleAssignedTo.add({ user: alice.id });
  assert.equal(
    (await sp.appRoleAssignedTo.list().toArray()).filter(
      (a) => a.principalId === again2.principalId,
    ).length,
    1,
  );

  // Rotation: tested with the target first, saved only if accepted, other keys kept.
  const rotated = await sp.synchronization.secrets.rotate({ SecretToken: 'example-scim-token-2' });
  console.log(
    `rotated ${rotated.keys.join(', ')} (tested with job ${rotated.jobId.slice(0, 12)}…)`,
  );
  assert.equal(rotated.quarantine, undefined);

  // Start the job and let a cycle run: the assigned users and the group's members, in scope
  // (department Sales), with the mapped attributes.
  await job.start();
  clock.advance(10 * 60_000);
  const events = await client.auditLogs.provisioning.list({ filter: { jobId: id } }).toArray();
  const provisioned = events.map((e) => e.sourceIdentity?.displayName).sort();
  console.log(`provisioned: ${provisioned.join(', ')}`);
  assert.ok(provisioned.includes('Alice Vance') && provisioned.includes('Bob Soto'));
}

await main();
