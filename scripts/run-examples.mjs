#!/usr/bin/env node
// Runs every runnable example (examples/*.ts except demo.ts, which CI runs as `npm run demo`,
// and the *.test.ts files, which vitest runs) with tsx against the embedded fake Graph, each with
// a timeout, and prints PASS, FAIL or SKIP with its duration. Exits 1 if any example fails.
//
//   npm run examples                      every example
//   npm run examples -- paging cli        only these (names without .ts)
//   npm run examples -- --verbose         print each example's output, not only a failure's
//
// An example exits with 77 to say it was skipped (examples/cli.ts before `npm run build`);
// a skip fails the run unless --allow-skip.
// Azure credentials are removed from the examples' environment: they must never reach a tenant.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = Number(process.env.EXAMPLE_TIMEOUT_MS ?? 30_000);
const SKIPPED = 77;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    verbose: { type: 'boolean', short: 'v', default: false },
    // CI builds first, so a skipped example there is a failure; locally, --allow-skip.
    'allow-skip': { type: 'boolean', default: false },
  },
});

const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
if (!existsSync(tsx)) {
  console.error(`${tsx} not found: run npm ci first`);
  process.exit(1);
}

const all = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'demo.ts')
  .sort();
const wanted = positionals.map((p) => p.replace(/^examples\//, '').replace(/\.ts$/, ''));
const unknown = wanted.filter((name) => !all.includes(`${name}.ts`));
if (unknown.length > 0) {
  console.error(`No such example: ${unknown.join(', ')} (have: ${all.join(', ')})`);
  process.exit(2);
}
const examples = wanted.length === 0 ? all : all.filter((f) => wanted.includes(f.slice(0, -3)));

const env = { ...process.env, NO_COLOR: '1' };
for (const name of [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_USERNAME',
  'ENTRA_PROVISIONING_TOKEN',
  'TARGET_APP_SECRETS',
  'AWS_CLIENT_SECRET',
  'AWS_SECRET_TOKEN',
]) {
  delete env[name];
}

/** Runs one example in its own process group, so a timeout ends tsx and the node it starts. */
function run(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(tsx, [join('examples', file)], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (process.platform === 'win32') child.kill('SIGKILL');
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, output, ms: Date.now() - started });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, timedOut: false, output: String(error), ms: Date.now() - started });
    });
  });
}

const indent = (text) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

const started = Date.now();
const counts = { PASS: 0, FAIL: 0, SKIP: 0 };
for (const file of examples) {
  const result = await run(file);
  const status = result.code === 0 ? 'PASS' : result.code === SKIPPED ? 'SKIP' : 'FAIL';
  counts[status] += 1;
  const why = result.timedOut
    ? ` (timed out after ${String(TIMEOUT_MS)} ms)`
    : status === 'FAIL'
      ? ` (exit ${String(result.code)})`
      : '';
  console.log(`${status}  examples/${file}  ${(result.ms / 1000).toFixed(1)} s${why}`);
  if (status === 'SKIP') {
    const reason = result.output.split('\n').find((line) => line.startsWith('SKIP'));
    if (reason) console.log(`    ${reason}`);
  }
  if ((status === 'FAIL' || values.verbose) && result.output.trim() !== '') {
    console.log(indent(result.output));
  }
}
console.log(
  `\n${String(counts.PASS)} passed, ${String(counts.FAIL)} failed, ${String(counts.SKIP)} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (counts.SKIP > 0 && !values['allow-skip']) {
  console.log('a skipped example fails the run (run `npm run build` first, or pass --allow-skip)');
}
process.exitCode = counts.FAIL > 0 || (counts.SKIP > 0 && !values['allow-skip']) ? 1 : 0;
