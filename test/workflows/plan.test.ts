/**
 * planProvisioning: the same steps as configureProvisioning, observing and deciding only. It
 * sends GET requests only (checked at the fetch seam), and configureProvisioning run next
 * carries out exactly the actions it reported.
 */
import { describe, expect, it } from 'vitest';
import { AmbiguousMatchError, InvalidInputError, type ProvisioningSpec } from '../../src/index.js';
import { AWS_TEMPLATE_ID, type CreateFakeGraphOptions } from '../../src/testing/index.js';
import { settle, useTestClock } from '../helpers/clock.js';
import { recordingFake, writes } from '../helpers/recording.js';
import { rejection } from '../helpers/graph.js';

useTestClock();

const AWS = 'Amazon Web Services (AWS)';
const CREDENTIALS = { ClientSecret: 'client-secret', SecretToken: 'secret-token' };

const tenant = (options: CreateFakeGraphOptions = {}) => recordingFake(options);

const types = (actions: readonly { type: string }[]) => actions.map((a) => a.type);

/** A spec; a field given as `undefined` is left out. */
const spec = (over: { [K in keyof ProvisioningSpec]?: ProvisioningSpec[K] | undefined } = {}) =>
  Object.fromEntries(
    Object.entries({
      template: AWS,
      displayName: 'AWS Contoso',
      credentials: CREDENTIALS,
      ...over,
    }).filter(([, v]) => v !== undefined),
  ) as unknown as ProvisioningSpec;

describe('planProvisioning', () => {
  it('plans the five steps for an app that does not exist, sending GET requests only', async () => {
    const { fake, client, sent } = tenant();
    const plan = await settle(client.planProvisioning(spec()));
    expect(types(plan.actions)).toEqual([
      'instantiate',
      'createJob',
      'validateCredentials',
      'saveCredentials',
      'start',
    ]);
    expect(plan).toMatchObject({
      displayName: 'AWS Contoso',
      template: { displayName: AWS },
      servicePrincipalId: null,
      jobId: null,
    });
    expect(plan.actions.map((a) => a.summary)).toEqual([
      `instantiate 'AWS Contoso' from ${AWS}`,
      "create the job from the app's only synchronization template",
      'test the credentials with the target (ClientSecret, SecretToken)',
      'save the credentials (ClientSecret, SecretToken)',
      'start the job',
    ]);
    expect(sent.length).toBeGreaterThan(0);
    expect(writes(sent)).toEqual([]);
    expect(fake.state.applications).toEqual([]);
    // No value of a secret in the plan, printed or as JSON.
    expect(JSON.stringify(plan)).not.toMatch(/client-secret|secret-token/);
  });

  it('is carried out exactly by configureProvisioning, and plans nothing once the app is configured', async () => {
    const { client } = tenant();
    const plan = await settle(client.planProvisioning(spec()));
    const result = await settle(client.configureProvisioning(spec()));
    expect(types(result.actions)).toEqual(types(plan.actions));
    expect(result.actions.find((a) => a.type === 'createJob')).toMatchObject({
      syncTemplateId: 'aws',
    });

    const again = await settle(client.planProvisioning(spec({ credentials: undefined })));
    expect(again.actions).toEqual([]);
    expect(again).toMatchObject({
      servicePrincipalId: result.servicePrincipal.id,
      jobId: result.job.id,
    });
  });

  it('plans only what is missing: the job of an app that exists, and its start', async () => {
    const { client, sent } = tenant();
    const made = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
      displayName: 'AWS Contoso',
    });
    sent.length = 0;
    const plan = await settle(client.planProvisioning(spec({ credentials: undefined })));
    expect(plan.servicePrincipalId).toBe(made.servicePrincipal.id);
    expect(plan.actions).toEqual([
      {
        type: 'createJob',
        summary: "create the job from synchronization template 'aws'",
        syncTemplateId: 'aws',
      },
      { type: 'start', summary: 'start the job', jobId: null },
    ]);
    expect(writes(sent)).toEqual([]);
    const result = await settle(client.configureProvisioning(spec({ credentials: undefined })));
    expect(types(result.actions)).toEqual(['createJob', 'start']);
    expect(result.created).toEqual({ application: false, job: true });
  });

  it('plans a start for a stopped job only after several reads in a row show it stopped', async () => {
    const { client, sent } = tenant();
    const first = await settle(client.configureProvisioning(spec({ start: false })));
    expect(types(first.actions)).toEqual([
      'instantiate',
      'createJob',
      'validateCredentials',
      'saveCredentials',
    ]);
    sent.length = 0;
    const plan = await settle(client.planProvisioning(spec({ credentials: undefined })));
    expect(plan.actions).toEqual([
      { type: 'start', summary: `start job ${first.job.id}`, jobId: first.job.id },
    ]);
    const jobReads = sent.filter(
      (r) =>
        r ===
        `GET /v1.0/servicePrincipals/${first.servicePrincipal.id}/synchronization/jobs/${encodeURIComponent(first.job.id)}`,
    );
    // Three reads in a row (replication.consecutive): the job step's list, then two reads.
    expect(jobReads).toHaveLength(2);
    expect(writes(sent)).toEqual([]);
  });

  it('refuses a bad spec before any request, and reports an ambiguous app as configureProvisioning does', async () => {
    const { client, sent } = tenant();
    expect(await rejection(client.planProvisioning({ template: AWS } as never))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(sent).toEqual([]);
    await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'Twice' });
    await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'Twice' });
    const error = await rejection(settle(client.planProvisioning(spec({ displayName: 'Twice' }))));
    expect(error).toBeInstanceOf(AmbiguousMatchError);
  });
});

