/**
 * exportProvisioning (not the log export: export.test.ts): a spec that reproduces an app, its mappings and scope as the difference
 * from its synchronization template's schema, credentials as keys (masked ones as environment
 * variables, never values); planning it on the same tenant reports no drift.
 */
import { describe, expect, it } from 'vitest';
import {
  AmbiguousMatchError,
  InvalidInputError,
  type ExportedSpec,
  scope,
  source,
  type ProvisioningSpec,
} from '../../src/index.js';
import { CUSTOM_APP_TEMPLATE_ID, createFakeGraph, manualClock } from '../../src/testing/index.js';
import { settle, useTestClock } from '../helpers/clock.js';
import { recordingFake, writes } from '../helpers/recording.js';
import { rejection } from '../helpers/graph.js';

useTestClock();

const TOKEN = 'scim-token-4e1a';
const CREDENTIALS = { BaseAddress: 'https://scim.example.com/v2', SecretToken: TOKEN };

function tenant() {
  const recorded = recordingFake({
    provisioning: { usersPerApp: [0, 0], groupsPerApp: [0, 0] },
  });
  recorded.fake.addUser({ displayName: 'Alice Vance', userPrincipalName: 'alice@contoso.com' });
  recorded.fake.addGroup({ displayName: 'Sales', members: [] });
  return recorded;
}

const base: ProvisioningSpec = {
  template: CUSTOM_APP_TEMPLATE_ID,
  displayName: 'SCIM Contoso',
  syncTemplateId: 'scim',
  credentials: CREDENTIALS,
};

/** The exported spec with the masked keys' values put back, as a manifest's `env` would. */
function resolved(spec: ExportedSpec): ProvisioningSpec {
  const { credentials, ...rest } = spec;
  if (credentials === undefined) return rest;
  return {
    ...rest,
    credentials: Object.fromEntries(
      Object.entries(credentials).map(([k, v]) => [k, typeof v === 'string' ? v : TOKEN]),
    ),
  };
}

const drift = (actions: readonly object[]) => actions.filter((a) => !('unconditional' in a));

