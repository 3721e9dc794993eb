/**
 * The CLI (docs/cli.md) from a script: runs the built `entra-provisioning` binary with `--json`,
 * as a pipeline would, and prints what it gets: the gallery on the embedded fake (`--fake`), a
 * usage error (exit 2), a bulk `apply` of a YAML manifest with one failing app (exit 3), and a
 * `fake serve` session that several commands share through `--base-url` (an app created, listed,
 * its jobs, secrets and logs, then deleted).
 *
 * Needs the build (`npm run build`, which writes dist/cli.js); without it, it says so and exits
 * with 77 ("skipped", for scripts/run-examples.mjs).
 *
 *   npm run build && npx tsx examples/cli.ts
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The binary: `entra-provisioning` is `node dist/cli.js` once installed. */
const CLI =
  process.env.ENTRA_PROVISIONING_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SKIPPED = 77;

if (!existsSync(CLI)) {
  console.log(`SKIP: ${CLI} does not exist. Build the CLI first: npm run build`);
  process.exit(SKIPPED);
}

/** The environment of every run: no colours, no Azure credentials picked up by accident. */
const DROPPED = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'ENTRA_PROVISIONING_TOKEN',
];
const BASE_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !DROPPED.includes(name))),
  NO_COLOR: '1',
};

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion (30 s at most). */
function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<Run> {
  console.log(
    `\n$ entra-provisioning ${args.map((a) => (/[\s()]/.test(a) ? `'${a}'` : a)).join(' ')}`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...BASE_ENV, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 120_000, // a hang guard only: a busy machine may take seconds to start a CLI
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // A CLI that exits before reading stdin makes this write fail with EPIPE: not a failure.
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      console.log(`  exit ${String(code)}`);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Parses a `--json` document, failing clearly when it is not one. */
function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what} is not one JSON document:\n${text.slice(0, 500)}`);
  }
}

/** A short view of a JSON value: arrays by length and first item, objects by keys. */
function brief(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'entra-provisioning-cli-'));
  try {
    // 1. The gallery, on the embedded fake: one JSON document on stdout.
    const list = await cli(['--fake', '--json', 'templates', 'list', '--top', '3']);
    assert.equal(list.code, 0, list.stderr);
    console.log(`  ${brief(json(list.stdout, 'templates list'))}`);

    const show = await cli(['--fake', '--json', 'templates', 'show', 'Amazon Web Services (AWS)']);
    assert.equal(show.code, 0, show.stderr);
    console.log(`  ${brief(json(show.stdout, 'templates show'))}`);

    // 2. A usage error: nothing is sent, exit 2, the error as JSON on stderr.
    const usage = await cli(['--fake', '--json', 'apps', 'create', '--name', 'AWS Contoso']);
    assert.equal(usage.code, 2);
    console.log(`  stderr: ${usage.stderr.trim().slice(0, 200)}`);

    // 3. Bulk: a manifest with three apps, credentials from a value, an environment variable and
    // a file; the Slack token starts with "bad", which the fake's target apps reject.
    await writeFile(join(dir, 'aws-token.txt'), 'aws-secret-token\n');
    const manifest = join(dir, 'apps.yaml');
    await writeFile(
      manifest,
      [
        'defaults:',
        '  template: Amazon Web Services (AWS)',
        'apps:',
        '  - displayName: AWS Contoso',
        '    credentials:',
        '      ClientSecret: { env: AWS_CLIENT_SECRET }',
        '      SecretToken: { file: ./aws-token.txt }',
        '  - displayName: AWS Fabrikam',
        '    credentials:',
        '      ClientSecret: fabrikam-client-secret',
        '      SecretToken: fabrikam-token',
        '  - displayName: Slack Contoso',
        '    template: Slack',
        '    credentials:',
        '      SecretToken: bad-slack-token',
        '',
      ].join('\n'),
    );
    const results = join(dir, 'apps.results.json');
    const env = { AWS_CLIENT_SECRET: 'aws-client-secret' };
    const dryRun = await cli(['--fake', '--json', 'apply', manifest, '--dry-run'], env);
    assert.equal(dryRun.code, 0, dryRun.stderr);
    console.log(`  ${brief(json(dryRun.stdout, 'apply --dry-run'))}`);
    const apply = await cli(['--fake', '--json', 'apply', manifest, '--results', results], env);
    assert.equal(apply.code, 3, apply.stderr); // partial failure: two apps ok, one failed
    console.log(`  ${brief(json(apply.stdout, 'apply'))}`);
    console.log(`  results file: ${brief(json(await readFile(results, 'utf8'), 'results file'))}`);
    for (const secret of ['aws-client-secret', 'aws-secret-token', 'fabrikam-token']) {
      assert.ok(!`${apply.stdout}${apply.stderr}`.includes(secret), 'a secret was echoed');
    }

    const schema = await cli(['apply', '--print-schema']);
    assert.equal(schema.code, 0, schema.stderr);
    console.log(`  ${brief(json(schema.stdout, 'apply --print-schema'))}`);

    // 4. A fake Graph over HTTP that several commands share (--fake lasts one command).
    const port = await freePort();
    console.log(`\n$ entra-provisioning fake serve --port ${String(port)} &`);
    const server = spawn(process.execPath, [CLI, 'fake', 'serve', '--port', String(port)], {
      env: BASE_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        const timer = setTimeout(() => {
          reject(new Error(`fake serve printed no URL within 10 s:\n${seen}`));
        }, 10_000);
        const look = (chunk: Buffer): void => {
          seen += chunk.toString('utf8');
          const match = /https?:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?/.exec(seen);
          if (match) {
            clearTimeout(timer);
            resolve(match[0]);
          }
        };
        server.stdout.on('data', look);
        server.stderr.on('data', look);
        server.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`fake serve exited with ${String(code)}:\n${seen}`));
        });
      });
      console.log(`  serving ${url}`);
      const served = { ENTRA_PROVISIONING_TOKEN: 'any' };
      const on = ['--base-url', url, '--json'];

      const created = await cli(
        [
          ...on,
          'apps',
          'create',
          '--template',
          'Amazon Web Services (AWS)',
          '--name',
          'AWS Contoso',
          '--secret',
          'ClientSecret=served-client-secret',
          '--secret',
          'SecretToken=served-token',
        ],
        served,
      );
      assert.equal(created.code, 0, created.stderr);
      assert.ok(!created.stdout.includes('served-client-secret'), 'a secret was echoed');
      console.log(`  ${brief(json(created.stdout, 'apps create'))}`);

      // The tenant's gallery apps, with their jobs: ids in full, to copy into other commands.
      const apps = await cli([...on, 'apps', 'list'], served);
      assert.equal(apps.code, 0, apps.stderr);
      console.log(`  ${brief(json(apps.stdout, 'apps list'))}`);

      // The service principal by display name, from here on.
      const jobs = await cli([...on, 'jobs', 'list', 'AWS Contoso'], served);
      assert.equal(jobs.code, 0, jobs.stderr);
      console.log(`  ${brief(json(jobs.stdout, 'jobs list'))}`);

      const wait = await cli(
        [...on, 'jobs', 'wait', 'AWS Contoso', '--for', 'running', '--timeout', '30s'],
        served,
      );
      assert.equal(wait.code, 0, wait.stderr);

      // A secret from stdin: only the key names saved are printed.
      const secrets = await cli(
        [...on, 'secrets', 'set', 'AWS Contoso', '--stdin', 'SecretToken'],
        served,
        'rotated-token\n',
      );
      assert.equal(secrets.code, 0, secrets.stderr);
      assert.ok(!secrets.stdout.includes('rotated-token'), 'a secret was echoed');
      console.log(`  ${brief(json(secrets.stdout, 'secrets set'))}`);

      const logs = await cli(
        ['--base-url', url, 'logs', '--sp', 'AWS Contoso', '--since', '2h', '--format', 'csv'],
        served,
      );
      assert.equal(logs.code, 0, logs.stderr);
      const lines = logs.stdout.trim().split('\n');
      console.log(`  ${String(lines.length)} CSV lines; header: ${lines[0] ?? ''}`);

      // An error from Graph (404: no service principal has this object id): exit 1, the error
      // as JSON on stderr.
      const missing = await cli([...on, 'jobs', 'show', crypto.randomUUID()], served);
      assert.equal(missing.code, 1);
      console.log(`  stderr: ${brief(json(missing.stderr, 'error'))}`);

      // Deleting an app: without --yes, what would go (exit 2, nothing sent); then for real.
      const wouldDelete = await cli([...on, 'apps', 'delete', 'AWS Contoso'], served);
      assert.equal(wouldDelete.code, 2, wouldDelete.stderr);
      console.log(`  ${brief(json(wouldDelete.stdout, 'apps delete'))}`);
      const deleted = await cli([...on, 'apps', 'delete', 'AWS Contoso', '--yes'], served);
      assert.equal(deleted.code, 0, deleted.stderr);
      console.log(`  ${brief(json(deleted.stdout, 'apps delete --yes'))}`);
    } finally {
      server.kill('SIGINT');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