describe('what a plan and a run report', () => {
  const FAST = { replication: { consecutive: 3, intervalMs: 1_000, timeoutMs: 60_000 } };

  it("reports no instantiate for an app an earlier run's lost create made: found, not sent", async () => {
    const { fake, client, sent } = tenant({
      listLagMs: 10_000,
      faults: { lostAnswer: 1, lostAnswers: [400], paths: /instantiate$/ },
    });
    await rejection(settle(client.configureProvisioning(spec(), FAST)));
    sent.length = 0;
    const result = await settle(client.configureProvisioning(spec(), FAST));
    expect(sent.filter((r) => r.endsWith('/instantiate'))).toEqual([]);
    expect(fake.state.applications).toHaveLength(1);
    expect(result.created.application).toBe(false);
    expect(types(result.actions)).not.toContain('instantiate');
  });

  it("leaves the client's memory as it was: a run after a plan still lists the jobs before it trusts one", async () => {
    const { fake, client } = tenant();
    await settle(client.configureProvisioning(spec({ start: false })));
    // Another client of the same tenant: it has made nothing, so it remembers nothing.
    const sent: string[] = [];
    const second = fake.client({
      fetch: (input, init) => {
        sent.push(`${init?.method ?? 'GET'} ${new URL(input).pathname}`);
        return fake.fetch(input, init);
      },
    });
    await settle(second.planProvisioning(spec({ credentials: undefined, start: false })));
    sent.length = 0;
    await settle(second.configureProvisioning(spec({ credentials: undefined, start: false })));
    expect(sent.filter((r) => r.endsWith('/synchronization/jobs')).length).toBeGreaterThan(0);
  });

  it('counts credentials as unconditional, not drift: saved on every run, since Graph never shows them back', async () => {
    const { client } = tenant();
    await settle(client.configureProvisioning(spec()));
    const plan = await settle(client.planProvisioning(spec()));
    expect(plan.actions.map((a) => [a.type, 'unconditional' in a && a.unconditional])).toEqual([
      ['validateCredentials', true],
      ['saveCredentials', true],
    ]);
  });

  it('reports an application without a service principal after one read, not after the wait a run makes', async () => {
    const { fake, client } = tenant();
    await settle(client.configureProvisioning(spec({ start: false, credentials: undefined })));
    // A tenant where the application lost its service principal: lists show none, reads 404.
    const sent: string[] = [];
    const orphan = fake.client({
      fetch: async (input, init) => {
        const url = new URL(input);
        sent.push(`${init?.method ?? 'GET'} ${decodeURIComponent(url.pathname)}`);
        if (url.pathname.includes('/servicePrincipals(appId=')) {
          return Response.json(
            { error: { code: 'Request_ResourceNotFound', message: 'Not found.' } },
            { status: 404 },
          );
        }
        const response = await fake.fetch(input, init);
        if (url.pathname.endsWith('/servicePrincipals')) {
          const body = (await response.json()) as Record<string, unknown>;
          return Response.json({ ...body, value: [] });
        }
        return response;
      },
      maxRetries: 0,
    });
    const error = await rejection(settle(orphan.planProvisioning(spec())));
    expect(error.kind).toBe('notFound');
    expect(sent.filter((r) => r.includes('(appId=')).length).toBe(1);
    expect(writes(sent)).toEqual([]);
  });
});

