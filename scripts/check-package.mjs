// Loads the built package the way users do (ESM `import` and CJS `require`, by package name
// through the exports map) and checks that both builds work and recognise each other's errors.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('entra-provisioning');
const cjs = require('entra-provisioning');

for (const [name, mod] of [
  ['import', esm],
  ['require', cjs],
]) {
  assert.equal(typeof mod.ProvisioningClient, 'function', `${name}: ProvisioningClient`);
  assert.equal(typeof mod.SynchronizationJobSchema.parse, 'function', `${name}: schemas`);
  const client = new mod.ProvisioningClient({
    accessToken: 't',
    fetch: async () => Response.json({ value: [{ id: 'aws.1.2', templateId: 'aws' }] }),
  });
  const jobs = await client.servicePrincipals
    .byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e')
    .synchronization.jobs.list()
    .toArray();
  assert.equal(jobs[0].id, 'aws.1.2', `${name}: list jobs`);
}

// The fake Graph: both builds, in-process and over a socket.
const testingEsm = await import('entra-provisioning/testing');
const testingCjs = require('entra-provisioning/testing');
for (const [name, testing] of [
  ['import', testingEsm],
  ['require', testingCjs],
]) {
  const fake = testing.createFakeGraph({ latencyMs: 0 });
  const templates = await fake.client().applicationTemplates.list({ top: 3 }).toArray();
  assert.equal(templates.length, 3, `${name}: fake.client() lists templates`);
  const server = await fake.listen();
  const overSocket = new esm.ProvisioningClient({ accessToken: 't', baseUrl: server.url });
  const [aws] = await overSocket.applicationTemplates
    .list({ filter: "displayName eq 'Amazon Web Services (AWS)'" })
    .toArray();
  assert.equal(aws.id, testing.AWS_TEMPLATE_ID, `${name}: fake.listen() serves Graph over HTTP`);
  await server.close();
}

const fromCjs = new cjs.NotFoundError('from the CJS build');
const fromEsm = new esm.ThrottledError('from the ESM build', { retryAfterMs: 1 });
assert.ok(esm.ProvisioningClient !== cjs.ProvisioningClient, 'two distinct copies');
assert.ok(esm.isGraphError(fromCjs), 'ESM isGraphError recognises a CJS error');
assert.ok(cjs.isGraphError(fromEsm), 'CJS isGraphError recognises an ESM error');
assert.ok(fromCjs instanceof esm.NotFoundError, 'instanceof across builds');
assert.ok(!(fromCjs instanceof esm.ConflictError), 'instanceof keeps kinds apart');
console.log(
  `package ok on Node ${process.version}: import + require of both entry points, the fake in-process and over HTTP, errors recognised across builds`,
);
