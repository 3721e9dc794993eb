/**
 * configureProvisioning and configureProvisioningMany against the fake Graph, on vitest's
 * clock (the fake's clock is Date.now): replication waits and Retry-After pass in milliseconds.
 */
import { getEventListeners } from 'node:events';
import { resolveTemplate } from '../../src/workflows/template.js';
import { describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  AmbiguousMatchError,
  BadRequestError,
  InvalidInputError,
  type ProvisioningProgress,
  type ProvisioningSpec,
} from '../../src/index.js';
import {
  AWS_TEMPLATE_ID,
  createFakeGraph,
  type CreateFakeGraphOptions,
} from '../../src/testing/index.js';
import { settle, useTestClock } from '../helpers/clock.js';
import { rejection } from '../helpers/graph.js';

useTestClock();

const AWS = 'Amazon Web Services (AWS)';
const CREDENTIALS = { ClientSecret: 'client-secret', SecretToken: 'secret-token' };

function tenant(options: CreateFakeGraphOptions = {}) {
  const fake = createFakeGraph({ latencyMs: 0, ...options });
  return { fake, client: fake.client() };
}

const specs = (n: number, prefix = 'AWS'): ProvisioningSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    template: AWS,
    displayName: `${prefix} ${String(i + 1)}`,
    credentials: CREDENTIALS,
  }));

const step = (e: ProvisioningProgress): string => `${e.type}${'status' in e ? `:${e.status}` : ''}`;

