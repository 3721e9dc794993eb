/**
 * Microsoft's article "Configure provisioning using Microsoft Graph APIs", end to end through
 * the SDK, against Graph simulated with the article's own payloads (test/fixtures/seed).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ProvisioningClient } from '../src/index.js';
import {
  GRAPH,
  http,
  noContent,
  recordRequests,
  recordingFetch,
  useGraphServer,
} from './helpers/graph.js';

const server = useGraphServer();
const seed = (file: string): unknown =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`./fixtures/seed/${file}`, import.meta.url)), 'utf8'),
  );
const BETA = `${GRAPH}/beta`;
const SP = 'f47a6776-bca7-4f2e-bc6c-eec59d058e3e';

it("runs the article's five steps with the article's payloads", async () => {
  const sent = recordRequests();
  server.use(
    http.get(`${BETA}/applicationTemplates`, () =>
      Response.json(seed('1-list-application-templates.response.json')),
    ),
    http.post(`${BETA}/applicationTemplates/:id/instantiate`, () =>
      Response.json(seed('1-instantiate.response.json'), { status: 201 }),
    ),
    http.get(`${BETA}/servicePrincipals/:id/synchronization/templates`, () =>
      Response.json(seed('2-list-synchronization-templates.response.json')),
    ),
    http.post(`${BETA}/servicePrincipals/:id/synchronization/jobs`, () =>
      Response.json(seed('2-create-job.response.json')),
    ),
    http.post(
      `${BETA}/servicePrincipals/:id/synchronization/jobs/:job/validateCredentials`,
      noContent,
    ),
    http.put(`${BETA}/servicePrincipals/:id/synchronization/secrets`, noContent),
    http.post(`${BETA}/servicePrincipals/:id/synchronization/jobs/:job/start`, noContent),
    http.get(`${BETA}/servicePrincipals/:id/synchronization/jobs/:job`, () =>
      Response.json(seed('5-get-job.response.json')),
    ),
    http.get(`${BETA}/auditLogs/provisioning`, () =>
      Response.json(seed('5-list-provisioning-events.response.json')),
    ),
  );
  // `recordingFetch` passes every request on to (msw-intercepted) fetch, noting what was sent.
  const client = new ProvisioningClient({
    accessToken: 'token',
    apiVersion: 'beta',
    fetch: recordingFetch,
  });

  // Step 1: find the gallery template and instantiate it.
  const [aws] = await client.applicationTemplates
    .list({ filter: "displayName eq 'Amazon Web Services (AWS)'" })
    .toArray();
  const { servicePrincipal } = await client.applicationTemplates.instantiate(aws!.id, {
    displayName: 'AWS Contoso',
  });
  const sp = client.servicePrincipals.byId(servicePrincipal.id);

  // Step 2: read the synchronization templates and create a job.
  const [template] = await sp.synchronization.templates.list().toArray();
  const created = await sp.synchronization.jobs.create({ templateId: template!.id });
  const job = sp.synchronization.jobs.byId(created.id);

  // Step 3: test the credentials, then save them.
  const credentials = {
    ClientSecret: 'xxxxxxxxxxxxxxxxxxxxx',
    SecretToken: 'xxxxxxxxxxxxxxxxxxxxx',
  };
  await job.validateCredentials({ credentials });
  await sp.synchronization.secrets.put(credentials);

  // Step 4: start the job.
  await job.start();

  // Step 5: monitor the job and read the provisioning logs.
  const status = (await job.get()).status;
  const events = await client.auditLogs.provisioning
    .list({ filter: { jobId: created.id } })
    .toArray();

  expect(servicePrincipal.id).toBe(SP);
  expect(template!.id).toBe('aws');
  expect(created.status?.code).toBe('NotConfigured');
  expect(status?.code).toBe('Paused');
  expect(events[0]!.statusInfo?.errorCode).toBe('BoxEntryConflict');
  expect(events[0]!.provisioningSteps?.at(-1)?.status).toBe('failure');

  const calls = sent.map((r) => `${r.method} ${decodeURIComponent(r.url.pathname)}`);
  const spPath = `/beta/servicePrincipals/${SP}/synchronization`;
  expect(calls).toEqual([
    'GET /beta/applicationTemplates',
    'POST /beta/applicationTemplates/8b1025e4-1dd2-430b-a150-2ef79cd700f5/instantiate',
    `GET ${spPath}/templates`,
    `POST ${spPath}/jobs`,
    `POST ${spPath}/jobs/{jobId}/validateCredentials`,
    // secrets.put() reads what is saved first, to send the settings shown in clear again.
    `GET ${spPath}/secrets`,
    `PUT ${spPath}/secrets`,
    `POST ${spPath}/jobs/{jobId}/start`,
    `GET ${spPath}/jobs/{jobId}`,
    'GET /beta/auditLogs/provisioning',
  ]);
  const bodies = sent.map((r) => (r.body === '' ? undefined : (JSON.parse(r.body) as unknown)));
  expect(bodies[1]).toEqual(seed('1-instantiate.request.json'));
  expect(bodies[3]).toEqual(seed('2-create-job.request.json'));
  expect(bodies[4]).toEqual(seed('3-validate-credentials.request.json'));
  expect(bodies[5]).toBeUndefined();
  // Nothing saved before (the default handler): the PUT is the article's body exactly.
  expect(bodies[6]).toEqual(seed('3-save-secrets.request.json'));
  expect(bodies[7]).toBeUndefined();
  expect(sent[9]!.url.searchParams.get('$filter')).toBe("jobId eq '{jobId}'");
});
