import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuarantinedError, summarizeProvisioningEvents } from '../../src/index.js';
import { createFakeGraph } from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';
import { awsJob } from '../testing/helpers.js';

beforeEach(() => {
  // The fake's clock is Date.now, so moving vitest's timers moves provisioning too.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function tenant() {
  const fake = createFakeGraph({ latencyMs: 0, provisioning: { usersPerApp: [10, 10] } });
  return { fake, client: fake.client() };
}

describe('job.waitFor', () => {
  it("resolves with the job once it reaches 'steadyState'", async () => {
    const { client } = tenant();
    const { job } = await awsJob(client);
    await job.start();
    const waiting = job.waitFor('steadyState', { pollIntervalMs: 1_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    const done = await waiting;
    expect(done.status?.code).toBe('Active');
    expect(done.status?.progress).toEqual([]);
    expect(done.status?.lastExecution?.timeEnded).toBeDefined();
  });

  it("resolves at once for 'running' after start", async () => {
    const { client } = tenant();
    const { job } = await awsJob(client);
    await job.start();
    expect((await job.waitFor('running')).status?.code).toBe('Active');
  });

  it('rejects with QuarantinedError, carrying the reason and the error, when the job goes into quarantine', async () => {
    const { client } = tenant();
    const { job } = await awsJob(client, { ClientSecret: 'bad-secret', SecretToken: 'token' });
    await job.start();
    const waiting = rejection(job.waitFor('steadyState', { pollIntervalMs: 1_000 }));
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await waiting;
    expect(error).toBeInstanceOf(QuarantinedError);
    expect(error).toMatchObject({
      kind: 'quarantined',
      jobId: job.id,
      quarantine: {
        reason: 'EncounteredQuarantineException',
        error: { code: 'AwsInvalidCredentials' },
        seriesCount: 1,
      },
    });
    expect(error.message).toContain('AwsInvalidCredentials');
    expect(error.hint).toContain('credentials');
  });

  it("waits for 'quarantined' without throwing", async () => {
    const { client } = tenant();
    const { job } = await awsJob(client, { ClientSecret: 'bad-secret', SecretToken: 'token' });
    await job.start();
    const waiting = job.waitFor('quarantined', { pollIntervalMs: 1_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await waiting).status?.quarantine?.reason).toBe('EncounteredQuarantineException');
  });

  it('takes a predicate', async () => {
    const { client } = tenant();
    const { job } = await awsJob(client);
    await job.start();
    const waiting = job.waitFor((j) => (j.status?.progress?.[0]?.completedUnits ?? 0) >= 5, {
      pollIntervalMs: 400,
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect((await waiting).status?.progress?.[0]?.completedUnits).toBeGreaterThanOrEqual(5);
  });

  it('gives up with TimeoutError after timeoutMs', async () => {
    const { client } = tenant();
    const { job } = await awsJob(client);
    const waiting = rejection(job.waitFor('running', { timeoutMs: 5_000, pollIntervalMs: 1_000 }));
    await vi.advanceTimersByTimeAsync(6_000);
    const error = await waiting;
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain("'running'");
  });

  it('stops with AbortedError when the signal fires', async () => {
    const { client } = tenant();
    const { job } = await awsJob(client);
    const controller = new AbortController();
    const waiting = rejection(
      job.waitFor('running', { signal: controller.signal, pollIntervalMs: 60_000 }),
    );
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect((await waiting).kind).toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses an unknown condition or a bad interval before reading the job', async () => {
    const { fake, client } = tenant();
    const { job } = await awsJob(client);
    const before = fake.stats.requests;
    expect((await rejection(job.waitFor('done' as never))).kind).toBe('invalidInput');
    expect((await rejection(job.waitFor('running', { pollIntervalMs: 0 }))).kind).toBe(
      'invalidInput',
    );
    expect(fake.stats.requests).toBe(before);
  });
});

describe('summarizeProvisioningEvents', () => {
  it('counts events by action, outcome and error code, and lists the failures', async () => {
    const fake = createFakeGraph({
      latencyMs: 0,
      provisioning: { failureRate: 0.4, usersPerApp: [30, 30] },
    });
    const client = fake.client();
    const { job, created } = await awsJob(client);
    await job.start();
    await vi.advanceTimersByTimeAsync(60_000);
    const events = await client.auditLogs.provisioning
      .list({ filter: { jobId: created.id } })
      .toArray();
    const summary = summarizeProvisioningEvents(events);
    expect(summary.total).toBe(events.length);
    const count = (status: string) =>
      events.filter((e) => e.provisioningStatusInfo?.status === status).length;
    expect(summary.byStatus.failure).toBe(count('failure'));
    expect(summary.byStatus.success).toBe(count('success'));
    expect(Object.values(summary.byAction).reduce((a, b) => a + b, 0)).toBe(events.length);
    expect(summary.failures).toHaveLength(count('failure'));
    expect(summary.failures[0]?.errorCode).toMatch(/\w+/);
    expect(summary.failures[0]?.reason).toMatch(/\w+/);
    expect(summary.failures.map((f) => f.activityDateTime)).toEqual(
      [...summary.failures.map((f) => f.activityDateTime)].sort(),
    );
    const codes = Object.keys(summary.byErrorCode);
    expect(codes.length).toBeGreaterThan(0);
  });

  it('reads the deprecated beta fields when the new ones are absent', () => {
    const summary = summarizeProvisioningEvents([
      {
        id: '1',
        activityDateTime: '2026-11-23T10:00:00Z',
        action: 'Create',
        statusInfo: { status: 'failure', errorCode: 'BoxEntryConflict', reason: 'conflict' },
      },
    ]);
    expect(summary.byAction).toEqual({ create: 1 });
    expect(summary.failures[0]).toMatchObject({
      errorCode: 'BoxEntryConflict',
      reason: 'conflict',
    });
  });

  it('summarises nothing as zeros', () => {
    expect(summarizeProvisioningEvents([])).toMatchObject({
      total: 0,
      failures: [],
      firstActivity: undefined,
    });
  });
});
