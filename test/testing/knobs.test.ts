import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AWS_TEMPLATE_ID,
  createFakeGraph,
  GRAPH_THROTTLE_LIMITS,
} from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';
import { AWS_CREDENTIALS, awsApp, awsJob, fakeTenant, raw } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('HTTP behaviour', () => {
  it('answers 401 InvalidAuthenticationToken without a bearer token', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const response = await fake.fetch('https://graph.microsoft.com/v1.0/applicationTemplates');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('answers Graph-shaped errors: 404 for unknown paths, 405 for wrong methods, 501 for unsupported operations', async () => {
    const { fake, client } = fakeTenant();
    const unknown = await raw(fake.fetch, '/v1.0/servicePrincipalz');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      error: { code: 'Request_UnsupportedQuery' },
    });
    expect(
      (unknown.body.error as { innerError: Record<string, unknown> }).innerError['request-id'],
    ).toMatch(/^[0-9a-f-]{36}$/);
    expect((await raw(fake.fetch, '/v1.0/applicationTemplates', { method: 'DELETE' })).status).toBe(
      405,
    );
    const { servicePrincipal } = await awsApp(client);
    expect(
      (
        await raw(
          fake.fetch,
          `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/connectivityParameters`,
          { method: 'PATCH', body: '{}' },
        )
      ).status,
    ).toBe(501);
    expect((await raw(fake.fetch, '/v2.0/applicationTemplates')).status).toBe(400);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const { fake } = fakeTenant();
    const { status } = await raw(
      fake.fetch,
      `/v1.0/applicationTemplates/${AWS_TEMPLATE_ID}/instantiate`,
      { method: 'POST', body: '{"displayName":' },
    );
    expect(status).toBe(400);
  });

  it('echoes client-request-id and adds request-id and Date headers', async () => {
    const { fake } = fakeTenant();
    const { headers } = await raw(fake.fetch, '/v1.0/applicationTemplates?$top=1', {
      headers: { 'client-request-id': 'abc' },
    });
    expect(headers.get('client-request-id')).toBe('abc');
    expect(headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('date')).toContain('GMT');
  });

  it('addresses a service principal by appId', async () => {
    const { client } = fakeTenant();
    const { application, servicePrincipal } = await awsApp(client);
    expect((await client.servicePrincipals.byAppId(application.appId ?? '').get()).id).toBe(
      servicePrincipal.id,
    );
  });
});

