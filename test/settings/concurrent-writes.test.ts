/**
 * Writes that read, merge and PUT a whole set (the secrets, a schema) take turns within one
 * client: two at once must not undo each other.
 */
import { describe, expect, it } from 'vitest';
import { AbortedError, source, type FetchLike } from '../../src/index.js';
import { GALLERY, createFakeGraph, type FakeGraph } from '../../src/testing/index.js';
import { settle, useTestClock } from '../helpers/clock.js';
import { awsApp, AWS_CREDENTIALS } from '../testing/helpers.js';

useTestClock();

/** A client on `fake` that records each request as `METHOD path`, and the bodies of PUTs. */
function recorded(fake: FakeGraph) {
  const log: string[] = [];
  const puts: unknown[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    if (init?.method === 'PUT' && typeof init.body === 'string') puts.push(JSON.parse(init.body));
    log.push(
      `${init?.method ?? 'GET'} ${url.pathname.replace(/^\/(v1\.0|beta)\/servicePrincipals\/[^/]+/, '')}`,
    );
    return fake.fetch(input, init);
  };
  return { client: fake.client({ fetch }), log, puts };
}

const quiet = (): FakeGraph =>
  createFakeGraph({ latencyMs: 2, provisioning: { usersPerApp: [0, 0], groupsPerApp: [0, 0] } });

describe('settings.update() and the secrets writes of one client take turns', () => {
  it.each(['merge', 'replace'] as const)(
    'keeps both of two updates made at once (secretsPut %s)',
    async (secretsPut) => {
      const fake = createFakeGraph({ latencyMs: 2, secretsPut });
      const { client, log } = recorded(fake);
      const { sp } = await settle(awsApp(client));
      await settle(sp.synchronization.secrets.put({ ...AWS_CREDENTIALS, SyncAll: 'true' }));
      log.length = 0;
      const credentials = { credentials: AWS_CREDENTIALS };
      const results = await settle(
        Promise.all([
          sp.synchronization.settings.update({ syncAll: false }, credentials),
          sp.synchronization.settings.update({ skipOutOfScopeDeletions: true }, credentials),
        ]),
      );
      expect(results.map((r) => r.saved)).toEqual([true, true]);
      const sent = [...log];
      expect(await settle(sp.synchronization.settings.get())).toMatchObject({
        syncAll: false,
        skipOutOfScopeDeletions: true,
      });
      // One read and one PUT after the other, never both reads first.
      expect(sent).toEqual([
        'GET /synchronization/secrets',
        'PUT /synchronization/secrets',
        'GET /synchronization/secrets',
        'PUT /synchronization/secrets',
      ]);
    },
  );

  it('keeps both of two secrets.put() calls made at once, where a PUT replaces the set', async () => {
    const fake = createFakeGraph({ latencyMs: 2, secretsPut: 'replace' });
    const { client } = recorded(fake);
    const { sp } = await settle(awsApp(client));
    await settle(sp.synchronization.secrets.put(AWS_CREDENTIALS));
    await settle(
      Promise.all([
        sp.synchronization.secrets.put({ SyncAll: 'false' }),
        sp.synchronization.secrets.put({ SkipOutOfScopeDeletions: 'True' }),
      ]),
    );
    expect(await settle(sp.synchronization.settings.get())).toMatchObject({
      syncAll: false,
      skipOutOfScopeDeletions: true,
    });
  });

  it('keeps a setting changed while a rotation runs, and the rotated token', async () => {
    const fake = createFakeGraph({ latencyMs: 2, secretsPut: 'replace' });
    const { client, puts } = recorded(fake);
    const { sp } = await settle(awsApp(client));
    await settle(sp.synchronization.jobs.create({ templateId: 'aws' }));
    await settle(sp.synchronization.secrets.put({ ...AWS_CREDENTIALS, SyncAll: 'true' }));
    const rotated = { ...AWS_CREDENTIALS, SecretToken: 'rotated-token-7f3a' };
    await settle(
      Promise.all([
        sp.synchronization.secrets.rotate(rotated),
        sp.synchronization.settings.update({ syncAll: false }, { credentials: rotated }),
      ]),
    );
    expect(await settle(sp.synchronization.settings.get())).toMatchObject({ syncAll: false });
    // The last PUT of the secrets carries both: the rotated token and the changed setting.
    expect(puts.at(-1)).toEqual({
      value: expect.arrayContaining([
        { key: 'SecretToken', value: 'rotated-token-7f3a' },
        { key: 'SyncAll', value: 'false' },
      ]) as unknown,
    });
  });

  it('lets a call waiting for its turn be aborted, before it sends anything', async () => {
    const fake = quiet();
    const { client, log } = recorded(fake);
    const { sp } = await settle(awsApp(client));
    await settle(sp.synchronization.secrets.put(AWS_CREDENTIALS));
    log.length = 0;
    const controller = new AbortController();
    const first = sp.synchronization.settings.update(
      { syncAll: false },
      { credentials: AWS_CREDENTIALS },
    );
    const second = sp.synchronization.settings
      .update({ syncAll: true }, { credentials: AWS_CREDENTIALS, signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort(new Error('stop'));
    const stopped = await settle(second);
    expect(stopped).toBeInstanceOf(AbortedError);
    expect((stopped as AbortedError).message).toBe(
      'settings.update() stopped while waiting for its turn: aborted',
    );
    expect((await settle(first)).saved).toBe(true);
    expect(log).toEqual(['GET /synchronization/secrets', 'PUT /synchronization/secrets']);
  });
});

describe('schema edits of one client take turns', () => {
  it('keeps both of two edits made at once', async () => {
    const fake = quiet();
    const { client, log } = recorded(fake);
    const slack = GALLERY.find((a) => a.displayName === 'Slack');
    const { servicePrincipal } = await settle(
      client.applicationTemplates.instantiate(slack?.id ?? '', { displayName: 'Slack Contoso' }),
    );
    const sp = client.servicePrincipals.byId(servicePrincipal.id);
    const created = await settle(sp.synchronization.jobs.create({ templateId: 'slack' }));
    const job = sp.synchronization.jobs.byId(created.id);
    log.length = 0;
    const [a, b] = await settle(
      Promise.all([
        job.schema.edit((s) => {
          s.objectMapping('User').map('title', source.attribute('jobTitle'));
        }),
        job.schema.edit((s) => {
          s.objectMapping('User').map('displayName', source.attribute('mail'));
        }),
      ]),
    );
    expect([a.saved, b.saved]).toEqual([true, true]);
    const rules = (await settle(job.schema.get())).synchronizationRules ?? [];
    const users = rules[0]?.objectMappings?.find((m) => m.sourceObjectName === 'User');
    const mapped = (target: string): string | null | undefined =>
      users?.attributeMappings?.find((m) => m.targetAttributeName === target)?.source?.name;
    expect(mapped('title')).toBe('jobTitle');
    expect(mapped('displayName')).toBe('mail');
    const puts = log.map((line, i) => (line.startsWith('PUT') ? i : -1)).filter((i) => i >= 0);
    expect(puts).toHaveLength(2);
    // The second edit read the schema only after the first one's PUT.
    expect(log.slice(0, puts[0]).every((line) => !line.startsWith('PUT'))).toBe(true);
    expect(log.slice((puts[0] ?? 0) + 1).some((line) => line.startsWith('GET'))).toBe(true);
  });
});
