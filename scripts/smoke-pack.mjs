// The packed tarball, installed the way users get it, in a fresh project outside the repo:
// `npm run test:pack`.
//
// 1. A clean clone of the repository's HEAD (no dist/, no node_modules), `npm ci` there, then
//    `npm pack` into a temp dir: `prepack` must build, as it does for `npm publish`, so a tarball
//    never depends on a dist/ left by an earlier step. Every `files` entry of package.json, and
//    the built entry points, must be in the tarball. Uncommitted changes are not in HEAD: the
//    script says so; SMOKE_PACK_FROM=worktree packs the working tree instead (prepack builds it).
// 2. A fresh project under os.tmpdir(): `npm install` of the tarball (plus typescript, ts-node and
//    @types/node at the repo's versions, for the ts-node REPL and a type check).
// 3. Checks, run in parallel, each printed as PASS or FAIL:
//    - `import` (ESM) and `require` (CJS) of both entry points, each configuring an app on the
//      fake Graph, on this Node (20) and on Node 22 and 24 (`npx -y -p node@22 node …`);
//    - a ts-node REPL session (tsconfig `module: commonjs`, so TypeScript resolves the package
//      as `moduleResolution: node10` does) that requires both entries and lists templates;
//    - a tsx script (ESM `.ts`, top-level await) importing both entries, and `tsc --noEmit` of
//      it under `module: nodenext`;
//    - every recipe of docs/repl-and-notebooks.md (Node's REPL, tsx's, ts-node's), read from the
//      page the tarball ships and typed into its REPL line by line (scripts/repl-recipes.mjs):
//      what the page says it prints, and no error; the Node recipe on Node 22 and 24 too;
//    - a consumer program (the client, a model type, a schema's `safeParse` and inferred type, an
//      error `switch (e.kind)`, `createFakeGraph`) type-checked with `skipLibCheck: false` under
//      `module: commonjs` + `moduleResolution: node10` without `esModuleInterop` (the types
//      from dist/node10/, no zod), the same with `esModuleInterop` plus a file composing our
//      schemas with the user's zod, `module`/`moduleResolution: nodenext` (as ESM `.ts` and CJS
//      `.cts`) and `module: esnext` + `moduleResolution: bundler` (both with the zod file too),
//      each checking from `--listFiles` which declarations it read;
//    - the CLI bin from the tarball: `--version` and `--fake --json templates list --top 2`.
// Exits 1 when any check fails. KEEP_SMOKE_DIR=1 keeps the temp dir for a post-mortem.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUIDE, readRecipes, replCommand, runRecipe } from './repl-recipes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = performance.now();
const isWindows = process.platform === 'win32';
const npm = isWindows ? 'npm.cmd' : 'npm';
const npx = isWindows ? 'npx.cmd' : 'npx';
// The Node versions checked besides this one, through the npm `node` package.
const OTHER_NODES = ['22', '24'];
const MARKER = 'SMOKE-OK';

/** Runs a command; resolves with its exit code and output (never rejects, except on timeout). */
function run(command, args, { cwd, input, timeoutMs = 180_000, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: isWindows,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
    });
    // A child that exits before reading its stdin (npm, node --version) makes the write fail with
    // EPIPE; that is not a failure of the check, and an unhandled 'error' would end this script.
    child.stdin.on('error', () => {});
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    if (typeof input === 'function') input(child, () => `${stdout}\n${stderr}`);
    else child.stdin.end(input ?? '');
  });
}

const npmNoise = /^npm warn Unknown (user|env) config .*\n?/gm;
const show = (r) =>
  [r.stdout.trim(), r.stderr.replace(npmNoise, '').trim()].filter(Boolean).join('\n');

class CheckFailure extends Error {}
const fail = (message, result) => {
  throw new CheckFailure(result === undefined ? message : `${message}\n${show(result)}`);
};

