/**
 * Redaction, as properties. Random secret values (quotes, backslashes, Unicode, spaces around a
 * random core) and random access tokens (opaque words or JWTs, from a string, a function or a
 * TokenCredential) go through every path that can print: a hostile Graph echoes them back in
 * error messages, codes, request ids, dates, headers, invalid 2xx bodies and transport errors,
 * raw, JSON-escaped or percent-encoded; the results are printed every way a user prints them
 * (message, stack, String(), util.inspect with everything shown, JSON.stringify), and so is every
 * logger call at every level, every progress event and bulk outcome, and the CLI's output with
 * and without --json. No form of a secret or the token may appear, not even its random core.
 * (test/redaction.test.ts and test/inspect.test.ts hold the example-based tests.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import {
  ProvisioningClient,
  isGraphError,
  type Logger,
  type ProvisioningClientOptions,
} from '../../src/index.js';
import { createFakeGraph, type FakeGraph } from '../../src/testing/index.js';
import { JOB_ID, SP_ID } from '../helpers/graph.js';
import { fuzzParameters } from './fuzz.js';

/** A random value with a random 20-character core: if any piece of the core shows, it leaked. */
interface Sensitive {
  readonly value: string;
  readonly core: string;
}

const core = fc
  .string({
    unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'.split('')),
    minLength: 20,
    maxLength: 20,
  })
  .filter((c) => new Set(c).size >= 10);

/** Text around a secret's core: quotes, backslashes, `%`, spaces, Unicode (no control characters). */
const wrapper = fc.oneof(
  fc.constant(''),
  fc.constantFrom('"', "'", '\\', '%', ' ', '\\"', '</', '&amp;', 'é', '😀', '日本', '+/='),
  fc
    .string({ unit: 'grapheme', maxLength: 8 })
    // eslint-disable-next-line no-control-regex
    .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '')),
);

const secret: fc.Arbitrary<Sensitive> = fc
  .tuple(wrapper, core, wrapper)
  .map(([before, c, after]) => ({ value: `${before}${c}${after}`, core: c }));

/** A bearer token: an opaque word of visible ASCII, or a JWT. */
const token: fc.Arbitrary<Sensitive> = fc.oneof(
  fc
    .tuple(
      fc.string({
        unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
        maxLength: 6,
      }),
      core,
    )
    .map(([before, c]) => ({ value: `${before}${c}`, core: c })),
  fc.tuple(core, core).map(([c, d]) => ({ value: `eyJ0eXAiOiJKV1QifQ.eyJ${c}.${d}`, core: c })),
);

/** A value base64-encoded, padded to end in "=" (one more space when it would not). */
function base64Of(value: string): string {
  const encoded = Buffer.from(value).toString('base64');
  return encoded.endsWith('=') ? encoded : Buffer.from(`${value} `).toString('base64');
}

/**
 * Every form a value could be printed in, and every 8 characters of its core: a fragment shows
 * a leak too (a parser's message quotes about ten characters of the text it failed on).
 */
function formsOf(s: Sensitive): string[] {
  const fragments = Array.from({ length: s.core.length - 7 }, (_, i) => s.core.slice(i, i + 8));
  return [s.value, JSON.stringify(s.value).slice(1, -1), encodeURIComponent(s.value), ...fragments];
}

/** Fails with the surroundings of the first leak (not the whole text). */
function expectNoLeak(text: string, values: readonly Sensitive[]): void {
  for (const value of values) {
    for (const form of formsOf(value)) {
      const at = text.indexOf(form);
      expect(at === -1 ? '' : text.slice(Math.max(0, at - 200), at + form.length + 80)).toBe('');
    }
  }
}

/** Every way an SDK object is printed. */
function printed(value: unknown): string {
  return [
    inspect(value),
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? '',
    value instanceof Error ? `${String(value)}\n${String(value.stack)}` : '',
  ].join('\n');
}

