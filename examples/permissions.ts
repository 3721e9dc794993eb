/**
 * Permissions (docs/permissions.md): what a 403 looks like, and the least-privileged sets that
 * work, checked with the fake Graph's `permissions` knob (Microsoft's permission map) and JWT
 * claims (`roles`, `oid`) for callers that own applications.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/permissions.ts
 */
import assert from 'node:assert/strict';
import { AWS_TEMPLATE_ID, createFakeGraph } from 'entra-provisioning/testing';
import { isGraphError, type ProvisioningSpec } from 'entra-provisioning';

/** Runs `action` and returns the SDK error it fails with (or undefined). */
async function failure(action: () => Promise<unknown>) {
  try {
    await action();
    return undefined;
  } catch (error) {
    if (!isGraphError(error)) throw error;
    return error;
  }
}

/** An unsigned JWT: the fake reads its claims (it checks no signature). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

const spec: ProvisioningSpec = {
  template: 'Amazon Web Services (AWS)',
  displayName: 'AWS Contoso',
  credentials: { ClientSecret: 'client-secret', SecretToken: 'secret-token' },
};
// The fake replicates at once; a short window makes a missing permission fail fast here. On a
// tenant, keep the defaults: a 403 right after a create is often replication, not permissions.
const replication = { intervalMs: 50, timeoutMs: 500 };

async function main(): Promise<void> {
  // 1. Provisioning logs need AuditLog.Read.All AND Directory.Read.All (a known Graph issue).
  const auditOnly = createFakeGraph({ latencyMs: 0, permissions: ['AuditLog.Read.All'] });
  const denied = await failure(() => auditOnly.client().auditLogs.provisioning.list().toArray());
  assert.equal(denied?.kind, 'forbidden');
  console.log('1. Logs with AuditLog.Read.All only:');
  console.log(`   ${denied.name} ${String(denied.status)} ${denied.code ?? ''}: ${denied.message}`);
  console.log(`   hint: ${denied.hint ?? ''}`);
  const both = createFakeGraph({
    latencyMs: 0,
    permissions: ['AuditLog.Read.All', 'Directory.Read.All'],
  });
  await both.client().auditLogs.provisioning.list().toArray();
  console.log('   with Directory.Read.All too: allowed');

  // 2. configureProvisioning() with instantiate's and the jobs' permissions only: reading the
  // new service principal needs Application.Read.All as well.
  const missingRead = createFakeGraph({
    latencyMs: 0,
    permissions: ['Application.ReadWrite.OwnedBy', 'Synchronization.ReadWrite.All'],
  });
  const noRead = await failure(() =>
    missingRead.client().configureProvisioning(spec, { replication }),
  );
  assert.equal(noRead?.kind, 'forbidden');
  console.log('2. configureProvisioning with OwnedBy + Synchronization.ReadWrite.All:');
  console.log(`   ${noRead.kind} on ${noRead.method ?? ''} ${noRead.url ?? ''}`);
  console.log(`   hint: ${noRead.hint ?? ''}`);

  const least = [
    'Application.ReadWrite.OwnedBy',
    'Application.Read.All',
    'Synchronization.ReadWrite.All',
    'AuditLog.Read.All',
    'Directory.Read.All',
  ];
  const enough = createFakeGraph({ latencyMs: 0, permissions: least });
  const result = await enough.client().configureProvisioning(spec, { replication });
  await enough
    .client()
    .auditLogs.provisioning.list({ filter: { jobId: result.job.id } })
    .toArray();
  console.log(`   with ${least.join(', ')}: configured and started (${String(result.started)})`);

  // 3. Application.ReadWrite.OwnedBy alone: instantiate works, but the new application has no
  // owner, so the caller cannot manage it until an administrator adds it as an owner.
  const me = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b'; // the automation's service principal id
  const fake = createFakeGraph({ latencyMs: 0, permissions: [] }); // each token's roles decide
  const automation = fake.client({
    accessToken: jwt({ appid: 'automation', oid: me, roles: ['Application.ReadWrite.OwnedBy'] }),
  });
  const admin = fake.client({
    accessToken: jwt({ appid: 'admin', oid: 'admin', roles: ['Application.ReadWrite.All'] }),
  });
  const { application, servicePrincipal } = await automation.applicationTemplates.instantiate(
    AWS_TEMPLATE_ID,
    { displayName: 'AWS OwnedBy' },
  );
  const jobs = automation.servicePrincipals.byId(servicePrincipal.id).synchronization.jobs;
  const notOwner = await failure(() => jobs.create({ templateId: 'aws' }));
  assert.equal(notOwner?.kind, 'forbidden');
  console.log('3. OwnedBy only, right after instantiate:');
  console.log(`   jobs.create(): ${notOwner.kind}; hint: ${notOwner.hint ?? ''}`);
  const selfOwn = await failure(() => automation.applications.byId(application.id).owners.add(me));
  console.log(`   adding itself as owner: ${selfOwn?.kind ?? 'allowed'}`);
  await admin.applications.byId(application.id).owners.add(me);
  const job = await jobs.create({ templateId: 'aws' });
  console.log(`   once an admin made it an owner: job ${job.id.slice(0, 24)}… created`);
}

main().catch((error: unknown) => {
  if (isGraphError(error)) console.error(`${error.kind}: ${error.message}`, error.hint ?? '');
  else console.error(error);
  process.exitCode = 1;
});
