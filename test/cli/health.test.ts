/**
 * `entra-provisioning health`, in-process against the fake Graph, on a fake clock shared by the
 * fake's provisioning cycles and the grades.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeGraph, type FakeGraph } from '../../src/testing/index.js';
import { AWS_CREDENTIALS, awsApp } from '../testing/helpers.js';
import { cli, tempDir, until } from './helpers.js';

const MINUTE = 60_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(Date.parse('2026-11-23T09:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

/** A fake with a healthy job, one with object-level errors, and one quarantined. */
async function fleet(options: { quarantined?: boolean } = {}): Promise<FakeGraph> {
  const fake = createFakeGraph({
    latencyMs: 0,
    provisioning: { usersPerApp: [4, 4], failureRate: 0 },
  });
  const client = fake.client();
  const make = async (name: string, withCredentials: boolean) => {
    const app = await awsApp(client, name);
    const created = await app.sp.synchronization.jobs.create({ templateId: 'aws' });
    if (withCredentials) await app.sp.synchronization.secrets.put(AWS_CREDENTIALS);
    await app.sp.synchronization.jobs.byId(created.id).start();
    return created.id;
  };
  await make('Fine app', true);
  const quiet = await make('Quiet app', true);
  if (options.quarantined !== false) await make('Broken app', false);
  vi.setSystemTime(Date.now() + 10 * MINUTE);
  fake.stallJob(quiet);
  vi.setSystemTime(Date.now() + 30 * MINUTE);
  return fake;
}

describe('entra-provisioning health', () => {
  it('prints the jobs worst first with their reasons, and a summary line', async () => {
    const fake = await fleet();
    const run = await cli(['--fake', 'health'], { fake });
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => / app /.test(l));
    expect(rows.map((r) => r.split(/\s{2,}/).slice(0, 1)[0])).toEqual([
      'Broken app',
      'Fine app',
      'Quiet app',
    ]);
    expect(run.stdout).toMatch(
      /Broken app\s+\S+\s+quarantined\s+quarantined \(EncounteredQuarantineException/,
    );
    expect(run.stdout).toContain(
      '3 jobs: 1 quarantined, 2 healthy (3 service principals read in 2 requests)',
    );
  });

  it('says so when the tenant has no provisioning job', async () => {
    const run = await cli(['--fake', 'health'], { fake: createFakeGraph({ latencyMs: 0 }) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'No provisioning job found.\n0 jobs (0 service principals read in 1 request)\n',
    );
  });

  it('--fail-on unhealthy exits 5 with a quarantined job, and 0 without one', async () => {
    expect(
      (await cli(['--fake', 'health', '--fail-on', 'unhealthy'], { fake: await fleet() })).code,
    ).toBe(5);
    const calm = await fleet({ quarantined: false });
    expect((await cli(['--fake', 'health', '--fail-on', 'unhealthy'], { fake: calm })).code).toBe(
      0,
    );
  });

  it('--fail-on warning also fails on an app gone quiet once it is unhealthy', async () => {
    const fake = await fleet({ quarantined: false });
    expect((await cli(['--fake', 'health', '--fail-on', 'warning'], { fake })).code).toBe(0);
    vi.setSystemTime(Date.now() + 120 * MINUTE);
    const run = await cli(['--fake', 'health', '--fail-on', 'warning'], { fake });
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(/Quiet app.*unhealthy.*no cycle has completed for/);
  });

  it('refuses a bad --fail-on or --watch as a usage error, before any request', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    for (const argv of [
      ['--fake', 'health', '--fail-on', 'sometimes'],
      ['--fake', 'health', '--watch', '5s'],
      ['--fake', 'health', '--logs', 'last week'],
    ]) {
      const run = await cli(argv, { fake });
      expect(run.code).toBe(2);
    }
    expect(fake.stats.requests).toBe(0);
  });

  it('--json prints the report: summary, jobs with health and reasons, requests', async () => {
    const fake = await fleet();
    const run = await cli(['--fake', '--json', 'health', '--logs', '2h'], { fake });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      summary: Record<string, number>;
      jobs: { health: string; reasons: string[]; counts?: { failedEvents: number } }[];
      requests: number;
      logs: { failedEvents: number };
    };
    expect(report.summary).toMatchObject({ quarantined: 1, healthy: 2, jobs: 3 });
    expect(report.jobs[0]?.health).toBe('quarantined');
    expect(report.jobs.every((j) => j.counts !== undefined)).toBe(true);
    expect(report.requests).toBe(3);
  });

  it('--watch scans again each period and redraws in place on a terminal until Ctrl-C', async () => {
    const fake = await fleet();
    const stop = new AbortController();
    let draws = 0;
    const run = cli(['--fake', 'health', '--watch', '1m'], {
      fake,
      tty: true,
      signal: stop.signal,
      onStdout: (text) => {
        draws = text.split('service principals read').length - 1;
      },
    });
    await until(() => draws === 1);
    await vi.advanceTimersByTimeAsync(60_000);
    await until(() => draws === 2);
    stop.abort();
    const done = await run;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('\x1b[H\x1b[2J');
    expect(draws).toBe(2);
  });

  it('--html writes a self-contained report next to the table', async () => {
    const fake = await fleet();
    const dir = tempDir();
    const run = await cli(['--fake', 'health', '--html', 'report.html'], { fake, cwd: dir });
    expect(run.code).toBe(0);
    const file = join(dir, 'report.html');
    expect(existsSync(file)).toBe(true);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('Broken app');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
  });
});