describe('latency', () => {
  it('delays every answer by latencyMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fake = createFakeGraph({ latencyMs: 250 });
    let done = false;
    const pending = fake
      .fetch('https://graph.microsoft.com/v1.0/applicationTemplates?$top=1', {
        headers: { Authorization: 'Bearer t' },
      })
      .then(() => {
        done = true;
      });
    await vi.advanceTimersByTimeAsync(249);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(done).toBe(true);
  });

  it('stops waiting when the request is aborted', async () => {
    const fake = createFakeGraph({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = fake.fetch('https://graph.microsoft.com/v1.0/applicationTemplates', {
      headers: { Authorization: 'Bearer t' },
      signal: controller.signal,
    });
    controller.abort(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
  });
});

describe('replication delay', () => {
  it('answers 404 Request_ResourceNotFound for new objects until the delay has passed', async () => {
    const { clock, client } = fakeTenant({ replicationDelayMs: 30_000 });
    const { servicePrincipal, sp } = await awsApp(client);
    const error = await rejection(sp.get());
    expect(error).toMatchObject({ kind: 'notFound', code: 'Request_ResourceNotFound' });
    expect(error.message).toContain(`Resource '${servicePrincipal.id}' does not exist`);
    expect((await rejection(sp.synchronization.templates.list().toArray())).kind).toBe('notFound');
    expect(
      await client.servicePrincipals.list({ filter: "displayName eq 'AWS Contoso'" }).toArray(),
    ).toEqual([]);
    clock.advance(30_000);
    expect((await sp.get()).id).toBe(servicePrincipal.id);
    const job = await sp.synchronization.jobs.create({ templateId: 'aws' });
    expect((await rejection(sp.synchronization.jobs.byId(job.id).get())).kind).toBe('notFound');
    clock.advance(30_000);
    expect((await sp.synchronization.jobs.byId(job.id).get()).id).toBe(job.id);
  });
});

describe('throttling', () => {
  it('enforces the reports limit of 5 requests per 10 seconds with Retry-After and x-ms-throttle headers', async () => {
    const { fake } = fakeTenant({ throttle: true });
    const statuses: number[] = [];
    let last: Headers | undefined;
    for (let i = 0; i < 6; i += 1) {
      const r = await raw(fake.fetch, '/v1.0/auditLogs/provisioning?$top=1');
      statuses.push(r.status);
      last = r.headers;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last?.get('retry-after')).toBe('2');
    expect(last?.get('x-ms-throttle-information')).toBe('ReportsLimitExceeded');
    // Graph's format: {scope}/{limit}/{application id}/{tenant id}.
    expect(last?.get('x-ms-throttle-scope')).toMatch(
      /^Tenant_Application\/Read\/[0-9a-f-]{36}\/7928d5b5-7442-4a97-9e2d-66f9b9972ec1$/,
    );
    expect(fake.stats.throttled).toBe(1);
  });

  it("refills the budget in real time, which the client waits in, not on the fake's clock", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { clock, fake } = fakeTenant({ throttle: true });
    const logs = () => raw(fake.fetch, '/v1.0/auditLogs/provisioning?$top=1');
    for (let i = 0; i < 5; i += 1) await logs();
    expect((await logs()).status).toBe(429);
    clock.advance(60_000);
    expect((await logs()).status).toBe(429);
    vi.advanceTimersByTime(2_000);
    expect((await logs()).status).toBe(200);
  });

  it('is waited out by the SDK on a manual clock that never moves', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fake, client } = fakeTenant({ throttle: true });
    const pages = Promise.all(
      Array.from({ length: 7 }, () => client.auditLogs.provisioning.list({ top: 1 }).toArray()),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(pages).resolves.toHaveLength(7);
    expect(fake.stats.throttled).toBeGreaterThan(0);
  });

  it('keeps one budget per app of a JWT, whichever token it presents', async () => {
    const jwt = (claims: object, nonce: string) =>
      `eyJhbGciOiJub25lIn0.${btoa(JSON.stringify({ ...claims, nonce })).replace(/=+$/, '')}.`;
    const app = { appid: '11111111-2222-4333-8444-555555555555', tid: 'contoso' };
    const other = { appid: '99999999-2222-4333-8444-555555555555', tid: 'contoso' };
    const { fake } = fakeTenant({ throttle: true });
    const logs = (token: string) =>
      raw(fake.fetch, '/v1.0/auditLogs/provisioning?$top=1', {
        headers: { Authorization: `Bearer ${token}` },
      });
    // A refreshed token (another nonce) draws on the same budget.
    for (let i = 0; i < 5; i += 1) await logs(jwt(app, String(i)));
    const refreshed = await logs(jwt(app, 'refreshed'));
    expect(refreshed.status).toBe(429);
    expect(refreshed.headers.get('x-ms-throttle-scope')).toContain(app.appid);
    expect((await logs(jwt(other, 'x'))).status).toBe(200);
  });

  it('throttles provisionOnDemand however the service principal is addressed', async () => {
    const { fake, client } = fakeTenant({ throttle: true });
    const { servicePrincipal, created } = await awsJob(client);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const address =
        i % 2 === 0 ? servicePrincipal.id : `servicePrincipals(appId='${servicePrincipal.appId}')`;
      const path =
        i % 2 === 0
          ? `/v1.0/servicePrincipals/${address}/synchronization/jobs/${created.id}/provisionOnDemand`
          : `/v1.0/${address}/synchronization/jobs/${created.id}/provisionOnDemand`;
      statuses.push((await raw(fake.fetch, path, { method: 'POST', body: '{}' })).status);
    }
    // The body is refused (400) until the budget of 5 per 10 s is spent, by id and by appId alike.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
  });

  it('scales the documented limits for tests', async () => {
    const { fake } = fakeTenant({ throttle: { scale: 0.001 } });
    expect(GRAPH_THROTTLE_LIMITS.writesPerAppTenant.requests).toBe(3_000);
    // 3,000 writes per 150 s becomes 3 per 150 ms, for each caller (token).
    const instantiate = (name: string) =>
      raw(fake.fetch, `/v1.0/applicationTemplates/${AWS_TEMPLATE_ID}/instantiate`, {
        method: 'POST',
        body: JSON.stringify({ displayName: name }),
      });
    expect([
      (await instantiate('one')).status,
      (await instantiate('two')).status,
      (await instantiate('three')).status,
    ]).toEqual([201, 201, 201]);
    const { status, headers } = await instantiate('four');
    expect(status).toBe(429);
    expect(headers.get('x-ms-throttle-information')).toBe('WriteLimitExceeded');
    expect(fake.state.applications).toHaveLength(3);
  });

  it('is waited out by the SDK, which honours Retry-After', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fake = createFakeGraph({ latencyMs: 0, throttle: true });
    const client = fake.client();
    const pages = Promise.all(
      Array.from({ length: 8 }, () => client.auditLogs.provisioning.list({ top: 1 }).toArray()),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(pages).resolves.toHaveLength(8);
    expect(fake.stats.throttled).toBeGreaterThan(0);
    expect(fake.stats.byStatus[200]).toBe(8);
  });
});

