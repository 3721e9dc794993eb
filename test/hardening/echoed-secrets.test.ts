/**
 * A Graph that echoes the credentials a call was given, in the reads of the operations that take
 * credentials without being a configure run: a plan, `secrets.rotate()`, `settings.update()`.
 * Their reads carry the call's credentials as secrets, as configure's and `secrets.put`'s do.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, isGraphError } from '../../src/index.js';
import { AWS_TEMPLATE_ID, createFakeGraph, manualClock } from '../../src/testing/index.js';

const SECRET = 'S3cr3t-T0k3n-zq9w8e7r';
const CLIENT_SECRET = 'Cl1ent-Secr3t-pp0o9i8u';
const NEW = 'N3w-R0tat3d-Tok-aa11bb22';
const CREDENTIALS = { ClientSecret: CLIENT_SECRET, SecretToken: SECRET };

type Rule = (url: URL, init?: RequestInit) => Response | undefined | Promise<Response | undefined>;
const json = (status: number, body: unknown): Response => Response.json(body, { status });
const echo = (text: string): Response => json(418, { error: { code: 'Teapot', message: text } });
const isGet = (init?: RequestInit): boolean => (init?.method ?? 'GET') === 'GET';
const secretsRead = (url: URL, init?: RequestInit): boolean =>
  isGet(init) && url.pathname.endsWith('/synchronization/secrets');

/** An app configured with CREDENTIALS on the fake; `rules` may answer for the fake after that. */
async function tenant() {
  const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
  const rules: Rule[] = [];
  const logs: string[] = [];
  const log = (...a: unknown[]): void => void logs.push(a.map(String).join(' '));
  const client = fake.client({
    logger: { debug: log, info: log, warn: log, error: log },
    fetch: async (input, init) => {
      for (const rule of rules) {
        const answer = await rule(new URL(input), init);
        if (answer !== undefined) return answer;
      }
      return fake.fetch(input, init);
    },
  });
  const spec = {
    template: AWS_TEMPLATE_ID,
    displayName: 'AWS Contoso',
    credentials: CREDENTIALS,
    start: false,
  };
  const done = await client.configureProvisioning(spec, { replication: { intervalMs: 10 } });
  const sp = client.servicePrincipals.byId(done.servicePrincipal.id);
  return { fake, client, rules, logs, spec, sp, jobId: done.job.id };
}

/** Every way the value may be printed. */
function shown(value: unknown): string {
  const error = value as { body?: unknown } | null;
  return [
    inspect(value, { depth: Infinity, showHidden: true }),
    JSON.stringify(value),
    value instanceof Error ? `${value.message}\n${value.stack ?? ''}` : '',
    JSON.stringify(error?.body ?? null),
  ].join('\n');
}

describe('plans keep the spec credentials out of what they print', () => {
  it('planProvisioning and planProvisioningMany scrub an echo of them in a read', async () => {
    const t = await tenant();
    t.rules.push((u, i) => (secretsRead(u, i) ? echo(`saved SecretToken=${SECRET}`) : undefined));
    const spec = { ...t.spec, settings: { syncAll: false } };
    const error = await t.client.planProvisioning(spec).catch((e: unknown) => e);
    expect(isGraphError(error) && error.status).toBe(418);
    expect(shown(error)).not.toContain(SECRET);
    const many = await t.client.planProvisioningMany([spec]);
    expect(many[0]?.ok).toBe(false);
    expect(shown(many)).not.toContain(SECRET);
    expect(t.logs.join('\n')).not.toContain(SECRET);
  });
});

describe('secrets.rotate() and settings.update() keep the given values out of what they print', () => {
  it('scrub an echo of them in the read of the saved secrets', async () => {
    const t = await tenant();
    t.rules.push((u, i) =>
      secretsRead(u, i)
        ? echo(`saved ClientSecret=${CLIENT_SECRET} SecretToken=${SECRET}`)
        : undefined,
    );
    const rotated = await t.sp.synchronization.secrets
      .rotate({ ClientSecret: CLIENT_SECRET, SecretToken: NEW })
      .catch((e: unknown) => e);
    expect(isGraphError(rotated) && rotated.status).toBe(418);
    expect(shown(rotated)).not.toContain(CLIENT_SECRET);
    const updated = await t.sp.synchronization.settings
      .update({ syncAll: false }, { credentials: CREDENTIALS })
      .catch((e: unknown) => e);
    expect(isGraphError(updated) && updated.status).toBe(418);
    expect(shown(updated)).not.toContain(SECRET);
    expect(shown(updated)).not.toContain(CLIENT_SECRET);
    expect(t.logs.join('\n')).not.toContain(SECRET);
  });

  it('scrub them from the body of an answer that fails its check', async () => {
    const t = await tenant();
    t.rules.push((u, i) =>
      secretsRead(u, i)
        ? json(200, {
            value: [
              { key: 'SecretToken', value: SECRET },
              { key: 'SyncAll', value: 5 },
            ],
          })
        : undefined,
    );
    const error = await t.sp.synchronization.settings
      .update({ syncAll: false }, { credentials: { SecretToken: SECRET } })
      .catch((e: unknown) => e);
    expect(isGraphError(error) && error.kind).toBe('invalidResponse');
    expect(shown(error)).not.toContain(SECRET);
  });

  it('scrub a saved key named after a given value from the masked-key error', async () => {
    const t = await tenant();
    t.rules.push((u, i) =>
      secretsRead(u, i)
        ? json(200, {
            value: [
              { key: SECRET, value: '*' },
              { key: 'SyncAll', value: 'true' },
            ],
          })
        : undefined,
    );
    const error = await t.sp.synchronization.settings
      .update({ syncAll: false }, { credentials: { SecretToken: SECRET } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(shown(error)).not.toContain(SECRET);
    expect(shown((error as InvalidInputError).issues)).not.toContain(SECRET);
  });

  it("scrub the target's echo of the new values from rotate's quarantine", async () => {
    const t = await tenant();
    t.rules.push(async (u, i) => {
      if (!isGet(i) || !u.pathname.endsWith(`/jobs/${encodeURIComponent(t.jobId)}`))
        return undefined;
      const body = (await (await t.fake.fetch(u.toString(), i)).json()) as {
        status?: Record<string, unknown>;
      };
      body.status = {
        ...body.status,
        code: 'Quarantine',
        quarantine: {
          reason: 'EncounteredQuarantineException',
          currentBegan: '2026-01-01T00:00:00Z',
          seriesBegan: '2026-01-01T00:00:00Z',
          seriesCount: 1,
          error: { code: 'InvalidCredentials', message: `target refused token ${NEW}` },
        },
      };
      return json(200, body);
    });
    const result = await t.sp.synchronization.secrets.rotate({
      ClientSecret: CLIENT_SECRET,
      SecretToken: NEW,
    });
    expect(result.quarantine?.reason).toBe('EncounteredQuarantineException');
    expect(result.quarantine?.error?.message).toBe('target refused token [REDACTED]');
    expect(shown(result)).not.toContain(NEW);
  });
});