const results = [];
/** Runs one check and records PASS (with an optional note) or FAIL (with what went wrong). */
async function check(name, body) {
  const slot = results.push(undefined) - 1; // printed in the order the checks began
  const t0 = performance.now();
  try {
    const note = await body();
    results[slot] = { name, ok: true, ms: performance.now() - t0, note };
  } catch (error) {
    const detail = error instanceof CheckFailure ? error.message : String(error?.stack ?? error);
    results[slot] = { name, ok: false, ms: performance.now() - t0, note: detail };
  }
}

// ---------------------------------------------------------------------------------------------
// The programs each check runs inside the temp project.

const SPEC = `{
    template: 'Amazon Web Services (AWS)',
    displayName: 'Smoke',
    credentials: { ClientSecret: 'x', SecretToken: 'y' },
  }`;
const FAST = '{ replication: { consecutive: 1, intervalMs: 10 } }';

const ESM_PROGRAM = `import assert from 'node:assert/strict';
import * as sdk from 'entra-provisioning';
import { createFakeGraph, AWS_TEMPLATE_ID } from 'entra-provisioning/testing';

assert.match(import.meta.resolve('entra-provisioning'), /\\/dist\\/index\\.js$/);
assert.match(import.meta.resolve('entra-provisioning/testing'), /\\/dist\\/testing\\.js$/);
const fake = createFakeGraph({ latencyMs: 0 });
const client = fake.client();
assert.ok(client instanceof sdk.ProvisioningClient, 'fake.client() is a ProvisioningClient');
const templates = await client.applicationTemplates.list({ top: 3 }).toArray();
assert.equal(templates.length, 3, 'lists templates');
const r = await client.configureProvisioning(${SPEC}, ${FAST});
assert.equal(r.servicePrincipal.applicationTemplateId, AWS_TEMPLATE_ID);
assert.equal(r.created.application, true);
assert.equal(r.started, true);
const error = await client.servicePrincipals.byId(crypto.randomUUID()).get().catch((e) => e);
assert.ok(sdk.isGraphError(error) && error instanceof sdk.NotFoundError, 'typed errors');
console.log('${MARKER}', JSON.stringify({ node: process.version, format: 'esm', templates: templates.length, job: r.job.id }));
`;

const CJS_PROGRAM = `const assert = require('node:assert/strict');
const sdk = require('entra-provisioning');
const { createFakeGraph, AWS_TEMPLATE_ID } = require('entra-provisioning/testing');

assert.match(require.resolve('entra-provisioning'), /[\\\\/]dist[\\\\/]index\\.cjs$/);
assert.match(require.resolve('entra-provisioning/testing'), /[\\\\/]dist[\\\\/]testing\\.cjs$/);
(async () => {
  const fake = createFakeGraph({ latencyMs: 0 });
  const client = fake.client();
  assert.ok(client instanceof sdk.ProvisioningClient, 'fake.client() is a ProvisioningClient');
  const templates = await client.applicationTemplates.list({ top: 3 }).toArray();
  assert.equal(templates.length, 3, 'lists templates');
  const r = await client.configureProvisioning(${SPEC}, ${FAST});
  assert.equal(r.servicePrincipal.applicationTemplateId, AWS_TEMPLATE_ID);
  assert.equal(r.created.application, true);
  assert.equal(r.started, true);
  const error = await client.servicePrincipals.byId(crypto.randomUUID()).get().catch((e) => e);
  assert.ok(sdk.isGraphError(error) && error instanceof sdk.NotFoundError, 'typed errors');
  console.log('${MARKER}', JSON.stringify({ node: process.version, format: 'cjs', templates: templates.length, job: r.job.id }));
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
`;

