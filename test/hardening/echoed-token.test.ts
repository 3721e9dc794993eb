/**
 * A Graph that echoes the client's access token in what it answers with success (a job's status:
 * the last execution's error message, the quarantine's error), and in errors of the user's own
 * callbacks: the SDK's reports and results, and the CLI's output in every form, show none of it.
 * And a Graph whose strings carry terminal control sequences: the CLI prints them escaped.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { yamlText } from '../../src/cli/commands/export.js';
import { reportJson } from '../../src/cli/commands/health.js';
import { renderHealthHtml } from '../../src/cli/health-html.js';
import { redactTokens } from '../../src/internal/redact.js';
import { redactTokenShapes } from '../../src/internal/token-shapes.js';
import { terminalSafe } from '../../src/cli/io.js';
import {
  AWS_TEMPLATE_ID,
  createFakeGraph,
  manualClock,
  type FakeGraph,
} from '../../src/testing/index.js';
import { cli, tempDir } from '../cli/helpers.js';
import { healthJob } from '../health/fleet.js';
import { AWS_CREDENTIALS, awsApp } from '../testing/helpers.js';

/** Shaped as every Entra access token is: a JWT. */
const JWT =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
/** A token with no shape to recognise: only the client knows it sent it. */
const OPAQUE = 'opaque-Graph-tok-55aa66bb77';
/** The token the fake's clients send (what the CLI's `--fake` sends). */
const FAKE_TOKEN = 'fake-graph-token';

const shown = (value: unknown): string =>
  [
    inspect(value, { depth: Infinity, showHidden: true }),
    JSON.stringify(value),
    inspect(structuredClone(value), { depth: Infinity }),
  ].join('\n');

type Json = Record<string, unknown> & { status?: Record<string, unknown> };

/** What a terminal acts on: C0 but tab and newline, DEL, C1, bidirectional controls, U+2028/9. */
const CONTROLS = new RegExp(
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]',
);

/** Puts `message` where Graph reports a job's failure: its last execution and its quarantine. */
function failWith(job: Json, message: string): void {
  if (job.status === undefined) return;
  job.status.code = 'Quarantine';
  job.status.quarantine = {
    reason: 'EncounteredQuarantineException',
    currentBegan: '2026-01-01T00:00:00Z',
    error: { code: 'CredentialsInvalid', message },
  };
  job.status.lastExecution = {
    ...(job.status.lastExecution as object | null),
    state: 'Failed',
    error: { code: 'Failed', message },
  };
  job.status.lastSuccessfulExecution = null;
}

/** A fetch that rewrites every job Graph answers with (in a batch, a list or a read). */
function echoing(fake: FakeGraph, message: string): FakeGraph['fetch'] {
  const inner = fake.fetch.bind(fake);
  return async (input, init) => {
    const res = await inner(input, init);
    const path = new URL(input instanceof Request ? input.url : input).pathname;
    if (
      (init?.method ?? 'GET') === 'GET' &&
      res.ok &&
      /\/synchronization\/jobs(\/[^/]+)?$/.test(path)
    ) {
      const body = (await res.json()) as Json & { value?: Json[] };
      for (const job of body.value ?? [body]) failWith(job, message);
      return Response.json(body, { status: res.status, headers: res.headers });
    }
    if (!path.endsWith('/$batch')) return res;
    const batch = (await res.json()) as { responses: { body: { value?: Json[] } }[] };
    for (const r of batch.responses) for (const job of r.body.value ?? []) failWith(job, message);
    return Response.json(batch, { status: res.status, headers: res.headers });
  };
}

/** A tenant with one started job, and a fake whose answers echo `message` in its status. */
async function tenant(message: string): Promise<{ fake: FakeGraph; spId: string; id: string }> {
  const clock = manualClock();
  const fake = createFakeGraph({
    clock,
    latencyMs: 0,
    provisioning: { usersPerApp: [3, 3], failureRate: 0 },
  });
  const { job, spId, id } = await healthJob(fake.client(), 'App');
  await job.start();
  clock.advance(600_000);
  (fake as { fetch: FakeGraph['fetch'] }).fetch = echoing(fake, message);
  return { fake, spId, id };
}

