/**
 * The fake speaks Graph: for every endpoint with a documented example, its answer has the shape
 * of Microsoft's example (every member of the example is there, with the same JSON type) and
 * passes the SDK's schema.
 */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import {
  ApplicationSchema,
  ApplicationServicePrincipalSchema,
  ApplicationTemplateSchema,
  ProvisionOnDemandEventSchema,
  ProvisionOnDemandOutcomeSchema,
  ProvisioningObjectSummarySchema,
  PublicErrorSchema,
  ServicePrincipalSchema,
  StringKeyStringValuePairSchema,
  SynchronizationJobSchema,
  SynchronizationSchemaSchema,
  SynchronizationTemplateSchema,
} from '../../src/index.js';
import { AWS_TEMPLATE_ID, CUSTOM_APP_TEMPLATE_ID } from '../../src/testing/index.js';
import { fixtureJson, fixtureText } from '../helpers/graph.js';
import { fakeTenant, raw } from './helpers.js';

type Json = unknown;

/** Paths where the example's content is an open bag (`details`), or a documented quirk. */
const OPEN = /(^|\.)details$|\.initiatingType$/;

/**
 * Members the fake may leave null where the example shows a value: nullable in the CSDL, and
 * null in the fake's state (the custom app has no description; an object on demand has no
 * target id before it is created).
 */
const NULLABLE = /(^|\.)(description|error|targetIdentity\.id)$/;