// ESM TypeScript (the project is "type": "module"): imports, types and top-level await.
const TSX_PROGRAM = `import { ProvisioningClient, SynchronizationJobSchema, isGraphError, type ApplicationTemplate, type SynchronizationJob } from 'entra-provisioning';
import { createFakeGraph, type FakeGraph } from 'entra-provisioning/testing';
import * as z from 'zod';

// The exported schemas, bundled with their own zod, compose with the user's zod, in types too.
const Wrapped = z.object({ job: SynchronizationJobSchema, note: z.string() });
const wrapped: { job: z.infer<typeof SynchronizationJobSchema>; note: string } = Wrapped.parse({ job: { id: 'j' }, note: 'n' });
const asJob: SynchronizationJob = wrapped.job;
if (asJob.id !== 'j') throw new Error('schema composition');

const fake: FakeGraph = createFakeGraph({ latencyMs: 0 });
const client: ProvisioningClient = fake.client();
const templates: ApplicationTemplate[] = await client.applicationTemplates.list({ top: 2 }).toArray();
const r = await client.configureProvisioning(${SPEC}, ${FAST});
const error: unknown = await client.applicationTemplates.get('').catch((e: unknown) => e);
if (!isGraphError(error) || error.kind !== 'invalidInput') throw new Error('expected invalidInput');
console.log('${MARKER}', templates.length, r.job.templateId, r.started);
`;

// Type-checked, never run, under each compiler setup of CONSUMER_SETUPS: what most users write.
// No zod import, so that it compiles where zod's own declarations cannot (node10 without
// esModuleInterop); \`Infer\` reads the output type as \`z.infer\` does.
const CONSUMER_PROGRAM = `import { ProvisioningClient, SynchronizationJobSchema, NotFoundError, isGraphError } from 'entra-provisioning';
import type { SynchronizationJob } from 'entra-provisioning';
import { createFakeGraph } from 'entra-provisioning/testing';
import type { FakeGraph } from 'entra-provisioning/testing';

type Infer<S extends { _zod: { output: unknown } }> = S['_zod']['output'];
type Job = Infer<typeof SynchronizationJobSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The model type is what the schema parses to, less the index signature of a loose object.
const toModel = (job: Job): SynchronizationJob => job;
const inferred: [Same<Job['id'], string>, Same<ReturnType<typeof SynchronizationJobSchema.parse>, Job>] = [true, true];
const Verified = SynchronizationJobSchema.brand<'VerifiedJob'>();

function describeJob(value: unknown): string {
  const parsed = SynchronizationJobSchema.safeParse(value);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => \`\${issue.path.join('.')}: \${issue.message}\`).join('; ');
  }
  const job: SynchronizationJob = parsed.data;
  const state: string | undefined = job.schedule?.state;
  return \`\${job.id} \${job.templateId ?? '-'} \${state ?? '-'}\`;
}

function explain(e: unknown): string {
  if (!isGraphError(e)) return String(e);
  switch (e.kind) {
    case 'notFound':
      return \`no such object (request-id \${e.requestId ?? '-'})\`;
    case 'throttled':
      return \`wait \${e.retryAfterMs} ms\`;
    case 'invalidInput':
      return e.issues.map((issue) => issue.message).join('; ');
    case 'quarantined':
      return \`\${e.jobId}: \${e.quarantine.reason ?? '-'}\`;
    default:
      return \`\${e.kind} \${e.status ?? '-'} \${e.message}\`;
  }
}

async function main(): Promise<void> {
  const fake: FakeGraph = createFakeGraph({ latencyMs: 0 });
  const client: ProvisioningClient = fake.client();
  const jobs: SynchronizationJob[] = await client.servicePrincipals
    .byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e')
    .synchronization.jobs.list()
    .toArray();
  console.log(jobs.map((job) => job.id), describeJob({ id: 'j' }), explain(new NotFoundError('x')));
  console.log(toModel({ id: 'j' }).id, inferred, Verified);
}
void main();
`;

// The user's own zod with our schemas (where zod's declarations load: not node10 without
// esModuleInterop).
const ZOD_CONSUMER_PROGRAM = `import * as z from 'zod';
import { SynchronizationJobSchema } from 'entra-provisioning';
import type { SynchronizationJob } from 'entra-provisioning';

type Job = z.infer<typeof SynchronizationJobSchema>;
const job: Job = SynchronizationJobSchema.parse({ id: 'j' });
const asModel: SynchronizationJob = job;
const Wrapped = z.object({ job: SynchronizationJobSchema, jobs: z.array(SynchronizationJobSchema), note: z.string() });
const wrapped: { job: SynchronizationJob; jobs: SynchronizationJob[]; note: string } = Wrapped.parse({});
const innerId: string = Wrapped.parse({}).job.id;
export { asModel, wrapped, innerId };
`;

