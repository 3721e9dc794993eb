/**
 * Every operation past the five steps, end to end against the fake Graph: the SDK's requests,
 * the fake's state machine and its answers (validated by the SDK's schemas on the way back).
 */
import { describe, expect, it } from 'vitest';
import { AmbiguousMatchError, loose } from '../../src/index.js';
import { AWS_TEMPLATE_ID, GALLERY, createFakeGraph, manualClock } from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';
import { AWS_CREDENTIALS, awsApp, awsJob, fakeTenant, raw } from '../testing/helpers.js';

const API_DRIVEN = GALLERY.find((app) => app.sync.some((t) => t.id === 'API2AAD'))!;

/** A JWT the fake reads claims from (it does not check signatures). */
function jwt(claims: Record<string, string | string[]>): string {
  const part = (value: object): string =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

describe('service principals and applications', () => {
  it('searches service principals by display name, with the header Graph requires', async () => {
    const { client } = fakeTenant();
    await awsApp(client, 'AWS Contoso');
    await awsApp(client, 'Contoso Box');
    const found = await client.servicePrincipals.list({ search: 'contoso' }).toArray();
    expect(found.map((sp) => sp.displayName).sort()).toEqual(['AWS Contoso', 'Contoso Box']);
    expect(
      (await client.servicePrincipals.list({ search: 'displayName:box' }).toArray()).map(
        (sp) => sp.displayName,
      ),
    ).toEqual(['Contoso Box']);
  });

  it('searches applications too, and takes text with a colon as a display-name term', async () => {
    const { client } = fakeTenant();
    await awsApp(client, 'Contoso: HR');
    await awsApp(client, 'Fabrikam');
    expect(
      (await client.applications.list({ search: 'Contoso: HR' }).toArray()).map(
        (a) => a.displayName,
      ),
    ).toEqual(['Contoso: HR']);
    expect(await client.applications.list({ search: 'description:payroll' }).toArray()).toEqual([]);
  });

  it('finds an instantiated app by template and display name, and reports duplicates', async () => {
    const { client } = fakeTenant();
    const { application } = await awsApp(client, 'AWS Contoso');
    const found = await client.applications.findByDisplayName('AWS Contoso', {
      applicationTemplateId: AWS_TEMPLATE_ID,
    });
    expect(found?.id).toBe(application.id);
    expect(await client.applications.findByDisplayName('Nope')).toBeUndefined();
    await awsApp(client, 'AWS Contoso');
    const error = await rejection(client.servicePrincipals.findByDisplayName('AWS Contoso'));
    expect(error).toBeInstanceOf(AmbiguousMatchError);
    expect((error as AmbiguousMatchError).matches).toHaveLength(2);
  });

  it('gets an application by id and by appId, and deletes it with its service principal and jobs', async () => {
    const { fake, client } = fakeTenant();
    const { application, created } = await awsJob(client);
    expect((await client.applications.byAppId(application.appId!).get()).id).toBe(application.id);
    expect(created.id).toBeTruthy();
    await client.applications.byId(application.id).delete();
    expect(fake.state).toMatchObject({ applications: [], servicePrincipals: [], jobs: [] });
    expect((await rejection(client.applications.get(application.id))).kind).toBe('notFound');
  });

  it('adds, lists and removes owners; adding one twice is a 400, as in Graph', async () => {
    const { client } = fakeTenant();
    const { application, servicePrincipal } = await awsApp(client);
    const owners = client.applications.byId(application.id).owners;
    expect(await owners.list().toArray()).toEqual([]);
    await owners.add(servicePrincipal.id);
    const [owner] = await owners.list().toArray();
    expect(owner).toMatchObject({
      id: servicePrincipal.id,
      '@odata.type': '#microsoft.graph.servicePrincipal',
    });
    expect((await rejection(owners.add(servicePrincipal.id))).kind).toBe('badRequest');
    await owners.remove(servicePrincipal.id);
    expect(await owners.list().toArray()).toEqual([]);
    expect((await rejection(owners.remove(servicePrincipal.id))).kind).toBe('notFound');
    // Graph answers 404 for an object that does not exist.
    expect((await rejection(owners.add('00000000-0000-4000-8000-00000000dead'))).kind).toBe(
      'notFound',
    );
  });

  it('lets Application.ReadWrite.OwnedBy manage an app only once it is an owner (field notes §5)', async () => {
    const me = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
    // Each caller's permissions come from its token's roles claim.
    const fake = createFakeGraph({ latencyMs: 0, permissions: [] });
    const automation = fake.client({
      accessToken: jwt({ appid: 'automation', oid: me, roles: ['Application.ReadWrite.OwnedBy'] }),
    });
    const admin = fake.client({
      accessToken: jwt({ appid: 'admin', oid: 'admin', roles: ['Application.ReadWrite.All'] }),
    });
    const { application, servicePrincipal } = await automation.applicationTemplates.instantiate(
      AWS_TEMPLATE_ID,
      { displayName: 'AWS' },
    );
    const jobs = automation.servicePrincipals.byId(servicePrincipal.id).synchronization.jobs;
    const denied = await rejection(jobs.list().toArray());
    expect(denied).toMatchObject({ kind: 'forbidden', code: 'Authorization_RequestDenied' });
    // OwnedBy cannot make itself an owner; an admin can.
    expect(
      (await rejection(automation.applications.byId(application.id).owners.add(me))).kind,
    ).toBe('forbidden');
    await admin.applications.byId(application.id).owners.add(me);
    await expect(jobs.create({ templateId: 'aws' })).resolves.toMatchObject({ templateId: 'aws' });
    // Still nothing on an application it does not own, though it may list them all.
    const other = await admin.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
      displayName: 'B',
    });
    expect((await rejection(automation.applications.byId(other.application.id).get())).kind).toBe(
      'forbidden',
    );
    expect(await automation.applications.findByDisplayName('B')).toMatchObject({
      id: other.application.id,
    });
    // Claims count even without an appid claim.
    const anonymous = fake.client({ accessToken: jwt({ roles: ['Application.Read.All'] }) });
    await expect(anonymous.applications.get(other.application.id)).resolves.toMatchObject({
      displayName: 'B',
    });
  });
});

