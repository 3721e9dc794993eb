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

// zod rides inside dist/: the exported schemas must still compose with the user's own zod.
const z = await import('zod');
const zm = await import('zod/mini');
const Wrapped = z.object({ job: esm.SynchronizationJobSchema, n: z.number() });
assert.equal(Wrapped.parse({ job: { id: 'j', extra: 1 }, n: 1 }).job.extra, 1, 'zod: composed');
const refused = Wrapped.safeParse({ job: { id: 5 }, n: 1 });
assert.ok(!refused.success && refused.error instanceof z.ZodError, "zod: the user's error");
assert.deepEqual(refused.error.issues[0].path, ['job', 'id'], 'zod: issue path through ours');
const own = cjs.SynchronizationJobSchema.safeParse({ id: 5 });
assert.ok(!own.success && own.error instanceof z.core.$ZodError, 'zod: our error is a $ZodError');
const Extended = zm.extend(esm.SynchronizationJobSchema, { extra: zm.string() });
assert.ok(!Extended.safeParse({ id: 'j' }).success, 'zod/mini: extend');
assert.ok('properties' in z.toJSONSchema(cjs.SynchronizationJobSchema, { unrepresentable: 'any' }));

// Importing the package loads no module of the Graph client: that waits for the first request.
// Its code rides in dist/ (from its ES build), in chunks of their own: GraphRequest-*.js/.cjs.
// A loader hook sees the ESM chunks load, require.cache the CJS ones.
const { execFileSync } = await import('node:child_process');
for (const format of ['require', 'import']) {
  const probe = `const { createRequire, register } = await import('node:module');
const { MessageChannel } = await import('node:worker_threads');
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (url) => urls.push(url));
port1.unref();
register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(d) { port = d.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }'), { data: { port: port2 }, transferList: [port2] });
const req = createRequire(process.cwd() + '/');
const chunk = /\\/GraphRequest-\\w+\\.c?js$/;
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const loaded = async () => { await settle(); return [...urls, ...Object.keys(req.cache)].some((k) => chunk.test(k)); };
const sdk = ${format === 'require' ? "req('entra-provisioning')" : "await import('entra-provisioning')"};
const before = await loaded();
await new sdk.ProvisioningClient({ accessToken: 't', fetch: async () => Response.json({ value: [] }) }).applicationTemplates.list().toArray();
console.log(JSON.stringify([before, await loaded(), Object.keys(req.cache).some((k) => k.includes('node_modules/@microsoft/microsoft-graph-client'))]));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
    encoding: 'utf8',
  });
  assert.deepEqual(
    JSON.parse(out),
    [false, true, false],
    `${format}: Graph client chunk loaded on first request, from dist/ (not node_modules)`,
  );
}

const fromCjs = new cjs.NotFoundError('from the CJS build');
const fromEsm = new esm.ThrottledError('from the ESM build', { retryAfterMs: 1 });
assert.ok(esm.ProvisioningClient !== cjs.ProvisioningClient, 'two distinct copies');
assert.ok(esm.isGraphError(fromCjs), 'ESM isGraphError recognises a CJS error');
assert.ok(cjs.isGraphError(fromEsm), 'CJS isGraphError recognises an ESM error');
assert.ok(fromCjs instanceof esm.NotFoundError, 'instanceof across builds');
assert.ok(!(fromCjs instanceof esm.ConflictError), 'instanceof keeps kinds apart');
console.log(
  `package ok on Node ${process.version}: import + require of both entry points, the fake in-process and over HTTP, errors recognised across builds, schemas composed with the user's zod, the Graph client loaded on first request`,
);