describe('exportProvisioning', () => {
  it('exports an untouched app with no mappings or scope, and credentials as keys only', async () => {
    const { client, sent } = tenant();
    const made = await settle(client.configureProvisioning(base));
    sent.length = 0;
    const spec = await client.exportProvisioning(made.servicePrincipal.id);
    expect(spec).toEqual({
      template: CUSTOM_APP_TEMPLATE_ID,
      displayName: 'SCIM Contoso',
      syncTemplateId: 'scim',
      credentials: {
        BaseAddress: 'https://scim.example.com/v2',
        SecretToken: {
          env: expect.stringMatching(/^SCIM_CONTOSO_[0-9A-F]{8}_SECRETTOKEN$/) as unknown,
        },
      },
    });
    expect(JSON.stringify(spec)).not.toContain(TOKEN);
    expect(writes(sent)).toEqual([]);
    // Settings live among the secrets: one read serves both.
    expect(sent.filter((r) => r.endsWith('/synchronization/secrets'))).toHaveLength(1);
    const plan = await settle(client.planProvisioning(resolved(spec)));
    expect(drift(plan.actions)).toEqual([]);
  });

  it('exports what was customised by hand as edits of the template, and plans no drift from it', async () => {
    const { client } = tenant();
    // The app's owner changed the synchronization template: new jobs start from that.
    const { application } = await client.applicationTemplates.instantiate(CUSTOM_APP_TEMPLATE_ID, {
      displayName: 'SCIM Contoso',
    });
    await client.applications
      .byId(application.id)
      .synchronization.templates.byId('scim')
      .schema.edit((s) => {
        const om = s.objectMapping('User');
        om.map('title', source.constant('Employee'));
        om.map('displayName', source.attribute('displayName'));
      });
    const made = await settle(client.configureProvisioning({ ...base, start: false }));
    const sp = client.servicePrincipals.byId(made.servicePrincipal.id);
    const job = sp.synchronization.jobs.byId(made.job.id);
    // In the portal, on the job: a mapping changed, one removed, a scope; settings; people.
    await job.schema.edit((s) => {
      const om = s.objectMapping('User');
      om.map('title', source.constant('Member'), { flow: 'ObjectAddOnly' });
      om.unmap('displayName');
      om.scope = scope.anyOf(scope.allOf(scope.clause('department', 'EQUALS', 'Sales')));
    });
    await sp.synchronization.settings.update(
      { syncAll: false, deleteThreshold: { enabled: true, value: 25 } },
      { credentials: { SecretToken: TOKEN } },
    );
    const alice = await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
    const sales = await sp.appRoleAssignedTo.add({ group: 'Sales' });

    const spec = await client.exportProvisioning(made.servicePrincipal.id);
    expect(spec.enabled).toBe(false);
    expect(spec.start).toBeUndefined();
    expect(spec.mappings).toEqual({
      User: { title: { constant: 'Member', flow: 'ObjectAddOnly' }, displayName: null },
    });
    expect(spec.scope).toEqual({
      User: [[{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }]],
    });
    expect(spec.settings).toMatchObject({
      syncAll: false,
      deleteThreshold: { enabled: true, value: 25 },
    });
    expect(spec.assignments).toEqual([
      { user: alice.principalId, appRole: alice.appRoleId },
      { group: sales.principalId, appRole: sales.appRoleId },
    ]);

    const plan = await settle(client.planProvisioning(resolved(spec)));
    expect(drift(plan.actions)).toEqual([]);
    // And a change made after the export is drift the plan reports.
    await job.schema.edit((s) => {
      s.objectMapping('User').unmap('title');
    });
    const after = await settle(client.planProvisioning(resolved(spec)));
    expect(drift(after.actions).map((a) => (a as { type: string }).type)).toEqual(['editSchema']);
  });

  it('names a distinct environment variable per app, even for names that clean up alike', async () => {
    const { client } = tenant();
    const names = ['Contoso HR', 'Contoso-HR', 'Контосо'];
    const envs: string[] = [];
    for (const displayName of names) {
      const made = await settle(
        client.configureProvisioning({ ...base, displayName, start: false }),
      );
      const spec = await client.exportProvisioning(made.servicePrincipal.id);
      envs.push((spec.credentials?.['SecretToken'] as { env: string }).env);
    }
    expect(new Set(envs).size).toBe(3);
    expect(envs[0]).toMatch(/^CONTOSO_HR_[0-9A-F]{8}_SECRETTOKEN$/);
    expect(envs[2]).toMatch(/^APP_[0-9A-F]{8}_SECRETTOKEN$/);
  });

  it('refuses an app without a job (a spec would create one), and leaves out settings a spec cannot say', async () => {
    const { client } = tenant();
    const { servicePrincipal } = await client.applicationTemplates.instantiate(
      CUSTOM_APP_TEMPLATE_ID,
      { displayName: 'No Job' },
    );
    expect(await rejection(client.exportProvisioning(servicePrincipal.id))).toBeInstanceOf(
      InvalidInputError,
    );
    const made = await settle(client.configureProvisioning({ ...base, start: false }));
    const sp = client.servicePrincipals.byId(made.servicePrincipal.id);
    // Saved by another tool: two recipients in one string, a threshold of 0.
    await sp.synchronization.secrets.put({
      ...CREDENTIALS,
      SyncNotificationSettings:
        '{"Enabled":true,"Recipients":"a@contoso.com;b@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":0}',
    });
    const spec = await client.exportProvisioning(made.servicePrincipal.id);
    expect(spec.settings).toEqual({
      notifications: { enabled: true },
      deleteThreshold: { enabled: true },
    });
    const plan = await settle(client.planProvisioning(resolved(spec)));
    expect(drift(plan.actions)).toEqual([]);
  });

  it('exports a default access assignment on an app that defines roles, and plans it back without drift', async () => {
    const { client } = tenant();
    const made = await settle(client.configureProvisioning({ ...base, start: false }));
    const sp = client.servicePrincipals.byId(made.servicePrincipal.id);
    await sp.appRoleAssignedTo.add(
      { user: 'alice@contoso.com' },
      { appRole: '00000000-0000-0000-0000-000000000000' },
    );
    const spec = await client.exportProvisioning(made.servicePrincipal.id);
    expect(spec.assignments?.[0]?.appRole).toBe('00000000-0000-0000-0000-000000000000');
    const plan = await settle(client.planProvisioning(resolved(spec)));
    expect(drift(plan.actions)).toEqual([]);
  });

  it('refuses an app with several jobs unless jobId picks one, and a bad jobId, before the job reads', async () => {
    const { client } = tenant();
    const made = await settle(client.configureProvisioning({ ...base, start: false }));
    const sync = client.servicePrincipals.byId(made.servicePrincipal.id).synchronization;
    const second = await sync.jobs.create({ templateId: 'scim' });
    expect(await rejection(client.exportProvisioning(made.servicePrincipal.id))).toBeInstanceOf(
      AmbiguousMatchError,
    );
    const picked = await client.exportProvisioning(made.servicePrincipal.id, { jobId: second.id });
    expect(picked.syncTemplateId).toBe('scim');
    expect(
      await rejection(client.exportProvisioning(made.servicePrincipal.id, { jobId: '' })),
    ).toBeInstanceOf(InvalidInputError);
  });

  it('exports how the job runs: nothing when it runs, enabled: false when paused (a start by hand is then drift)', async () => {
    const { client } = tenant();
    const made = await settle(client.configureProvisioning(base));
    const job = client.servicePrincipals
      .byId(made.servicePrincipal.id)
      .synchronization.jobs.byId(made.job.id);
    const running = await client.exportProvisioning(made.servicePrincipal.id);
    expect([running.start, running.enabled]).toEqual([undefined, undefined]);

    await job.pause();
    const paused = await client.exportProvisioning(made.servicePrincipal.id);
    expect([paused.start, paused.enabled]).toEqual([undefined, false]);
    expect(drift((await settle(client.planProvisioning(resolved(paused)))).actions)).toEqual([]);

    await job.start();
    const plan = await settle(client.planProvisioning(resolved(paused)));
    expect(drift(plan.actions)).toEqual([
      { type: 'pause', summary: `pause job ${made.job.id}`, jobId: made.job.id },
    ]);
  });

  it('exports a job in quarantine as start: false: a plan neither starts nor pauses it', async () => {
    const clock = manualClock();
    const fake = createFakeGraph({ clock, latencyMs: 0 });
    const client = fake.client();
    const { servicePrincipal } = await client.applicationTemplates.instantiate(
      CUSTOM_APP_TEMPLATE_ID,
      { displayName: 'SCIM Quarantined' },
    );
    const sync = client.servicePrincipals.byId(servicePrincipal.id).synchronization;
    const job = await sync.jobs.create({ templateId: 'scim' });
    await sync.secrets.put({ BaseAddress: CREDENTIALS.BaseAddress, SecretToken: 'bad-token-0' });
    await sync.jobs.byId(job.id).start();
    clock.advance(60_000);
    expect((await sync.jobs.byId(job.id).get()).status?.code).toBe('Quarantine');

    const spec = await client.exportProvisioning(servicePrincipal.id);
    expect([spec.start, spec.enabled]).toEqual([false, undefined]);
  });
});
