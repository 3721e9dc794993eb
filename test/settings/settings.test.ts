/**
 * `sp.synchronization.settings`: the provisioning settings Graph keeps among the secrets, read
 * typed and changed without dropping any saved key, against the fake Graph (which masks
 * sensitive values as `*`, as Graph does).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidResponseError } from '../../src/index.js';
import { createFakeGraph, manualClock } from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';
import { awsApp } from '../testing/helpers.js';

const TOKEN = 'scim-token-9f1c2b7e';

interface Sent {
  readonly method: string;
  readonly body: unknown;
}

async function tenant() {
  const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
  const sent: Sent[] = [];
  const client = fake.client({
    fetch: async (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      sent.push({ method: init?.method ?? 'GET', body });
      return fake.fetch(input, init);
    },
  });
  const { sp } = await awsApp(client);
  // As Microsoft's cloud-sync guide shows the key, plus a member this SDK does not model.
  await sp.synchronization.secrets.put({
    BaseAddress: 'https://scim.example.com/v2',
    SecretToken: TOKEN,
    SyncAll: 'false',
    SyncNotificationSettings:
      '{"Enabled":true,"Recipients":"foobar@xyz.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":50,"HumanResourcesLookaheadQueryEnabled":false}',
  });
  sent.length = 0;
  return { fake, client, sp, sent };
}

const saved = (sent: readonly Sent[]) =>
  new Map(
    (
      (sent.at(-1)?.body as { value: { key: string; value: string }[] } | undefined)?.value ?? []
    ).map((p) => [p.key, p.value]),
  );

describe('provisioning settings', () => {
  it('reads SyncAll and the notification and deletion-threshold members of SyncNotificationSettings', async () => {
    const { sp } = await tenant();
    expect(await sp.synchronization.settings.get()).toEqual({
      syncAll: false,
      notifications: { enabled: true, recipients: ['foobar@xyz.com'] },
      deleteThreshold: { enabled: true, value: 50 },
    });
  });

  it('changes a setting with one PUT of every saved key, the masked ones re-supplied, unknown JSON members kept', async () => {
    const { sp, sent } = await tenant();
    const result = await sp.synchronization.settings.update(
      {
        syncAll: true,
        deleteThreshold: { enabled: true, value: 20 },
        skipOutOfScopeDeletions: true,
      },
      { credentials: { SecretToken: TOKEN } },
    );
    expect(result).toEqual({
      saved: true,
      settings: {
        syncAll: true,
        skipOutOfScopeDeletions: true,
        notifications: { enabled: true, recipients: ['foobar@xyz.com'] },
        deleteThreshold: { enabled: true, value: 20 },
      },
    });
    expect(sent.map((r) => r.method)).toEqual(['GET', 'PUT']);
    const body = saved(sent);
    expect([...body.keys()].sort()).toEqual([
      'BaseAddress',
      'SecretToken',
      'SkipOutOfScopeDeletions',
      'SyncAll',
      'SyncNotificationSettings',
    ]);
    expect(body.get('SecretToken')).toBe(TOKEN);
    expect(body.get('BaseAddress')).toBe('https://scim.example.com/v2');
    expect(body.get('SyncAll')).toBe('true');
    expect(body.get('SkipOutOfScopeDeletions')).toBe('True');
    expect(JSON.parse(body.get('SyncNotificationSettings')!)).toEqual({
      Enabled: true,
      Recipients: 'foobar@xyz.com',
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: 20,
      HumanResourcesLookaheadQueryEnabled: false,
    });
    expect(await sp.synchronization.settings.get()).toEqual(result.settings);
  });

  it('stops before any write when a key Graph masks is not re-supplied, naming the key and never the value', async () => {
    const { sp, sent } = await tenant();
    const error = await rejection(sp.synchronization.settings.update({ syncAll: true }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([
      { path: ['credentials', 'SecretToken'], message: 'required (saved, and masked by Graph)' },
    ]);
    expect(sent.map((r) => r.method)).toEqual(['GET']);
    expect(`${inspect(error)} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  });

  it('sends nothing when the settings already are so', async () => {
    const { sp, sent } = await tenant();
    const result = await sp.synchronization.settings.update({
      syncAll: false,
      notifications: { enabled: true, recipients: ['foobar@xyz.com'] },
    });
    expect(result.saved).toBe(false);
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it.each([
    [
      { notifications: { enabled: true, recipients: ['a@contoso.com', 'b@contoso.com'] } },
      'notifications.recipients',
    ],
    [
      { notifications: { enabled: true, recipients: ['a@contoso.com;b@contoso.com'] } },
      'notifications.recipients[0]',
    ],
    [{ deleteThreshold: { enabled: true, value: 0 } }, 'deleteThreshold.value'],
    [{ syncAll: 'false' }, 'syncAll'],
    [{ syncal: true }, '(root)'],
  ])('refuses %j before any request', async (change, path) => {
    const { sp, sent } = await tenant();
    const error = await rejection(sp.synchronization.settings.update(change as never));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain(path === '(root)' ? 'syncal' : path.split('[')[0]!);
    expect(sent).toEqual([]);
  });

  it('reports a saved setting it cannot read, naming the key', async () => {
    const { sp } = await tenant();
    await sp.synchronization.secrets.put({ SyncAll: 'sometimes', SecretToken: TOKEN });
    const error = await rejection(sp.synchronization.settings.get());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('SyncAll');
  });
});