describe('configureProvisioning', () => {
  it('does the five steps and says what it created', async () => {
    const { fake, client } = tenant();
    const events: string[] = [];
    const result = await settle(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso', credentials: CREDENTIALS },
        { onProgress: (e) => events.push(step(e)) },
      ),
    );
    expect(result.created).toEqual({ application: true, job: true });
    expect(result.started).toBe(true);
    expect(result.application.id).toBe(fake.state.applications[0]!.id);
    expect(result.servicePrincipal.applicationTemplateId).toBe(AWS_TEMPLATE_ID);
    expect(result.job.templateId).toBe('aws');
    expect(result.job.status?.code).toBe('Active');
    expect(events.filter((e) => !e.startsWith('waitForReplication'))).toEqual([
      'template',
      'instantiate:created',
      'createJob:created',
      'validateCredentials',
      'saveSecrets',
      'start:started',
      'done',
    ]);
    // An absence counts only after several reads in a row (lists lag behind writes), and new
    // objects are read several times in a row before they count as replicated: 2 more reads
    // before instantiating, 2 of the service principal, 2 of the job.
    expect(events.filter((e) => e === 'waitForReplication')).toHaveLength(6);
    expect(fake.state.servicePrincipals[0]!.secretKeys).toEqual(['ClientSecret', 'SecretToken']);
  });

  it('finds the template by id too', async () => {
    const { client } = tenant();
    const result = await settle(
      client.configureProvisioning({ template: AWS_TEMPLATE_ID, displayName: 'AWS', start: false }),
    );
    expect(result.servicePrincipal.applicationTemplateId).toBe(AWS_TEMPLATE_ID);
    expect(result.started).toBe(false);
    expect(result.job.status?.code).toBe('NotConfigured');
  });

  it('is idempotent: a second run reuses everything, re-applies secrets, and does not start a running job', async () => {
    const { fake, client } = tenant();
    const spec = { template: AWS, displayName: 'AWS Contoso', credentials: CREDENTIALS };
    const first = await settle(client.configureProvisioning(spec));
    const writes = fake.state.servicePrincipals[0]!.secretWrites;
    const events: string[] = [];
    const second = await settle(
      client.configureProvisioning(spec, { onProgress: (e) => events.push(step(e)) }),
    );
    expect(second.created).toEqual({ application: false, job: false });
    expect(second.started).toBe(false);
    expect(second.servicePrincipal.id).toBe(first.servicePrincipal.id);
    expect(second.job.id).toBe(first.job.id);
    expect(events).toContain('instantiate:reused');
    expect(events).toContain('start:alreadyRunning');
    expect(events).not.toContain('waitForReplication');
    expect(fake.state.applications).toHaveLength(1);
    expect(fake.state.jobs).toHaveLength(1);
    expect(fake.state.jobs[0]!.startCalls).toBe(1);
    expect(fake.state.servicePrincipals[0]!.secretWrites).toBe(writes + 1);
  });

  it('recovers when instantiate answers 404 after creating the app, without a second app (field notes §1)', async () => {
    const { fake, client } = tenant({ faults: { instantiateNotFound: 1 } });
    const events: string[] = [];
    const result = await settle(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso' },
        { onProgress: (e) => events.push(step(e)) },
      ),
    );
    expect(events).toContain('instantiate:recovered');
    expect(result.created.application).toBe(true);
    expect(fake.state.applications).toHaveLength(1);
  });

  it('posts instantiate again only after five minutes (or a longer replication window) show nothing was created', async () => {
    const { fake, client } = tenant({ faults: { serverError: 1, paths: /\/instantiate$/ } });
    const posts: number[] = [];
    const running = rejection(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso' },
        {
          replication: { timeoutMs: 20_000, intervalMs: 1_000 },
          onProgress: (e) => {
            if (e.type === 'retry' && e.attempt > posts.length) posts.push(Date.now());
          },
        },
      ),
    );
    const error = await settle(running);
    expect(error.kind).toBe('server');
    expect(error.hint).toContain('a re-run picks it up');
    expect(fake.stats.byStatus[500]).toBe(5);
    // Each POST came five minutes after the previous one, though the window asked is 20 s:
    // replication can take minutes, and a POST sent before the first one shows is a duplicate.
    expect(posts[1]! - posts[0]!).toBeGreaterThanOrEqual(299_000);
    expect(fake.state.applications).toEqual([]);
  });

  it('instantiates again after a 503 that created nothing, once it has verified that', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    let posts = 0;
    // The first instantiate meets a 503 before reaching Graph; the second goes through.
    const client = fake.client({
      fetch: async (input, init) => {
        if (input.endsWith('/instantiate') && (posts += 1) === 1) {
          return Response.json(
            { error: { code: 'serviceNotAvailable', message: 'Try again.' } },
            { status: 503 },
          );
        }
        return fake.fetch(input, init);
      },
    });
    const events: string[] = [];
    const result = await settle(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso' },
        {
          replication: { timeoutMs: 10_000, intervalMs: 1_000 },
          onProgress: (e) => events.push(step(e)),
        },
      ),
    );
    expect(posts).toBe(2);
    expect(result.created.application).toBe(true);
    expect(events).toContain('instantiate:created');
    expect(fake.state.applications).toHaveLength(1);
  });

  it('waits out realistic replication errors (404, 400, 403, 409) after each create (field notes §2)', async () => {
    const { fake, client } = tenant({ replicationDelayMs: 20_000, replicationErrors: 'realistic' });
    const reasons = new Set<string>();
    const result = await settle(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso', credentials: CREDENTIALS },
        {
          onProgress: (e) => {
            if (e.type === 'retry') reasons.add(e.reason);
          },
        },
      ),
    );
    expect(result.started).toBe(true);
    expect(fake.stats.byStatus[404]).toBeGreaterThan(0);
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Active', startCalls: 1 });
    expect(
      [...reasons].every((r) => ['notFound', 'badRequest', 'forbidden', 'conflict'].includes(r)),
    ).toBe(true);
  });

  it('lets a replication-class error through, with a hint, once the window has passed', async () => {
    const { client } = tenant({ replicationDelayMs: 10 * 60_000 });
    const error = await settle(
      rejection(
        client.configureProvisioning(
          { template: AWS, displayName: 'AWS Contoso' },
          { replication: { timeoutMs: 30_000, intervalMs: 2_000 } },
        ),
      ),
    );
    expect(error.kind).toBe('notFound');
    expect(error.hint).toContain('longer than replication takes');
  });

  it('reports credentials the target rejects as BadRequestError, without saving them or leaking them', async () => {
    const { fake, client } = tenant();
    const error = await settle(
      rejection(
        client.configureProvisioning({
          template: AWS,
          displayName: 'AWS Contoso',
          credentials: { ClientSecret: 'wrong-value-7731', SecretToken: 'x' },
        }),
      ),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).not.toContain('wrong-value-7731');
    expect(fake.state.servicePrincipals[0]!.secretKeys).toEqual([]);
  });

  it('names the closest templates for a name that matches none', async () => {
    const { client } = tenant();
    const error = await rejection(
      client.configureProvisioning({ template: 'Amazon Web Service', displayName: 'x' }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("Closest: 'Amazon Web Services (AWS)'");
  });

  it('suggests a template a few letters away, and finds one with spaces around its name', async () => {
    const { client } = tenant();
    for (const [typed, meant] of [
      ['Slak', 'Slack'],
      ['ServiceNow2', 'ServiceNow'],
      ['servicenwo', 'ServiceNow'],
    ] as const) {
      const error = await rejection(resolveTemplate(client, typed, {}));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toContain(`Closest: '${meant}'`);
    }
    expect((await resolveTemplate(client, '  slack  ', {})).displayName).toBe('Slack');
    expect((await rejection(resolveTemplate(client, '   ', {}))).kind).toBe('invalidInput');
  });

  it('refuses a bad spec before sending anything', async () => {
    const { fake, client } = tenant();
    const error = await rejection(
      client.configureProvisioning({ template: AWS, displayName: ' ' }),
    );
    expect(error.kind).toBe('invalidInput');
    expect(fake.stats.requests).toBe(0);
  });

  it('reports existing duplicates instead of picking one', async () => {
    const { client } = tenant();
    for (let i = 0; i < 2; i += 1)
      await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
        displayName: 'AWS Contoso',
      });
    const error = await settle(
      rejection(client.configureProvisioning({ template: AWS, displayName: 'AWS Contoso' })),
    );
    expect(error).toBeInstanceOf(AmbiguousMatchError);
  });

  it('stops on abort, leaving what exists', async () => {
    const { fake, client } = tenant({ latencyMs: 100 });
    const controller = new AbortController();
    const running = rejection(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso' },
        {
          signal: controller.signal,
          onProgress: (e) => {
            if (e.type === 'instantiate') controller.abort();
          },
        },
      ),
    );
    const error = await settle(running, 50);
    expect(error).toBeInstanceOf(AbortedError);
    expect(fake.state.applications).toHaveLength(1);
    expect(fake.state.jobs).toEqual([]);
  });
});

