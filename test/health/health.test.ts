import { describe, expect, it } from 'vitest';
import { ProvisioningClient } from '../../src/client.js';
import { InvalidInputError } from '../../src/core/errors.js';
import { awsApp } from '../testing/helpers.js';
import { MINUTE, healthJob as job, healthTenant as tenant } from './fleet.js';

describe('client.provisioningHealth() grades each job the fake puts in a state', () => {
  it('a job created and never started is notStarted', async () => {
    const { client } = tenant();
    await job(client, 'Never started');
    const report = await client.provisioningHealth();
    expect(report.jobs.map((j) => [j.health, j.reasons])).toEqual([
      ['notStarted', ['never started: save its credentials and start it']],
    ]);
  });

  it('a job whose cycles succeed is healthy, with its last runs and no reasons', async () => {
    const { client, clock } = tenant();
    const { job: j } = await job(client, 'Fine');
    await j.start();
    clock.advance(10 * MINUTE);
    const [entry] = (await client.provisioningHealth()).jobs;
    expect(entry?.health).toBe('healthy');
    expect(entry?.reasons).toEqual([]);
    expect(entry?.lastRun?.state).toBe('Succeeded');
    expect(entry?.lastSuccessfulRun).toEqual(entry?.lastRun);
  });

  it('a job whose cycles fail some objects is a warning that sends to the provisioning logs', async () => {
    const { client, clock } = tenant({ provisioning: { failureRate: 1, usersPerApp: [5, 5] } });
    const { job: j } = await job(client, 'Some fail');
    await j.start();
    clock.advance(10 * MINUTE);
    const [entry] = (await client.provisioningHealth()).jobs;
    expect(entry?.health).toBe('warning');
    expect(entry?.reasons.join(' ')).toMatch(
      /failed to provision in its last cycle|object-level errors/,
    );
    expect(entry?.fixUrl).toContain('provisioning-logs');
  });

  it('a job started with bad credentials is quarantined, with the reason explained and when it began', async () => {
    const { client, clock } = tenant();
    const { job: j } = await job(client, 'Bad token', null);
    await j.start();
    clock.advance(10 * MINUTE);
    const [entry] = (await client.provisioningHealth()).jobs;
    expect(entry?.health).toBe('quarantined');
    expect(entry?.quarantine?.reason).toBe('EncounteredQuarantineException');
    expect(entry?.quarantine?.explanation).toMatch(/credentials are invalid/);
    expect(entry?.quarantine?.since).toMatch(/^2026-11-23T09:/);
    expect(entry?.quarantine?.disablesAt?.slice(0, 10)).toBe('2026-12-21');
    expect(entry?.fixUrl).toContain('application-provisioning-quarantine-status');
  });

  it('a paused job is disabled', async () => {
    const { client, clock } = tenant();
    const { job: j } = await job(client, 'Paused');
    await j.start();
    clock.advance(10 * MINUTE);
    await j.pause();
    const [entry] = (await client.provisioningHealth()).jobs;
    expect(entry?.health).toBe('disabled');
  });

  it('a job gone quiet with no error is unhealthy once no cycle completed for 3 intervals', async () => {
    const { client, fake, clock } = tenant();
    const { job: j, id } = await job(client, 'Quiet');
    await j.start();
    clock.advance(10 * MINUTE);
    fake.stallJob(id);
    clock.advance(100 * MINUTE);
    expect((await client.provisioningHealth()).jobs[0]?.health).toBe('healthy');
    clock.advance(40 * MINUTE);
    const [entry] = (await client.provisioningHealth()).jobs;
    expect(entry?.job.status?.code).toBe('Active');
    expect(entry?.health).toBe('unhealthy');
    expect(entry?.reasons).toEqual([
      'no cycle has completed for 2 h 30 min (more than 3 × its 40 min interval)',
    ]);
  });
});