/** A logger that keeps every call at every level, arguments printed in full. */
function capturingLogger(): Logger & { text: () => string; levels: Set<string> } {
  const lines: string[] = [];
  const levels = new Set<string>();
  const at =
    (level: string) =>
    (...args: unknown[]): void => {
      levels.add(level);
      lines.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : printed(a))).join(' ')}`);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.join('\n'),
    levels,
  };
}

const ECHOES = [
  'raw',
  'json',
  'dotnet',
  'percent',
  'form',
  'percentLower',
  'jsonSlash',
  'asciiJson',
  'php',
  'jsonInJson',
  'percentTwice',
  'html',
] as const;
type Echo = (typeof ECHOES)[number];

/**
 * A value as a server may quote it back. The encoders are the ones the SDK knows to scrub
 * (SECURITY.md lists them): an encoding outside this list is not covered, and not claimed.
 */
function encode(value: string, echo: Echo): string {
  switch (echo) {
    case 'raw':
      return value;
    case 'json':
      return JSON.stringify(value).slice(1, -1);
    case 'dotnet':
      // System.Text.Json's default: non-ASCII and "&'+<>` as \uXXXX, backslash doubled.
      return Array.from(value)
        .map((c) =>
          c === '\\'
            ? '\\\\'
            : /[^\x20-\x7e]|["&'+<>`]/.test(c)
              ? Array.from({ length: c.length }, (_, i) => c.charCodeAt(i))
                  .map((n) => `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`)
                  .join('')
              : c,
        )
        .join('');
    case 'percent':
      return encodeURIComponent(value);
    case 'form':
      return new URLSearchParams({ v: value }).toString().slice(2);
    case 'percentLower':
      return encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
    case 'jsonSlash':
      return JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/');
    case 'asciiJson':
      // Python's json.dumps and Java's writers: every non-ASCII character as \uxxxx.
      return asciiOnly(JSON.stringify(value).slice(1, -1));
    case 'php':
      // PHP's json_encode: both of the above.
      return asciiOnly(JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/'));
    case 'jsonInJson':
      // A message that is itself JSON, quoted in Graph's JSON (field notes §9).
      return JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1);
    case 'percentTwice':
      return encodeURIComponent(encodeURIComponent(value));
    case 'html':
      return value.replace(/[^A-Za-z0-9._-]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16)};`);
  }
}

/** Every UTF-16 unit beyond ASCII as a lower-case \uxxxx escape. */
function asciiOnly(text: string): string {
  return text.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What a hostile Graph sends back, built from what it received: the echoes come first. */
function echoText(received: string, values: readonly string[], echo: Echo): string {
  return `${values.map((v) => encode(v, echo)).join(' / ')} could not be used (request was ${received})`;
}

/** Header-safe: a header value must be ISO-8859-1 without control characters. */
const latin1 = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?');

const AUTH_SOURCES = ['string', 'function', 'credential'] as const;
type AuthSource = (typeof AUTH_SOURCES)[number];

function auth(source: AuthSource, value: string): Partial<ProvisioningClientOptions> {
  switch (source) {
    case 'string':
      return { accessToken: value };
    case 'function':
      return { accessToken: () => Promise.resolve(value) };
    case 'credential':
      return {
        credential: {
          getToken: () => Promise.resolve({ token: value, expiresOnTimestamp: Date.now() + 3.6e6 }),
        },
      };
  }
}

const counts = { sdk: 0, workflow: 0, workflowFailures: 0, cli: 0, cliWorkflow: 0 };
/** Logger levels the runs reached (the SDK writes debug and warn lines; info and error are kept for callers). */
const levelsSeen = new Set<string>();
afterAll(() => {
  console.info(
    `redaction properties: ${String(counts.sdk)} SDK calls, ${String(counts.workflow)} workflow runs ` +
      `(${String(counts.workflowFailures)} with a failure), ${String(counts.cli)} CLI runs of secrets set, ` +
      `${String(counts.cliWorkflow)} of apply and apps create`,
  );
});

describe('errors and logs of SDK calls', () => {
  const CALLS = ['secrets.put', 'validateCredentials', 'acquireAccessToken', 'job.get'] as const;
  const ANSWERS = ['error', 'invalid2xx', 'transport'] as const;

  it('never show a secret value or the token, however Graph or the transport echoes them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          secrets: fc.tuple(secret, secret),
          token,
          source: fc.constantFrom(...AUTH_SOURCES),
          call: fc.constantFrom(...CALLS),
          answer: fc.constantFrom(...ANSWERS),
          status: fc.constantFrom(400, 401, 403, 404, 409, 429, 500, 502, 503),
          echo: fc.constantFrom(...ECHOES),
          validateResponses: fc.constantFrom<'throw' | 'warn' | 'off'>('throw', 'warn', 'off'),
        }),
        async (c) => {
          counts.sdk += 1;
          const [s1, s2] = c.secrets;
          const logger = capturingLogger();
          const fetch = (_url: string, init?: RequestInit): Promise<Response> => {
            const headers = new Headers(init?.headers);
            const received = `${headers.get('authorization') ?? ''} ${typeof init?.body === 'string' ? init.body : ''}`;
            // Graph can only echo what it received: job.get carries no secret, only the token.
            const known =
              c.call === 'job.get' ? [c.token.value] : [s1.value, s2.value, c.token.value];
            const text = echoText(received, known, c.echo);
            if (c.answer === 'transport') {
              return Promise.reject(
                new TypeError(`fetch failed: ${text}`, { cause: new Error(text) }),
              );
            }
            if (c.answer === 'invalid2xx') {
              // Starts with an echo, where a JSON parser's message would quote it.
              return Promise.resolve(
                new Response(`${text} }`, {
                  status: 200,
                  headers: {
                    'request-id': latin1(known[0]!),
                    date: latin1(c.token.value),
                  },
                }),
              );
            }
            return Promise.resolve(
              Response.json(
                {
                  error: {
                    code: `E_${known[0]!}`,
                    message: text,
                    innerError: { 'request-id': known.at(-1)!, date: c.token.value },
                  },
                },
                {
                  status: c.status,
                  headers: { 'retry-after': '0', 'request-id': latin1(c.token.value) },
                },
              ),
            );
          };
          const client = new ProvisioningClient({
            ...auth(c.source, c.token.value),
            fetch,
            logger,
            // A retry after a dropped connection or an unreadable 2xx body waits a real backoff;
            // after a status, Retry-After: 0.
            maxRetries: c.answer === 'transport' || c.answer === 'invalid2xx' ? 0 : 1,
            validateResponses: c.validateResponses,
          });
          const sp = client.servicePrincipals.byId(SP_ID);
          const job = sp.synchronization.jobs.byId(JOB_ID);
          const credentials = { SecretToken: s1.value, ClientSecret: s2.value };
          const call = {
            'secrets.put': () =>
              sp.synchronization.secrets.put({
                ...credentials,
                BaseAddress: 'https://scim.example.com',
              }),
            validateCredentials: () => job.validateCredentials({ credentials }),
            acquireAccessToken: () => sp.synchronization.acquireAccessToken(credentials),
            'job.get': () => job.get(),
          }[c.call];
          let error: unknown;
          let value: unknown;
          try {
            value = await call();
          } catch (e) {
            error = e;
          }
          if (error !== undefined && !isGraphError(error)) expect.fail(inspect(error));
          for (const level of logger.levels) levelsSeen.add(level);
          const text = [printed(error), printed(value), logger.text(), printed(client)].join('\n');
          expectNoLeak(text, [s1, s2, c.token]);
        },
      ),
      fuzzParameters('redaction sdk', 3_000),
    );
    expect([...levelsSeen].sort()).toEqual(['debug', 'warn']);
  });
});

/**
 * A fake Graph that answers every `every`-th request carrying a secret by echoing it, with the
 * bearer token it came with (also echoed, raw, on every `tokenEvery`-th request of any kind);
 * 0 turns either off.
 */
function hostile(
  fake: FakeGraph,
  values: readonly string[],
  every: number,
  tokenEvery = 5,
): FakeGraph {
  let n = 0;
  let all = 0;
  const fetch: FakeGraph['fetch'] = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const authorization = new Headers(init?.headers).get('authorization') ?? '';
    const token = authorization.replace(/^Bearer /, '');
    const carries = values.some((v) => body.includes(JSON.stringify(v).slice(1, -1)));
    all += 1;
    if ((carries && every > 0 && ++n % every === 0) || (tokenEvery > 0 && all % tokenEvery === 0)) {
      return Response.json(
        {
          error: {
            code: 'BadRequest',
            // Graph can echo only what this request carried.
            message: `rejected ${body} and ${carries ? values.join(', ') : '-'} for ${token} (${authorization})`,
          },
        },
        { status: 400 },
      );
    }
    return fake.fetch(input, init);
  };
  return Object.assign(Object.create(fake) as FakeGraph, { fetch });
}

describe('progress events, results and outcomes of the workflows', () => {
  it('never show a secret value or the token, whether the run succeeds or Graph echoes the secrets', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          secrets: fc.tuple(secret, secret),
          token,
          every: fc.integer({ min: 0, max: 4 }),
          tokenEvery: fc.constantFrom(0, 5, 9),
          many: fc.boolean(),
        }),
        async (c) => {
          counts.workflow += 1;
          const [s1, s2] = c.secrets;
          // Faults only where a failure is final at once (a lost create is verified for minutes
          // of real time): the failures carry `partial` and the request's secrets.
          const fake = createFakeGraph({
            latencyMs: 0,
            seed: counts.workflow,
            faults: {
              serverError: 0.1,
              connectionReset: 0.1,
              paths: /\/synchronization\/(secrets|jobs\/[^/]+\/(validateCredentials|start))$/,
            },
          });
          const graph = hostile(fake, [s1.value, s2.value], c.every, c.tokenEvery);
          const logger = capturingLogger();
          const client = new ProvisioningClient({
            accessToken: c.token.value,
            fetch: graph.fetch,
            logger,
            maxRetryAfterMs: 0,
            // A retried fault waits a real backoff; a final one is what this run needs.
            maxRetries: 0,
          });
          const spec = {
            template: 'Amazon Web Services (AWS)',
            displayName: `AWS ${String(counts.workflow)}`,
            credentials: { ClientSecret: s1.value, SecretToken: s2.value },
          };
          const events: unknown[] = [];
          const options = {
            replication: { consecutive: 1, intervalMs: 1, timeoutMs: 50 },
            onProgress: (event: unknown) => events.push(event),
          };
          let outcome: unknown;
          try {
            outcome = c.many
              ? await client.configureProvisioningMany(
                  [spec, { ...spec, displayName: 'AWS Two' }],
                  {
                    ...options,
                    onOutcome: (o) => events.push(o),
                  },
                )
              : await client.configureProvisioning(spec, options);
          } catch (error) {
            if (!isGraphError(error)) expect.fail(inspect(error));
            outcome = error;
          }
          const failed =
            isGraphError(outcome) ||
            (Array.isArray(outcome) && outcome.some((o: { ok: boolean }) => !o.ok));
          if (failed) counts.workflowFailures += 1;
          const text = [printed(outcome), printed(events), logger.text()].join('\n');
          expectNoLeak(text, [s1, s2, c.token]);
        },
      ),
      fuzzParameters('redaction workflows', 300),
    );
  });
});

/** A Graph over HTTP that finds any service principal, then rejects every write by echoing it. */
async function echoServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') {
        res.end(
          JSON.stringify({
            id: SP_ID,
            appId: '3c653ec4-4e4c-4820-8127-49e3889cad99',
            displayName: 'AWS Contoso',
          }),
        );
        return;
      }
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          error: {
            code: 'BadRequest',
            message: `rejected ${body} from ${req.headers.authorization ?? ''}`,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` };
}