describe('templates, schemas and expressions', () => {
  it('changes a template through its application and shows it through the service principal', async () => {
    const { client } = fakeTenant();
    const { application, sp } = await awsApp(client);
    const templates = client.applications.byId(application.id).synchronization.templates;
    expect((await templates.list().toArray()).map((t) => t.id)).toEqual(['aws']);
    const template = await templates.get('aws');
    await templates.update('aws', { ...template, description: 'AWS, our way' });
    const seen = await sp.synchronization.templates.get('aws');
    expect(seen.description).toBe('AWS, our way');
    // The template read came with an @odata.context; the SDK did not send it back.
    expect(loose(seen)['@odata.context']).toContain('servicePrincipals(');
  });

  it('takes the schema of a PATCHed template as the template schema', async () => {
    const { client } = fakeTenant();
    const { application } = await awsApp(client);
    const template = client.applications.byId(application.id).synchronization.templates.byId('aws');
    const schema = await template.schema.get();
    schema.synchronizationRules![0]!.name = 'RENAMED';
    await template.update({ ...(await template.get()), schema });
    expect((await template.schema.get()).synchronizationRules?.[0]?.name).toBe('RENAMED');
  });

  it('gives new jobs the schema the owner saved on the template, and resets jobs to it', async () => {
    const { client } = fakeTenant();
    const { application, sp } = await awsApp(client);
    const templateSchema = client.applications
      .byId(application.id)
      .synchronization.templates.byId('aws').schema;
    const schema = await templateSchema.get();
    const rule = schema.synchronizationRules![0]!;
    rule.objectMappings![0]!.attributeMappings!.push({
      targetAttributeName: 'title',
      source: { type: 'Attribute', name: 'jobTitle' },
    });
    await templateSchema.replace(schema);
    expect(
      (await sp.synchronization.templates.byId('aws').schema.get()).synchronizationRules?.[0]
        ?.objectMappings?.[0]?.attributeMappings,
    ).toContainEqual(expect.objectContaining({ targetAttributeName: 'title' }));
    const created = await sp.synchronization.jobs.create({ templateId: 'aws' });
    const job = sp.synchronization.jobs.byId(created.id);
    const mappings = async () =>
      (await job.schema.get()).synchronizationRules?.[0]?.objectMappings?.[0]?.attributeMappings;
    expect(await mappings()).toContainEqual(
      expect.objectContaining({ targetAttributeName: 'title' }),
    );
    await templateSchema.reset();
    await job.schema.reset();
    expect(await mappings()).not.toContainEqual(
      expect.objectContaining({ targetAttributeName: 'title' }),
    );
  });

  it('lists functions and filter operators, and parses and evaluates expressions', async () => {
    const { client } = fakeTenant();
    const { job } = await awsJob(client);
    const functions = await job.schema.functions();
    expect(functions.map((f) => f.id ?? f.name)).toEqual(
      expect.arrayContaining(['Join', 'Switch', 'ToLower']),
    );
    expect(functions.find((f) => f.name === 'Join')?.parameters?.[1]).toMatchObject({
      name: 'source',
      allowMultipleOccurrences: true,
    });
    expect((await job.schema.filterOperators()).map((o) => o.id)).toContain('EQUALS');
    const evaluated = await job.schema.parseExpression({
      expression: 'ToLower(Join(".", [givenName], [surname]))',
      testInputObject: {
        properties: [
          { key: 'givenName', value: 'Adele' },
          { key: 'surname', value: 'Vance' },
        ],
      },
    });
    expect(evaluated).toMatchObject({
      parsingSucceeded: true,
      evaluationSucceeded: true,
      evaluationResult: ['adele.vance'],
      parsedExpression: { type: 'Function', name: 'ToLower' },
    });
    const broken = await job.schema.parseExpression({ expression: 'Join(" ", [givenName]' });
    expect(broken.parsingSucceeded).toBe(false);
    expect(broken.error?.message).toBeTruthy();
    const unknown = await job.schema.parseExpression({ expression: 'Frobnicate([x])' });
    expect(unknown.error?.message).toContain('Frobnicate');
  });

  it("keeps each job's schema its own: discovering on one job changes neither the template nor another", async () => {
    const { client } = fakeTenant();
    const { application, sp } = await awsApp(client);
    const templateSchema = client.applications
      .byId(application.id)
      .synchronization.templates.byId('aws').schema;
    await templateSchema.replace(await templateSchema.get());
    const jobs = sp.synchronization.jobs;
    const one = jobs.byId((await jobs.create({ templateId: 'aws' })).id);
    const two = jobs.byId((await jobs.create({ templateId: 'aws' })).id);
    const target = (await one.schema.get()).directories!.find(
      (d) => d.name !== 'Azure Active Directory',
    )!;
    await one.schema.directories(target.id!).discover();
    const discovered = (s: Awaited<ReturnType<typeof one.schema.get>>) =>
      s.directories?.find((d) => d.id === target.id)?.discoveryDateTime ?? null;
    expect(discovered(await one.schema.get())).not.toBeNull();
    expect(discovered(await two.schema.get())).toBeNull();
    expect(discovered(await templateSchema.get())).toBeNull();
  });

  it('discovers a directory of the job schema', async () => {
    const { clock, client } = fakeTenant();
    const { job } = await awsJob(client);
    const target = (await job.schema.get()).directories?.find(
      (d) => d.name !== 'Azure Active Directory',
    );
    clock.advance(60_000);
    const discovered = await job.schema.directories(target!.id!).discover();
    expect(discovered.name).toBe('Amazon Web Services (AWS)');
    expect(Date.parse(discovered.discoveryDateTime!)).toBe(clock());
    expect((await rejection(job.schema.directories('nope').discover())).kind).toBe('notFound');
  });

  it("reads a template's schema and its tools through the service principal", async () => {
    const { client } = fakeTenant();
    const { sp } = await awsApp(client);
    const schema = sp.synchronization.templates.byId('aws').schema;
    expect((await schema.get()).synchronizationRules?.[0]?.sourceDirectoryName).toBe(
      'Azure Active Directory',
    );
    expect((await schema.functions()).length).toBeGreaterThan(10);
    expect((await schema.filterOperators()).map((o) => o.id)).toContain('EQUALS');
    expect((await schema.parseExpression({ expression: '[mail]' })).parsedExpression).toMatchObject(
      { type: 'Attribute', name: 'mail' },
    );
  });

  it('answers 400, not 500, to a parseExpression test object that is not { key, value } pairs', async () => {
    const { fake, client } = fakeTenant();
    const { servicePrincipal, created } = await awsJob(client);
    const response = await raw(
      fake.fetch,
      `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/jobs/${created.id}/schema/parseExpression`,
      {
        method: 'POST',
        body: JSON.stringify({ expression: '[a]', testInputObject: { properties: [null] } }),
      },
    );
    expect(response.status).toBe(400);
  });

  it('refuses to change a template schema through the service principal', async () => {
    const { fake, client } = fakeTenant();
    const { servicePrincipal } = await awsApp(client);
    const put = await raw(
      fake.fetch,
      `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/templates/aws/schema`,
      { method: 'PUT', body: '{"synchronizationRules":[]}' },
    );
    expect(put.status).toBe(405);
  });
});