// tsc setups for the consumer: compiler options, files, and which declarations it must read.
const CONSUMER_SETUPS = [
  {
    name: 'module commonjs, moduleResolution node10, no esModuleInterop',
    options: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: false },
    files: ['consumer.ts'],
    reads: [/\/dist\/node10\/index\.d\.cts$/, /\/dist\/node10\/testing\.d\.cts$/],
    never: [/\/node_modules\/zod\//],
  },
  {
    name: "module commonjs, moduleResolution node10, esModuleInterop, with the user's zod",
    options: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true },
    files: ['consumer.ts', 'zod-consumer.ts'],
    reads: [/\/dist\/node10\/index\.d\.cts$/, /\/node_modules\/zod\/index\.d\.cts$/],
    never: [],
  },
  {
    name: "module/moduleResolution nodenext (ESM .ts and CJS .cts), with the user's zod",
    options: { module: 'nodenext', moduleResolution: 'nodenext' },
    files: ['consumer.ts', 'consumer.cts', 'zod-consumer.ts'],
    reads: [/\/dist\/index\.d\.ts$/, /\/dist\/index\.d\.cts$/, /\/dist\/testing\.d\.cts$/],
    never: [/\/dist\/node10\//],
  },
  {
    name: "module esnext, moduleResolution bundler, with the user's zod",
    options: { module: 'esnext', moduleResolution: 'bundler' },
    files: ['consumer.ts', 'zod-consumer.ts'],
    reads: [/\/dist\/index\.d\.ts$/, /\/dist\/testing\.d\.ts$/],
    never: [/\/dist\/node10\//],
  },
];

// What a user types into `ts-node -i`, one line at a time.
const REPL_LINES = [
  "const { ProvisioningClient } = require('entra-provisioning');",
  "const { createFakeGraph } = require('entra-provisioning/testing');",
  // Types too: these resolve as TypeScript resolves them for this project (module commonjs).
  "import type { ProvisioningClient as Client } from 'entra-provisioning';",
  "import type { FakeGraph } from 'entra-provisioning/testing';",
  'const fake: FakeGraph = createFakeGraph({ latencyMs: 0 });',
  'const client: Client = fake.client();',
  'client instanceof ProvisioningClient',
  `client.applicationTemplates.list({ top: 2 }).toArray().then((t) => console.log('${MARKER}-REPL ' + t.length + ' ' + (t[0]?.displayName ?? '')));`,
];

// ---------------------------------------------------------------------------------------------

function installedVersion(name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/**
 * Where `npm pack` runs: a fresh clone of HEAD with its dependencies installed by `npm ci`, or the
 * working tree with SMOKE_PACK_FROM=worktree (or outside a git checkout).
 */
async function packSource(tmp) {
  const git = await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root });
  if (process.env.SMOKE_PACK_FROM === 'worktree' || git.code !== 0) {
    console.log('packing the working tree (prepack builds it)');
    return root;
  }
  const dirty = await run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root });
  if (dirty.stdout.trim() !== '') {
    console.log(
      'note: uncommitted changes are not in the clean clone (SMOKE_PACK_FROM=worktree packs them)',
    );
  }
  const clone = join(tmp, 'clone');
  let ready = false;
  await check('clean clone of HEAD, npm ci (no dist/ before npm pack)', async () => {
    const cloned = await run('git', ['clone', '--quiet', '--no-hardlinks', root, clone]);
    if (cloned.code !== 0) fail('git clone failed', cloned);
    if (existsSync(join(clone, 'dist'))) fail('the clone has a dist/ folder before any build');
    const ci = await run(
      npm,
      ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      { cwd: clone, timeoutMs: 600_000 },
    );
    if (ci.code !== 0) fail('npm ci failed', ci);
    ready = true;
  });
  return ready ? clone : undefined;
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'entra-provisioning-smoke-'));
  const project = join(tmp, 'project');
  const packDir = join(tmp, 'pack');
  mkdirSync(project);
  mkdirSync(packDir);
  console.log(`smoke test of the packed ${pkg.name}@${pkg.version} in ${tmp}`);
  try {
    // 1. Pack, from a clean clone: prepack must build.
    const source = await packSource(tmp);
    if (source === undefined) return;
    let tarball;
    await check('npm pack (prepack builds): every `files` entry is in the tarball', async () => {
      const r = await run(npm, ['pack', '--json', '--pack-destination', packDir], {
        cwd: source,
        timeoutMs: 600_000,
      });
      if (r.code !== 0) fail('npm pack failed', r);
      const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
      tarball = join(packDir, info.filename);
      const packed = info.files.map((f) => f.path);
      // An entry is a path (a file or a folder) or a glob such as docs/*.md.
      const matches = (entry) =>
        entry.includes('*')
          ? (p) =>
              new RegExp(
                `^${entry.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`,
              ).test(p)
          : (p) => p === entry || p.startsWith(`${entry}/`);
      const missing = pkg.files.filter((entry) => !packed.some(matches(entry)));
      const bins = Object.values(pkg.bin ?? {}).map((b) => b.replace(/^\.\//, ''));
      missing.push(...bins.filter((b) => !packed.includes(b)).map((b) => `${b} (bin)`));
      // What the exports map points at: a tarball without them installs, then fails on import.
      const entries = Object.values(pkg.exports)
        .flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))
        .flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))
        .map((e) => e.replace(/^\.\//, ''))
        .filter((e) => e.startsWith('dist/'));
      missing.push(...entries.filter((e) => !packed.includes(e)).map((e) => `${e} (export)`));
      const stray = packed.filter((p) => /^(src|test|scripts)\//.test(p));
      if (stray.length > 0) fail(`sources in the tarball: ${stray.join(', ')}`);
      const note = `${info.filename}, ${packed.length} files, ${(info.size / 1024).toFixed(0)} kB`;
      if (missing.length > 0) fail(`missing from the tarball: ${missing.join(', ')} (${note})`);
      return note;
    });
    if (tarball === undefined) return;

    // 2. A fresh project.
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'smoke', version: '1.0.0', private: true, type: 'module' }, null, 2),
    );
    let installed = false;
    await check('npm install of the tarball in a fresh project', async () => {
      const r = await run(
        npm,
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          '--loglevel=error',
          tarball,
          `typescript@${installedVersion('typescript')}`,
          `ts-node@${installedVersion('ts-node')}`,
          `@types/node@${installedVersion('@types/node')}`,
          // The app's own zod and commander, at the versions the lock file pins for us: our
          // caret ranges must let npm install one copy of each, not a second for the package.
          `zod@${installedVersion('zod')}`,
          `commander@${installedVersion('commander')}`,
        ],
        { cwd: project, timeoutMs: 300_000 },
      );
      if (r.code !== 0) fail('npm install failed', r);
      const version = JSON.parse(
        readFileSync(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8'),
      ).version;
      if (version !== pkg.version) fail(`installed ${version}, expected ${pkg.version}`);
      installed = true;
    });
    if (installed) {
      await check(
        "runtime dependencies as caret ranges; the app's zod and commander are the only copies",
        async () => {
          const shipped = JSON.parse(
            readFileSync(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8'),
          );
          const exact = Object.entries(shipped.dependencies ?? {}).filter(
            ([, r]) => !r.startsWith('^'),
          );
          if (exact.length > 0)
            fail(`not caret ranges: ${exact.map(([n, r]) => `${n}@${r}`).join(', ')}`);
          const r = await run(npm, ['ls', 'zod', 'commander', '--all', '--json'], { cwd: project });
          const copies = { zod: new Set(), commander: new Set() };
          const walk = (deps = {}, where = '') => {
            for (const [name, info] of Object.entries(deps)) {
              if (name in copies) copies[name].add(`${info.version}`);
              walk(info.dependencies, `${where}/${name}`);
            }
          };
          walk(JSON.parse(r.stdout || '{}').dependencies);
          for (const [name, versions] of Object.entries(copies)) {
            if (versions.size !== 1)
              fail(`${name}: ${versions.size} versions installed (${[...versions].join(', ')})`, r);
          }
          // npm ls reports a deduped copy under each dependant; one directory is what counts.
          if (existsSync(join(project, 'node_modules', pkg.name, 'node_modules', 'zod'))) {
            fail('a second zod under node_modules/entra-provisioning/node_modules');
          }
          return `one zod ${[...copies.zod][0]}, one commander ${[...copies.commander][0]}; ${Object.keys(shipped.dependencies).length} runtime dependencies, all ^`;
        },
      );
    }
    if (!installed) return;

    // 3. The checks.
    writeFileSync(join(project, 'esm.mjs'), ESM_PROGRAM);
    writeFileSync(join(project, 'cjs.cjs'), CJS_PROGRAM);
    writeFileSync(join(project, 'script.ts'), TSX_PROGRAM);
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_PROGRAM);
    writeFileSync(join(project, 'consumer.cts'), CONSUMER_PROGRAM);
    writeFileSync(join(project, 'zod-consumer.ts'), ZOD_CONSUMER_PROGRAM);
    CONSUMER_SETUPS.forEach((setup, i) =>
      writeFileSync(
        join(project, `tsconfig.consumer-${i}.json`),
        JSON.stringify(
          {
            compilerOptions: {
              ...setup.options,
              target: 'es2022',
              strict: true,
              noEmit: true,
              skipLibCheck: false,
              types: ['node'],
            },
            files: setup.files,
          },
          null,
          2,
        ),
      ),
    );
    // ts-node's REPL: what most ts-node projects have (module commonjs → moduleResolution node10).
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: { module: 'commonjs', target: 'es2022', strict: true, types: ['node'] },
        },
        null,
        2,
      ),
    );
    // The tsx script, type-checked as an ESM project compiles it.
    writeFileSync(
      join(project, 'tsconfig.esm.json'),
      JSON.stringify(
        {
          compilerOptions: {
            module: 'nodenext',
            target: 'es2022',
            strict: true,
            noEmit: true,
            types: ['node'],
          },
          files: ['script.ts'],
        },
        null,
        2,
      ),
    );

    const nodeCheck = (label, command, args, file, major) =>
      check(`${label}: ${file.endsWith('.cjs') ? 'require (CJS)' : 'import (ESM)'}`, async () => {
        const r = await run(command, [...args, file], { cwd: project });
        if (r.code !== 0) fail(`exit ${r.code}`, r);
        const line = r.stdout.split('\n').find((l) => l.startsWith(`${MARKER} `));
        if (line === undefined) fail('no success line', r);
        const { node } = JSON.parse(line.slice(MARKER.length + 1));
        if (!node.startsWith(`v${major}.`)) fail(`ran on Node ${node}, expected ${major}`);
        const warnings = r.stderr.replace(npmNoise, '').trim();
        return warnings === '' ? node : `${node}; stderr: ${warnings.split('\n')[0]}`;
      });

    // The guide's recipes, from the page as installed: the doc users read is the one tested.
    const recipes = readRecipes(readFileSync(join(project, GUIDE), 'utf8'));
    const recipeCheck = (name, label, repl) =>
      check(`REPL recipe '${name}' of docs/repl-and-notebooks.md (${label})`, async () => {
        const recipe = recipes.get(name);
        if (recipe === undefined) fail(`the page has no recipe '${name}'`);
        const dir = join(project, 'recipes', label.replace(/\W+/g, '-'));
        const { problems, output } = await runRecipe(recipe, { dir, ...repl });
        if (problems.length > 0)
          fail(`${problems.join('\n')}\n--- what the REPL printed`, { stdout: output, stderr: '' });
        return `${recipe.repl.length} lines typed, ${recipe.output.length} output lines found`;
      });

    const current = process.versions.node.split('.')[0];
    const checks = [];
    for (const file of ['esm.mjs', 'cjs.cjs']) {
      checks.push(nodeCheck(`Node ${current}`, process.execPath, [], file, current));
    }
    // Both files of one Node version in sequence: npx fetches the binary once.
    for (const major of OTHER_NODES) {
      checks.push(
        (async () => {
          for (const file of ['esm.mjs', 'cjs.cjs']) {
            await nodeCheck(
              `Node ${major}`,
              npx,
              ['-y', '-p', `node@${major}`, 'node'],
              file,
              major,
            );
          }
          await recipeCheck('node', `node -i on Node ${major}`, {
            command: npx,
            args: ['-y', '-p', `node@${major}`, 'node', '-i'],
          });
        })(),
      );
    }

    checks.push(
      check(
        'ts-node REPL: require + types of both entries, fake client, list templates',
        async () => {
          const tsNode = join(
            project,
            'node_modules',
            '.bin',
            isWindows ? 'ts-node.cmd' : 'ts-node',
          );
          const r = await run(tsNode, ['-i'], {
            cwd: project,
            timeoutMs: 60_000,
            input: (child, output) => {
              for (const line of REPL_LINES) child.stdin.write(`${line}\n`);
              // `.exit` once the promise printed its line, a line failed to compile, or after 30 s.
              const t0 = Date.now();
              const poll = setInterval(() => {
                const seen = output();
                if (
                  seen.includes(`${MARKER}-REPL`) ||
                  (/error TS\d+/.test(seen) && Date.now() - t0 > 3_000) ||
                  Date.now() - t0 > 30_000
                ) {
                  clearInterval(poll);
                  child.stdin.end('.exit\n');
                }
              }, 50);
            },
          });
          const output = `${r.stdout}\n${r.stderr}`;
          const tsErrors = [...new Set(output.match(/error TS\d+:[^\n]*/g) ?? [])];
          if (tsErrors.length > 0) fail(`TypeScript errors in the REPL:\n${tsErrors.join('\n')}`);
          const line = /SMOKE-OK-REPL (\d+) ([^\n]*)/.exec(r.stdout);
          if (line === null) fail('the REPL never printed the templates', r);
          if (line[1] !== '2') fail(`listed ${line[1]} templates, expected 2`, r);
          if (!/\btrue\b/.test(r.stdout))
            fail('client instanceof ProvisioningClient is not true', r);
          if (r.code !== 0) fail(`exit ${r.code}`, r);
          return `listed 2 (${line[2]})`;
        },
      ),
    );

    const tsx = join(root, 'node_modules', '.bin', isWindows ? 'tsx.cmd' : 'tsx');
    for (const [name, label] of [
      ['node', `node -i on Node ${current}`],
      ['tsx', 'tsx -i'],
      ['ts-node', 'ts-node -i'],
    ]) {
      checks.push(recipeCheck(name, label, replCommand(name, { project, tsx, isWindows })));
    }
    const unknown = [...recipes.keys()].filter(
      (name) => !['node', 'tsx', 'ts-node'].includes(name),
    );
    if (unknown.length > 0) {
      checks.push(
        check('every recipe of docs/repl-and-notebooks.md has a REPL here', () =>
          fail(`no REPL for: ${unknown.join(', ')}`),
        ),
      );
    }

    checks.push(
      check('tsx: ESM .ts script with top-level await importing both entries', async () => {
        const r = await run(tsx, ['script.ts'], { cwd: project });
        if (r.code !== 0) fail(`exit ${r.code}`, r);
        if (!r.stdout.includes(`${MARKER} 2 aws true`)) fail('unexpected output', r);
      }),
    );
    checks.push(
      check('tsc --noEmit of the tsx script (module nodenext)', async () => {
        const tsc = join(project, 'node_modules', '.bin', isWindows ? 'tsc.cmd' : 'tsc');
        const r = await run(tsc, ['-p', 'tsconfig.esm.json'], { cwd: project });
        if (r.code !== 0) fail(`exit ${r.code}`, r);
      }),
    );
    // One after the other: each is a full type check of the declarations (skipLibCheck off).
    checks.push(
      (async () => {
        const tsc = join(project, 'node_modules', '.bin', isWindows ? 'tsc.cmd' : 'tsc');
        for (const [i, setup] of CONSUMER_SETUPS.entries()) {
          await check(`tsc consumer, skipLibCheck false: ${setup.name}`, async () => {
            const r = await run(tsc, ['-p', `tsconfig.consumer-${i}.json`, '--listFiles'], {
              cwd: project,
            });
            const errors = r.stdout.match(/error TS\d+/g) ?? [];
            if (r.code !== 0) fail(`exit ${r.code}, ${errors.length} errors`, r);
            const read = r.stdout
              .split('\n')
              .map((line) => line.trim().replaceAll('\\', '/'))
              .filter((line) => line.endsWith('.ts') || line.endsWith('.cts'));
            const unread = setup.reads.filter((re) => !read.some((f) => re.test(f)));
            if (unread.length > 0) fail(`read none of ${unread.join(', ')}`, r);
            const stray = read.filter((f) => setup.never.some((re) => re.test(f)));
            if (stray.length > 0) fail(`read ${stray.slice(0, 3).join(', ')}`);
            const ours = read
              .filter((f) => f.includes(`/node_modules/${pkg.name}/`))
              .map((f) => f.slice(f.indexOf(`/node_modules/${pkg.name}/`) + pkg.name.length + 15));
            const zod = read.filter((f) => f.includes('/node_modules/zod/')).length;
            return `${ours.join(', ')}; ${zod} zod files`;
          });
        }
      })(),
    );

    const bin = join(project, 'node_modules', '.bin', isWindows ? `${pkg.name}.cmd` : pkg.name);
    checks.push(
      (async () => {
        await check(`CLI: ${pkg.name} --version prints ${pkg.version}`, async () => {
          if (!existsSync(bin)) fail(`no node_modules/.bin/${pkg.name} (is dist/cli.js built?)`);
          const r = await run(bin, ['--version'], { cwd: project, timeoutMs: 30_000 });
          if (r.code !== 0) fail(`exit ${r.code}`, r);
          if (r.stdout.trim().split('\n').at(-1).trim() !== pkg.version)
            fail(`expected ${pkg.version}`, r);
        });
        await check(`CLI: ${pkg.name} --fake --json templates list --top 2`, async () => {
          if (!existsSync(bin)) fail(`no node_modules/.bin/${pkg.name} (is dist/cli.js built?)`);
          const args = ['--fake', '--json', 'templates', 'list', '--top', '2'];
          const r = await run(bin, args, { cwd: project, timeoutMs: 30_000 });
          if (r.code !== 0) fail(`exit ${r.code}`, r);
          let json;
          try {
            json = JSON.parse(r.stdout);
          } catch {
            fail('stdout is not JSON', r);
          }
          const list = Array.isArray(json)
            ? json
            : Object.values(json ?? {}).find((v) => Array.isArray(v));
          if (!Array.isArray(list) || list.length !== 2) fail('expected 2 templates', r);
          if (!list.every((t) => typeof t?.id === 'string' && typeof t?.displayName === 'string'))
            fail('templates lack id or displayName', r);
          return list.map((t) => t.displayName).join(', ');
        });
      })(),
    );
    await Promise.all(checks);
  } finally {
    if (process.env.KEEP_SMOKE_DIR) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
let failed = 0;
for (const { name, ok, ms, note } of results) {
  if (!ok) failed += 1;
  const head = `${ok ? 'PASS' : 'FAIL'} ${name} (${(ms / 1000).toFixed(1)} s)`;
  if (!note) console.log(head);
  else if (ok) console.log(`${head}: ${note}`);
  else console.log(`${head}\n${note.replace(/^/gm, '     ')}`);
}
const total = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  failed === 0
    ? `smoke-pack: all ${results.length} checks passed in ${total} s`
    : `smoke-pack: ${failed} of ${results.length} checks FAILED (${total} s)`,
);
if (failed > 0 || results.length === 0) process.exitCode = 1;
