/**
 * `secrets.rotate()` against the fake Graph: new credentials are tested with the target first,
 * saved only when accepted (every other saved key kept), and the job's status read after.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BadRequestError, InvalidInputError } from '../../src/index.js';
import { createFakeGraph, manualClock } from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';
import { AWS_CREDENTIALS, awsJob } from '../testing/helpers.js';

const NEW_TOKEN = 'aws-secret-token-rotated-7c1d';

async function tenant() {
  const clock = manualClock();
  const fake = createFakeGraph({ clock, latencyMs: 0 });
  const methods: string[] = [];
  const puts: Record<string, string>[] = [];
  const client = fake.client({
    fetch: async (input, init) => {
      methods.push(`${init?.method ?? 'GET'} ${new URL(input).pathname.split('/').at(-1) ?? ''}`);
      if (init?.method === 'PUT' && typeof init.body === 'string') {
        const { value } = JSON.parse(init.body) as { value: { key: string; value: string }[] };
        puts.push(Object.fromEntries(value.map((p) => [p.key, p.value])));
      }
      return fake.fetch(input, init);
    },
  });
  const setup = await awsJob(client);
  await setup.sp.synchronization.secrets.put({ SyncAll: 'false' });
  methods.length = 0;
  puts.length = 0;
  return { fake, clock, client, methods, puts, ...setup };
}

describe('secrets.rotate()', () => {
  it('tests the new credentials with the target, then saves them with every other key kept', async () => {
    const { sp, job, methods, puts } = await tenant();
    const result = await sp.synchronization.secrets.rotate({
      ClientSecret: AWS_CREDENTIALS.ClientSecret,
      SecretToken: NEW_TOKEN,
    });
    expect(result).toEqual({
      jobId: job.id,
      keys: ['ClientSecret', 'SecretToken', 'SyncAll'],
      quarantine: undefined,
      jobChecked: true,
    });
    expect(methods).toEqual([
      'GET secrets',
      `GET jobs`,
      'POST validateCredentials',
      'PUT secrets',
      `GET ${job.id}`,
    ]);
    expect(puts).toEqual([
      { ClientSecret: AWS_CREDENTIALS.ClientSecret, SecretToken: NEW_TOKEN, SyncAll: 'false' },
    ]);
    await job.validateCredentials({ useSavedCredentials: true });
  });

  it('saves nothing when the target refuses the new credentials', async () => {
    const { sp, job, methods, puts } = await tenant();
    const error = await rejection(
      sp.synchronization.secrets.rotate({
        ClientSecret: AWS_CREDENTIALS.ClientSecret,
        SecretToken: 'bad-token-123',
      }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(methods).not.toContain('PUT secrets');
    expect(puts).toEqual([]);
    // The saved credentials are still the ones the target accepts.
    await job.validateCredentials({ useSavedCredentials: true });
  });

  it('stops before testing or saving when a key Graph masks is not given, naming it, never a value', async () => {
    const { sp, methods } = await tenant();
    const error = await rejection(sp.synchronization.secrets.rotate({ SecretToken: NEW_TOKEN }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((i) => i.path)).toEqual([
      ['credentials', 'ClientSecret'],
    ]);
    expect(methods).toEqual(['GET secrets']);
    expect(`${inspect(error)} ${JSON.stringify(error)}`).not.toContain(NEW_TOKEN);
  });

  it('refuses settings, the mask and an unknown job choice before any write', async () => {
    const { sp, methods } = await tenant();
    for (const credentials of [{ SyncAll: 'true' }, { SecretToken: '*' }]) {
      const error = await rejection(sp.synchronization.secrets.rotate(credentials));
      expect(error).toBeInstanceOf(InvalidInputError);
    }
    expect(methods).toEqual([]);
    await sp.synchronization.jobs.create({ templateId: 'aws' });
    methods.length = 0;
    const several = await rejection(
      sp.synchronization.secrets.rotate({ ...AWS_CREDENTIALS, SecretToken: NEW_TOKEN }),
    );
    expect(several.message).toContain('pass the jobId');
    expect(methods).not.toContain('PUT secrets');
  });

  it('reports the quarantine the job is in after the save', async () => {
    const { clock, sp, job } = await tenant();
    await sp.synchronization.secrets.put({ SecretToken: 'bad-token-0' });
    await job.start();
    clock.advance(60_000);
    expect((await job.get()).status?.code).toBe('Quarantine');
    const { quarantine } = await sp.synchronization.secrets.rotate({
      ClientSecret: AWS_CREDENTIALS.ClientSecret,
      SecretToken: NEW_TOKEN,
    });
    expect(quarantine?.reason).toBeDefined();
  });

  it('reports a rotation saved even when the read of the job after it fails', async () => {
    const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
    let saved = false;
    const client = fake.client({
      fetch: async (input, init) => {
        const method = init?.method ?? 'GET';
        if (method === 'PUT' && input.endsWith('/secrets')) saved = true;
        if (saved && method === 'GET' && /\/jobs\/[^/]+$/.test(new URL(input).pathname)) {
          return Response.json(
            { error: { code: 'Request_ResourceNotFound', message: 'not yet' } },
            { status: 404 },
          );
        }
        return fake.fetch(input, init);
      },
    });
    const { sp } = await awsJob(client);
    const result = await sp.synchronization.secrets.rotate({
      ClientSecret: AWS_CREDENTIALS.ClientSecret,
      SecretToken: NEW_TOKEN,
    });
    expect(saved).toBe(true);
    expect(result).toMatchObject({ jobChecked: false, quarantine: undefined });
  });
});