describe('a token Graph echoes in a job it returns', () => {
  it.each([
    ['a JWT, which any client would recognise', JWT],
    ['an opaque token, which only the client that sent it knows', OPAQUE],
  ])('is in none of the health report, its JSON or its HTML: %s', async (_, token) => {
    const { fake } = await tenant(`SCIM call rejected; Authorization was ${token}`);
    const client = fake.client({ accessToken: token, fetch: fake.fetch });
    const report = await client.provisioningHealth();
    expect(report.jobs).toHaveLength(1);
    expect(shown(report)).toContain('SCIM call rejected');
    expect(shown(report)).not.toContain(token);
    expect(JSON.stringify(reportJson(report))).not.toContain(token);
    expect(renderHealthHtml(report)).not.toContain(token);
  });

  it("is in none of the health report when it is the app's bearer token Graph quotes from the app", async () => {
    const { fake } = await tenant(
      'SCIM call rejected (401): Authorization: Bearer scimTok3nAbcDefGhi',
    );
    const report = await fake.client({ fetch: fake.fetch }).provisioningHealth();
    expect(shown(report)).toContain('SCIM call rejected');
    expect(shown(report)).not.toContain('scimTok3nAbcDefGhi');
  });

  it("is in none of what jobs list, show and wait print when it is the app's bearer token", async () => {
    const { fake, spId, id } = await tenant(
      'SCIM call rejected (401): Authorization: Bearer scimTok3nAbcDefGhi',
    );
    const runs = [
      await cli(['--fake', 'jobs', 'show', spId, '--job', id], { fake }),
      await cli(['--fake', '--json', 'jobs', 'show', spId, '--job', id], { fake }),
      await cli(['--fake', '--json', 'jobs', 'list', spId], { fake }),
      await cli(['--fake', '--json', 'jobs', 'wait', spId, '--job', id, '--for', 'quarantined'], {
        fake,
      }),
    ];
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('SCIM call rejected');
      expect(run.stdout).not.toContain('scimTok3nAbcDefGhi');
    }
  });

  it('is in none of what configureProvisioning returns or reports', async () => {
    const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
    const client = fake.client({ accessToken: OPAQUE, fetch: echoing(fake, `echo ${OPAQUE}`) });
    const events: unknown[] = [];
    const result = await client.configureProvisioning(
      { template: AWS_TEMPLATE_ID, displayName: 'AWS', credentials: AWS_CREDENTIALS, start: false },
      { replication: { intervalMs: 10 }, onProgress: (e) => events.push(e) },
    );
    const text = `${shown(result)}${JSON.stringify(events)}`;
    expect(text).toContain('echo');
    expect(text).not.toContain(OPAQUE);
  });

  it('leaves names that look like tokens as named in what configureProvisioning returns and reports', async () => {
    const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
    const client = fake.client({ accessToken: OPAQUE, fetch: echoing(fake, `echo ${OPAQUE}`) });
    const events: { displayName?: string }[] = [];
    const name = 'Bearer: Partner Portal';
    const result = await client.configureProvisioning(
      { template: AWS_TEMPLATE_ID, displayName: name, credentials: AWS_CREDENTIALS, start: false },
      { replication: { intervalMs: 10 }, onProgress: (e) => events.push(e) },
    );
    expect(result.application.displayName).toBe(name);
    expect(result.servicePrincipal.displayName).toBe(name);
    expect(events.map((e) => e.displayName)).toContain(name);
    expect(shown(result)).not.toContain(OPAQUE);
  });

  it("is scrubbed from a job's own displayName in what a failed configureProvisioning says exists", async () => {
    const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
    const inner = fake.fetch.bind(fake);
    const fetch: FakeGraph['fetch'] = async (input, init) => {
      const path = new URL(input instanceof Request ? input.url : input).pathname;
      if (init?.method === 'POST' && path.endsWith('/start')) {
        return Response.json({ error: { code: 'BadRequest', message: 'no' } }, { status: 400 });
      }
      const res = await inner(input, init);
      if (!res.ok || !/\/synchronization\/jobs(\/[^/]+)?$/.test(path)) return res;
      const body = (await res.json()) as Json & { value?: Json[] };
      for (const job of body.value ?? [body]) job.displayName = 'Bearer scimTok3nAbcDefGhi';
      return Response.json(body, { status: res.status, headers: res.headers });
    };
    const error = (await fake
      .client({ fetch })
      .configureProvisioning(
        { template: AWS_TEMPLATE_ID, displayName: 'AWS', credentials: AWS_CREDENTIALS },
        { replication: { intervalMs: 10 } },
      )
      .catch((e: unknown) => e)) as { partial?: { job?: Json } };
    expect(error.partial?.job).toBeDefined();
    expect(shown(error)).not.toContain('scimTok3nAbcDefGhi');
  });

  it("is in none of the CLI's health output: text, --json, --html", async () => {
    const { fake } = await tenant(`token was ${FAKE_TOKEN} <img src=x onerror=alert(1)>`);
    const html = join(tempDir(), 'health.html');
    const text = await cli(['--fake', 'health', '--html', html], { fake });
    const json = await cli(['--fake', '--json', 'health'], { fake });
    const page = readFileSync(html, 'utf8');
    expect(json.stdout).toContain('token was');
    expect(`${text.stdout}${text.stderr}`).not.toContain(FAKE_TOKEN);
    expect(`${json.stdout}${json.stderr}`).not.toContain(FAKE_TOKEN);
    expect(page).not.toContain(FAKE_TOKEN);
    expect(page).not.toContain('<img');
  });

  it("is in none of the CLI's jobs show output, with or without --json", async () => {
    const { fake, spId, id } = await tenant(`echo ${FAKE_TOKEN}`);
    const text = await cli(['--fake', 'jobs', 'show', spId, '--job', id], { fake });
    const json = await cli(['--fake', '--json', 'jobs', 'show', spId, '--job', id], { fake });
    expect(text.stdout).toContain('echo');
    expect(`${text.stdout}${text.stderr}`).not.toContain(FAKE_TOKEN);
    expect(`${json.stdout}${json.stderr}`).not.toContain(FAKE_TOKEN);
  });
});

