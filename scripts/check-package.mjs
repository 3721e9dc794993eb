// Loads the built package the way users do (ESM `import` and CJS `require`, by package name
// through the exports map) and checks that both builds work and recognise each other's errors.
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// npm's bin link runs dist/cli.js itself: it needs its `#!` line and its executable bit.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
assert.ok(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'), 'dist/cli.js: #! line');
accessSync(cli, constants.X_OK);

const require = createRequire(import.meta.url);
const esm = await import('entra-provisioning');
const cjs = require('entra-provisioning');
// No `__esModule`: a default import compiled to CommonJS (TypeScript's esModuleInterop helper,
// tsx, Babel, sucrase) then gets the whole module, not a `default` the package does not have.
assert.equal(cjs.__esModule, undefined, 'require: no __esModule');
const importDefault = (mod) => (mod?.__esModule ? mod.default : mod);
assert.equal(typeof importDefault(cjs).ProvisioningClient, 'function', 'require: default import');
// The CommonJS build loads its first-use chunks with `import()` (bundlers split a module off
// there, not at a `require`), and Node's `import()` of a CommonJS file names its exports with
// cjs-module-lexer: every .cjs file must show the same names both ways, or a first-use module
// would miss one.
{
  const { readdirSync, readFileSync: read } = await import('node:fs');
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  const files = readdirSync(dist).filter((name) => name.endsWith('.cjs'));
  // modules.cjs (scripts/merge-cjs-chunks.mjs) holds the chunks a require loads, each in a
  // function of its own; it exports only its loader and is reached by require alone.
  const reachedByImport = /\bimport\(\s*["']\.\/modules\.cjs["']\s*\)/;
  for (const name of files) {
    const code = read(`${dist}${name}`, 'utf8');
    assert.ok(!reachedByImport.test(code), `${name}: modules.cjs by require`);
    if (name === 'modules.cjs') continue;
    const byRequire = require(`${dist}${name}`);
    const byImport = await import(`${dist}${name}`);
    const names = Object.keys(byImport).filter((k) => k !== 'default' && k !== 'module.exports');
    assert.deepEqual(
      names.sort(),
      Object.keys(byRequire).sort(),
      `${name}: names through import()`,
    );
    const deferredRequire =
      /Promise\.resolve\(\)\.then\((?:\(\)\s*=>|function\s*\(\)\s*\{\s*return)\s*require\(/;
    assert.ok(!deferredRequire.test(code), `${name}: import(), not require`);
  }
  const workflowsByImport = /\bimport\(\s*["']\.\/entry-[\w-]+\.cjs["']\s*\)/;
  assert.ok(
    files.some((name) => workflowsByImport.test(read(`${dist}${name}`, 'utf8'))),
    'the CommonJS build loads the workflows with import()',
  );
}

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
  // A failure is worded by a module loaded with the first one.
  const failing = new mod.ProvisioningClient({
    accessToken: 't',
    fetch: async () =>
      Response.json(
        { error: { code: 'Request_ResourceNotFound', message: 'gone' } },
        { status: 404 },
      ),
  });
  const error = await failing.servicePrincipals
    .byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e')
    .get()
    .then(
      () => undefined,
      (e) => e,
    );
  assert.ok(error instanceof mod.NotFoundError, `${name}: a 404 is a NotFoundError`);
  assert.match(
    error.message,
    /^gone \(404 Request_ResourceNotFound, GET \/v1\.0\/servicePrincipals\/f47a6776/,
  );
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

// Importing the package loads neither the Graph client's code nor the workflows': the first
// request loads the one (it rides in dist/, from its ES build), the first configureProvisioning
// the other. Credential handling, the log export's walk, job.waitFor()'s polling and schema.edit()
// load together (one module) with the first call that needs one of them, not with a request that
// does not. Each is found by a declaration of its own in the files loaded so far. A loader hook
// writes each ESM module it loads to a file before the module runs, so the file is complete when
// the import settles (no waiting on a clock); require.cache lists the CJS ones.
const { execFileSync, spawnSync } = await import('node:child_process');
const { mkdtempSync: tempDir } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join: joinPath } = await import('node:path');
for (const format of ['require', 'import']) {
  const log = joinPath(tempDir(joinPath(tmpdir(), 'entra-provisioning-loads-')), 'loaded.txt');
  const hooks = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }`;
  const probe = `const { createRequire, register } = await import('node:module');
const { readFileSync, writeFileSync } = await import('node:fs');
const { fileURLToPath } = await import('node:url');
writeFileSync(${JSON.stringify(log)}, '');
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}), { data: { log: ${JSON.stringify(log)} } });
const req = createRequire(process.cwd() + '/');
const files = () => [
  ...readFileSync(${JSON.stringify(log)}, 'utf8').split('\\n').filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url)),
  ...Object.keys(req.cache),
].filter((path) => path.includes('/dist/'));
const loaded = (declaration) => files().some((path) => readFileSync(path, 'utf8').includes(declaration));
const graphClient = 'var GraphRequest = class';
const workflows = 'function runSteps(';
const onFirstUse = [
  'function normalizeCredentials(',
  'function* walkExport(',
  'function waitForJob(',
  'function editSchema(',
  'function ensureAssignments(',
];
const deferredLoaded = () => onFirstUse.map(loaded);
const sdk = ${format === 'require' ? "req('entra-provisioning')" : "await import('entra-provisioning')"};
const atImport = [loaded(graphClient), loaded(workflows)];
// The exported schemas are built on first use: a schema not built yet has a getter for _zod.
const built = (schema) => typeof Object.getOwnPropertyDescriptor(schema, '_zod')?.get !== 'function';
const modelsAtImport = [built(sdk.ApplicationTemplateSchema), built(sdk.SynchronizationJobSchema)];
const client = new sdk.ProvisioningClient({ accessToken: 't', fetch: async (url) => Response.json({ value: String(url).includes('/applicationTemplates') ? [{ id: 't' }] : [] }) });
await client.applicationTemplates.list().toArray();
const afterRequest = [loaded(graphClient), loaded(workflows)];
const failureWordingAfterRequest = loaded('function failureError(');
const modelsAfterRequest = [built(sdk.ApplicationTemplateSchema), built(sdk.SynchronizationJobSchema)];
const deferredAfterRequest = deferredLoaded();
// Secrets refused before any request (no key), once credential handling is loaded.
const secretsRefused = await client.servicePrincipals.byId('00000000-0000-0000-0000-000000000001').synchronization.secrets.put([]).then(() => 'accepted', (e) => e.kind);
const afterSecrets = deferredLoaded();
for await (const event of client.auditLogs.provisioning.export({ since: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00Z' })) throw new Error('no event was sent: ' + event.id);
const afterExport = deferredLoaded();
// A spec without a template is refused before any request, once the workflows are loaded.
const refused = await client.configureProvisioning({}).then(() => 'accepted', (e) => e.kind);
const failureWordingAfterSecrets = loaded('function failureError(');
console.log(JSON.stringify({ failureWordingAfterRequest, failureWordingAfterSecrets, atImport, modelsAtImport, afterRequest, modelsAfterRequest, deferredAfterRequest, secretsRefused, afterSecrets, afterExport, refused, afterConfigure: loaded(workflows), fromNodeModules: Object.keys(req.cache).some((k) => k.includes('node_modules/@microsoft/microsoft-graph-client')) }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
    encoding: 'utf8',
  });
  assert.deepEqual(
    JSON.parse(out),
    {
      failureWordingAfterRequest: false,
      failureWordingAfterSecrets: false,
      atImport: [false, false],
      modelsAtImport: [false, false],
      afterRequest: [true, false],
      modelsAfterRequest: [true, false],
      deferredAfterRequest: [false, false, false, false, false],
      secretsRefused: 'invalidInput',
      afterSecrets: [true, true, true, true, true],
      afterExport: [true, true, true, true, true],
      refused: 'invalidInput',
      afterConfigure: true,
      fromNodeModules: false,
    },
    `${format}: the Graph client loads with the first request, credential handling with the first call that takes credentials, the workflows with the first configureProvisioning, all from dist/; a schema is built when first used`,
  );
}

// A require reads two files of dist/: index.cjs and modules.cjs, where the chunks it needs are
// merged (scripts/merge-cjs-chunks.mjs). Both builds' source maps lead a stack trace to the same
// places in the sources: a client refusing its options, a schema refusing a value.
{
  const loaded = execFileSync(
    process.execPath,
    ['-e', "require('entra-provisioning'); console.log(Object.keys(require.cache).join('\\n'))"],
    { encoding: 'utf8' },
  );
  assert.deepEqual(
    loaded
      .split('\n')
      .filter((path) => path.includes('/dist/'))
      .map((path) => path.slice(path.lastIndexOf('/') + 1)),
    ['index.cjs', 'modules.cjs'],
    'require reads index.cjs and modules.cjs',
  );
  const probe = (
    format,
  ) => `const sdk = ${format === 'require' ? "(await import('node:module')).createRequire(process.cwd() + '/')('entra-provisioning')" : "await import('entra-provisioning')"};
const at = (run) => { try { run(); } catch (e) { return e.stack.split('\\n').flatMap((line) => /^\\s+at .*?((?:src|zod)\\/[^:)]*:\\d+:\\d+)/.exec(line)?.[1] ?? []).slice(0, 3); } };
console.log(JSON.stringify([at(() => new sdk.ProvisioningClient({})), at(() => sdk.SynchronizationJobSchema.parse({ id: 5 }))]));`;
  const [byImport, byRequire] = ['import', 'require'].map((format) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        ['--enable-source-maps', '--input-type=module', '-e', probe(format)],
        { encoding: 'utf8' },
      ),
    ),
  );
  assert.match(byImport[0][0], /^src\/core\/options\.ts:\d+:\d+$/, 'import: mapped to the sources');
  assert.match(byImport[1][0], /^zod\/v4\/core\/parse\.js:\d+:\d+$/, "import: mapped to zod's");
  assert.deepEqual(byRequire, byImport, 'require: stack traces map to the places import maps to');
}

// The CLI's --fake loads the fake, not what the SDK loads on first use (the workflows,
// job.waitFor()'s polling and the rest of that module): a command that does not use them
// starts without them. Nor, for a read of the gallery, the fake's other handlers. The same loader
// hook logs the modules; the list is read when the CLI exits.
{
  const log = joinPath(tempDir(joinPath(tmpdir(), 'entra-provisioning-cli-loads-')), 'loaded.txt');
  const hooks = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }`;
  const probe = `const { register } = await import('node:module');
const { readFileSync, writeFileSync } = await import('node:fs');
const { fileURLToPath } = await import('node:url');
writeFileSync(${JSON.stringify(log)}, '');
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}), { data: { log: ${JSON.stringify(log)} } });
process.on('exit', () => {
  const files = readFileSync(${JSON.stringify(log)}, 'utf8').split('\\n').filter((url) => url.includes('/dist/')).map((url) => fileURLToPath(url));
  const loaded = (declaration) => files.some((path) => readFileSync(path, 'utf8').includes(declaration));
  process.stderr.write(JSON.stringify({ workflows: loaded('function runSteps('), onFirstUse: loaded('function waitForJob('), fake: loaded('function createUnprimedFakeGraph('), fakeHandlers: loaded('TenantRoutes=class') }));
});
process.argv.splice(1, Infinity, 'entra-provisioning', '--fake', '--json', 'templates', 'list', '--top', '1');
await import('./dist/cli.js');`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  assert.equal(run.status, 0, `cli --fake templates list exits 0: ${run.stderr}`);
  assert.equal(JSON.parse(run.stdout).length, 1, 'cli --fake templates list prints one template');
  assert.deepEqual(
    JSON.parse(run.stderr),
    { workflows: false, onFirstUse: false, fake: true, fakeHandlers: false },
    "cli --fake loads the fake but not the modules the SDK loads on first use, nor the fake's handlers beyond the gallery's reads",
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
  `package ok on Node ${process.version}: import + require of both entry points, the fake in-process and over HTTP, errors recognised across builds, schemas composed with the user's zod, the Graph client loaded on first request and the workflows on first use`,
);
