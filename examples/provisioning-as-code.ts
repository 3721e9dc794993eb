/**
 * Provisioning as code (docs/provisioning-as-code.md): export an app configured by hand as a
 * spec, edit the spec, plan (reads only), apply, plan again (no drift); then a change made by
 * hand in the tenant shows as drift.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/provisioning-as-code.ts
 */
import assert from 'node:assert/strict';
import {
  source,
  type ConfigurationAction,
  type ExportedSpec,
  type ProvisioningSpec,
} from 'entra-provisioning';
import { CUSTOM_APP_TEMPLATE_ID, createFakeGraph } from 'entra-provisioning/testing';

const fake = createFakeGraph({
  latencyMs: 0,
  replicationDelayMs: 0,
  provisioning: { usersPerApp: [0, 0], groupsPerApp: [0, 0] },
});
fake.addUser({ displayName: 'Alice Vance', userPrincipalName: 'alice@contoso.com' });
fake.addGroup({ displayName: 'Sales', members: [] });
const client = fake.client();
// Where the secret comes from (a vault, the environment): never from the exported file.
const token = 'scim-token-from-the-vault';
const replication = { replication: { consecutive: 2, intervalMs: 10, timeoutMs: 5_000 } };

/** Credentials placeholders (`{ env }`) filled in, as the CLI does from the environment. */
function withSecrets(spec: ExportedSpec): ProvisioningSpec {
  const { credentials = {}, ...rest } = spec;
  const values = Object.entries(credentials).map(([key, v]) => [
    key,
    typeof v === 'string' ? v : token,
  ]);
  return { ...rest, credentials: Object.fromEntries(values) as Record<string, string> };
}

const drift = (actions: readonly ConfigurationAction[]) =>
  actions.filter((a) => !('unconditional' in a));

async function main(): Promise<void> {
  // 1. An app configured by hand (the portal, a script): a mapping changed and two people.
  const made = await client.configureProvisioning(
    {
      template: CUSTOM_APP_TEMPLATE_ID,
      displayName: 'SCIM Contoso',
      syncTemplateId: 'scim',
      credentials: { BaseAddress: 'https://scim.example.com/v2', SecretToken: token },
    },
    replication,
  );
  const sp = client.servicePrincipals.byId(made.servicePrincipal.id);
  await sp.synchronization.jobs.byId(made.job.id).schema.edit((s) => {
    s.objectMapping('User').map('title', source.constant('Member'));
  });
  await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });

  // 2. Export: the app as a spec. Mappings are changes from the template; secrets are env names.
  const exported = await client.exportProvisioning(made.servicePrincipal.id);
  console.log('exported:', JSON.stringify(exported, null, 2));
  assert.deepEqual(exported.mappings, { User: { title: { constant: 'Member' } } });
  const secret = exported.credentials?.['SecretToken'];
  assert.match(
    typeof secret === 'object' ? secret.env : '',
    /^SCIM_CONTOSO_[0-9A-F]{8}_SECRETTOKEN$/,
  );
  assert.equal(
    drift((await client.planProvisioning(withSecrets(exported), replication)).actions).length,
    0,
  );

  // 3. Edit the spec: a scoping filter, a setting and a group; then plan (reads only).
  const spec: ProvisioningSpec = {
    ...withSecrets(exported),
    scope: { User: [[{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }]] },
    settings: { syncAll: false, deleteThreshold: { enabled: true, value: 25 } },
    assignments: [...(exported.assignments ?? []), { group: 'Sales' }],
  };
  const plan = await client.planProvisioning(spec, replication);
  for (const action of plan.actions) console.log(`plan: ${action.summary}`);
  assert.deepEqual(
    drift(plan.actions).map((a) => a.type),
    ['editSchema', 'updateSettings', 'assign'],
  );

  // 4. Apply: the same steps carry out what the plan said.
  const applied = await client.configureProvisioning(spec, replication);
  assert.deepEqual(
    drift(applied.actions).map((a) => a.type),
    drift(plan.actions).map((a) => a.type),
  );

  // 5. Plan again: nothing but the credentials, saved on every run (never shown back by Graph).
  const again = await client.planProvisioning(spec, replication);
  assert.equal(drift(again.actions).length, 0);

  // 6. Someone removes the filter by hand: the next plan shows it as drift.
  await sp.synchronization.jobs.byId(made.job.id).schema.edit((s) => {
    s.objectMapping('User').scope = null;
  });
  const drifted = await client.planProvisioning(spec, replication);
  for (const action of drift(drifted.actions)) console.log(`drift: ${action.summary}`);
  assert.deepEqual(
    drift(drifted.actions).map((a) => a.type),
    ['editSchema'],
  );
}

await main();
