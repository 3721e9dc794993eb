/** Helpers for the fake Graph's own tests. */
import type { ProvisioningClient } from '../../src/index.js';
import {
  AWS_TEMPLATE_ID,
  createFakeGraph,
  manualClock,
  type CreateFakeGraphOptions,
} from '../../src/testing/index.js';

export const AWS_CREDENTIALS = {
  ClientSecret: 'aws-client-secret',
  SecretToken: 'aws-secret-token',
};

/** A fake with a manual clock and no latency, and a client on it. */
export function fakeTenant(options: CreateFakeGraphOptions = {}) {
  const clock = manualClock();
  const fake = createFakeGraph({ clock, latencyMs: 0, ...options });
  return { clock, fake, client: fake.client() };
}

/** Raw JSON of a fake answer. */
export async function raw(
  fetch: (input: string, init?: RequestInit) => Promise<Response>,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`https://graph.microsoft.com${path}`, {
    ...init,
    headers: {
      Authorization: 'Bearer test',
      'Content-Type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** Instantiates AWS and returns its service principal resource and ids. */
export async function awsApp(client: ProvisioningClient, displayName = 'AWS Contoso') {
  const result = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName });
  const sp = client.servicePrincipals.byId(result.servicePrincipal.id);
  return { ...result, sp };
}

/** AWS instantiated, its job created, credentials saved: ready to start. */
export async function awsJob(
  client: ProvisioningClient,
  credentials: Record<string, string> = AWS_CREDENTIALS,
) {
  const app = await awsApp(client);
  const created = await app.sp.synchronization.jobs.create({ templateId: 'aws' });
  await app.sp.synchronization.secrets.put(credentials);
  return { ...app, created, job: app.sp.synchronization.jobs.byId(created.id) };
}