describe('secrets and credentials', () => {
  it('lists the saved keys with masked values', async () => {
    const { client } = fakeTenant();
    const { sp } = await awsJob(client);
    expect(await sp.synchronization.secrets.get()).toEqual([
      { key: 'ClientSecret', value: '*' },
      { key: 'SecretToken', value: '*' },
    ]);
  });

  it('validates credentials for a template before any job exists', async () => {
    const { client } = fakeTenant();
    const { sp } = await awsApp(client);
    await sp.synchronization.jobs.validateCredentials({
      templateId: 'aws',
      credentials: AWS_CREDENTIALS,
    });
    const error = await rejection(
      sp.synchronization.jobs.validateCredentials({
        templateId: 'aws',
        credentials: { ClientSecret: 'wrong', SecretToken: 'x' },
      }),
    );
    expect(error.kind).toBe('badRequest');
    expect(error.message).toContain('AwsInvalidCredentials');
    expect(error.message).not.toContain('wrong');
  });

  it('acquires an access token through the application too', async () => {
    const { client } = fakeTenant();
    const { application } = await awsApp(client);
    await expect(
      client.applications
        .byId(application.id)
        .synchronization.acquireAccessToken({ Oauth2AuthorizationCode: 'code' }),
    ).resolves.toBeUndefined();
  });
});