describe('faults', () => {
  it('injects 500, 503 and 504 before handling the request', async () => {
    for (const [fault, status] of [
      ['serverError', 500],
      ['serviceUnavailable', 503],
      ['gatewayTimeout', 504],
    ] as const) {
      const { fake } = fakeTenant({ faults: { [fault]: 1 } });
      const r = await raw(fake.fetch, `/v1.0/applicationTemplates/${AWS_TEMPLATE_ID}/instantiate`, {
        method: 'POST',
        body: JSON.stringify({ displayName: 'x' }),
      });
      expect(r.status).toBe(status);
      expect(fake.state.applications).toHaveLength(0);
    }
  });

  it('drops the connection: fetch rejects like a reset socket', async () => {
    const { fake } = fakeTenant({ faults: { connectionReset: 1 } });
    await expect(raw(fake.fetch, '/v1.0/applicationTemplates')).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { code: 'ECONNRESET' },
    });
  });

  it('truncates a JSON answer', async () => {
    const { fake } = fakeTenant({ faults: { truncatedJson: 1 } });
    const error = await rejection(
      fake.client({ maxRetries: 0 }).applicationTemplates.get(AWS_TEMPLATE_ID),
    );
    expect(error.kind).toBe('invalidResponse');
  });

  it('answers instantiate with 404 after creating the application and its service principal', async () => {
    const { fake, client } = fakeTenant({ faults: { instantiateNotFound: 1 } });
    const error = await rejection(
      client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'AWS Contoso' }),
    );
    expect(error.kind).toBe('notFound');
    expect(error.hint).toContain('look it up');
    expect(fake.state.applications.map((a) => a.displayName)).toEqual(['AWS Contoso']);
    const [found] = await client.servicePrincipals
      .list({ filter: "displayName eq 'AWS Contoso'" })
      .toArray();
    expect(found?.applicationTemplateId).toBe(AWS_TEMPLATE_ID);
  });

  it('limits faults to matching paths', async () => {
    const { fake, client } = fakeTenant({
      faults: { serverError: 1, paths: /\/synchronization\/jobs$/ },
    });
    const { sp } = await awsApp(client);
    expect((await rejection(sp.synchronization.jobs.create({ templateId: 'aws' }))).kind).toBe(
      'server',
    );
    expect(fake.stats.faults).toBe(1);
  });

  it('draws faults from the seed: the same seed fails the same requests', async () => {
    const run = async (seed: number) => {
      const fake = createFakeGraph({ seed, latencyMs: 0, faults: { serverError: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1)
        statuses.push((await raw(fake.fetch, '/v1.0/applicationTemplates?$top=1')).status);
      return statuses;
    };
    const first = await run(3);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run(3)).toEqual(first);
  });

  it('fires each fault at its stated rate, not less because another was drawn first', async () => {
    const fake = createFakeGraph({
      latencyMs: 0,
      faults: { serverError: 0.25, serviceUnavailable: 0.25, gatewayTimeout: 0.25 },
    });
    for (let i = 0; i < 2_000; i += 1) await raw(fake.fetch, '/v1.0/applicationTemplates?$top=1');
    const { byStatus } = fake.stats;
    for (const status of [200, 500, 503, 504]) {
      expect(byStatus[status]).toBeGreaterThan(400);
      expect(byStatus[status]).toBeLessThan(600);
    }
  });

  it('matches paths the same way every time, even with a /g pattern', async () => {
    const { fake } = fakeTenant({ faults: { serverError: 1, paths: /applicationTemplates/g } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await raw(fake.fetch, '/v1.0/applicationTemplates?$top=1')).status);
    expect(statuses).toEqual([500, 500, 500, 500]);
  });

  it('refuses a probability outside 0..1, and exclusive faults adding up to more than 1', () => {
    expect(() => createFakeGraph({ faults: { serverError: 2 } })).toThrow(RangeError);
    expect(() => createFakeGraph({ faults: { serverError: 0.6, gatewayTimeout: 0.6 } })).toThrow(
      /add up to at most 1/,
    );
  });
});

