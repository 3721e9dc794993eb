/**
 * `secrets.put()`, `secrets.clear()` and `configureProvisioning` never drop the saved settings
 * they were not asked to change, whichever way Graph treats keys absent from a PUT: the fake is
 * run both ways (`secretsPut: 'merge'`, Graph's behaviour as Terraform relies on it, and
 * `'replace'`, the reading of Microsoft's cloud-sync guide).
 */
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { CUSTOM_APP_TEMPLATE_ID, createFakeGraph, manualClock } from '../../src/testing/index.js';
import { settle } from '../helpers/clock.js';

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
    // The workflow's own waits (reads repeated while lists lag) run on vitest's clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      // The app exists (found by template and name): the workflow reuses it, saves credentials.
      await settle(
        client.configureProvisioning({
          template: CUSTOM_APP_TEMPLATE_ID,
          displayName: 'SCIM Contoso',
          syncTemplateId: 'scim',
          credentials: { BaseAddress: 'https://scim.example.com/v3', SecretToken: TOKEN },
          start: false,
        }),
      );
    } finally {
      vi.useRealTimers();
    }
    expect(await saved()).toMatchObject({
      BaseAddress: 'https://scim.example.com/v3',
      SyncAll: 'false',
      SyncNotificationSettings: NOTIFY,
    });
  });
});

describe('the saved keys put() sends again', () => {
  it('are never printed, a user name Graph shows in clear included, when Graph echoes them', async () => {
    const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
    let echo = false;
    const client = fake.client({
      fetch: async (input, init) => {
        if (echo && init?.method === 'PUT') {
          // A hostile Graph that quotes the whole request body in its error.
          return new Response(
            JSON.stringify({
              error: {
                code: 'BadRequest',
                message: `Refused: ${typeof init.body === 'string' ? init.body : ''}`,
              },
            }),
            { status: 400, headers: { 'content-type': 'application/json' } },
          );
        }
        return fake.fetch(input, init);
      },
    });
    const { servicePrincipal } = await client.applicationTemplates.instantiate(
      CUSTOM_APP_TEMPLATE_ID,
      { displayName: 'SCIM Contoso' },
    );
    const sp = client.servicePrincipals.byId(servicePrincipal.id);
    await sp.synchronization.secrets.put({
      BaseAddress: 'https://scim.example.com/v2',
      UserName: 'svc-provisioning-3f9a',
      SecretToken: TOKEN,
    });
    echo = true;
    const error = await sp.synchronization.secrets
      .put({ SecretToken: 'scim-token-rotated' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const printed = [
      String(error),
      (error as Error).stack ?? '',
      JSON.stringify(error),
      inspect(error, { depth: 8 }),
    ].join('\n');
    // The echo reached the message (the address is kept): the check is not vacuous.
    expect(printed).toContain('https://scim.example.com/v2');
    expect(printed).not.toContain('svc-provisioning-3f9a');
    expect(printed).not.toContain('scim-token-rotated');
  });
});
