/**
 * `secrets.put()`, `secrets.clear()` and `configureProvisioning` never drop the saved settings
 * they were not asked to change, whichever way Graph treats keys absent from a PUT: the fake is
 * run both ways (`secretsPut: 'merge'`, Graph's behaviour as Terraform relies on it, and
 * `'replace'`, the reading of Microsoft's cloud-sync guide).
 */
import { describe, expect, it } from 'vitest';
import { CUSTOM_APP_TEMPLATE_ID, createFakeGraph, manualClock } from '../../src/testing/index.js';

const TOKEN = 'scim-token-77c1';
const NOTIFY =
  '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":50}';

async function app(secretsPut: 'merge' | 'replace') {
  const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0, secretsPut });
  const sent: { method: string; keys?: string[] }[] = [];
  const client = fake.client({
    fetch: async (input, init) => {
      const body =
        typeof init?.body === 'string'
          ? (JSON.parse(init.body) as { value?: { key: string }[] })
          : {};
      if (input.endsWith('/synchronization/secrets'))
        sent.push({
          method: init?.method ?? 'GET',
          ...(body.value ? { keys: body.value.map((p) => p.key) } : {}),
        });
      return fake.fetch(input, init);
    },
  });
  const { servicePrincipal } = await client.applicationTemplates.instantiate(
    CUSTOM_APP_TEMPLATE_ID,
    {
      displayName: 'SCIM Contoso',
    },
  );
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  await sp.synchronization.secrets.put({
    BaseAddress: 'https://scim.example.com/v2',
    SecretToken: TOKEN,
    SyncAll: 'false',
    SyncNotificationSettings: NOTIFY,
  });
  sent.length = 0;
  const saved = async (): Promise<Record<string, string | null | undefined>> =>
    Object.fromEntries(
      (await sp.synchronization.secrets.get()).map((p) => [p.key ?? '', p.value] as const),
    );
  return { fake, client, sp, sent, saved };
}

describe.each(['merge', 'replace'] as const)('with a secrets PUT that %ss absent keys', (mode) => {
  it('put() keeps the saved settings and addresses it was not given', async () => {
    const { sp, sent, saved } = await app(mode);
    await sp.synchronization.secrets.put({ SecretToken: 'scim-token-rotated' });
    const requests = [...sent];
    expect(await saved()).toEqual({
      BaseAddress: 'https://scim.example.com/v2',
      SecretToken: '*',
      SyncAll: 'false',
      SyncNotificationSettings: NOTIFY,
    });
    // One read of what is saved, then one PUT carrying the keys Graph shows in clear.
    expect(requests).toEqual([
      { method: 'GET' },
      {
        method: 'PUT',
        keys: ['SecretToken', 'BaseAddress', 'SyncAll', 'SyncNotificationSettings'],
      },
    ]);
  });

  it('clear() removes only the keys it names', async () => {
    const { sp, saved } = await app(mode);
    await sp.synchronization.secrets.clear(['SyncAll']);
    expect(await saved()).toEqual({
      BaseAddress: 'https://scim.example.com/v2',
      SyncNotificationSettings: NOTIFY,
      ...(mode === 'merge' ? { SecretToken: '*' } : {}),
    });
  });

  it('configureProvisioning() keeps the saved settings while it saves the credentials', async () => {
    const { client, saved } = await app(mode);
    // The app exists (found by template and name): the workflow reuses it and saves credentials.
    await client.configureProvisioning({
      template: CUSTOM_APP_TEMPLATE_ID,
      displayName: 'SCIM Contoso',
      syncTemplateId: 'scim',
      credentials: { BaseAddress: 'https://scim.example.com/v3', SecretToken: TOKEN },
      start: false,
    });
    expect(await saved()).toMatchObject({
      BaseAddress: 'https://scim.example.com/v3',
      SyncAll: 'false',
      SyncNotificationSettings: NOTIFY,
    });
  });
});
