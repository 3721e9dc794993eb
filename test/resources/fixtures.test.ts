/**
 * Microsoft's documented examples (test/fixtures/graph, copied byte for byte from the Graph docs)
 * as tests: for each call, the SDK sends the documented method, path and body, and parses the
 * documented response into the typed model. Examples that are not valid JSON, or disagree with
 * Graph's schema, are handled deliberately, and each test says what the SDK does with them.
 */
import { describe, expect, it } from 'vitest';
import {
  type ApiVersion,
  type InvalidInputError,
  type InvalidResponseError,
  type Logger,
  loose,
} from '../../src/index.js';
import {
  AWS_TEMPLATE_ID,
  GRAPH,
  JOB_ID,
  SP_ID,
  fixtureJson,
  fixtureResponse,
  fixtureText,
  http,
  makeClient,
  noContent,
  recordRequests,
  useGraphServer,
  type SentRequest,
  rejection,
} from '../helpers/graph.js';

const server = useGraphServer();
const CUSTOM_TEMPLATE_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';
const SAML_TOOLKIT_TEMPLATE_ID = '229946b9-a9fb-45b8-9531-efa47453ac9e';

function expectSent(
  request: SentRequest | undefined,
  method: string,
  path: string,
  body?: unknown,
): void {
  expect(request).toBeDefined();
  expect(request!.method).toBe(method);
  expect(decodeURIComponent(request!.url.pathname)).toBe(path);
  if (body === undefined) expect(request!.body).toBe('');
  else expect(JSON.parse(request!.body)).toEqual(body);
}

/**
 * The v1.0 validateCredentials example is a JavaScript object literal (`{ credentials: [ { key:
 * "UserName", … } ] }`), not JSON: quoting its keys gives the JSON Graph expects.
 */
function jsLiteralToJson(text: string): unknown {
  return JSON.parse(text.replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":'));
}

/** The docs' invalid examples differ from valid JSON by one trailing comma. */
function withoutTrailingCommas(text: string): unknown {
  return JSON.parse(text.replace(/,(\s*[}\]])/g, '$1'));
}