describe('planProvisioningMany', () => {
  it('plans every spec in input order, one failure not stopping the others, GET only', async () => {
    const { client, sent } = tenant();
    await settle(
      client.configureProvisioning(spec({ displayName: 'AWS 2', credentials: undefined })),
    );
    sent.length = 0;
    const outcomes = await settle(
      client.planProvisioningMany([
        spec({ displayName: 'AWS 1' }),
        spec({ displayName: 'AWS 2', credentials: undefined }),
        spec({ template: 'No Such Template', displayName: 'X' }),
      ]),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    expect(outcomes.map((o) => (o.ok ? o.plan.actions.length : o.error.kind))).toEqual([
      5,
      0,
      'invalidInput',
    ]);
    expect(writes(sent)).toEqual([]);
  });

  it('refuses a bad spec among many before any request', async () => {
    const { client, sent } = tenant();
    const error = await rejection(
      client.planProvisioningMany([spec(), { template: AWS } as never]),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues[0]?.path.slice(0, 2)).toEqual(['specs', 1]);
    expect(sent).toEqual([]);
  });
});

describe('a 50-app manifest', () => {
  it('re-applied changes nothing: every plan after the first apply is free of drift, and so is the second apply', async () => {
    const { fake, client, sent } = tenant();
    const specs = Array.from({ length: 50 }, (_, i) =>
      spec({ displayName: `AWS ${String(i + 1)}`, start: i % 2 === 0 }),
    );
    const first = await settle(client.configureProvisioningMany(specs, { concurrency: 8 }));
    expect(first.every((o) => o.ok)).toBe(true);
    const drift = (actions: readonly object[]) => actions.filter((a) => !('unconditional' in a));

    sent.length = 0;
    const plans = await settle(client.planProvisioningMany(specs, { concurrency: 8 }));
    expect(plans.map((p) => (p.ok ? drift(p.plan.actions).length : -1))).toEqual(
      specs.map(() => 0),
    );
    expect(writes(sent)).toEqual([]);

    sent.length = 0;
    const again = await settle(client.configureProvisioningMany(specs, { concurrency: 8 }));
    expect(again.map((o) => (o.ok ? drift(o.result.actions).length : -1))).toEqual(
      specs.map(() => 0),
    );
    // Only the credentials were written again (tested, then saved): no create, no start.
    expect(
      new Set(
        writes(sent).map((r) =>
          r.replace(/\/v1\.0\/servicePrincipals\/[^/]+/, '…').replace(/jobs\/[^/]+/, 'jobs/…'),
        ),
      ),
    ).toEqual(
      new Set([
        'POST …/synchronization/jobs/…/validateCredentials',
        'PUT …/synchronization/secrets',
      ]),
    );
    expect(fake.state.applications).toHaveLength(50);
  });
});

describe('enabled: whether the job runs on its schedule', () => {
  it('pauses a running job: planned as a pause (drift), carried out, then nothing to do', async () => {
    const { fake, client, sent } = tenant();
    const first = await settle(client.configureProvisioning(spec()));
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Active' });

    sent.length = 0;
    const plan = await settle(client.planProvisioning(spec({ enabled: false })));
    expect(writes(sent)).toEqual([]);
    const pause = { type: 'pause', summary: `pause job ${first.job.id}`, jobId: first.job.id };
    expect(plan.actions.filter((a) => !('unconditional' in a))).toEqual([pause]);

    const result = await settle(client.configureProvisioning(spec({ enabled: false })));
    expect(result.actions).toContainEqual(pause);
    expect(result.started).toBe(false);
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Paused', startCalls: 1 });

    const after = await settle(client.planProvisioning(spec({ enabled: false })));
    expect(types(after.actions)).not.toContain('pause');
    // enabled: true starts it again, as start does.
    const resumed = await settle(client.configureProvisioning(spec({ enabled: true })));
    expect(types(resumed.actions)).toContain('start');
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Active', startCalls: 2 });
  });

  it('creates the job of a new app without starting it, and pauses nothing', async () => {
    const { fake, client, sent } = tenant();
    const plan = await settle(client.planProvisioning(spec({ enabled: false })));
    expect(types(plan.actions)).toEqual([
      'instantiate',
      'createJob',
      'validateCredentials',
      'saveCredentials',
    ]);
    const result = await settle(client.configureProvisioning(spec({ enabled: false })));
    expect(types(result.actions)).toEqual(types(plan.actions));
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Disabled', startCalls: 0 });
    expect(writes(sent).filter((w) => /\/(start|pause)$/.test(w))).toEqual([]);
  });

  it('refuses a spec whose enabled contradicts start, before any request', async () => {
    const { client, sent } = tenant();
    for (const over of [
      { enabled: false, start: true },
      { enabled: true, start: false },
    ]) {
      const error = await rejection(client.planProvisioning(spec(over)));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toMatch(/enabled: .* contradicts start/);
      expect(await rejection(client.configureProvisioning(spec(over)))).toBeInstanceOf(
        InvalidInputError,
      );
    }
    expect(sent).toEqual([]);
  });
});
