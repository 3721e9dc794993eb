/**
 * `entra-provisioning fake serve --tls`, used as its users will: Microsoft's own Graph client
 * (@microsoft/microsoft-graph-client, stock: its AuthenticationProvider interface, `customHosts`,
 * `PageIterator`) and the SDK's own CLI, each in a child process that trusts the fake's
 * certificate only through `NODE_EXTRA_CA_CERTS`, which Node reads when a process starts.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, until, type Run } from '../cli/helpers.js';
import { createFakeGraph, manualClock, type FakeGraph } from '../../src/testing/index.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(here, 'graph-client-over-tls.mjs');
const CLI = join(here, '..', '..', 'src', 'cli', 'bin.ts');

interface Serving {
  readonly url: string;
  readonly caPath: string;
  readonly ca: string;
  /** Stops `fake serve` (Ctrl-C) and resolves with its run. */
  stop(): Promise<Run>;
}

/** Every `fake serve` a test started: stopped after it, even when an assertion failed first. */
const started: (() => Promise<Run>)[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((stop) => stop()));
});

/** Runs `fake serve --tls` in-process on `fake`; resolves once it has printed where it is. */
async function serve(fake: FakeGraph, json = true): Promise<Serving> {
  const controller = new AbortController();
  let stdout = '';
  const running = cli([...(json ? ['--json'] : []), 'fake', 'serve', '--tls'], {
    fake,
    signal: controller.signal,
    onStdout: (text) => (stdout = text),
  });
  const stop = async (): Promise<Run> => {
    controller.abort();
    return running;
  };
  started.push(stop);
  if (!json) {
    await until(() => stdout.endsWith('\n'));
    return { url: stdout.trim(), caPath: '', ca: '', stop };
  }
  await until(() => stdout.trimEnd().endsWith('}'));
  return { ...(JSON.parse(stdout) as { url: string; caPath: string; ca: string }), stop };
}

interface GraphClientRun {
  readonly steps?: { servicePrincipalId: string; jobId: string; status: string };
  readonly logs?: { ids: string[]; complete: boolean };
  readonly error?: { status: number; code: string };
  readonly requests: { method: string; url: string; token: boolean }[];
}

/** Runs graph-client-over-tls.mjs in a child that trusts `caPath`. */
async function graphClient(
  serving: Serving,
  logsJobId: string,
  ...flags: string[]
): Promise<GraphClientRun> {
  const { stdout } = await run(process.execPath, [SCRIPT, serving.url, logsJobId, ...flags], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: serving.caPath },
  });
  return JSON.parse(stdout) as GraphClientRun;
}

/** A fake whose clock stands still (no cycle adds events), with 230 events of one job. */
function seededFake(): { fake: FakeGraph; logsJobId: string } {
  const fake = createFakeGraph({ latencyMs: 0, clock: manualClock() });
  return { fake, logsJobId: fake.seedProvisioningEvents(230).jobId };
}

describe("Microsoft's Graph client against fake serve --tls", () => {
  it('runs the five steps and pages every provisioning log, sending its token over https only', async () => {
    const { fake, logsJobId } = seededFake();
    const serving = await serve(fake);
    expect(serving.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(serving.caPath, 'utf8')).toBe(serving.ca);
    expect(statSync(dirname(serving.caPath)).mode & 0o777).toBe(0o700);

    const result = await graphClient(serving, logsJobId);
    expect(result.error).toBeUndefined();
    expect(result.steps?.status).toBe('Active');
    expect(fake.state.servicePrincipals.map((sp) => sp.id)).toEqual([
      result.steps?.servicePrincipalId,
    ]);
    expect(fake.state.servicePrincipals[0]?.secretKeys).toEqual(['ClientSecret', 'SecretToken']);
    // Every page came, once: 100 + 100 + 30, the later two from the https nextLinks.
    expect(result.logs?.complete).toBe(true);
    expect(result.logs?.ids).toHaveLength(230);
    expect(new Set(result.logs?.ids).size).toBe(230);
    const pages = result.requests.filter((r) => r.url.includes('/auditLogs/provisioning'));
    expect(pages).toHaveLength(3);
    expect(pages.slice(1).every((r) => r.url.includes('$skiptoken='))).toBe(true);
    // The five steps' eight requests, then the three pages: all to the fake, all with the token.
    expect(result.requests).toHaveLength(11);
    expect(result.requests.every((r) => r.url.startsWith(`${serving.url}/v1.0/`))).toBe(true);
    expect(result.requests.every((r) => r.token)).toBe(true);
    expect(fake.stats.byStatus[401]).toBeUndefined();

    const stopped = await serving.stop();
    expect(stopped.code).toBe(0);
    expect(existsSync(dirname(serving.caPath))).toBe(false);
  });

  it('withholds its token from a host missing from customHosts, which the fake refuses', async () => {
    const { fake, logsJobId } = seededFake();
    const serving = await serve(fake);
    const result = await graphClient(serving, logsJobId, '--no-custom-hosts');
    expect(result.error).toEqual({ status: 401, code: 'InvalidAuthenticationToken' });
    expect(result.requests).toHaveLength(1);
    expect(result.requests[0]?.token).toBe(false);
    expect(fake.state.servicePrincipals).toEqual([]);
  });
});

describe('fake serve --tls for the SDK and its CLI', () => {
  it('tells a person the CA file and the NODE_EXTRA_CA_CERTS line, and removes the file on exit', async () => {
    const serving = await serve(createFakeGraph({ latencyMs: 0 }), false);
    const { code, stdout, stderr } = await serving.stop();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^https:\/\/127\.0\.0\.1:\d+\n$/);
    const caPath = /NODE_EXTRA_CA_CERTS=(\S+)/.exec(stderr)?.[1] ?? '';
    expect(caPath).toMatch(/entra-provisioning-fake-[^/\\]+[/\\]ca\.pem$/);
    expect(stderr).toContain(
      `try: NODE_EXTRA_CA_CERTS=${caPath} ENTRA_PROVISIONING_TOKEN=fake entra-provisioning --base-url ${serving.url} templates list`,
    );
    expect(stdout + stderr).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
    expect(existsSync(caPath)).toBe(false);
  });

  it('serves the CLI run with --base-url https://… and NODE_EXTRA_CA_CERTS, and only with it', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const serving = await serve(fake);
    const argv = ['--import', 'tsx', CLI, '--base-url', serving.url, '--json'];
    const { NODE_EXTRA_CA_CERTS: _inherited, ...inherited } = process.env;
    const env = { ...inherited, ENTRA_PROVISIONING_TOKEN: 'fake', NO_COLOR: '1' };
    const listed = await run(process.execPath, [...argv, 'templates', 'list', '--top', '1'], {
      env: { ...env, NODE_EXTRA_CA_CERTS: serving.caPath },
    });
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
    const untrusted = await run(process.execPath, [...argv, 'templates', 'list', '--top', '1'], {
      env,
    }).catch((error: unknown) => error as { code: number; stderr: string });
    expect(untrusted).toMatchObject({ code: 1 });
    // A network error, retried as one (a few seconds of backoff), that names the TLS refusal.
    const { error } = JSON.parse((untrusted as { stderr: string }).stderr) as {
      error: { kind: string; message: string };
    };
    expect(error.kind).toBe('network');
    expect(error.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
