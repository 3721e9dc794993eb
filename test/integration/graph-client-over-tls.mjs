// Microsoft's Graph client, stock, against the fake Graph over HTTPS: the five documented steps,
// then the provisioning logs of one job paged with its PageIterator. Run by
// test/integration/tls.test.ts in a child process started with NODE_EXTRA_CA_CERTS (Node reads it
// only at start), so nothing here knows the certificate.
//
//   node graph-client-over-tls.mjs <baseUrl> <logsJobId> [--no-custom-hosts]
//
// Prints one JSON document: what each step returned, the ids paged, and, for each request the
// client sent, its URL and whether it carried the token (never the token itself).
import { Client, PageIterator } from '@microsoft/microsoft-graph-client';

const [baseUrl, logsJobId, flag] = process.argv.slice(2);
const TOKEN = 'graph-client-token';

// Observes what the client sends, and changes nothing: it calls the global fetch.
const requests = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const request = new Request(input, init);
  requests.push({
    method: request.method,
    url: request.url,
    token: request.headers.get('authorization') === `Bearer ${TOKEN}`,
  });
  return realFetch(input, init);
};

// The client sends its token only to Graph's own hosts and to customHosts, and only over https
// (GraphRequestUtil.isValidEndpoint in @microsoft/microsoft-graph-client 3.0.7).
const client = Client.initWithMiddleware({
  authProvider: { getAccessToken: async () => TOKEN },
  baseUrl,
  defaultVersion: 'v1.0',
  ...(flag === '--no-custom-hosts' ? {} : { customHosts: new Set([new URL(baseUrl).hostname]) }),
});

async function fiveSteps() {
  const templates = await client
    .api('/applicationTemplates')
    .filter("displayName eq 'Amazon Web Services (AWS)'")
    .get();
  const templateId = templates.value[0].id;
  const created = await client
    .api(`/applicationTemplates/${templateId}/instantiate`)
    .post({ displayName: 'AWS Contoso' });
  const sp = `/servicePrincipals/${created.servicePrincipal.id}/synchronization`;
  const syncTemplates = await client.api(`${sp}/templates`).get();
  const job = await client.api(`${sp}/jobs`).post({ templateId: syncTemplates.value[0].id });
  const credentials = [
    { key: 'ClientSecret', value: 'client-secret' },
    { key: 'SecretToken', value: 'secret-token' },
  ];
  await client.api(`${sp}/jobs/${job.id}/validateCredentials`).post({ credentials });
  await client.api(`${sp}/secrets`).put({ value: credentials });
  await client.api(`${sp}/jobs/${job.id}/start`).post({});
  const status = await client.api(`${sp}/jobs/${job.id}`).get();
  return {
    templateId,
    servicePrincipalId: created.servicePrincipal.id,
    jobId: job.id,
    status: status.status.code,
  };
}

async function pageLogs() {
  const first = await client
    .api('/auditLogs/provisioning')
    .filter(`jobId eq '${logsJobId}'`)
    .top(100)
    .get();
  const ids = [];
  const iterator = new PageIterator(client, first, (event) => {
    ids.push(event.id);
    return true;
  });
  await iterator.iterate();
  return { ids, complete: iterator.isComplete() };
}

try {
  const steps = await fiveSteps();
  const logs = await pageLogs();
  process.stdout.write(`${JSON.stringify({ steps, logs, requests })}\n`);
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ error: { status: error.statusCode, code: error.code }, requests })}\n`,
  );
}