describe('options', () => {
  it.each([
    [{ provisioning: { perObjectMs: 0 } }, /perObjectMs/],
    [{ provisioning: { intervalMs: 0 } }, /intervalMs/],
    [{ provisioning: { failureRate: 1.5 } }, /failureRate/],
    [{ provisioning: { usersPerApp: [5, 2] as const } }, /usersPerApp/],
    [{ provisioning: { usersPerApp: [1, 1e9] as const } }, /usersPerApp/],
    [{ provisioning: { groupsPerApp: [0.5, 2] as const } }, /groupsPerApp/],
    [{ latencyMs: -1 }, /latencyMs/],
    [{ latencyMs: [5, 1] as const }, /latencyMs/],
    [{ replicationDelayMs: Number.NaN }, /replicationDelayMs/],
    [{ seed: 1.5 }, /seed/],
  ])('refuses %o with a RangeError naming the option', (options, name) => {
    expect(() => createFakeGraph(options)).toThrow(RangeError);
    expect(() => createFakeGraph(options)).toThrow(name);
  });

  it('assigns more users than there are distinct names, with numbered names', async () => {
    const { fake, client } = fakeTenant({
      provisioning: { usersPerApp: [900, 900], groupsPerApp: [12, 12] },
    });
    await awsApp(client);
    const assigned = fake.state.servicePrincipals[0]!.assigned;
    const names = assigned.map((o) => o.displayName);
    expect(assigned.filter((o) => o.type === 'User')).toHaveLength(900);
    expect(assigned.filter((o) => o.type === 'Group')).toHaveLength(12);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('state', () => {
  it('shows applications, service principals, jobs and events', async () => {
    const { fake, client, clock } = fakeTenant();
    const { job } = await awsJob(client);
    await job.start();
    clock.advance(60_000);
    const state = fake.state;
    expect(state.applications).toHaveLength(1);
    expect(state.servicePrincipals[0]!.secretKeys).toEqual(Object.keys(AWS_CREDENTIALS));
    expect(state.jobs[0]).toMatchObject({
      templateId: 'aws',
      scheduleState: 'Active',
      quarantined: false,
    });
    expect(state.eventCount).toBe(state.events.length);
    expect(state.events[0]).toHaveProperty('provisioningStatusInfo');
  });
});