/** Lists what of `example` is missing from `actual`, or has another JSON type. */
function shapeDifferences(example: Json, actual: Json, path = ''): string[] {
  if (OPEN.test(path)) return [];
  if (example === null || example === undefined) return [];
  if (actual === null) return NULLABLE.test(path) ? [] : [`${path}: null`];
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    // Every element the fake sends is checked against the example's first.
    return example.length === 0
      ? []
      : actual.flatMap((item, i) => shapeDifferences(example[0], item, `${path}[${String(i)}]`));
  }
  if (typeof example === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object`];
    return Object.entries(example as Record<string, Json>).flatMap(([key, value]) => {
      const at = path ? `${path}.${key}` : key;
      if (key in (actual as Record<string, Json>)) {
        return shapeDifferences(value, (actual as Record<string, Json>)[key], at);
      }
      return OPEN.test(at) ? [] : [`${at}: missing`];
    });
  }
  return typeof example === typeof actual
    ? []
    : [`${path}: expected ${typeof example}, got ${typeof actual}`];
}

function renameKey(value: Json, from: string, to: string): Json {
  return Object.fromEntries(
    Object.entries(value as Record<string, Json>).map(([k, v]) => [k === from ? to : k, v]),
  );
}

function omitKeys(value: Json, keys: readonly string[]): Json {
  return Object.fromEntries(
    Object.entries(value as Record<string, Json>).filter(([k]) => !keys.includes(k)),
  );
}

function withoutTrailingCommas(text: string): Json {
  return JSON.parse(text.replace(/,(\s*[}\]])/g, '$1'));
}

function expectConforms(example: Json, actual: Json, schema?: z.ZodMiniType): void {
  expect(shapeDifferences(example, actual)).toEqual([]);
  if (schema !== undefined) expect(schema.safeParse(actual).success).toBe(true);
}

describe.each(['v1.0', 'beta'] as const)(
  '%s answers have the shape of the documented examples',
  (version) => {
    async function setup() {
      const t = fakeTenant({ provisioning: { failureRate: 0.3 } });
      const client = t.fake.client({ apiVersion: version });
      const { servicePrincipal } = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
        displayName: 'AWS',
      });
      const sp = client.servicePrincipals.byId(servicePrincipal.id);
      const created = await sp.synchronization.jobs.create({ templateId: 'aws' });
      await sp.synchronization.secrets.put({ ClientSecret: 'bad-secret', SecretToken: 'x' });
      await sp.synchronization.jobs.byId(created.id).start();
      t.clock.advance(10_000);
      await sp.synchronization.secrets.put({ ClientSecret: 'good', SecretToken: 'x' });
      const other = await client.applicationTemplates.instantiate(CUSTOM_APP_TEMPLATE_ID, {
        displayName: 'SCIM',
      });
      const sp2 = client.servicePrincipals.byId(other.servicePrincipal.id);
      const job2 = await sp2.synchronization.jobs.create({ templateId: 'scim' });
      await sp2.synchronization.secrets.put({
        BaseAddress: 'https://scim.example.com',
        SecretToken: 't',
      });
      await sp2.synchronization.jobs.byId(job2.id).start();
      t.clock.advance(60_000);
      const base = `/${version}/servicePrincipals/${servicePrincipal.id}/synchronization`;
      return { ...t, base, jobPath: `${base}/jobs/${created.id}`, jobId: created.id };
    }

    it('GET /applicationTemplates and /applicationTemplates/{id}', async () => {
      const { fake } = await setup();
      const list = await raw(fake.fetch, `/${version}/applicationTemplates?$top=3`);
      const example = fixtureJson(version, 'applicationtemplate-list.response.json') as {
        value: Json[];
      };
      expectConforms(example, list.body);
      for (const item of list.body.value as Json[])
        expect(ApplicationTemplateSchema.safeParse(item).success).toBe(true);
      const one = await raw(fake.fetch, `/${version}/applicationTemplates/${AWS_TEMPLATE_ID}`);
      expectConforms(
        fixtureJson(version, 'applicationtemplate-get.response.json'),
        one.body,
        ApplicationTemplateSchema,
      );
    });

    it('POST /applicationTemplates/{id}/instantiate', async () => {
      const { fake } = await setup();
      const { status, body } = await raw(
        fake.fetch,
        `/${version}/applicationTemplates/${AWS_TEMPLATE_ID}/instantiate`,
        {
          method: 'POST',
          body: JSON.stringify(
            fixtureJson(version, 'applicationtemplate-instantiate.request.json'),
          ),
        },
      );
      expect(status).toBe(201);
      expectConforms(fixtureJson(version, 'applicationtemplate-instantiate.response.json'), body);
      const { servicePrincipal } = await fake
        .client({ apiVersion: version })
        .applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
          displayName: 'through the SDK',
        });
      expect(
        ApplicationServicePrincipalSchema.shape.servicePrincipal.safeParse(servicePrincipal)
          .success,
      ).toBe(true);
    });

    it('GET …/synchronization/templates and …/templates/{id}', async () => {
      const { fake, base } = await setup();
      const list = await raw(fake.fetch, `${base}/templates`);
      expectConforms(
        fixtureJson(version, 'synchronization-synchronization-list-templates.response.json'),
        list.body,
      );
      const one = await raw(fake.fetch, `${base}/templates/aws`);
      expectConforms(
        fixtureJson(version, 'synchronization-synchronizationtemplate-get.response.json'),
        one.body,
        SynchronizationTemplateSchema,
      );
    });

    it('POST and GET …/synchronization/jobs, GET …/jobs/{id} (quarantined, as in the example)', async () => {
      const { fake, base, jobPath } = await setup();
      const created = await raw(fake.fetch, `${base}/jobs`, {
        method: 'POST',
        body: JSON.stringify(
          fixtureJson(version, 'synchronization-synchronization-post-jobs.request.json'),
        ),
      });
      expect(created.status).toBe(400); // BoxOutDelta is not a template of AWS: 400, like Graph.
      const createdAws = await raw(fake.fetch, `${base}/jobs`, {
        method: 'POST',
        body: JSON.stringify({ templateId: 'aws' }),
      });
      expectConforms(
        fixtureJson(version, 'synchronization-synchronization-post-jobs.response.json'),
        createdAws.body,
        SynchronizationJobSchema,
      );
      const list = await raw(fake.fetch, `${base}/jobs`);
      expectConforms(
        withoutTrailingCommas(
          fixtureText(version, 'synchronization-synchronization-list-jobs.response.txt'),
        ),
        list.body,
      );
      const job = await raw(fake.fetch, jobPath);
      expect((job.body.status as { code: string }).code).toBe('Quarantine');
      expectConforms(
        fixtureJson(version, 'synchronization-synchronizationjob-get.response.json'),
        job.body,
        SynchronizationJobSchema,
      );
    });

    it('GET …/jobs/{id}/schema', async () => {
      const { fake, jobPath } = await setup();
      const { body } = await raw(fake.fetch, `${jobPath}/schema`);
      expectConforms(
        fixtureJson('beta', 'synchronization-synchronizationschema-get.response.json'),
        body,
        SynchronizationSchemaSchema,
      );
    });

    it('POST …/jobs/{id}/provisionOnDemand: key and value documents like the examples', async () => {
      const { fake, jobPath } = await setup();
      const schema = (await raw(fake.fetch, `${jobPath}/schema`)).body as {
        synchronizationRules: { id: string }[];
      };
      const user = fake.state.servicePrincipals[0]!.assigned.find((o) => o.type === 'User')!;
      const { body } = await raw(fake.fetch, `${jobPath}/provisionOnDemand`, {
        method: 'POST',
        body: JSON.stringify({
          parameters: [
            {
              ruleId: schema.synchronizationRules[0]!.id,
              subjects: [{ objectId: user.id, objectTypeName: 'User' }],
            },
          ],
        }),
      });
      const example = fixtureJson(
        version,
        'synchronization-synchronizationjob-provisionondemand.example1-synchronizationjob_provisionondemand_ADto3P.response.json',
      ) as { key: string; value: string };
      expectConforms(example, body);
      expectConforms(JSON.parse(example.key), JSON.parse(body.key as string));
      expectConforms(JSON.parse(example.value), JSON.parse(body.value as string));
    });

    it('GET /servicePrincipals, /applications and by id: the entities instantiate returns', async () => {
      const { fake } = await setup();
      // beta's instantiate example uses AAD-Graph names; GET answers with Graph's in both versions
      // (beta's application has neither addIns nor applicationTemplateId in its CSDL).
      const example = fixtureJson('v1.0', 'applicationtemplate-instantiate.response.json') as {
        application: Json;
        servicePrincipal: Json;
      };
      const sps = await raw(fake.fetch, `/${version}/servicePrincipals`);
      const apps = await raw(fake.fetch, `/${version}/applications`);
      expect(sps.body.value).toHaveLength(2);
      expect(apps.body.value).toHaveLength(2);
      const spExample =
        version === 'beta'
          ? renameKey(
              example.servicePrincipal,
              'oauth2PermissionScopes',
              'publishedPermissionScopes',
            )
          : example.servicePrincipal;
      const appExample =
        version === 'beta'
          ? omitKeys(example.application, ['addIns', 'applicationTemplateId'])
          : example.application;
      for (const sp of sps.body.value as { id: string }[]) {
        expectConforms(spExample, sp, ServicePrincipalSchema);
        const one = await raw(fake.fetch, `/${version}/servicePrincipals/${sp.id}`);
        expectConforms(spExample, one.body, ServicePrincipalSchema);
      }
      for (const app of apps.body.value as { id: string }[]) {
        expectConforms(appExample, app, ApplicationSchema);
        const one = await raw(fake.fetch, `/${version}/applications/${app.id}`);
        expectConforms(appExample, one.body, ApplicationSchema);
      }
    });

    it('the raw instantiate answer passes the SDK schema, and so does provisionOnDemand', async () => {
      const { fake, jobPath } = await setup();
      const { body } = await raw(
        fake.fetch,
        `/${version}/applicationTemplates/${AWS_TEMPLATE_ID}/instantiate`,
        { method: 'POST', body: JSON.stringify({ displayName: 'raw' }) },
      );
      // beta answers with AAD-Graph names (objectId…), which the SDK maps before validating.
      if (version === 'v1.0')
        expect(ApplicationServicePrincipalSchema.safeParse(body).success).toBe(true);
      else expect(body.servicePrincipal).toHaveProperty('objectId');
      const rules = (await raw(fake.fetch, `${jobPath}/schema`)).body as {
        synchronizationRules: { id: string }[];
      };
      const user = fake.state.servicePrincipals[0]!.assigned.find((o) => o.type === 'User')!;
      const onDemand = await raw(fake.fetch, `${jobPath}/provisionOnDemand`, {
        method: 'POST',
        body: JSON.stringify({
          parameters: [
            {
              ruleId: rules.synchronizationRules[0]!.id,
              subjects: [{ objectId: user.id, objectTypeName: 'User' }],
            },
          ],
        }),
      });
      expect(StringKeyStringValuePairSchema.safeParse(onDemand.body).success).toBe(true);
      expect(
        ProvisionOnDemandOutcomeSchema.safeParse(JSON.parse(onDemand.body.key as string)).success,
      ).toBe(true);
      expect(
        ProvisionOnDemandEventSchema.safeParse(JSON.parse(onDemand.body.value as string)).success,
      ).toBe(true);
    });

    it('GET …/synchronization/secrets: the keys saved, in the body PUT takes, values hidden', async () => {
      const { fake, base } = await setup();
      const { status, body } = await raw(fake.fetch, `${base}/secrets`);
      expect(status).toBe(200);
      expectConforms(
        fixtureJson(version, 'synchronization-serviceprincipal-put-synchronization.request.json'),
        body,
      );
      expect(body.value).toEqual([
        { key: 'ClientSecret', value: '*' },
        { key: 'SecretToken', value: '*' },
      ]);
    });

    it('errors: the OData envelope with request-id, client-request-id and date', async () => {
      const { fake } = await setup();
      for (const path of [
        `/${version}/servicePrincipals/00000000-0000-4000-8000-000000000000`,
        `/${version}/applicationTemplates?$filter=homePageUrl eq 'x'`,
        `/${version}/nothing`,
      ]) {
        const { status, body } = await raw(fake.fetch, path, {
          headers: { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000000' },
        });
        expect(status).toBeGreaterThanOrEqual(400);
        const error = body.error as { code: string; message: string; innerError: Json };
        expect(PublicErrorSchema.safeParse(error).success).toBe(true);
        expect(error.code).toMatch(/^\w+$/);
        expect(error.message.length).toBeGreaterThan(10);
        expect(error.innerError).toMatchObject({
          'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
          'client-request-id': 'c0ffee00-0000-4000-8000-000000000000',
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/) as unknown,
        });
      }
    });

    it('GET /auditLogs/provisioning', async () => {
      const { fake } = await setup();
      const { body } = await raw(
        fake.fetch,
        `/${version}/auditLogs/provisioning?$top=20&$filter=provisioningStatusInfo/status eq 'failure'`,
      );
      expect((body.value as Json[]).length).toBeGreaterThan(0);
      expectConforms(
        fixtureJson(
          version,
          'provisioningobjectsummary-list.example2-list_provisioningobjectsummary_error.response.json',
        ),
        body,
      );
      expectConforms(
        withoutTrailingCommas(
          fixtureText(
            version,
            'provisioningobjectsummary-list.example1-list_provisioningobjectsummary.response.txt',
          ),
        ),
        body,
      );
      for (const event of body.value as Json[])
        expect(ProvisioningObjectSummarySchema.safeParse(event).success).toBe(true);
    });
  },
);

describe('the shape check', () => {
  it('fails on a missing member or another JSON type', () => {
    expect(shapeDifferences({ a: 1, b: { c: 'x' } }, { a: 1, b: {} })).toEqual(['b.c: missing']);
    expect(shapeDifferences({ a: [{ b: 1 }] }, { a: [{ b: 1 }, { b: '1' }] })).toEqual([
      'a[1].b: expected number, got string',
    ]);
  });

  it('fails on null where the example has a value, unless the member is nullable', () => {
    expect(shapeDifferences({ a: { b: 1 } }, { a: null })).toEqual(['a: null']);
    expect(shapeDifferences({ a: { error: { code: 'x' } } }, { a: { error: null } })).toEqual([]);
  });
});