describe('client.provisioningHealth() over a fleet', () => {
  it('sorts worst first, counts by health, and reads 1,000 service principals in 50 batches', async () => {
    const { client, fake, clock } = tenant();
    await job(client, 'B healthy');
    const quiet = await job(client, 'A quiet');
    const bad = await job(client, 'C bad', null);
    for (const j of [quiet, bad]) await j.job.start();
    // Another 997 service principals without jobs, as in any tenant.
    for (let i = 0; i < 997; i += 1) await awsApp(client, `Plain ${String(i)}`);
    clock.advance(10 * MINUTE);
    fake.stallJob(quiet.id);
    clock.advance(3 * 60 * MINUTE);
    const before = fake.stats;
    const events: string[] = [];
    const report = await client.provisioningHealth({
      onProgress: (e) => events.push(e.type),
    });
    expect(report.jobs.map((j) => [j.servicePrincipal.displayName, j.health])).toEqual([
      ['C bad', 'quarantined'],
      ['A quiet', 'unhealthy'],
      ['B healthy', 'notStarted'],
    ]);
    expect(report.summary).toMatchObject({
      quarantined: 1,
      unhealthy: 1,
      notStarted: 1,
      healthy: 0,
      jobs: 3,
      servicePrincipals: 1_000,
      unreadable: 0,
    });
    // Two pages of service principals (999 a page), 50 batches of 20 job reads.
    expect(fake.stats.requests - before.requests).toBe(52);
    expect(report.requests).toBe(52);
    expect(fake.stats.batched - before.batched).toBe(1_000);
    expect(events[0]).toBe('servicePrincipals');
    expect(events.filter((e) => e === 'jobs')).toHaveLength(50);
  });

  it('lists a service principal whose jobs cannot be read as unreadable, never as having none', async () => {
    const jwt = (roles: string[]) =>
      `eyJhbGciOiJub25lIn0.${btoa(JSON.stringify({ roles, appid: 'a', tid: 't' })).replace(/=+$/, '')}.`;
    const { fake } = tenant({ permissions: [], permissionErrors: 'realistic' });
    const admin = fake.client({
      accessToken: jwt(['Application.ReadWrite.All', 'Synchronization.ReadWrite.All']),
    });
    await job(admin, 'Hidden');
    // This caller may list service principals but lacks Synchronization.Read.All.
    const limited = fake.client({ accessToken: jwt(['Application.Read.All']) });
    const report = await limited.provisioningHealth();
    expect(report.jobs).toEqual([]);
    expect(report.unreadable).toHaveLength(1);
    expect(report.unreadable[0]?.servicePrincipal.displayName).toBe('Hidden');
    expect(report.unreadable[0]?.error.kind).toBe('unauthorized');
    expect(report.unreadable[0]?.error.hint).toMatch(/Synchronization/);
    expect(report.summary).toMatchObject({ jobs: 0, servicePrincipals: 0, unreadable: 1 });
  });

  it('reports a named service principal that does not exist as unreadable (404)', async () => {
    const { client } = tenant();
    const report = await client.provisioningHealth({
      servicePrincipalIds: ['0a0a0a0a-0000-4000-8000-000000000000'],
    });
    expect(report.unreadable.map((u) => u.error.kind)).toEqual(['notFound']);
  });

  it('reads only the service principals named, with their names, when given ids', async () => {
    const { client, fake } = tenant();
    const one = await job(client, 'Named');
    await job(client, 'Other');
    const before = fake.stats;
    const report = await client.provisioningHealth({
      servicePrincipalIds: [one.servicePrincipal.id],
    });
    expect(report.jobs.map((j) => j.servicePrincipal.displayName)).toEqual(['Named']);
    expect(fake.stats.requests - before.requests).toBe(1);
  });

  it('counts failed events per job, by error code and cycle, when asked for logs', async () => {
    const { client, clock } = tenant({ provisioning: { failureRate: 1, usersPerApp: [4, 4] } });
    const { job: j, id } = await job(client, 'Failing');
    await j.start();
    clock.advance(10 * MINUTE);
    const report = await client.provisioningHealth({
      logs: { since: new Date(clock() - 60 * MINUTE) },
      thresholds: { failedEvents: 2 },
    });
    const [entry] = report.jobs;
    expect(entry?.job.id).toBe(id);
    expect(entry?.counts?.failedEvents).toBeGreaterThanOrEqual(4);
    expect(Object.values(entry?.counts?.byErrorCode ?? {}).reduce((a, b) => a + b, 0)).toBe(
      entry?.counts?.failedEvents,
    );
    expect(entry?.counts?.cycles).toHaveLength(1);
    expect(entry?.reasons.some((r) => /failed provisioning events since/.test(r))).toBe(true);
    expect(report.logs?.failedEvents).toBe(entry?.counts?.failedEvents);
  });

  it('reports an app whose later page of jobs cannot be read as unreadable, and goes on', async () => {
    const ids = ['0a0a0a0a-0000-4000-8000-000000000001', '0a0a0a0a-0000-4000-8000-000000000002'];
    const client = new ProvisioningClient({
      accessToken: 'tok-9b1f-Very-Private',
      fetch: async (input, init) => {
        const url = input;
        if (url.includes('$skiptoken'))
          return Response.json({ error: { code: 'x' } }, { status: 403 });
        if (url.includes('/servicePrincipals?')) {
          return Response.json({ value: ids.map((id) => ({ id, displayName: id.slice(-1) })) });
        }
        const body = (await new Response(init?.body).json()) as {
          requests: { id: string; url: string }[];
        };
        return Response.json({
          responses: body.requests.map((r) => ({
            id: r.id,
            status: 200,
            body: {
              value: [{ id: `job-${r.id}` }],
              ...(r.url.includes(ids[0] as string)
                ? { '@odata.nextLink': `https://graph.microsoft.com/v1.0${r.url}?$skiptoken=x` }
                : {}),
            },
          })),
        });
      },
    });
    const report = await client.provisioningHealth();
    expect(report.jobs.map((j) => j.servicePrincipal.id)).toEqual([ids[1]]);
    expect(report.unreadable.map((u) => [u.servicePrincipal.id, u.error.kind])).toEqual([
      [ids[0], 'forbidden'],
    ]);
  });

  it('reads an app listed twice (its list shifted between pages) once, and grades its job once', async () => {
    const id = '0a0a0a0a-0000-4000-8000-000000000001';
    const batches: string[][] = [];
    const client = new ProvisioningClient({
      accessToken: 'tok-9b1f-Very-Private',
      fetch: async (input, init) => {
        if (input.includes('$skiptoken=2')) return Response.json({ value: [{ id }] });
        if (input.includes('/servicePrincipals?')) {
          return Response.json({
            value: [{ id, displayName: 'Twice' }],
            '@odata.nextLink': 'https://graph.microsoft.com/v1.0/servicePrincipals?$skiptoken=2',
          });
        }
        const body = (await new Response(init?.body).json()) as {
          requests: { id: string; url: string }[];
        };
        batches.push(body.requests.map((r) => r.url));
        return Response.json({
          responses: body.requests.map((r) => ({
            id: r.id,
            status: 200,
            body: { value: [{ id: 'job' }] },
          })),
        });
      },
    });
    const report = await client.provisioningHealth();
    expect(batches).toEqual([[`/servicePrincipals/${id}/synchronization/jobs`]]);
    expect(report.jobs.map((j) => [j.servicePrincipal.displayName, j.job.id])).toEqual([
      ['Twice', 'job'],
    ]);
  });

  it('never reports jobs read past 100 %, whatever Graph throttles', async () => {
    const { client } = tenant({
      throttle: { limits: { resourceUnitsPerAppTenant: { requests: 8, windowMs: 1_000 } } },
    });
    for (let i = 0; i < 5; i += 1) await job(client, `App ${String(i)}`);
    const seen: [number, number][] = [];
    const report = await client.provisioningHealth({
      onProgress: (e) => {
        if (e.type === 'jobs') seen.push([e.read, e.of]);
      },
    });
    expect(report.summary.jobs).toBe(5);
    expect(seen.at(-1)).toEqual([5, 5]);
    expect(seen.every(([read, of]) => read <= of)).toBe(true);
  });

  it('counts error codes in a record without a prototype, so constructor or __proto__ count like any code', async () => {
    const { client, fake, clock } = tenant();
    const { id } = await job(client, 'Odd codes');
    fake.seedProvisioningEvents(0, { jobId: id });
    const report = await client.provisioningHealth({
      logs: { since: new Date(clock() - 60 * MINUTE) },
    });
    expect(report.logs?.failedEvents).toBe(0);
    expect(Object.getPrototypeOf(report.logs?.byErrorCode)).toBe(null);
  });

  it('refuses bad options before any request', async () => {
    const { client, fake } = tenant();
    const before = fake.stats.requests;
    for (const options of [
      { concurrency: 0 },
      { servicePrincipalIds: ['not-a-guid'] },
      { logs: { since: 'yesterday' } },
      { logs: { since: new Date(Date.now() + 60_000) } },
      { thresholds: { staleIntervals: -1 } },
      { thresholds: { stale: 3 } },
      { thresholds: null },
      { onProgress: 5 },
    ]) {
      await expect(client.provisioningHealth(options as never)).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    }
    expect(fake.stats.requests).toBe(before);
  });
});
