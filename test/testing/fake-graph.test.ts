import { describe, expect, it, vi } from 'vitest';
import {
  GALLERY,
  CUSTOM_APP_TEMPLATE_ID,
  acceleratedClock,
  createFakeGraph,
  manualClock,
} from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';
import { AWS_CREDENTIALS, awsApp, awsJob, fakeTenant, raw } from './helpers.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('gallery', () => {
  it('serves at least 25 realistic templates and the custom non-gallery one', async () => {
    const { client } = fakeTenant();
    const templates = await client.applicationTemplates.list().toArray();
    expect(templates.length).toBeGreaterThanOrEqual(25);
    const names = templates.map((t) => t.displayName);
    for (const expected of [
      'Amazon Web Services (AWS)',
      'Box',
      'Slack',
      'ServiceNow',
      'Salesforce',
      'Zoom',
      'Atlassian Cloud',
      'Dropbox Business',
    ]) {
      expect(names).toContain(expected);
    }
    expect(names.some((n) => n?.includes('Databricks'))).toBe(true);
    expect(names.some((n) => n?.includes('GitHub'))).toBe(true);
    expect(names.some((n) => n?.includes('Workday'))).toBe(true);
    expect(names.some((n) => n?.includes('Google Cloud'))).toBe(true);
    const custom = templates.find((t) => t.id === CUSTOM_APP_TEMPLATE_ID);
    expect(custom?.supportedProvisioningTypes).toEqual(['sync']);
    for (const t of templates) {
      expect(t.publisher).toBeTruthy();
      expect(t.supportedSingleSignOnModes?.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ["displayName eq 'Slack'", ['Slack']],
    ["startswith(displayName,'Zo')", ['Zoom']],
    ["contains(displayName,'salesforce')", ['Salesforce']],
    [
      "categories/any(c:c eq 'humanResources')",
      [
        'Workday to Microsoft Entra user provisioning',
        'SAP Cloud Identity Services',
        'API-driven provisioning to Microsoft Entra ID',
      ],
    ],
    ["categories/any(c:contains(c,'crm')) and startswith(displayName,'Zen')", ['Zendesk']],
  ])('filters templates with %s', async (filter, expected) => {
    const { client } = fakeTenant();
    const found = await client.applicationTemplates.list({ filter }).toArray();
    expect(found.map((t) => t.displayName).sort()).toEqual([...expected].sort());
  });

  it('searches display names, publishers and descriptions', async () => {
    const { client } = fakeTenant();
    const found = await client.applicationTemplates.list({ search: 'amazon' }).toArray();
    expect(found.map((t) => t.displayName)).toEqual([
      'Amazon Web Services (AWS)',
      'AWS IAM Identity Center',
    ]);
  });

  it('pages templates with $top and follows its own nextLinks to the end', async () => {
    const { fake, client } = fakeTenant();
    const pages: number[] = [];
    for await (const page of client.applicationTemplates.list().byPage({ maxPageSize: 10 }))
      pages.push(page.items.length);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(GALLERY.length);
    expect(pages[0]).toBe(10);
    expect(pages.length).toBe(Math.ceil(GALLERY.length / 10));
    expect(fake.stats.byStatus[200]).toBe(pages.length);
  });

  it('returns only the $select-ed properties, id only when named (as Graph does)', async () => {
    const { client } = fakeTenant();
    const [first] = await client.applicationTemplates
      .list({ select: ['displayName'], top: 1 })
      .toArray();
    expect(Object.keys(first!)).toEqual(['displayName']);
    const [named] = await client.applicationTemplates
      .list({ select: ['id', 'displayName'], top: 1 })
      .toArray();
    expect(Object.keys(named!).sort()).toEqual(['displayName', 'id']);
  });

  it.each(["homePageUrl eq 'x'", "publisher eq 'Zendesk'", "id eq 'x'"])(
    'refuses %s: templates filter on displayName and categories only (reference §3.1)',
    async (filter) => {
      const { client } = fakeTenant();
      const error = await rejection(client.applicationTemplates.list({ filter }).toArray());
      expect(error).toMatchObject({ kind: 'badRequest', status: 400 });
      expect(error.message).toContain(filter.split(' ')[0]);
    },
  );

  it('skips templates with $skip', async () => {
    const { fake } = fakeTenant();
    const first = await raw(fake.fetch, '/v1.0/applicationTemplates?$top=3');
    const second = await raw(fake.fetch, '/v1.0/applicationTemplates?$top=3&$skip=3');
    const ids = (r: typeof first) => (r.body.value as { id: string }[]).map((t) => t.id);
    expect(ids(second)).toEqual(GALLERY.slice(3, 6).map((t) => t.id));
    expect(ids(second)).not.toEqual(ids(first));
  });
});