describe("a token in the error of the user's own callback", () => {
  it('is in no cause of the error: a token source failing with the token it gave before', async () => {
    let calls = 0;
    const client = createFakeGraph({ latencyMs: 0 }).client({
      accessToken: () => {
        calls += 1;
        if (calls === 1) return OPAQUE;
        throw new Error(`could not refresh ${OPAQUE}: expired`);
      },
    });
    await client.applicationTemplates.list().toArray();
    const error = await client.applicationTemplates
      .list()
      .toArray()
      .catch((e: unknown) => e);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(shown(error)).toContain('could not refresh');
    expect(shown(error)).not.toContain(OPAQUE);
  });

  it("is in no cause's code or name: a fetch whose error quotes the Authorization header", async () => {
    const client = createFakeGraph({ latencyMs: 0 }).client({
      accessToken: OPAQUE,
      maxRetries: 0,
      fetch: (_input, init) => {
        const auth = new Headers(init?.headers).get('authorization') ?? '';
        const error = Object.assign(new TypeError('fetch failed'), { code: `EPROXY ${auth}` });
        error.name = `ProxyError ${auth}`;
        return Promise.reject(error);
      },
    });
    const error = await client.applicationTemplates
      .list()
      .toArray()
      .catch((e: unknown) => e);
    expect(shown(error)).toContain('EPROXY');
    expect(shown(error)).not.toContain(OPAQUE);
  });
});