describe('the CLI', () => {
  let graph: { server: Server; url: string };
  beforeAll(async () => {
    graph = await echoServer();
  });
  afterAll(async () => {
    graph.server.closeAllConnections();
    await new Promise((resolve) => graph.server.close(resolve));
  });

  async function cli(argv: string[], env: Record<string, string>, stdin = '', fake?: FakeGraph) {
    let text = '';
    const sink = () => {
      const stream = new PassThrough();
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      return stream;
    };
    const code = await runCli(argv, {
      stdout: sink(),
      stderr: sink(),
      stdin: Readable.from([stdin]),
      env,
      cwd: process.cwd(),
      ...(fake === undefined ? {} : { fake }),
    });
    await new Promise((resolve) => setImmediate(resolve));
    return { code, text };
  }

  it('never prints a secret value or the token, with or without --json, when Graph echoes them', async () => {
    const cliSecret = secret.filter((s) => !s.value.startsWith('-') && s.value.trim() === s.value);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          secrets: fc.tuple(cliSecret, cliSecret),
          token: token.filter((t) => !t.value.startsWith('-')),
          json: fc.boolean(),
          how: fc.constantFrom(
            'args',
            'env',
            'stdin',
            'mistyped',
            'bare',
            'pem',
            'envMisuse',
            'fileMisuse',
            'swapped',
            'swappedAllowed',
            'base64',
          ),
        }),
        async (c) => {
          counts.cli += 1;
          const [s1, s2] = c.secrets;
          const env: Record<string, string> = {
            ENTRA_PROVISIONING_TOKEN: c.token.value,
            NO_COLOR: '1',
            S1: s1.value,
          };
          const given = {
            args: [`SecretToken=${s1.value}`, `ClientSecret=${s2.value}`],
            env: ['--from-env', 'SecretToken=S1', `ClientSecret=${s2.value}`],
            stdin: ['--stdin', 'SecretToken', `ClientSecret=${s2.value}`],
            mistyped: [`--secret=${s1.value}`, `ClientSecret=${s2.value}`],
            bare: [s1.value, `ClientSecret=${s2.value}`],
            // A multi-line value (a PEM key) in a mistyped option.
            pem: [`--secrte=-----BEGIN KEY-----\n${s1.value}\n-----END KEY-----`],
            // A secret typed where a variable name or a file path belongs.
            envMisuse: ['--from-env', `SecretToken=${s1.value}`, `ClientSecret=${s2.value}`],
            fileMisuse: ['--from-file', `SecretToken=${s1.value}`, `ClientSecret=${s2.value}`],
            // Keys and values swapped: refused without quoting the key, or (allowed) sent, and
            // scrubbed from whatever Graph echoes.
            swapped: [`${s1.value}=SecretToken`, `ClientSecret=${s2.value}`],
            swappedAllowed: [
              `${s1.core}=SecretToken`,
              `ClientSecret=${s2.value}`,
              '--allow-unknown-keys',
            ],
            // A base64 value without its key, split at its "=" padding.
            base64: [base64Of(s1.value), `ClientSecret=${s2.value}`],
          }[c.how];
          const argv = [
            '--base-url',
            graph.url,
            ...(c.json ? ['--json'] : []),
            'secrets',
            'set',
            SP_ID,
            ...given,
          ];
          const run = await cli(argv, env, `${s1.value}\n`);
          expect(run.code).not.toBe(0);
          const encoded = base64Of(s1.value);
          expectNoLeak(run.text, [
            s1,
            s2,
            c.token,
            { value: encoded, core: encoded.replace(/=+$/, '').slice(0, 20) },
          ]);
        },
      ),
      fuzzParameters('redaction cli', 400),
    );
  });

  it('never prints a secret value from a manifest or --secret, with or without --json, when Graph echoes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entra-redaction-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            secrets: fc.tuple(secret, secret),
            json: fc.boolean(),
            every: fc.integer({ min: 1, max: 3 }),
            command: fc.constantFrom('apply', 'apps create'),
          }),
          async (c) => {
            counts.cliWorkflow += 1;
            const [s1, s2] = c.secrets;
            const fake = hostile(
              createFakeGraph({ latencyMs: 0, seed: counts.cliWorkflow }),
              [s1.value, s2.value],
              c.every,
              0,
            );
            const manifest = join(dir, `apps-${String(counts.cliWorkflow)}.json`);
            writeFileSync(
              manifest,
              JSON.stringify({
                apps: [
                  {
                    displayName: 'AWS Manifest',
                    template: 'Amazon Web Services (AWS)',
                    credentials: { ClientSecret: { env: 'S1' }, SecretToken: s2.value },
                  },
                ],
              }),
            );
            const argv =
              c.command === 'apply'
                ? ['--fake', ...(c.json ? ['--json'] : []), 'apply', manifest]
                : [
                    '--fake',
                    ...(c.json ? ['--json'] : []),
                    'apps',
                    'create',
                    '--template',
                    'Amazon Web Services (AWS)',
                    '--name',
                    'AWS Create',
                    '--secret',
                    `ClientSecret=${s1.value}`,
                    '--secret',
                    `SecretToken=${s2.value}`,
                  ];
            const run = await cli(argv, { NO_COLOR: '1', S1: s1.value }, '', fake);
            expectNoLeak(run.text, [s1, s2]);
          },
        ),
        // Each run waits out the CLI's replication checks on the fake (about 0.4 s).
        fuzzParameters('redaction cli workflows', 20),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
