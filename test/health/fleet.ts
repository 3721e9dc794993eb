/**
 * Tenants for the health tests: the fake on a manual clock (the scan grades against Graph's
 * time, the `Date` of the fake's answers, so no fake timers are needed) and AWS apps whose jobs
 * the fake puts in each health.
 */
import type { ProvisioningClient } from '../../src/client.js';
import {
  createFakeGraph,
  manualClock,
  type CreateFakeGraphOptions,
} from '../../src/testing/index.js';
import { AWS_CREDENTIALS, awsApp } from '../testing/helpers.js';

export const MINUTE = 60_000;

/** A fake on a manual clock, with few users per app and no failures unless asked. */
export function healthTenant(options: CreateFakeGraphOptions = {}) {
  const clock = manualClock();
  const fake = createFakeGraph({
    clock,
    latencyMs: 0,
    ...options,
    provisioning: { usersPerApp: [3, 3], failureRate: 0, ...options.provisioning },
  });
  return { clock, fake, client: fake.client() };
}

/** An AWS app with a job; without credentials (`null`) a started job quarantines. */
export async function healthJob(
  client: ProvisioningClient,
  name: string,
  credentials: Record<string, string> | null = AWS_CREDENTIALS,
) {
  const app = await awsApp(client, name);
  const created = await app.sp.synchronization.jobs.create({ templateId: 'aws' });
  if (credentials !== null) await app.sp.synchronization.secrets.put(credentials);
  return {
    ...app,
    id: created.id,
    spId: app.servicePrincipal.id,
    job: app.sp.synchronization.jobs.byId(created.id),
  };
}