describe('configureProvisioningMany', () => {
  it('configures every spec and returns one outcome per spec, in order', async () => {
    const { fake, client } = tenant();
    const outcomes = await settle(client.configureProvisioningMany(specs(12), { concurrency: 4 }));
    expect(outcomes.map((o) => o.ok)).toEqual(Array.from({ length: 12 }, () => true));
    expect(outcomes.map((o) => (o.ok ? o.result.servicePrincipal.displayName : ''))).toEqual(
      specs(12).map((s) => s.displayName),
    );
    expect(fake.state.jobs.filter((j) => j.scheduleState === 'Active')).toHaveLength(12);
  });

  it('keeps going when one spec fails, and says what exists for it', async () => {
    const { fake, client } = tenant();
    const list = specs(5);
    list[2] = { ...list[2]!, credentials: { ClientSecret: 'bad', SecretToken: 'x' } };
    const outcomes = await settle(client.configureProvisioningMany(list, { concurrency: 2 }));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true, true]);
    const failed = outcomes[2]!;
    if (failed.ok) throw new Error('expected a failure');
    expect(failed.error.kind).toBe('badRequest');
    expect(failed.partial.servicePrincipal?.displayName).toBe('AWS 3');
    expect(failed.partial.job?.templateId).toBe('aws');
    expect(fake.state.applications).toHaveLength(5);
  });

  it('runs specs for the same app one after the other: no duplicate', async () => {
    const { fake, client } = tenant();
    const same = { template: AWS, displayName: 'AWS Contoso' };
    const outcomes = await settle(
      client.configureProvisioningMany([same, same, same], { concurrency: 3 }),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.map((o) => (o.ok ? o.result.created.application : null))).toEqual([
      true,
      false,
      false,
    ]);
    expect(fake.state.applications).toHaveLength(1);
  });

  it('runs specs that name one app by template id, by name or in another case one after the other', async () => {
    const { fake, client } = tenant();
    const outcomes = await settle(
      client.configureProvisioningMany(
        [AWS, AWS_TEMPLATE_ID, AWS.toLowerCase()].map((template) => ({
          template,
          displayName: 'AWS Contoso',
        })),
        { concurrency: 3 },
      ),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(fake.state.applications).toHaveLength(1);
  });

  it('looks the template up again for later specs when a lookup failed', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    let lookups = 0;
    const client = fake.client({
      maxRetries: 0,
      fetch: async (input, init) => {
        if (new URL(input).pathname.endsWith('/applicationTemplates')) {
          lookups += 1;
          if (lookups === 1) {
            return Response.json(
              { error: { code: 'InternalServerError', message: 'x' } },
              { status: 500 },
            );
          }
        }
        return fake.fetch(input, init);
      },
    });
    const outcomes = await settle(client.configureProvisioningMany(specs(3), { concurrency: 1 }));
    expect(outcomes.map((o) => o.ok)).toEqual([false, true, true]);
    expect(lookups).toBe(2);
  });

  it('reports each outcome as it settles, once per spec', async () => {
    const { client } = tenant();
    const seen: number[] = [];
    const outcomes = await settle(
      client.configureProvisioningMany(specs(4), {
        concurrency: 2,
        onOutcome: (outcome, index) => {
          expect(outcome.spec.displayName).toBe(`AWS ${String(index + 1)}`);
          seen.push(index);
        },
      }),
    );
    expect(outcomes).toHaveLength(4);
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('refuses bad workflow options before sending anything', async () => {
    const { fake, client } = tenant();
    const error = await rejection(
      client.configureProvisioningMany(specs(2), { replication: { timeoutMs: -5 } }),
    );
    expect(error.kind).toBe('invalidInput');
    expect((error as InvalidInputError).issues[0]?.path).toEqual(['replication', 'timeoutMs']);
    const progress = await rejection(
      client.configureProvisioningMany(specs(2), { onProgress: 'log' as never }),
    );
    expect((progress as InvalidInputError).issues[0]?.path).toEqual(['onProgress']);
    expect(fake.stats.requests).toBe(0);
  });

  it('makes one job and starts it once when a 504 hides a create and a start that happened', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const hidden = new Set<string>();
    const client = fake.client({
      fetch: async (input, init) => {
        const response = await fake.fetch(input, init);
        const path = new URL(input).pathname;
        const kind = path.endsWith('/start') ? 'start' : path.endsWith('/jobs') ? 'create' : '';
        // Graph did it, and the gateway answered 504 anyway.
        if (init?.method === 'POST' && kind !== '' && !hidden.has(kind)) {
          hidden.add(kind);
          return Response.json(
            { error: { code: 'GatewayTimeout', message: 'x' } },
            { status: 504 },
          );
        }
        return response;
      },
    });
    const result = await settle(
      client.configureProvisioning({
        template: AWS,
        displayName: 'AWS Contoso',
        credentials: CREDENTIALS,
      }),
    );
    expect(hidden).toEqual(new Set(['create', 'start']));
    expect(result.created.job).toBe(true);
    expect(fake.state.jobs).toHaveLength(1);
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Active', startCalls: 1 });
  });

  it('refuses a bad spec, naming its index, before sending anything', async () => {
    const { fake, client } = tenant();
    const list = specs(3);
    list[1] = { ...list[1]!, displayName: '' };
    const error = await rejection(client.configureProvisioningMany(list));
    expect(error.kind).toBe('invalidInput');
    expect((error as InvalidInputError).issues[0]?.path.slice(0, 2)).toEqual(['specs', 1]);
    expect(fake.stats.requests).toBe(0);
  });

  it('paces writes under the write quota, so Graph does not throttle', async () => {
    // The fake enforces Graph's limits scaled down 100 times: 30 writes per 1.5 s, and 35
    // requests per 100 ms.
    const { fake, client } = tenant({ throttle: { scale: 0.01 } });
    const outcomes = await settle(
      client.configureProvisioningMany(specs(20), {
        concurrency: 8,
        writeQuota: { requests: 30, windowMs: 1_500 },
        requestQuota: { requests: 35, windowMs: 100 },
      }),
      100,
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(fake.stats.throttled).toBe(0);
  });

  it('slows down and completes when Graph throttles anyway', async () => {
    const { fake, client } = tenant({ throttle: { scale: 0.01 } });
    const throttled: number[] = [];
    const outcomes = await settle(
      client.configureProvisioningMany(specs(20), {
        concurrency: 8,
        // Ten times the real budget: Graph answers 429s, and the run adapts.
        writeQuota: { requests: 300, windowMs: 1_500 },
        onProgress: (e) => {
          if (e.type === 'throttled') throttled.push(e.delayMs);
        },
      }),
      100,
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(fake.stats.throttled).toBeGreaterThan(0);
    expect(throttled.length).toBe(fake.stats.throttled);
  });

  it('stops starting specs on abort; every outcome still says what exists', async () => {
    const { fake, client } = tenant({ latencyMs: 20 });
    const controller = new AbortController();
    let done = 0;
    const outcomes = await settle(
      client.configureProvisioningMany(specs(10), {
        concurrency: 2,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'done' && (done += 1) === 3) controller.abort();
        },
      }),
      20,
    );
    expect(outcomes).toHaveLength(10);
    expect(outcomes.filter((o) => o.ok).length).toBeGreaterThanOrEqual(3);
    const stopped = outcomes.filter((o) => !o.ok);
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.every((o) => !o.ok && o.error.kind === 'aborted')).toBe(true);
    const existing = fake.state.servicePrincipals.map((sp) => sp.id).sort();
    const reported = outcomes
      .map((o) => (o.ok ? o.result.servicePrincipal.id : o.partial.servicePrincipal?.id))
      .filter((id): id is string => id !== undefined)
      .sort();
    expect(reported).toEqual(existing);
  });
});

