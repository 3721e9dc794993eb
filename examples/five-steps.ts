/**
 * Microsoft's five steps of "Configure provisioning using Microsoft Graph APIs"
 * (docs/five-steps.md), one SDK call per request: instantiate a gallery app, create its
 * provisioning job, test and save the credentials, start the job, then read its status and
 * provisioning events.
 *
 * On the embedded fake Graph (the default, no tenant needed):
 *
 *   npx tsx examples/five-steps.ts
 *
 * On real Graph when AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are all set (an
 * app registration with Application.ReadWrite.OwnedBy, Application.Read.All,
 * Synchronization.ReadWrite.All, AuditLog.Read.All and Directory.Read.All; see
 * docs/permissions.md). It creates a real application named "AWS Contoso" in the tenant. Set
 * AWS_CLIENT_SECRET and AWS_SECRET_TOKEN to the AWS connector's credentials; without them it
 * stops after creating the job.
 */
import { DefaultAzureCredential } from '@azure/identity';
import { ProvisioningClient, isGraphError, waitUntilVisible } from 'entra-provisioning';
import { acceleratedClock, createFakeGraph } from 'entra-provisioning/testing';

const live = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'].every(
  (name) => (process.env[name] ?? '') !== '',
);

// Real Graph, or the fake with provisioning time running 60 times faster.
const client = live
  ? new ProvisioningClient({ credential: new DefaultAzureCredential() })
  : createFakeGraph({ clock: acceleratedClock(60) }).client();

// The target app's credentials: from the environment on real Graph, made up on the fake (which
// accepts any value that does not start with "bad", "invalid" or "wrong").
const credentials = live
  ? process.env.AWS_CLIENT_SECRET && process.env.AWS_SECRET_TOKEN
    ? { ClientSecret: process.env.AWS_CLIENT_SECRET, SecretToken: process.env.AWS_SECRET_TOKEN }
    : undefined
  : { ClientSecret: 'example-client-secret', SecretToken: 'example-secret-token' };

async function main(): Promise<void> {
  console.log(live ? 'Real Microsoft Graph' : 'Embedded fake Graph (no tenant)');

  // Step 1: find the gallery template by name, then instantiate it.
  const [template] = await client.applicationTemplates
    .list({ filter: "displayName eq 'Amazon Web Services (AWS)'" })
    .toArray();
  if (template === undefined) throw new Error('AWS is not in the gallery of this cloud');
  const { application, servicePrincipal } = await client.applicationTemplates.instantiate(
    template.id,
    { displayName: 'AWS Contoso' },
  );
  console.log(
    `1. created application ${application.id} and service principal ${servicePrincipal.id}`,
  );
  const sp = client.servicePrincipals.byId(servicePrincipal.id);

  // The directory replicates asynchronously: wait until the new service principal is seen a few
  // times in a row before using it (Graph answers 404, 400 or 403 meanwhile). The fake
  // replicates at once, so it is checked briskly there.
  await waitUntilVisible((options) => sp.get(options), live ? {} : { intervalMs: 100 });

  // Step 2: read the service principal's synchronization templates and create a job.
  const [syncTemplate] = await sp.synchronization.templates.list().toArray();
  if (syncTemplate === undefined) throw new Error('this app offers no provisioning connector');
  const created = await sp.synchronization.jobs.create({ templateId: syncTemplate.id });
  console.log(`2. created job ${created.id} (${created.status?.code ?? 'unknown status'})`);
  const job = sp.synchronization.jobs.byId(created.id);

  if (credentials === undefined) {
    console.log('No AWS_CLIENT_SECRET and AWS_SECRET_TOKEN: stopping before step 3.');
    return;
  }

  // Step 3: test the credentials, then save them. Values never appear in errors or logs.
  await job.validateCredentials({ credentials });
  await sp.synchronization.secrets.put(credentials);
  console.log(`3. credentials accepted and saved (${Object.keys(credentials).join(', ')})`);

  // Step 4: start the job.
  await job.start();
  console.log('4. job started');

  // Step 5: monitor the job and read its provisioning events. On a tenant the first cycle can
  // take from minutes to hours: read the status once there; on the fake wait for the cycle.
  const { status } = live
    ? await job.get()
    : await job.waitFor('steadyState', { pollIntervalMs: 200, timeoutMs: 30_000 });
  console.log(
    `5. job status ${status?.code ?? 'unknown'}, last cycle ${status?.lastExecution?.state ?? 'none yet'}`,
  );
  for await (const event of client.auditLogs.provisioning.list({
    filter: { jobId: created.id },
    top: 10,
  })) {
    const info = event.provisioningStatusInfo;
    console.log(
      `   ${event.activityDateTime} ${event.provisioningAction ?? ''} ${info?.status ?? ''} ` +
        `${event.sourceIdentity?.displayName ?? ''} ${info?.errorInformation?.errorCode ?? ''}`,
    );
  }
}

main().catch((error: unknown) => {
  if (isGraphError(error)) {
    console.error(`${error.kind}: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