describe('instantiate', () => {
  it('creates an application and a service principal with fresh GUIDs and one appId', async () => {
    const { fake, client } = fakeTenant();
    const { application, servicePrincipal } = await awsApp(client);
    expect(application.id).toMatch(GUID);
    expect(servicePrincipal.id).toMatch(GUID);
    expect(application.id).not.toBe(servicePrincipal.id);
    expect(servicePrincipal.appId).toBe(application.appId);
    expect(fake.state.applications).toHaveLength(1);
    expect(fake.state.servicePrincipals[0]).toMatchObject({
      id: servicePrincipal.id,
      displayName: 'AWS Contoso',
    });
  });

  it("answers beta with the AAD-Graph names of Microsoft's beta example, v1.0 with Graph names", async () => {
    const { fake } = fakeTenant();
    const body = JSON.stringify({ displayName: 'Box Contoso' });
    const v1 = await raw(fake.fetch, `/v1.0/applicationTemplates/${GALLERY[2]!.id}/instantiate`, {
      method: 'POST',
      body,
    });
    const beta = await raw(fake.fetch, `/beta/applicationTemplates/${GALLERY[2]!.id}/instantiate`, {
      method: 'POST',
      body,
    });
    expect(v1.status).toBe(201);
    expect(beta.status).toBe(201);
    expect(v1.body.application).toHaveProperty('id');
    expect(v1.body.application).not.toHaveProperty('objectId');
    expect(beta.body.application).toHaveProperty('objectId');
    expect(beta.body.application).not.toHaveProperty('id');
    expect(beta.body.servicePrincipal).toHaveProperty('appOwnerTenantId');
  });

  it('gives each service principal the synchronization templates of its app', async () => {
    const { client } = fakeTenant();
    const { sp } = await awsApp(client);
    expect(
      (await sp.synchronization.templates.list().toArray()).map((t) => [t.id, t.factoryTag]),
    ).toEqual([['aws', 'aws']]);
    const box = await client.applicationTemplates.instantiate(
      GALLERY.find((a) => a.displayName === 'Box')!.id,
      { displayName: 'Box' },
    );
    const boxTemplates = await client.servicePrincipals
      .byId(box.servicePrincipal.id)
      .synchronization.templates.list()
      .toArray();
    expect(boxTemplates.map((t) => t.id)).toEqual(['BoxOutDelta']);
  });

  it('refuses an unknown template with 404 and a missing displayName with 400', async () => {
    const { client } = fakeTenant();
    expect(
      (await rejection(client.applicationTemplates.get('00000000-0000-0000-0000-000000000000')))
        .kind,
    ).toBe('notFound');
    const { fake } = fakeTenant();
    const { status, body } = await raw(
      fake.fetch,
      `/v1.0/applicationTemplates/${GALLERY[0]!.id}/instantiate`,
      { method: 'POST', body: '{}' },
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'Request_BadRequest' } });
  });
});

