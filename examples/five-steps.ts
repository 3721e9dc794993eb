/**
 * Microsoft's five steps of "Configure provisioning using Microsoft Graph APIs", with
 * entra-provisioning: instantiate a gallery app, create its provisioning job, test and save the
 * credentials, start the job, then read its status and provisioning events.
 *
 * Run against a tenant (needs Application.ReadWrite.All, Synchronization.ReadWrite.All,
 * AuditLog.Read.All and Directory.Read.All):
 *
 *   AZURE_TENANT_ID=… AZURE_CLIENT_ID=… AZURE_CLIENT_SECRET=… \
 *   AWS_CLIENT_SECRET=… AWS_SECRET_TOKEN=… npx tsx examples/five-steps.ts
 */
import { DefaultAzureCredential } from '@azure/identity';
import { ProvisioningClient, isGraphError } from 'entra-provisioning';

const client = new ProvisioningClient({ credential: new DefaultAzureCredential() });

async function main(): Promise<void> {
  // Step 1: find the gallery template by name, then instantiate it.
  const [template] = await client.applicationTemplates
    .list({ filter: "displayName eq 'Amazon Web Services (AWS)'" })
    .toArray();
  if (template === undefined) throw new Error('AWS is not in the gallery of this cloud');
  const { application, servicePrincipal } = await client.applicationTemplates.instantiate(
    template.id,
    {
      displayName: 'AWS Contoso',
    },
  );
  console.log(`created application ${application.id} and service principal ${servicePrincipal.id}`);
  const sp = client.servicePrincipals.byId(servicePrincipal.id);

  // Step 2: read the service principal's synchronization templates and create a job.
  const [syncTemplate] = await sp.synchronization.templates.list().toArray();
  if (syncTemplate === undefined) throw new Error('this app offers no provisioning connector');
  const job = await sp.synchronization.jobs.create({ templateId: syncTemplate.id });
  console.log(`created job ${job.id} (${job.status?.code ?? 'unknown status'})`);

  // Step 3: test the credentials, then save them. Values never appear in errors or logs.
  const credentials = {
    ClientSecret: process.env.AWS_CLIENT_SECRET ?? '',
    SecretToken: process.env.AWS_SECRET_TOKEN ?? '',
  };
  const jobResource = sp.synchronization.jobs.byId(job.id);
  await jobResource.validateCredentials({ credentials });
  await sp.synchronization.secrets.put(credentials);

  // Step 4: start the job.
  await jobResource.start();

  // Step 5: monitor the job and read its provisioning events.
  const { status } = await jobResource.get();
  console.log(
    `job status: ${status?.code ?? 'unknown'}, last run: ${status?.lastExecution?.state ?? 'none yet'}`,
  );
  for await (const event of client.auditLogs.provisioning.list({
    filter: { jobId: job.id },
    top: 20,
  })) {
    const info = event.provisioningStatusInfo;
    console.log(
      event.activityDateTime,
      event.provisioningAction,
      info?.status,
      info?.errorInformation?.errorCode ?? '',
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
