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

  it('refuses setting keys and the mask in credentials before any request', async () => {
    const { sp, sent } = await tenant();
    for (const credentials of [
      { SecretToken: TOKEN, SyncAll: 'sometimes' },
      { SyncNotificationSettings: TOKEN },
      { SecretToken: '*' },
    ]) {
      const error = await rejection(sp.synchronization.settings.update({}, { credentials }));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(`${inspect(error)} ${JSON.stringify(error)}`).not.toContain(TOKEN);
    }
    expect(sent).toEqual([]);
  });

  it('writes nothing when another saved setting is unreadable, and says which', async () => {
    const { sp, sent } = await tenant();
    await sp.synchronization.secrets.put({ SkipOutOfScopeDeletions: 'maybe' });
    sent.length = 0;
    const error = await rejection(
      sp.synchronization.settings.update(
        { syncAll: true },
        { credentials: { SecretToken: TOKEN } },
      ),
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('SkipOutOfScopeDeletions');
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it('compares typed values: "True" saved is already syncAll true, "50" already a threshold of 50', async () => {
    const { sp, sent } = await tenant();
    await sp.synchronization.secrets.put({
      SyncAll: 'True',
      SyncNotificationSettings: '{"DeleteThresholdEnabled":"True","DeleteThresholdValue":"50"}',
    });
    sent.length = 0;
    const result = await sp.synchronization.settings.update({
      syncAll: true,
      deleteThreshold: { enabled: true, value: 50 },
    });
    expect(result.saved).toBe(false);
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it.each([[''], [true], [[5]], ['0x10'], ['-5']])(
    'reports a DeleteThresholdValue of %j as unreadable',
    async (value) => {
      const { sp } = await tenant();
      await sp.synchronization.secrets.put({
        SyncNotificationSettings: JSON.stringify({ DeleteThresholdValue: value }),
      });
      const error = await rejection(sp.synchronization.settings.get());
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toContain('DeleteThresholdValue');
    },
  );

  it('takes one plain e-mail address as a recipient', async () => {
    const { sp, sent } = await tenant();
    for (const recipient of ['a@b.com|c@d.com', 'a@b.com@c.com', 'Ops<ops@b.com>']) {
      const error = await rejection(
        sp.synchronization.settings.update({
          notifications: { enabled: true, recipients: [recipient] },
        }),
      );
      expect(error.message).toContain('must be one e-mail address');
    }
    expect(sent).toEqual([]);
  });

  it('passes what get() returns back to update(), as types and at run time', async () => {
    const { sp } = await tenant();
    const settings = await sp.synchronization.settings.get();
    const result = await sp.synchronization.settings.update(settings);
    expect(result.saved).toBe(false);
  });
});