describe('synchronization jobs', () => {
  it('creates a job only from a template of the service principal, with an id in the real format', async () => {
    const { client } = fakeTenant();
    const { sp } = await awsApp(client);
    const error = await rejection(sp.synchronization.jobs.create({ templateId: 'BoxOutDelta' }));
    expect(error).toMatchObject({ kind: 'badRequest' });
    const job = await sp.synchronization.jobs.create({ templateId: 'aws' });
    expect(job.id).toMatch(/^aws\.[0-9a-f]{32}\.[0-9a-f-]{36}$/);
    expect(job.schedule?.state).toBe('Disabled');
    expect(job.status?.code).toBe('NotConfigured');
    expect(job.status?.steadyStateFirstAchievedTime).toBe('0001-01-01T00:00:00Z');
    expect(await sp.synchronization.jobs.list().toArray()).toHaveLength(1);
  });

  it('keeps secrets write-only: GET shows the keys with *', async () => {
    const { fake, client } = fakeTenant();
    const { sp, servicePrincipal } = await awsApp(client);
    await sp.synchronization.secrets.put(AWS_CREDENTIALS);
    const { body } = await raw(
      fake.fetch,
      `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/secrets`,
    );
    expect(body.value).toEqual([
      { key: 'ClientSecret', value: '*' },
      { key: 'SecretToken', value: '*' },
    ]);
    await sp.synchronization.secrets.clear(['SecretToken']);
    expect(fake.state.servicePrincipals[0]!.secretKeys).toEqual(['ClientSecret']);
    expect(fake.state.servicePrincipals[0]!.secretWrites).toBe(2);
  });

  it('refuses a secret key that is not a synchronizationSecret member, like Graph', async () => {
    const { fake, client } = fakeTenant();
    const { servicePrincipal } = await awsApp(client);
    const { status } = await raw(
      fake.fetch,
      `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/secrets`,
      {
        method: 'PUT',
        body: JSON.stringify({ value: [{ key: 'Secret_Token', value: 'x' }] }),
      },
    );
    expect(status).toBe(400);
  });

  it("validates credentials against the connector's required keys", async () => {
    const { client } = fakeTenant();
    const { sp } = await awsApp(client);
    const job = sp.synchronization.jobs.byId(
      (await sp.synchronization.jobs.create({ templateId: 'aws' })).id,
    );
    await expect(
      job.validateCredentials({ credentials: AWS_CREDENTIALS }),
    ).resolves.toBeUndefined();
    const missing = await rejection(
      job.validateCredentials({ credentials: { ClientSecret: 'x' } }),
    );
    expect(missing).toMatchObject({ kind: 'badRequest', status: 400 });
    expect(missing.message).toContain("'SecretToken' is required");
    const rejected = await rejection(
      job.validateCredentials({ credentials: { ...AWS_CREDENTIALS, SecretToken: 'bad-token' } }),
    );
    expect(rejected.message).toContain('AwsInvalidCredentials');
    expect(rejected.message).not.toContain('bad-token');
    const saved = await rejection(job.validateCredentials({ useSavedCredentials: true }));
    expect(saved.message).toContain("'ClientSecret' is required");
  });

  it('requires BaseAddress and SecretToken for a SCIM app', async () => {
    const { client } = fakeTenant();
    const custom = await client.applicationTemplates.instantiate(CUSTOM_APP_TEMPLATE_ID, {
      displayName: 'SCIM app',
    });
    const sync = client.servicePrincipals.byId(custom.servicePrincipal.id).synchronization;
    const job = sync.jobs.byId((await sync.jobs.create({ templateId: 'scim' })).id);
    expect(
      (await rejection(job.validateCredentials({ credentials: { SecretToken: 't' } }))).message,
    ).toContain("'BaseAddress'");
    await expect(
      job.validateCredentials({
        credentials: { BaseAddress: 'https://scim.example.com/v2', SecretToken: 't' },
      }),
    ).resolves.toBeUndefined();
  });

  it('deletes a job', async () => {
    const { client } = fakeTenant();
    const { job, sp } = await awsJob(client);
    await job.delete();
    expect((await rejection(job.get())).kind).toBe('notFound');
    expect(await sp.synchronization.jobs.list().toArray()).toEqual([]);
  });

  it('reads, replaces and resets the job schema', async () => {
    const { client } = fakeTenant();
    const { job } = await awsJob(client);
    const schema = await job.schema.get();
    const rule = schema.synchronizationRules?.[0];
    expect(rule?.sourceDirectoryName).toBe('Azure Active Directory');
    expect(rule?.targetDirectoryName).toBe('Amazon Web Services (AWS)');
    await job.schema.replace({ ...schema, version: 'custom' });
    expect((await job.schema.get()).version).toBe('custom');
    await job.schema.reset();
    expect((await job.schema.get()).version).toBe(schema.version);
  });
});