describe('a token a provisioning event quotes from the target app', () => {
  const APP_TOKEN = 'scimTok3nAbcDefGhi';

  type Event = Record<string, unknown>;

  /** Makes `fake` answer with its provisioning events as `edit` rewrites them. */
  function rewriteEvents(fake: FakeGraph, edit: (events: Event[]) => void): void {
    const inner = fake.fetch.bind(fake);
    (fake as { fetch: FakeGraph['fetch'] }).fetch = async (input, init) => {
      const res = await inner(input, init);
      const path = new URL(input instanceof Request ? input.url : input).pathname;
      if (!path.endsWith('/auditLogs/provisioning') || !res.ok) return res;
      const body = (await res.json()) as { value: Event[] };
      edit(body.value);
      return Response.json(body, { status: res.status, headers: res.headers });
    };
  }

  /** The fake, its events' first failure quoting the app's bearer token, a JWT in its steps. */
  async function quoting(): Promise<FakeGraph> {
    const fake = createFakeGraph({ latencyMs: 0 });
    const { id } = await healthJob(fake.client(), 'App');
    fake.seedProvisioningEvents(4, { jobId: id, since: Date.now() - 3_600_000, until: Date.now() });
    rewriteEvents(fake, (events) => {
      const event = events[0] as Event & { sourceIdentity: object };
      // beta's older member, and one Graph might add: scrubbed as well.
      event.statusInfo = { status: 'failure', reason: `Bearer ${APP_TOKEN}` };
      event.newMember = { said: `Bearer ${APP_TOKEN}` };
      event.modifiedProperties = [
        { displayName: 'displayName', oldValue: null, newValue: 'Bearer Smith Jr' },
      ];
      event.provisioningStatusInfo = {
        status: 'failure',
        errorInformation: {
          // A displayName the app put in its error is its text, not a name Graph keeps.
          displayName: `Bearer ${APP_TOKEN}`,
          errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
          reason: `The SCIM endpoint answered 401 to Authorization: Bearer ${APP_TOKEN}`,
          additionalDetails: `token ${JWT}`,
        },
      };
      event.provisioningSteps = [
        {
          name: 'EntryExportUpdate',
          provisioningStepType: 'export',
          status: 'failure',
          description: `Sent Bearer ${APP_TOKEN}`,
          details: { request: `Authorization: Bearer ${APP_TOKEN}` },
        },
      ];
      event.sourceIdentity = {
        ...event.sourceIdentity,
        displayName: 'Bearer Smith Jr',
        details: { lastError: `Authorization: Bearer ${APP_TOKEN}` },
      };
    });
    return fake;
  }

  it.each([['table'], ['json'], ['csv']])(
    'is in none of what logs prints as %s; names stay as named',
    async (format) => {
      const fake = await quoting();
      const run = await cli(['--fake', 'logs', '--since', '2h', '--format', format], { fake });
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain(APP_TOKEN);
      expect(run.stdout).not.toContain(JWT);
      if (format !== 'table') expect(run.stdout).toContain('Bearer [REDACTED]');
      expect(run.stdout).toContain('Bearer Smith Jr');
    },
  );

  it.each([
    [
      'punctuation in the token',
      'Authorization: Bearer s3cr!t$Tok#en%42 rejected',
      's3cr!t$Tok#en%42',
    ],
    ['a colon after Bearer', 'Bearer: scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['the token in quotes', 'Bearer "scimTok3nAbcDefGhi"', 'scimTok3nAbcDefGhi'],
    ['a percent-encoded space', 'auth=Bearer%20scimTok3nAbcDefGhi&x=1', 'scimTok3nAbcDefGhi'],
    ['a plus for the space', 'auth=Bearer+scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['a JSON escape written out', 'Bearer\\u0020scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['an HTML character reference', 'Bearer&#32;scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    [
      'Bearer written twice',
      'Authorization: Bearer Bearer scimTok3nAbcDefGhi',
      'scimTok3nAbcDefGhi',
    ],
    ['Bearer twice after a colon', 'Bearer: Bearer scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    [
      'a backslash-escaped quote',
      'Authorization: Bearer \\"scimTok3nAbcDefGhi\\"',
      'scimTok3nAbcDefGhi',
    ],
    ['an HTML quote', 'Bearer &quot;scimTok3nAbcDefGhi&quot;', 'scimTok3nAbcDefGhi'],
    ['a numeric HTML quote', 'Bearer&#32;&#34;scimTok3nAbcDefGhi&#34;', 'scimTok3nAbcDefGhi'],
    ['doubled quotes', 'Bearer ""scimTok3nAbcDefGhi""', 'scimTok3nAbcDefGhi'],
    ['a percent-encoded colon', 'Bearer%3AscimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['a space percent-encoded twice', 'Bearer%2520scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['a hexadecimal HTML space', 'Bearer&#x20;scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['a no-break space as HTML', 'Bearer&nbsp;scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['a tab as a JSON escape', 'Bearer\\tscimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['lower case', 'bearer scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    [
      'after a percent-encoded colon and space',
      'Authorization%3A%20Bearer%20scimTok3nAbcDefGhi',
      'scimTok3nAbcDefGhi',
    ],
    [
      'after a JSON escape written out',
      'Authorization:\\u0020Bearer\\u0020scimTok3nAbcDefGhi',
      'scimTok3nAbcDefGhi',
    ],
    [
      'after an escaped quote, .NET style',
      '{\\u0022Authorization\\u0022:\\u0022Bearer scimTok3nAbcDefGhi',
      'scimTok3nAbcDefGhi',
    ],
    ['a colon as an HTML reference', 'Bearer&#58;scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['a colon as a named reference', 'Bearer&colon;scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['a colon as a JSON escape', 'Bearer\\u003a scimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['a plus percent-encoded', 'Bearer%2BscimTok3nAbcDefGhi', 'scimTok3nAbcDefGhi'],
    ['the token in angle brackets', 'Bearer <scimTok3nAbcDefGhi>', 'scimTok3nAbcDefGhi'],
    ['angle brackets as HTML', 'Bearer &lt;scimTok3nAbcDefGhi&gt;', 'scimTok3nAbcDefGhi'],
    ['Bearer twice inside quotes', 'Bearer "Bearer scimTok3nAbcDefGhi"', 'scimTok3nAbcDefGhi'],
    ['a token holding &#', 'Bearer scim&#Tok3nAbcDefGhi', 'Tok3nAbcDefGhi'],
  ])('is scrubbed in the forms an app or a proxy quotes it in: %s', (_, text, token) => {
    expect(redactTokenShapes(text)).not.toContain(token);
    expect(redactTokenShapes(text).toLowerCase()).toContain('bearer [redacted]');
  });

  it('leaves words that only start like Bearer, and the text around a token, as they are', () => {
    expect(redactTokenShapes('Bearers of bad news')).toBe('Bearers of bad news');
    expect(redactTokenShapes('standard-bearer: yes')).toBe('standard-bearer: yes');
    expect(redactTokenShapes('HR-Bearer: Sync')).toBe('HR-Bearer: Sync');
    expect(redactTokenShapes('bearer abc')).toBe('bearer [REDACTED]');
    const inner = '{\\"Authorization\\":\\"Bearer tok\\"}';
    expect(JSON.parse(`"${redactTokenShapes(inner)}"`)).toBe(
      '{"Authorization":"Bearer [REDACTED]"}',
    );
    expect(redactTokenShapes('sent Bearer abc, then failed; Bearer "x" too')).toBe(
      'sent Bearer [REDACTED], then failed; Bearer [REDACTED]" too',
    );
  });

  it('is scrubbed from the name of a member of an event too', async () => {
    const fake = await quoting();
    rewriteEvents(fake, (events) => {
      Object.assign(events[1] as Event, { [`Bearer ${APP_TOKEN}`]: 1, [JWT]: 2 });
    });
    const run = await cli(['--fake', '--json', 'logs', '--since', '2h'], { fake });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(APP_TOKEN);
    expect(run.stdout).not.toContain(JWT);
  });

  it('leaves the JSON an array of the same events, but for the tokens', async () => {
    const fake = await quoting();
    const run = await cli(['--fake', '--json', 'logs', '--since', '2h'], { fake });
    const events = JSON.parse(run.stdout) as Json[];
    expect(events).toHaveLength(4);
    const failed = events.find((e) => JSON.stringify(e).includes('SCIM endpoint')) as Json & {
      provisioningSteps: { details: { request: string }; description: string }[];
    };
    expect(failed.provisioningSteps[0]?.details.request).toBe('Authorization: Bearer [REDACTED]');
    expect(failed.provisioningSteps[0]?.description).toBe('Sent Bearer [REDACTED]');
    expect(failed.statusInfo).toEqual({ status: 'failure', reason: 'Bearer [REDACTED]' });
    expect(failed.newMember).toEqual({ said: 'Bearer [REDACTED]' });
    expect(failed.modifiedProperties).toEqual([
      { displayName: 'displayName', oldValue: null, newValue: 'Bearer Smith Jr' },
    ]);
  });
});

describe('terminal control sequences in what Graph returns', () => {
  const HOSTILE =
    'ok\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x1b[1A\r\u202Eall good\x9b\u2028fake line\u200f\u061c';

  /** HOSTILE's characters as Graph sent them (the CLI's own colours aside). */
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  const RAW_HOSTILE = /\x1b\]|\x1b\[2J|\x1b\[1A|\x07|\r|\u202e|\x9b|\u2028|\u200f|\u061c/;

  it('are printed escaped by jobs show, on a terminal and through a pipe', async () => {
    const { fake, spId, id } = await tenant(HOSTILE);
    for (const tty of [true, false]) {
      const run = await cli(['--fake', 'jobs', 'show', spId, '--job', id], { fake, tty });
      expect(run.stdout).toContain('all good');
      expect(run.stdout).toContain('\\u001b]52;c;');
      expect(run.stdout).not.toMatch(RAW_HOSTILE);
      expect(run.stdout).toContain('\\u2028fake line\\u200f\\u061c');
    }
  });

  it('stay escaped, and equal, in --json output', async () => {
    const { fake, spId, id } = await tenant(HOSTILE);
    const run = await cli(['--fake', '--json', 'jobs', 'show', spId, '--job', id], { fake });
    expect(run.stdout).not.toMatch(CONTROLS);
    expect(run.stdout).toContain('\\u202e');
    expect(run.stdout).toContain('\\u2028');
    const job = JSON.parse(run.stdout) as {
      status: { lastExecution: { error: { message: string } } };
    };
    expect(job.status.lastExecution.error.message).toBe(HOSTILE);
  });

  it("keep the CLI's own colours, and only those, when colours are on", () => {
    const ours = '\x1b[1mbold\x1b[22m \x1b[31mred\x1b[39m';
    expect(terminalSafe(ours, true)).toBe(ours);
    expect(terminalSafe(ours, false)).toBe('\\u001b[1mbold\\u001b[22m \\u001b[31mred\\u001b[39m');
    expect(terminalSafe('\x1b[8mhidden\x1b[0m', true)).toBe('\\u001b[8mhidden\\u001b[0m');
    expect(terminalSafe('tab\tand\nnewline', true)).toBe('tab\tand\nnewline');
  });
});

describe('what the CLI writes stays what Graph said, but for the tokens', () => {
  it.each([
    ['a record separator before a JWT-like run', '\u001eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'],
    ['a backspace before "earer x"', 'step\bearer xyz'],
    ['the token right after an escaped character', `\u001e${FAKE_TOKEN}\\${FAKE_TOKEN}"`],
  ])('jobs show --json is valid JSON: %s', async (_, message) => {
    const { fake, spId, id } = await tenant(message);
    const run = await cli(['--fake', '--json', 'jobs', 'show', spId, '--job', id], { fake });
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout) as {
      status: { lastExecution: { error: { message: string } } };
    };
    expect(job.status.lastExecution.error.message).toBe(
      message.replaceAll(FAKE_TOKEN, '[REDACTED]'),
    );
  });

  it('prints names that merely look like tokens as they are: tables, --json, export, health', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const bearer = await awsApp(fake.client(), 'Token Bearer');
    await healthJob(fake.client(), 'Bearer Auth Gateway');
    const jwtLike = await healthJob(fake.client(), 'eyJhbGciOi.eyJzdWIi.sig');
    const table = await cli(['--fake', 'apps', 'list'], { fake });
    expect(table.stdout).toContain(bearer.application.id);
    expect(table.stdout).toContain('Bearer Auth Gateway');
    const json = await cli(['--fake', '--json', 'apps', 'list'], { fake });
    expect(json.stdout).toContain('"Bearer Auth Gateway"');
    const yaml = await cli(['--fake', 'export', jwtLike.spId], { fake });
    const { parse } = await import('yaml');
    const manifest = parse(yaml.stdout) as { apps: { displayName: unknown }[] };
    expect(manifest.apps[0]?.displayName).toBe('eyJhbGciOi.eyJzdWIi.sig');
    const report = await fake.client().provisioningHealth();
    expect(report.jobs.map((e) => e.servicePrincipal.displayName)).toContain('Bearer Auth Gateway');
  });

  it.each([
    ['a bidi override alone', 'Payroll \u202egnp.exe'],
    ['C1, DEL and a bidi override', 'Pay\u009b2J\u007froll \u202egnp.exe'],
    ['an escape sequence too', 'Pay\u009b2J\u007froll \u202egnp.exe\u001b[2J'],
    ['a line separator and a right-to-left mark', 'Payroll\u2028Admin \u200fexe.gnp\u2029'],
  ])(
    'export escapes control characters in YAML and in JSON, each reading back the same name: %s',
    async (_, name) => {
      const fake = createFakeGraph({ latencyMs: 0 });
      const { spId } = await healthJob(fake.client(), 'Payroll');
      // The SDK refuses such a name as input: Graph answers with it.
      const inner = fake.fetch.bind(fake);
      (fake as { fetch: FakeGraph['fetch'] }).fetch = async (input, init) => {
        const res = await inner(input, init);
        const text = (await res.text()).replaceAll('Payroll', JSON.stringify(name).slice(1, -1));
        return new Response(text, { status: res.status, headers: res.headers });
      };
      const { parse } = await import('yaml');
      for (const flags of [[], ['--json']]) {
        const run = await cli(['--fake', ...flags, 'export', spId], { fake, tty: true });
        expect(run.stdout).not.toMatch(CONTROLS);
        const manifest = parse(run.stdout) as { apps: { displayName: unknown }[] };
        expect(manifest.apps[0]?.displayName).toBe(name);
      }
    },
  );

  it('shows neither the value of an option outside its choices nor its control characters', async () => {
    const hostile = `x\u001b]52;c;aGk=\u0007\u001b[2J\u202e${JWT}`;
    const text = await cli(['--cloud', hostile, 'templates', 'list'], { tty: true });
    const json = await cli(['--json', '--cloud', hostile, 'templates', 'list']);
    for (const run of [text, json]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--cloud');
      expect(run.stderr).not.toContain(JWT);
      expect(run.stderr).not.toMatch(CONTROLS);
    }
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { kind: 'usage' } });
  });
});

describe('the token shapes the SDK scrubs', () => {
  /** The JWT pattern as it was, without the lookbehind that keeps it linear. */
  const REFERENCE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

  it('are the JWTs the plain pattern finds, in any text', () => {
    const b64 = (min: number, max: number) =>
      fc
        .array(fc.constantFrom('a', 'Z', '9', '-', '_', 'e', 'y', 'J'), {
          minLength: min,
          maxLength: max,
        })
        .map((chars) => chars.join(''));
    const jwt = fc
      .tuple(b64(3, 8), b64(3, 8), b64(0, 4))
      .map(([header, payload, signature]) => `eyJ${header}.${payload}.${signature}`);
    const noise = fc.constantFrom('eyJ', 'e', 'y', 'J', 'ab', 'Z9', '-', '_', '.', ' ', '"');
    const text = fc.array(fc.oneof(jwt, noise), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(redactTokens(t)).toBe(t.replace(REFERENCE, '[REDACTED]'));
      }),
      { numRuns: 3_000 },
    );
  });
});

/** A fetch that edits every body Graph answers a GET of `route` with (in a batch too). */
function rewriting(fake: FakeGraph, route: RegExp, edit: (body: Json) => void): void {
  const inner = fake.fetch.bind(fake);
  (fake as { fetch: FakeGraph['fetch'] }).fetch = async (input, init) => {
    const res = await inner(input, init);
    const path = new URL(input instanceof Request ? input.url : input).pathname;
    if (!res.ok) return res;
    if ((init?.method ?? 'GET') === 'GET' && route.test(path)) {
      const body = (await res.json()) as Json;
      edit(body);
      return Response.json(body, { status: res.status, headers: res.headers });
    }
    if (!path.endsWith('/$batch')) return res;
    const batch = (await res.json()) as { responses: { body?: Json }[] };
    for (const r of batch.responses) if (r.body !== undefined) edit(r.body);
    return Response.json(batch, { status: res.status, headers: res.headers });
  };
}

const JOBS = /\/synchronization\/jobs(\/[^/]+)?$/;
const jobsOf = (body: Json): Json[] => (body.value as Json[] | undefined) ?? [body];

describe('a token in the keys, or deep in the values, of what Graph answers', () => {
  it('is in none of the JSON the CLI writes: a key of a job (jobs show), of a mapping (export)', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const { spId, id } = await healthJob(fake.client(), 'Payroll');
    rewriting(fake, JOBS, (body) => {
      for (const job of jobsOf(body)) if (job.status) job.status[`echo ${FAKE_TOKEN}`] = true;
    });
    const show = await cli(['--fake', '--json', 'jobs', 'show', spId, '--job', id], { fake });
    expect(show.stdout).toContain('echo [REDACTED]');
    expect(show.stdout).not.toContain(FAKE_TOKEN);
    rewriting(fake, /\/jobs\/[^/]+\/schema$/, (schema) => {
      const rules = schema.synchronizationRules as {
        objectMappings: { attributeMappings: object[] }[];
      }[];
      rules[0]?.objectMappings[0]?.attributeMappings.push({
        targetAttributeName: `echo ${FAKE_TOKEN}`,
        source: { type: 'Attribute', name: 'mail', expression: '[mail]', parameters: [] },
      });
    });
    for (const flags of [[], ['--json']]) {
      const run = await cli(['--fake', ...flags, 'export', spId], { fake });
      expect(run.stdout).toContain('echo [REDACTED]');
      expect(run.stdout).not.toContain(FAKE_TOKEN);
    }
  });

  it('is in none of the health report, nor in health --json, nested deeper than any Graph object', async () => {
    const nest = (depth: number, leaf: unknown): unknown =>
      depth === 0 ? leaf : { d: nest(depth - 1, leaf) };
    const fake = createFakeGraph({ latencyMs: 0, clock: manualClock() });
    await healthJob(fake.client(), 'Payroll');
    rewriting(fake, JOBS, (body) => {
      for (const job of jobsOf(body))
        if (job.status) job.status.detail = nest(70, `${FAKE_TOKEN}; Bearer scimTok3nAbcDefGhi`);
    });
    const report = await fake.client({ fetch: fake.fetch }).provisioningHealth();
    const json = await cli(['--fake', '--json', 'health'], { fake });
    for (const text of [shown(report), json.stdout]) {
      expect(text).toContain('detail');
      expect(text).not.toContain(FAKE_TOKEN);
      expect(text).not.toContain('scimTok3nAbcDefGhi');
    }
  });
});

describe('a value given to an option that does not take it', () => {
  it.each([
    [['health', '--fail-on']],
    [['jobs', 'wait', 'x', '--for']],
    [['jobs', 'restart', 'x', '--scope']],
    [['logs', '--since']],
    [['--cloud']],
  ])('is not shown: %j', async (args) => {
    const secret = 'sUp3rS3cretValue==';
    const run = await cli(['--fake', ...args, secret]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--[a-z-]+/);
    expect(run.stderr).not.toContain(secret);
  });
});

describe("export's YAML", () => {
  it.each([' \n', '  indented\nsecond line', '\nafter a break', 'plain\nlines\n'])(
    'reads back the same string: %j',
    async (value) => {
      const yaml = await import('yaml');
      const manifest = {
        apps: [{ displayName: 'App', mappings: { User: { mail: { constant: value } } } }],
      };
      expect(yaml.parse(yamlText(yaml, manifest))).toEqual(manifest);
    },
  );
});