describe('API-driven inbound provisioning', () => {
  async function apiDrivenJob() {
    const clock = manualClock();
    const fake = createFakeGraph({ clock, latencyMs: 0 });
    const client = fake.client();
    const { servicePrincipal } = await client.applicationTemplates.instantiate(API_DRIVEN.id, {
      displayName: 'HR feed',
    });
    const sp = client.servicePrincipals.byId(servicePrincipal.id);
    const created = await sp.synchronization.jobs.create({ templateId: 'API2AAD' });
    return {
      clock,
      fake,
      client,
      job: sp.synchronization.jobs.byId(created.id),
      jobId: created.id,
    };
  }

  const users = (...ids: string[]) => ({
    Operations: ids.map((id) => ({
      method: 'POST' as const,
      bulkId: id,
      path: '/Users' as const,
      data: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        externalId: id,
        userName: `${id}@contoso.com`,
        name: { givenName: 'Employee', familyName: id },
      },
    })),
  });

  it('accepts uploads, processes them once the job runs, and logs each user where Location points', async () => {
    const { clock, client, job, jobId } = await apiDrivenJob();
    const { location } = await job.bulkUpload(users('E1', 'E2', 'E3'));
    expect(location).toContain('/auditLogs/provisioning?$filter=');
    const filter = decodeURIComponent(new URL(location!).search.slice('?$filter='.length));
    expect(filter).toContain(`jobId eq '${jobId}'`);
    clock.advance(60_000);
    expect(await client.auditLogs.provisioning.list({ filter }).toArray()).toEqual([]);
    await job.start();
    clock.advance(60_000);
    const events = await client.auditLogs.provisioning.list({ filter }).toArray();
    expect(events.map((e) => e.sourceIdentity?.id).sort()).toEqual(['E1', 'E2', 'E3']);
    expect(events.every((e) => e.provisioningAction === 'create')).toBe(true);
    await job.bulkUpload(users('E1'));
    clock.advance(60_000);
    const again = await client.auditLogs.provisioning
      .list({ filter: { jobId, sourceIdentityId: 'E1' } })
      .toArray();
    expect(again.map((e) => e.provisioningAction).sort()).toEqual(['create', 'update']);
  });

  it('refuses uploads to a job that is not API-driven, and a body that is not SCIM', async () => {
    const { fake, client } = fakeTenant();
    const { job, servicePrincipal, created } = await awsJob(client);
    expect((await rejection(job.bulkUpload(users('E1')))).kind).toBe('badRequest');
    const asJson = await raw(
      fake.fetch,
      `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/jobs/${created.id}/bulkUpload`,
      { method: 'POST', body: JSON.stringify(users('E1')) },
    );
    expect(asJson.status).toBe(400);
  });
});

describe('provisioning logs, the whole filter table', () => {
  it('filters with contains, duration bounds and the version-specific service principal name', async () => {
    const { clock, fake, client } = fakeTenant({ provisioning: { usersPerApp: [20, 20] } });
    const { job, created } = await awsJob(client);
    await job.start();
    clock.advance(60_000);
    const all = await client.auditLogs.provisioning
      .list({ filter: { jobId: created.id } })
      .toArray();
    const first = all[0]!;
    const byName = await client.auditLogs.provisioning
      .list({
        filter: {
          sourceIdentityDisplayName: {
            contains: first.sourceIdentity!.displayName!.split(' ')[0]!,
          },
        },
      })
      .toArray();
    expect(byName.map((e) => e.id)).toContain(first.id);
    const slow = await client.auditLogs.provisioning
      .list({ filter: { durationInMilliseconds: { gt: 2_000 } } })
      .toArray();
    expect(slow.every((e) => e.durationInMilliseconds! > 2_000)).toBe(true);
    expect(slow.length).toBeLessThan(all.length);
    const beta = fake.client({ apiVersion: 'beta' });
    const named = await beta.auditLogs.provisioning
      .list({ filter: { servicePrincipalDisplayName: 'AWS Contoso', jobId: { contains: 'aws.' } } })
      .toArray();
    expect(named).toHaveLength(all.length);
  });
});