describe('the provisioning engine, on the fake clock', () => {
  it('runs a first cycle: Active with progress, then events, counts and steady state', async () => {
    const { clock, client } = fakeTenant();
    const { job, created, servicePrincipal } = await awsJob(client);
    await job.start();
    const running = await job.get();
    expect(running.schedule?.state).toBe('Active');
    expect(running.status?.code).toBe('Active');
    const total = running.status?.progress?.[0]?.totalUnits ?? 0;
    expect(total).toBeGreaterThan(0);
    clock.advance(400 * 3);
    expect((await job.get()).status?.progress?.[0]?.completedUnits).toBe(3);
    clock.advance(400 * total);
    const done = await job.get();
    expect(done.status?.progress).toEqual([]);
    expect(['Succeeded', 'EntryLevelErrors']).toContain(done.status?.lastExecution?.state);
    expect(done.status?.steadyStateFirstAchievedTime).not.toBe('0001-01-01T00:00:00Z');
    expect(done.status?.synchronizedEntryCountByType?.[0]?.key).toBe('user to rolescompound');
    const events = await client.auditLogs.provisioning
      .list({ filter: { jobId: created.id } })
      .toArray();
    expect(events).toHaveLength(total);
    expect(new Set(events.map((e) => e.cycleId)).size).toBe(1);
    expect(events.map((e) => e.servicePrincipal?.id)).toEqual(
      events.map(() => servicePrincipal.id),
    );
    expect(events.map((e) => e.servicePrincipal?.displayName)).toEqual(
      events.map(() => 'AWS Contoso'),
    );
  });

  it('writes realistic failures and skips with error codes and reasons', async () => {
    const { clock, client } = fakeTenant({
      provisioning: { failureRate: 0.5, usersPerApp: [40, 40] },
    });
    const { job, created } = await awsJob(client);
    await job.start();
    clock.advance(60_000);
    const events = await client.auditLogs.provisioning
      .list({ filter: { jobId: created.id, status: 'failure' } })
      .toArray();
    expect(events.length).toBeGreaterThan(5);
    for (const event of events) {
      const error = event.provisioningStatusInfo?.errorInformation;
      expect(error?.errorCode).toMatch(
        /^(AwsEntryConflict|DuplicateTargetEntries|SystemForCrossDomainIdentityManagementBadResponse)$/,
      );
      expect(error?.reason?.length).toBeGreaterThan(20);
      expect(event.provisioningSteps?.at(-1)?.status).toBe('failure');
    }
    expect((await job.get()).status?.lastExecution?.state).toBe('EntryLevelErrors');
  });

  it('pauses at the current object and resumes from there on start', async () => {
    const { clock, client } = fakeTenant({ provisioning: { usersPerApp: [20, 20] } });
    const { job } = await awsJob(client);
    await job.start();
    clock.advance(400 * 5);
    await job.pause();
    clock.advance(3_600_000);
    const paused = await job.get();
    expect(paused.status?.code).toBe('Paused');
    expect(paused.status?.progress?.[0]?.completedUnits).toBe(5);
    await job.start();
    clock.advance(400 * 2);
    expect((await job.get()).status?.progress?.[0]?.completedUnits).toBe(7);
  });

  it('runs nothing while paused between cycles, and does not replay the missed cycles on start', async () => {
    const { clock, client } = fakeTenant({ provisioning: { failureRate: 0.3 } });
    const { job, created } = await awsJob(client);
    await job.start();
    clock.advance(60_000);
    await job.pause();
    const pausedAt = clock();
    clock.advance(3 * 3_600_000);
    const resumedAt = clock();
    await job.start();
    clock.advance(60_000);
    const events = await client.auditLogs.provisioning
      .list({ filter: { jobId: created.id } })
      .toArray();
    const during = events.filter((e) => {
      const t = Date.parse(e.activityDateTime);
      return t > pausedAt && t < resumedAt;
    });
    expect(during).toEqual([]);
    const { status } = await job.get();
    expect(Date.parse(status!.lastExecution!.timeBegan!)).toBe(resumedAt);
  });

  it('quarantines a job whose saved credentials are rejected, with a realistic quarantine object', async () => {
    const { clock, client } = fakeTenant();
    const { job } = await awsJob(client, { ClientSecret: 'bad-secret', SecretToken: 'x' });
    await job.start();
    clock.advance(10_000);
    const { status } = await job.get();
    expect(status?.code).toBe('Quarantine');
    expect(status?.quarantine).toMatchObject({
      reason: 'EncounteredQuarantineException',
      seriesCount: 1,
      error: { code: 'AwsInvalidCredentials', tenantActionable: true },
    });
    expect(Date.parse(status!.quarantine!.nextAttempt!)).toBeGreaterThan(
      Date.parse(status!.quarantine!.currentBegan!),
    );
    expect(status?.lastExecution?.state).toBe('Failed');
    expect(status?.countSuccessiveCompleteFailures).toBe(1);
  });

  it('disables a quarantined job after 4 weeks even when the clock jumps 5 weeks at once', async () => {
    const { clock, client } = fakeTenant();
    const { job } = await awsJob(client, { ClientSecret: 'bad-secret', SecretToken: 'x' });
    await job.start();
    const started = clock();
    clock.advance(35 * 86_400_000);
    const { schedule, status } = await job.get();
    expect(schedule?.state).toBe('Disabled');
    expect(Date.parse(status!.quarantine!.seriesBegan!) - started).toBeLessThan(60_000);
    expect(status?.quarantine?.seriesCount).toBeGreaterThan(25);
  });

  it('runs the first cycle when it was due, however long the job was left unobserved', async () => {
    const { clock, client } = fakeTenant();
    const { job } = await awsJob(client);
    await job.start();
    const started = clock();
    clock.advance(90 * 86_400_000);
    const { status } = await job.get();
    expect(Date.parse(status!.steadyStateFirstAchievedTime!) - started).toBeLessThan(60_000);
    expect(clock() - Date.parse(status!.lastExecution!.timeEnded!)).toBeLessThan(41 * 60_000);
  });

  it('backs off to daily attempts and disables the job after 4 weeks in quarantine (field notes §6)', async () => {
    const { clock, client } = fakeTenant();
    const { job } = await awsJob(client, { ClientSecret: 'bad-secret', SecretToken: 'x' });
    await job.start();
    clock.advance(10 * 86_400_000);
    const early = await job.get();
    expect(early.schedule?.state).toBe('Active');
    const { nextAttempt, currentBegan } = early.status!.quarantine!;
    const gap = Date.parse(nextAttempt!) - Date.parse(early.status!.lastExecution!.timeEnded!);
    expect(gap).toBe(86_400_000);
    clock.advance(25 * 86_400_000);
    const late = await job.get();
    expect(late.schedule?.state).toBe('Disabled');
    expect(late.status?.quarantine).toMatchObject({ currentBegan });
    const lastRun = Date.parse(late.status!.lastExecution!.timeEnded!);
    expect(lastRun - Date.parse(currentBegan!)).toBeGreaterThanOrEqual(28 * 86_400_000);
    expect(lastRun - Date.parse(currentBegan!)).toBeLessThan(29 * 86_400_000);
    clock.advance(5 * 86_400_000);
    expect((await job.get()).status?.lastExecution?.timeEnded).toBe(
      late.status?.lastExecution?.timeEnded,
    );
  });

  it('lifts the quarantine on start once the credentials are fixed', async () => {
    const { clock, client } = fakeTenant();
    const { job, sp } = await awsJob(client, { ClientSecret: 'bad-secret', SecretToken: 'x' });
    await job.start();
    clock.advance(10_000);
    await sp.synchronization.secrets.put(AWS_CREDENTIALS);
    await job.start();
    clock.advance(60_000);
    const { status } = await job.get();
    expect(status?.code).toBe('Active');
    expect(status?.quarantine).toBeNull();
  });

  it('counts a start on a running job, which Microsoft warns against', async () => {
    const { fake, client } = fakeTenant();
    const { job } = await awsJob(client);
    await job.start();
    await job.start();
    expect(fake.state.jobs[0]).toMatchObject({ startCalls: 2, redundantStarts: 1 });
  });

  it('re-evaluates every object on restart with Watermark, finding them already provisioned', async () => {
    const { clock, client } = fakeTenant({ provisioning: { failureRate: 0 } });
    const { job, created } = await awsJob(client);
    await job.start();
    clock.advance(60_000);
    const first = await client.auditLogs.provisioning
      .list({ filter: { jobId: created.id } })
      .toArray();
    await job.restart({ resetScope: ['Watermark'] });
    clock.advance(60_000);
    const all = await client.auditLogs.provisioning
      .list({ filter: { jobId: created.id } })
      .toArray();
    const second = all.filter((e) => !first.some((f) => f.id === e.id));
    const provisioned = new Set(
      first
        .filter((e) => e.provisioningStatusInfo?.status === 'success')
        .map((e) => e.sourceIdentity?.id),
    );
    const again = second.filter((e) => provisioned.has(e.sourceIdentity?.id));
    expect(again).toHaveLength(provisioned.size);
    expect(
      again.every(
        (e) => e.provisioningStatusInfo?.errorInformation?.errorCode === 'RedundantExport',
      ),
    ).toBe(true);
  });

  it('runs incremental cycles on its 40-minute schedule', async () => {
    const { clock, client } = fakeTenant({ provisioning: { failureRate: 0 } });
    const { job } = await awsJob(client);
    await job.start();
    clock.advance(60_000);
    const first = await job.get();
    expect(first.schedule?.interval).toBe('PT40M');
    const ended = Date.parse(first.status!.lastExecution!.timeEnded!);
    clock.set(ended + 40 * 60_000 - 1);
    expect((await job.get()).status?.lastExecution).toEqual(first.status?.lastExecution);
    clock.advance(60_000);
    const next = (await job.get()).status!.lastExecution!;
    expect(Date.parse(next.timeBegan!)).toBe(ended + 40 * 60_000);
    expect(next.activityIdentifier).not.toBe(first.status?.lastExecution?.activityIdentifier);
    // An incremental cycle imports only deltas.
    expect(next.countImportedDeltas).toBe(next.countImported);
    expect(first.status?.lastExecution?.countImportedDeltas).toBe(0);
  });

  it('reports the interval it was given, as an ISO 8601 duration', async () => {
    const { client } = fakeTenant({ provisioning: { intervalMs: 90 * 60_000 + 30_000 } });
    const { job } = await awsJob(client);
    await job.start();
    expect((await job.get()).schedule?.interval).toBe('PT1H30M30S');
  });

  it('catches up with a long unobserved stretch quickly and ends near now', async () => {
    const { clock, client } = fakeTenant({ provisioning: { intervalMs: 60_000 } });
    const { job } = await awsJob(client);
    await job.start();
    clock.advance(30 * 86_400_000);
    const { status } = await job.get();
    const ended = Date.parse(status!.lastExecution!.timeEnded!);
    expect(clock() - ended).toBeLessThan(2 * 60_000);
  });

  it('applies the restart scopes: Escrows drops pending retries, Full forgets what was provisioned', async () => {
    const { clock, client } = fakeTenant({
      provisioning: { failureRate: 0.5, usersPerApp: [30, 30] },
    });
    const { job, created } = await awsJob(client);
    await job.start();
    clock.advance(60_000);
    const logs = () =>
      client.auditLogs.provisioning.list({ filter: { jobId: created.id } }).toArray();
    const failed = new Set(
      (await logs())
        .filter((e) => e.provisioningStatusInfo?.status === 'failure')
        .map((e) => e.sourceIdentity?.id),
    );
    expect(failed.size).toBeGreaterThan(0);
    await job.restart({ resetScope: ['Escrows'] });
    clock.advance(60_000);
    const before = new Set((await logs()).map((e) => e.id));
    // An incremental cycle after Escrows: the failed objects are not retried.
    const afterEscrows = (await logs()).filter((e) => failed.has(e.sourceIdentity?.id));
    expect(afterEscrows.length).toBe(failed.size);
    await job.restart({ resetScope: ['Full'] });
    clock.advance(60_000);
    const fresh = (await logs()).filter((e) => !before.has(e.id));
    expect(fresh.length).toBe(30);
    // Without Full every object provisioned before would be a RedundantExport skip; after it,
    // only the odd one the simulated target reports as unchanged.
    const succeeded = new Set(
      (await logs())
        .filter((e) => before.has(e.id) && e.provisioningStatusInfo?.status === 'success')
        .map((e) => e.sourceIdentity?.id),
    );
    const redundant = fresh.filter(
      (e) => e.provisioningStatusInfo?.errorInformation?.errorCode === 'RedundantExport',
    );
    expect(succeeded.size).toBeGreaterThan(8);
    expect(redundant.length).toBeLessThan(succeeded.size / 2);
  });

  it('lifts the quarantine with the QuarantineState scope, without forgetting anything', async () => {
    const { clock, client, fake } = fakeTenant();
    const { job, sp } = await awsJob(client);
    await job.start();
    clock.advance(60_000);
    const provisioned = fake.state.jobs[0]!.provisionedCount;
    await sp.synchronization.secrets.put({ ClientSecret: 'bad-secret' });
    clock.advance(3_600_000);
    expect((await job.get()).status?.code).toBe('Quarantine');
    await sp.synchronization.secrets.put(AWS_CREDENTIALS);
    await job.restart({ resetScope: ['QuarantineState'] });
    expect((await job.get()).status?.quarantine).toBeNull();
    expect(fake.state.jobs[0]!.provisionedCount).toBe(provisioned);
  });

  it('provisions an assigned user on demand and logs it; an unassigned one is skipped', async () => {
    const { fake, client } = fakeTenant();
    const { job, created } = await awsJob(client);
    const ruleId = (await job.schema.get()).synchronizationRules?.[0]?.id ?? '';
    const user = fake.state.servicePrincipals[0]!.assigned.find((o) => o.type === 'User')!;
    const outcome = await job.provisionOnDemand({
      parameters: [{ ruleId, subjects: [{ objectId: user.id, objectTypeName: 'User' }] }],
    });
    expect(outcome.result).toBe('Success');
    expect(outcome.event.provisioningSteps?.map((s) => s.type)).toEqual([
      'Import',
      'Scoping',
      'Export',
    ]);
    const [event] = await client.auditLogs.provisioning
      .list({ filter: { jobId: created.id } })
      .toArray();
    expect(event?.sourceIdentity?.id).toBe(user.id);
    const stranger = await job.provisionOnDemand({
      parameters: [
        {
          ruleId,
          subjects: [{ objectId: '00000000-0000-4000-8000-000000000000', objectTypeName: 'User' }],
        },
      ],
    });
    expect(stranger).toMatchObject({
      result: 'Skipped',
      details: { errorCode: 'NotEffectivelyEntitled' },
    });
    const wrongRule = await rejection(
      job.provisionOnDemand({
        parameters: [{ ruleId: 'nope', subjects: [{ objectId: user.id, objectTypeName: 'User' }] }],
      }),
    );
    expect(wrongRule.kind).toBe('badRequest');
  });

  it('refuses on demand an object type the rule does not provision, or a mismatched type', async () => {
    const { fake, client } = fakeTenant({ provisioning: { groupsPerApp: [2, 2] } });
    const { job } = await awsJob(client);
    const ruleId = (await job.schema.get()).synchronizationRules?.[0]?.id ?? '';
    const assigned = fake.state.servicePrincipals[0]!.assigned;
    const group = assigned.find((o) => o.type === 'Group')!;
    const user = assigned.find((o) => o.type === 'User')!;
    // AWS provisions users (to roles), not groups.
    const asGroup = await rejection(
      job.provisionOnDemand({
        parameters: [{ ruleId, subjects: [{ objectId: group.id, objectTypeName: 'Group' }] }],
      }),
    );
    expect(asGroup.kind).toBe('badRequest');
    expect(asGroup.message).toContain("'Group'");
    const mismatched = await rejection(
      job.provisionOnDemand({
        parameters: [{ ruleId, subjects: [{ objectId: user.id, objectTypeName: 'Group' }] }],
      }),
    );
    expect(mismatched.message).toContain('is a User');
    expect(fake.state.eventCount).toBe(0);
  });

  it('answers 400, not a crash, for any schema the caller saved', async () => {
    const { fake, client } = fakeTenant();
    const { created, servicePrincipal } = await awsJob(client);
    const base = `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/jobs/${created.id}`;
    const put = await raw(fake.fetch, `${base}/schema`, {
      method: 'PUT',
      body: JSON.stringify({ synchronizationRules: [null] }),
    });
    expect(put.status).toBe(400);
    await raw(fake.fetch, `${base}/schema`, {
      method: 'PUT',
      body: JSON.stringify({ synchronizationRules: [{ id: 'r', objectMappings: 'junk' }] }),
    });
    const onDemand = await raw(fake.fetch, `${base}/provisionOnDemand`, {
      method: 'POST',
      body: JSON.stringify({
        parameters: [{ ruleId: 'r', subjects: [{ objectId: 'x', objectTypeName: 'User' }] }],
      }),
    });
    expect(onDemand.status).toBe(400);
  });

  it('validates credentials on the job collection for a template, and accepts acquireAccessToken', async () => {
    const { fake, client } = fakeTenant();
    const { servicePrincipal } = await awsApp(client);
    const base = `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization`;
    const validate = (credentials: Record<string, string>) =>
      raw(fake.fetch, `${base}/jobs/validateCredentials`, {
        method: 'POST',
        body: JSON.stringify({
          templateId: 'aws',
          credentials: Object.entries(credentials).map(([key, value]) => ({ key, value })),
        }),
      });
    expect((await validate(AWS_CREDENTIALS)).status).toBe(204);
    const bad = await validate({ ClientSecret: 'wrong', SecretToken: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('AwsInvalidCredentials');
    const token = await raw(fake.fetch, `${base}/acquireAccessToken`, {
      method: 'POST',
      body: JSON.stringify({ credentials: [{ key: 'ClientSecret', value: 's' }] }),
    });
    expect(token.status).toBe(204);
    await expect(
      client.servicePrincipals
        .byId(servicePrincipal.id)
        .synchronization.acquireAccessToken({ ClientSecret: 's' }),
    ).resolves.toBeUndefined();
  });
});

describe('createFakeGraph', () => {
  it('is reproducible: the same seed gives the same ids', async () => {
    const ids = async (seed: number) => {
      const fake = createFakeGraph({ seed, latencyMs: 0 });
      return (await awsApp(fake.client())).servicePrincipal.id;
    };
    expect(await ids(7)).toBe(await ids(7));
    expect(await ids(7)).not.toBe(await ids(8));
  });

  it('gives the same tenant and outcomes whatever the latency and however often jobs are polled', async () => {
    const run = async (latencyMs: number | [number, number], polls: number) => {
      const clock = manualClock();
      const fake = createFakeGraph({
        seed: 42,
        clock,
        latencyMs,
        provisioning: { failureRate: 0.3 },
      });
      const { job, created } = await awsJob(fake.client());
      await job.start();
      for (let minute = 0; minute < 120; minute += 1) {
        clock.advance(60_000);
        for (let i = 0; i < polls; i += 1) await job.get();
      }
      return fake.state.events
        .filter((e) => e.jobId === created.id)
        .map((e) => {
          const status = (e.provisioningStatusInfo as { status: string }).status;
          const who = (e.sourceIdentity as { displayName: string }).displayName;
          return `${String(e.activityDateTime)} ${who} ${status} ${String(e.id)}`;
        });
    };
    const quiet = await run(0, 0);
    expect(quiet.length).toBeGreaterThan(10);
    expect(quiet.some((line) => line.includes(' failure '))).toBe(true);
    expect(await run([1, 3], 3)).toEqual(quiet);
  });

  it('runs on an accelerated clock: a second of real time is a minute of provisioning', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const clock = acceleratedClock(60, Date.parse('2026-11-23T09:00:00Z'));
    vi.advanceTimersByTime(1_000);
    expect(new Date(clock()).toISOString()).toBe('2026-11-23T09:01:00.000Z');
    vi.useRealTimers();
    expect(() => acceleratedClock(0)).toThrow(RangeError);
  });

  it('forgets everything on reset()', async () => {
    const { fake, client } = fakeTenant();
    await awsJob(client);
    fake.reset();
    expect(fake.state.applications).toEqual([]);
    expect(fake.state.jobs).toEqual([]);
    expect(fake.stats.requests).toBe(0);
  });
});

describe("the fake tenant's generated users and groups", () => {
  it('have names and user principal names unique in the tenant, across apps, so a lookup by name finds one', async () => {
    const { fake, client } = fakeTenant({
      provisioning: { usersPerApp: [40, 40], groupsPerApp: [7, 7] },
    });
    for (const name of ['AWS 1', 'AWS 2', 'AWS 3']) await awsApp(client, name);
    const { users, groups } = fake.state;
    expect(users).toHaveLength(120);
    expect(groups).toHaveLength(21);
    const upns = users.map((u) => u.userPrincipalName.toLowerCase());
    expect(new Set(upns).size).toBe(upns.length);
    const names = groups.map((g) => g.displayName.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    // By name, through the SDK: one group, not an AmbiguousMatchError.
    const sp = client.servicePrincipals.byId(fake.state.servicePrincipals[2]!.id);
    await expect(
      sp.appRoleAssignedTo.add({ group: groups[0]!.displayName }),
    ).resolves.toBeDefined();
  });
});
