/**
 * Getting started (docs/getting-started.md): a client, the gallery, one app configured end to
 * end with `client.configureProvisioning()`, its job's status after the first provisioning
 * cycle, and a summary of its provisioning events.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/getting-started.ts
 */
import { isGraphError, summarizeProvisioningEvents } from 'entra-provisioning';
import { acceleratedClock, createFakeGraph } from 'entra-provisioning/testing';

// On a tenant: new ProvisioningClient({ credential: new DefaultAzureCredential() }).
// Here the fake Graph, with provisioning time running 60 times faster than real time.
const fake = createFakeGraph({ clock: acceleratedClock(60) });
const client = fake.client();

async function main(): Promise<void> {
  // The gallery: lists are lazy, `toArray()` collects them (here at most 3 templates).
  const templates = await client.applicationTemplates
    .list({ filter: "contains(displayName,'Amazon')", top: 3 })
    .toArray();
  console.log('Gallery templates matching "Amazon":');
  for (const t of templates) console.log(`  ${t.id}  ${t.displayName ?? ''}`);

  // One app, end to end: instantiate, wait for replication, create the job, validate and save
  // the credentials, start the job.
  const result = await client.configureProvisioning(
    {
      template: 'Amazon Web Services (AWS)',
      displayName: 'AWS Contoso',
      credentials: { ClientSecret: 'example-client-secret', SecretToken: 'example-token' },
    },
    {
      onProgress: (event) => {
        console.log(`  step: ${event.type}`);
      },
      // The fake replicates at once: check briskly. On a tenant, keep the defaults.
      replication: { intervalMs: 100 },
    },
  );
  console.log(`Service principal ${result.servicePrincipal.id}`);
  console.log(`Job ${result.job.id} (created: ${String(result.created.job)})`);

  // Wait for the first provisioning cycle, then read the job's status.
  const job = client.servicePrincipals
    .byId(result.servicePrincipal.id)
    .synchronization.jobs.byId(result.job.id);
  const done = await job.waitFor('steadyState', { pollIntervalMs: 200, timeoutMs: 30_000 });
  const last = done.status?.lastExecution;
  console.log(
    `Job status: ${done.status?.code ?? '?'}, last cycle ${last?.state ?? '?'}, ` +
      `${String(last?.countExported ?? 0)} of ${String(last?.countEntitled ?? 0)} exported`,
  );

  // The provisioning events of that cycle, counted.
  const events = await client.auditLogs.provisioning
    .list({ filter: { jobId: result.job.id } })
    .toArray();
  const summary = summarizeProvisioningEvents(events);
  console.log(`Provisioning events: ${String(summary.total)}`, summary.byStatus);
  for (const failure of summary.failures.slice(0, 3))
    console.log(`  failed: ${failure.identity ?? '?'} ${failure.errorCode ?? ''}`);
}

main().catch((error: unknown) => {
  if (isGraphError(error)) console.error(`${error.kind}: ${error.message}`, error.hint ?? '');
  else console.error(error);
  process.exitCode = 1;
});