describe.each(['v1.0', 'beta'] as const)('Graph %s examples', (version: ApiVersion) => {
  const client = makeClient({ apiVersion: version });
  const root = `${GRAPH}/${version}`;
  const sp = client.servicePrincipals.byId(SP_ID);
  const job = sp.synchronization.jobs.byId(JOB_ID);
  const jobPath = `/${version}/servicePrincipals/${SP_ID}/synchronization/jobs/${JOB_ID}`;

  describe('step 1: application templates', () => {
    it('lists templates: GET /applicationTemplates parses the placeholder example', async () => {
      const sent = recordRequests();
      server.use(
        http.get(`${root}/applicationTemplates`, () =>
          fixtureResponse(version, 'applicationtemplate-list.response.json'),
        ),
      );
      const templates = await client.applicationTemplates.list().toArray();
      expectSent(sent[0], 'GET', `/${version}/applicationTemplates`);
      expect(templates).toEqual(
        (fixtureJson(version, 'applicationtemplate-list.response.json') as { value: unknown[] })
          .value,
      );
      expect(templates[0]!.supportedSingleSignOnModes).toEqual([
        'supportedSingleSignOnModes-value',
      ]);
    });

    it('gets a template: GET /applicationTemplates/{id}', async () => {
      const sent = recordRequests();
      server.use(
        http.get(`${root}/applicationTemplates/:id`, () =>
          fixtureResponse(version, 'applicationtemplate-get.response.json'),
        ),
      );
      const template = await client.applicationTemplates.get(AWS_TEMPLATE_ID);
      expectSent(sent[0], 'GET', `/${version}/applicationTemplates/${AWS_TEMPLATE_ID}`);
      expect(template).toEqual(fixtureJson(version, 'applicationtemplate-get.response.json'));
      expect(template.publisher).toBe('publisher-value');
    });

    it('instantiates: POST /applicationTemplates/{id}/instantiate with the documented body, 201', async () => {
      const sent = recordRequests();
      const templateId = version === 'beta' ? CUSTOM_TEMPLATE_ID : SAML_TOOLKIT_TEMPLATE_ID;
      const request = fixtureJson(version, 'applicationtemplate-instantiate.request.json') as {
        displayName: string;
      };
      server.use(
        http.post(`${root}/applicationTemplates/:id/instantiate`, () =>
          fixtureResponse(version, 'applicationtemplate-instantiate.response.json', 201),
        ),
      );
      const result = await client.applicationTemplates.instantiate(templateId, request);
      expectSent(
        sent[0],
        'POST',
        `/${version}/applicationTemplates/${templateId}/instantiate`,
        request,
      );
      const documented = fixtureJson(version, 'applicationtemplate-instantiate.response.json') as {
        application: Record<string, unknown>;
        servicePrincipal: Record<string, unknown>;
      };
      if (version === 'beta') {
        // beta answers with AAD-Graph names and no `id`: the SDK copies `objectId` to `id`.
        expect(documented.application.id).toBeUndefined();
        expect(result.application.id).toBe('428fbcb1-35bc-471d-95f2-6cc339357cb5');
        expect(result.servicePrincipal.id).toBe('7b358fa1-7d10-4a57-bd96-b7e63c2f9be5');
        expect(loose(result.application).objectId).toBe(result.application.id);
        expect(result.servicePrincipal.homepage).toContain('customappsso');
      } else {
        expect(result).toEqual(documented);
        expect(result.application.id).toBe('20845737-a145-446f-aa3c-77d432903957');
        expect(result.servicePrincipal.id).toBe('912729dd-97ae-4ceb-ade4-07bed3046486');
        expect(result.application.applicationTemplateId).toBe(SAML_TOOLKIT_TEMPLATE_ID);
      }
      expect(result.servicePrincipal.appId).toBe(result.application.appId);
    });

    it('raises InvalidResponseError with the request id when instantiate returns no ids, unless told not to check', async () => {
      const answer = { application: { appId: 'x' }, servicePrincipal: {} };
      server.use(
        http.post(`${root}/applicationTemplates/:id/instantiate`, () =>
          Response.json(answer, { status: 201, headers: { 'request-id': 'rid-1' } }),
        ),
      );
      const instantiate = (validateResponses: 'throw' | 'warn' | 'off', logger?: Logger) =>
        makeClient({
          apiVersion: version,
          validateResponses,
          logger,
        }).applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'AWS' });
      const error = await rejection(instantiate('throw'));
      expect(error.kind).toBe('invalidResponse');
      expect(error).toMatchObject({ status: 201, requestId: 'rid-1', method: 'POST', attempts: 1 });
      expect(error.message).toContain('application.id');
      // The body is on the error: what Graph made can still be read.
      expect(JSON.parse((error as InvalidResponseError).body ?? '')).toEqual(answer);
      // 'off' checks nothing, hooks included; 'warn' logs what 'throw' refuses.
      await expect(instantiate('off')).resolves.toMatchObject(answer);
      const warnings: string[] = [];
      const log = () => undefined;
      const logger = { debug: log, info: log, error: log, warn: (m: string) => warnings.push(m) };
      await expect(instantiate('warn', logger)).resolves.toMatchObject(answer);
      expect(warnings.join('\n')).toContain('application.id');
    });
  });

  describe('step 2: synchronization templates and jobs', () => {
    it('lists sync templates: GET /servicePrincipals/{id}/synchronization/templates', async () => {
      const sent = recordRequests();
      server.use(
        http.get(`${root}/servicePrincipals/:sp/synchronization/templates`, () =>
          fixtureResponse(version, 'synchronization-synchronization-list-templates.response.json'),
        ),
      );
      const templates = await sp.synchronization.templates.list().toArray();
      expectSent(
        sent[0],
        'GET',
        `/${version}/servicePrincipals/${SP_ID}/synchronization/templates`,
      );
      expect(templates).toEqual([
        {
          id: 'Slack',
          factoryTag: 'CustomSCIM',
          schema: { directories: [], synchronizationRules: [] },
        },
      ]);
    });

    it('gets a sync template: GET …/synchronization/templates/Slack', async () => {
      const sent = recordRequests();
      server.use(
        http.get(`${root}/servicePrincipals/:sp/synchronization/templates/:id`, () =>
          fixtureResponse(version, 'synchronization-synchronizationtemplate-get.response.json'),
        ),
      );
      const template = await sp.synchronization.templates.get('Slack');
      expectSent(
        sent[0],
        'GET',
        `/${version}/servicePrincipals/${SP_ID}/synchronization/templates/Slack`,
      );
      expect(template).toEqual(
        fixtureJson(version, 'synchronization-synchronizationtemplate-get.response.json'),
      );
    });

    it("creates a job: POST …/synchronization/jobs with the documented body, accepting the example's 200", async () => {
      const sent = recordRequests();
      const request = fixtureJson(
        version,
        'synchronization-synchronization-post-jobs.request.json',
      ) as { templateId: string };
      server.use(
        http.post(`${root}/servicePrincipals/:sp/synchronization/jobs`, () =>
          fixtureResponse(version, 'synchronization-synchronization-post-jobs.response.json', 200),
        ),
      );
      const created = await sp.synchronization.jobs.create(request);
      expectSent(
        sent[0],
        'POST',
        `/${version}/servicePrincipals/${SP_ID}/synchronization/jobs`,
        request,
      );
      expect(created).toEqual(
        fixtureJson(version, 'synchronization-synchronization-post-jobs.response.json'),
      );
      expect(created.schedule?.state).toBe('Disabled');
      expect(created.status?.code).toBe('NotConfigured');
      expect(created.status?.steadyStateFirstAchievedTime).toBe('0001-01-01T00:00:00Z');
    });

    it('also accepts 201 Created for a new job, as the page text says', async () => {
      server.use(
        http.post(`${root}/servicePrincipals/:sp/synchronization/jobs`, () =>
          fixtureResponse(version, 'synchronization-synchronization-post-jobs.response.json', 201),
        ),
      );
      expect((await sp.synchronization.jobs.create({ templateId: 'BoxOutDelta' })).templateId).toBe(
        'BoxOutDelta',
      );
    });

    it("rejects the docs' list-jobs example (a trailing comma, not JSON) as InvalidResponseError", async () => {
      const sent = recordRequests();
      server.use(
        http.get(`${root}/servicePrincipals/:sp/synchronization/jobs`, () =>
          fixtureResponse(version, 'synchronization-synchronization-list-jobs.response.txt'),
        ),
      );
      // maxRetries 0: a GET reads an unreadable body again (test/core/settling.test.ts).
      const error = await rejection(
        makeClient({ apiVersion: version, maxRetries: 0 })
          .servicePrincipals.byId(SP_ID)
          .synchronization.jobs.list()
          .toArray(),
      );
      expect(sent).toHaveLength(1);
      expectSent(sent[0], 'GET', `/${version}/servicePrincipals/${SP_ID}/synchronization/jobs`);
      expect(error.kind).toBe('invalidResponse');
      expect(error.message).toContain('not valid JSON');
    });

    it('parses the list-jobs example once its trailing comma is removed', async () => {
      const text = fixtureText(version, 'synchronization-synchronization-list-jobs.response.txt');
      const repaired = withoutTrailingCommas(text) as { value: unknown[] };
      server.use(
        http.get(`${root}/servicePrincipals/:sp/synchronization/jobs`, () =>
          Response.json(repaired),
        ),
      );
      const jobs = await sp.synchronization.jobs.list().toArray();
      expect(jobs).toEqual(repaired.value);
      expect(jobs[0]!.status?.code).toBe('Paused');
    });
  });

  describe('step 3: credentials', () => {
    it('validates credentials: POST …/jobs/{id}/validateCredentials with the documented body, 204', async () => {
      const sent = recordRequests();
      server.use(
        http.post(
          `${root}/servicePrincipals/:sp/synchronization/jobs/:job/validateCredentials`,
          noContent,
        ),
      );
      const documented =
        version === 'beta'
          ? fixtureJson(
              version,
              'synchronization-synchronizationjob-validatecredentials.request.json',
            )
          : jsLiteralToJson(
              fixtureText(
                version,
                'synchronization-synchronizationjob-validatecredentials.request.txt',
              ),
            );
      await job.validateCredentials({
        credentials: [
          { key: 'UserName', value: 'user@domain.com' },
          { key: 'Password', value: 'password-value' },
        ],
      });
      expectSent(sent[0], 'POST', `${jobPath}/validateCredentials`, documented);
    });

    it('sends the same body for credentials given as an object', async () => {
      const sent = recordRequests();
      server.use(
        http.post(
          `${root}/servicePrincipals/:sp/synchronization/jobs/:job/validateCredentials`,
          noContent,
        ),
      );
      await job.validateCredentials({
        credentials: { UserName: 'user@domain.com', Password: 'password-value' },
      });
      expect(JSON.parse(sent[0]!.body)).toEqual({
        credentials: [
          { key: 'UserName', value: 'user@domain.com' },
          { key: 'Password', value: 'password-value' },
        ],
      });
    });

    it('saves secrets: PUT …/synchronization/secrets with {"value":[…]}, 204', async () => {
      const sent = recordRequests();
      const documented = fixtureJson(
        version,
        'synchronization-serviceprincipal-put-synchronization.request.json',
      ) as {
        value: { key: string; value: string }[];
      };
      server.use(http.put(`${root}/servicePrincipals/:sp/synchronization/secrets`, noContent));
      await sp.synchronization.secrets.put(documented.value);
      await sp.synchronization.secrets.put({
        BaseAddress: 'user@domain.com',
        SecretToken: 'password-value',
        SyncNotificationSettings: '{"Enabled":false,"DeleteThresholdEnabled":false}',
        SyncAll: 'false',
      });
      // Each PUT follows a read of what is saved (nothing here: the PUT carries the documented body).
      expect(sent.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET', 'PUT']);
      expectSent(
        sent[1],
        'PUT',
        `/${version}/servicePrincipals/${SP_ID}/synchronization/secrets`,
        documented,
      );
      expectSent(
        sent[3],
        'PUT',
        `/${version}/servicePrincipals/${SP_ID}/synchronization/secrets`,
        documented,
      );
    });

    it('clears secrets by saving each key with an empty value', async () => {
      const sent = recordRequests();
      server.use(http.put(`${root}/servicePrincipals/:sp/synchronization/secrets`, noContent));
      await sp.synchronization.secrets.clear(['SecretToken', 'BaseAddress']);
      expect(sent.map((r) => r.method)).toEqual(['GET', 'PUT']);
      expectSent(sent[1], 'PUT', `/${version}/servicePrincipals/${SP_ID}/synchronization/secrets`, {
        value: [
          { key: 'SecretToken', value: '' },
          { key: 'BaseAddress', value: '' },
        ],
      });
    });

    it("refuses the acquireAccessToken example's placeholder credential (no key) before sending", async () => {
      const sent = recordRequests();
      const documented = fixtureJson(
        version,
        'synchronization-synchronization-acquireaccesstoken.request.json',
      ) as {
        credentials: unknown[];
      };
      const error = await rejection(
        sp.synchronization.acquireAccessToken(documented.credentials as never),
      );
      expect(error.kind).toBe('invalidInput');
      expect(error.message).toContain('is not a synchronizationSecret name');
      expect(sent).toHaveLength(0);
    });

    it('acquires an access token: POST …/synchronization/acquireAccessToken with {"credentials":[…]}', async () => {
      const sent = recordRequests();
      server.use(
        http.post(`${root}/servicePrincipals/:sp/synchronization/acquireAccessToken`, noContent),
      );
      await sp.synchronization.acquireAccessToken({ Oauth2AuthorizationCode: 'code-123' });
      expectSent(
        sent[0],
        'POST',
        `/${version}/servicePrincipals/${SP_ID}/synchronization/acquireAccessToken`,
        {
          credentials: [{ key: 'Oauth2AuthorizationCode', value: 'code-123' }],
        },
      );
    });
  });

  describe('step 4: start, pause, restart, delete', () => {
    it('starts: POST …/jobs/{id}/start with no body, 204', async () => {
      const sent = recordRequests();
      server.use(
        http.post(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/start`, noContent),
      );
      await job.start();
      expectSent(sent[0], 'POST', `${jobPath}/start`);
    });

    it('pauses: POST …/jobs/{id}/pause, 204', async () => {
      const sent = recordRequests();
      server.use(
        http.post(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/pause`, noContent),
      );
      await job.pause();
      expectSent(sent[0], 'POST', `${jobPath}/pause`);
    });

    it('restarts with the documented criteria body', async () => {
      const sent = recordRequests();
      server.use(
        http.post(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/restart`, noContent),
      );
      await job.restart({ resetScope: ['Watermark', 'Escrows', 'QuarantineState'] });
      expectSent(
        sent[0],
        'POST',
        `${jobPath}/restart`,
        fixtureJson(version, 'synchronization-synchronizationjob-restart.request.json'),
      );
    });

    it('deletes: DELETE …/jobs/{id}, 204', async () => {
      const sent = recordRequests();
      server.use(http.delete(`${root}/servicePrincipals/:sp/synchronization/jobs/:job`, noContent));
      await job.delete();
      expectSent(sent[0], 'DELETE', jobPath);
    });
  });

  describe('beyond the five steps: on-demand provisioning and the job schema', () => {
    // Full file names, so the fixture-coverage test sees each one used.
    const examples = [
      [
        'example1',
        'synchronization-synchronizationjob-provisionondemand.example1-synchronizationjob_provisionondemand_ADto3P.request.json',
        'synchronization-synchronizationjob-provisionondemand.example1-synchronizationjob_provisionondemand_ADto3P.response.json',
        'Skipped',
      ],
      [
        'example2',
        'synchronization-synchronizationjob-provisionondemand.example2-synchronizationjob_provisionondemand_AD2AAD.request.json',
        'synchronization-synchronizationjob-provisionondemand.example2-synchronizationjob_provisionondemand_AD2AAD.response.json',
        'Success',
      ],
      [
        'example3',
        'synchronization-synchronizationjob-provisionondemand.example3-synchronizationjob_provisionondemand_Group.request.json',
        'synchronization-synchronizationjob-provisionondemand.example3-synchronizationjob_provisionondemand_Group.response.json',
        'Success',
      ],
    ] as const;

    it.each(examples)(
      'provisions on demand (%s): POST …/provisionOnDemand with the documented body, both JSON strings decoded',
      async (example, requestFile, responseFile, result) => {
        const sent = recordRequests();
        const request = fixtureJson(version, requestFile) as never;
        server.use(
          http.post(
            `${root}/servicePrincipals/:sp/synchronization/jobs/:job/provisionOnDemand`,
            () => fixtureResponse(version, responseFile),
          ),
        );
        const outcome = await job.provisionOnDemand(request);
        expectSent(sent[0], 'POST', `${jobPath}/provisionOnDemand`, request);
        const documented = fixtureJson(version, responseFile) as {
          key: string;
          value: string;
        };
        expect(outcome.result).toBe(result);
        expect(outcome.raw).toEqual({ key: documented.key, value: documented.value });
        expect(outcome.event).toEqual(JSON.parse(documented.value));
        if (example === 'example1') {
          expect(outcome.details).toEqual({
            errorCode: 'RedundantExport',
            errorMessage:
              'The state of the user in both the source and target systems already match.',
          });
          expect(outcome.event.provisioningSteps?.map((step) => step.type)).toEqual([
            'Import',
            'Matching',
            'Scoping',
            'Export',
          ]);
          expect(outcome.event.targetIdentity?.type).toContain('urn:ietf:params:scim');
        }
        if (example === 'example3') expect(outcome.event).toEqual({});
      },
    );

    it('rejects an on-demand answer whose strings are not JSON as InvalidResponseError', async () => {
      server.use(
        http.post(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/provisionOnDemand`, () =>
          Response.json({ key: 'Success', value: '{}' }),
        ),
      );
      const error = await rejection(
        job.provisionOnDemand({
          parameters: [{ ruleId: 'r', subjects: [{ objectId: 'o', objectTypeName: 'User' }] }],
        }),
      );
      expect(error.kind).toBe('invalidResponse');
      expect(error.message).toContain('key: expected a JSON outcome');
    });

    it('refuses on-demand parameters without subjects before sending', async () => {
      const sent = recordRequests();
      const error = await rejection(
        job.provisionOnDemand({ parameters: [{ ruleId: 'r', subjects: [] }] }),
      );
      expect(error.kind).toBe('invalidInput');
      expect(sent).toHaveLength(0);
    });

    it("gets the job schema, keeping the beta example's lowercase attribute type and {} placeholders", async () => {
      const sent = recordRequests();
      // Microsoft documents this call with a beta example only; v1.0 returns the same shape.
      server.use(
        http.get(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/schema`, () =>
          fixtureResponse('beta', 'synchronization-synchronizationschema-get.response.json'),
        ),
      );
      const schema = await job.schema.get();
      expectSent(sent[0], 'GET', `${jobPath}/schema`);
      expect(schema).toEqual(
        fixtureJson('beta', 'synchronization-synchronizationschema-get.response.json'),
      );
      expect(schema.directories?.[0]?.objects?.[0]?.attributes?.[0]?.type).toBe('string');
      expect(
        schema.synchronizationRules?.[0]?.objectMappings?.[0]?.attributeMappings?.[0]
          ?.targetAttributeName,
      ).toBe('userName');
    });

    it('replaces the job schema with PUT and resets it with DELETE', async () => {
      const sent = recordRequests();
      const schema = fixtureJson(
        'beta',
        'synchronization-synchronizationschema-get.response.json',
      ) as never;
      server.use(
        http.put(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/schema`, noContent),
        http.delete(`${root}/servicePrincipals/:sp/synchronization/jobs/:job/schema`, noContent),
      );
      await job.schema.replace(schema);
      await job.schema.reset();
      expectSent(sent[0], 'PUT', `${jobPath}/schema`, schema);
      expectSent(sent[1], 'DELETE', `${jobPath}/schema`);
    });

    it('refuses a schema that does not match the model before sending', async () => {
      const error = await rejection(job.schema.replace({ synchronizationRules: 'all' } as never));
      expect(error.kind).toBe('invalidInput');
      expect((error as InvalidInputError).issues[0]!.path).toEqual(['synchronizationRules']);
    });
  });

  describe('step 5: monitor', () => {
    it('gets the job, accepting the example\'s "" quarantine timestamps and reason', async () => {
      const sent = recordRequests();
      server.use(
        http.get(`${root}/servicePrincipals/:sp/synchronization/jobs/:job`, () =>
          fixtureResponse(version, 'synchronization-synchronizationjob-get.response.json'),
        ),
      );
      const got = await job.get();
      expectSent(sent[0], 'GET', jobPath);
      expect(got).toEqual(
        fixtureJson(version, 'synchronization-synchronizationjob-get.response.json'),
      );
      expect(got.status?.quarantine?.error?.code).toBe('SalesforceInvalidCredentials');
      expect(got.status?.quarantine?.error?.tenantActionable).toBe(true);
      expect(got.status?.quarantine?.currentBegan).toBe('');
      expect(got.synchronizationJobSettings).toEqual([
        { name: 'QuarantineTooManyDeletesThreshold', value: '500' },
      ]);
    });

    it('lists provisioning events with a failure, typed down to errorInformation', async () => {
      const sent = recordRequests();
      const file =
        'provisioningobjectsummary-list.example2-list_provisioningobjectsummary_error.response.json';
      server.use(http.get(`${root}/auditLogs/provisioning`, () => fixtureResponse(version, file)));
      const events = await client.auditLogs.provisioning.list({ top: 20 }).toArray();
      expectSent(sent[0], 'GET', `/${version}/auditLogs/provisioning`);
      expect(sent[0]!.url.searchParams.get('$top')).toBe('20');
      expect(events).toEqual((fixtureJson(version, file) as { value: unknown[] }).value);
      const [event] = events;
      expect(event!.provisioningStatusInfo?.status).toBe('failure');
      expect(event!.provisioningStatusInfo?.errorInformation?.errorCode).toMatch(/EntryConflict$/);
      expect(event!.provisioningSteps?.map((s) => s.provisioningStepType)).toEqual([
        'import',
        'matching',
        'export',
      ]);
      expect(typeof event!.targetSystem?.details?.ServicePrincipalDisplayName).toBe('string');
      if (version === 'beta') {
        // beta keeps the deprecated `action` and `statusInfo` (a statusDetails) beside the new ones.
        expect(event!.action).toBe('Create');
        expect(event!.statusInfo?.errorCode).toBe('ContosoEntryConflict');
      }
    });

    it("rejects the docs' first events example (a trailing comma, not JSON) as InvalidResponseError", async () => {
      const file =
        'provisioningobjectsummary-list.example1-list_provisioningobjectsummary.response.txt';
      server.use(http.get(`${root}/auditLogs/provisioning`, () => fixtureResponse(version, file)));
      const error = await rejection(
        makeClient({ apiVersion: version, maxRetries: 0 }).auditLogs.provisioning.list().toArray(),
      );
      expect(error.kind).toBe('invalidResponse');
      expect(error.message).toContain('not valid JSON');
    });

    it("keeps that example's off-schema initiatingType and 'Import'/'Export' step types once the comma is removed", async () => {
      const file =
        'provisioningobjectsummary-list.example1-list_provisioningobjectsummary.response.txt';
      const repaired = withoutTrailingCommas(fixtureText(version, file)) as { value: unknown[] };
      server.use(http.get(`${root}/auditLogs/provisioning`, () => Response.json(repaired)));
      const [event] = await client.auditLogs.provisioning.list().toArray();
      expect(event).toEqual(repaired.value[0]);
      expect(event!.provisioningSteps?.[0]?.provisioningStepType).toBe('Import');
      expect(loose(event!.initiatedBy)?.initiatingType).toBe('system');
      expect(event!.jobId).toBe(
        'aws.74beb1753b704b63b8d56f0b76082b16.10a7a801-7101-4c69-ae00-ce9f75f8460a',
      );
    });
  });

  describe('templates through their application', () => {
    const APP_ID = '0b2a2f1d-8c3e-4f5a-9b6c-7d8e9f0a1b2c';
    const templatePath = `/${version}/applications/${APP_ID}/synchronization/templates/Slack`;

    it('updates a template with the documented body, as PATCH (the method of the page and of the permission map)', async () => {
      const sent = recordRequests();
      server.use(
        http.patch(`${root}/applications/:app/synchronization/templates/:template`, noContent),
      );
      const body = fixtureJson(
        version,
        'synchronization-synchronizationtemplate-update.request.json',
      );
      await client.applications
        .byId(APP_ID)
        .synchronization.templates.update('Slack', body as never);
      expectSent(sent[0], 'PATCH', templatePath, body);
    });

    it('refuses a template without an id before sending', async () => {
      const sent = recordRequests();
      const error = await rejection(
        client.applications
          .byId(APP_ID)
          .synchronization.templates.update('Slack', { factoryTag: 'CustomSCIM' } as never),
      );
      expect(error.kind).toBe('invalidInput');
      expect(sent).toHaveLength(0);
    });
  });
});