describe('configureProvisioningMany settles in time', () => {
  it('ends the specs still waiting with ThrottledError when Graph asks for 30 days, without spinning', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    let writes = 0;
    const client = fake.client({
      fetch: async (input, init) => {
        if ((init?.method ?? 'GET') === 'GET') return fake.fetch(input, init);
        writes += 1;
        return Response.json(
          { error: { code: 'TooManyRequests', message: 'Slow down.' } },
          { status: 429, headers: { 'Retry-After': String(30 * 86_400) } },
        );
      },
    });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.name);
    };
    process.on('warning', onWarning);
    try {
      const outcomes = await settle(client.configureProvisioningMany(specs(6), { concurrency: 2 }));
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual(
        Array.from({ length: 6 }, () => 'throttled'),
      );
      for (const outcome of outcomes) {
        if (!outcome.ok && outcome.error.kind === 'throttled')
          expect(outcome.error.retryAfterMs).toBeGreaterThanOrEqual(29 * 86_400_000);
      }
      // The first instantiates met the 429; the specs after them were refused by the pacer.
      expect(writes).toBeLessThanOrEqual(2);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('prints no MaxListenersExceededWarning with 32 specs at once on one signal', async () => {
    const { client } = tenant({ latencyMs: 5 });
    const controller = new AbortController();
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(`${w.name}: ${w.message}`);
    };
    process.on('warning', onWarning);
    try {
      const outcomes = await settle(
        client.configureProvisioningMany(specs(40), {
          concurrency: 32,
          signal: controller.signal,
          replication: { consecutive: 1, intervalMs: 100 },
        }),
        50,
      );
      expect(outcomes.every((o) => o.ok)).toBe(true);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('reliability at scale', () => {
  it('configures 200 apps through faults and replication delays: exactly 200 of each, started; a second run changes nothing', async () => {
    const { fake, client } = tenant({
      seed: 7,
      replicationDelayMs: 5_000,
      faults: { serviceUnavailable: 0.04, connectionReset: 0.03, instantiateNotFound: 0.1 },
      provisioning: { usersPerApp: [1, 2], groupsPerApp: [0, 0] },
    });
    const list = specs(200, 'Contoso AWS');
    const first = await settle(
      client.configureProvisioningMany(list, {
        concurrency: 16,
        replication: { consecutive: 2, intervalMs: 1_000 },
      }),
      500,
    );
    const failures = first.filter((o) => !o.ok);
    expect(failures.map((o) => (o.ok ? '' : `${o.spec.displayName}: ${o.error.message}`))).toEqual(
      [],
    );
    const state = fake.state;
    expect(state.applications).toHaveLength(200);
    expect(state.servicePrincipals).toHaveLength(200);
    expect(new Set(state.servicePrincipals.map((sp) => sp.displayName)).size).toBe(200);
    expect(state.jobs).toHaveLength(200);
    expect(state.jobs.every((j) => j.scheduleState === 'Active' && j.startCalls === 1)).toBe(true);
    expect(fake.stats.faults).toBeGreaterThan(20);

    const second = await settle(client.configureProvisioningMany(list, { concurrency: 16 }), 500);
    expect(
      second.every((o) => o.ok && !o.result.created.application && !o.result.created.job),
    ).toBe(true);
    const after = fake.state;
    expect(after.applications).toHaveLength(200);
    expect(after.jobs).toHaveLength(200);
    expect(after.jobs.every((j) => j.startCalls === 1)).toBe(true);
  });
});
