// Your own code, tested against the fake Graph: no tenant, no network, no mocks to write.
import { describe, expect, it } from 'vitest';
import type { ProvisioningClient } from 'entra-provisioning';
import { createFakeGraph, manualClock } from 'entra-provisioning/testing';

/** The code under test: provisions a SCIM app and returns its job id. */
async function onboardScimApp(
  client: ProvisioningClient,
  name: string,
  baseAddress: string,
  token: string,
) {
  const [custom] = await client.applicationTemplates
    .list({ filter: "displayName eq 'Custom'" })
    .toArray();
  const { servicePrincipal } = await client.applicationTemplates.instantiate(custom!.id, {
    displayName: name,
  });
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const job = await sp.synchronization.jobs.create({ templateId: 'scim' });
  await sp.synchronization.secrets.put({ BaseAddress: baseAddress, SecretToken: token });
  await sp.synchronization.jobs.byId(job.id).start();
  return job.id;
}

describe('onboardScimApp', () => {
  it('creates the app, saves the credentials and starts provisioning', async () => {
    const clock = manualClock();
    const fake = createFakeGraph({ clock, latencyMs: 0 });
    const client = fake.client();

    const jobId = await onboardScimApp(client, 'HR SCIM', 'https://scim.example.com/v2', 'token');

    expect(fake.state.servicePrincipals[0]?.secretKeys).toEqual(['BaseAddress', 'SecretToken']);
    clock.advance(60 * 60_000); // an hour of provisioning, instantly
    const events = await client.auditLogs.provisioning.list({ filter: { jobId } }).toArray();
    expect(events.length).toBeGreaterThan(0);
  });

  it('fails clearly when the target rejects the token', async () => {
    const clock = manualClock();
    const fake = createFakeGraph({ clock, latencyMs: 0 });
    const client = fake.client();

    const jobId = await onboardScimApp(
      client,
      'HR SCIM',
      'https://scim.example.com/v2',
      'bad-token',
    );
    clock.advance(60_000);

    const sp = fake.state.servicePrincipals[0]!;
    const job = await client.servicePrincipals.byId(sp.id).synchronization.jobs.byId(jobId).get();
    expect(job.status?.code).toBe('Quarantine');
  });
});
