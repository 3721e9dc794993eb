/**
 * Token exfiltration: the `Authorization` header never leaves the client's Graph root.
 *
 * Graph hands the SDK absolute URLs (`@odata.nextLink`, a 3xx `Location`) and callers hand back
 * continuation tokens. Any of them may point at another host, scheme or port, or hide one behind
 * a userinfo or parser trick (`https://graph.microsoft.com@evil.example`). Following one would
 * send the bearer token there. Every check here is made at the transport seam (the `fetch`
 * option, and once real sockets), against an oracle written here from the WHATWG URL parser:
 * no request leaves the root, so neither can the token, and redirects are never followed.
 *
 * Property tests are seeded from FUZZ_SEED (fast-check prints the seed and path of a failure)
 * and time-boxed: a property that runs out of time fails instead of passing silently.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProvisioningClient,
  isGraphError,
  type FetchLike,
  type GraphErrorKind,
  type PagedIterable,
  type ProvisioningClientBaseOptions,
} from '../../src/index.js';
import { resolveOptions } from '../../src/core/options.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { FUZZ_SCALE, FUZZ_SEED } from './fuzz.js';

/**
 * Per property. On 2 idle cores the slowest property takes about 1.5 s and the file's tests
 * about 3 s: the limit leaves room for a loaded CI runner and still bounds the file to a minute.
 */
const TIME_LIMIT_MS = 10_000;
const TEST_TIMEOUT_MS = 20_000 * Math.max(1, FUZZ_SCALE);
const run = (numRuns: number) => ({
  seed: FUZZ_SEED | 0,
  numRuns: Math.max(1, Math.round(numRuns * FUZZ_SCALE)),
  interruptAfterTimeLimit: TIME_LIMIT_MS * FUZZ_SCALE,
  markInterruptAsFailure: true,
});

const SP = 'f47a6776-bca7-4f2e-bc6c-eec59d058e3e';
const JOB = 'aws.74beb1753b704b63b8d56f0b76082b16.10a7a801-7101-4c69-ae00-ce9f75f8460a';
/** Valid for the provisioning event, synchronization job and application template schemas. */
const item = (id: string) => ({ id, activityDateTime: '2026-11-23T10:00:00Z' });

// ---------------------------------------------------------------------------------------------
// The oracle

/** Why a link is refused, or `'followable'`. */
type Verdict =
  'unparseable' | 'otherOrigin' | 'outsidePath' | 'noVersion' | 'userinfo' | 'followable';

/**
 * `link` parsed as WHATWG URL (what `fetch` does), or undefined. A link with characters the
 * parser silently drops or rewrites (tab, newlines, `\\`, spaces or controls at either end) counts
 * as unparseable: another transport's parser could read it differently, so the SDK refuses it.
 */
function parse(link: string): URL | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\t\n\r\\]|^[\u0000-\u0020]|[\u0000-\u0020]$/.test(link)) return undefined;
  try {
    return new URL(link);
  } catch {
    return undefined;
  }
}

/** Same scheme, host and port: compared part by part, not through `origin`. */
function sameOrigin(url: URL, base: URL): boolean {
  return url.protocol === base.protocol && url.hostname === base.hostname && url.port === base.port;
}

/** The root's path without its trailing slash (`''` for a bare origin). */
const rootPath = (base: URL): string => base.pathname.replace(/\/$/, '');

/** True when `link` is under `root`: same origin, no userinfo, path below. The only places a request may go. */
function underRoot(link: string, root: string): boolean {
  const url = parse(link);
  const base = new URL(root);
  return (
    url !== undefined &&
    sameOrigin(url, base) &&
    url.username === '' &&
    url.password === '' &&
    url.pathname.startsWith(`${rootPath(base)}/`)
  );
}

/**
 * The oracle for following a link: under the root, with an API version segment. The verdict says
 * which check refuses it; `'userinfo'` comes last, meaning "followable but for its userinfo".
 */
function verdict(link: string, root: string): Verdict {
  const url = parse(link);
  const base = new URL(root);
  const prefix = rootPath(base);
  if (url === undefined) return 'unparseable';
  if (!sameOrigin(url, base)) return 'otherOrigin';
  if (!url.pathname.startsWith(`${prefix}/`)) return 'outsidePath';
  if (!/^[^/]+\//.test(url.pathname.slice(prefix.length + 1))) return 'noVersion';
  if (url.username !== '' || url.password !== '') return 'userinfo';
  return 'followable';
}

// ---------------------------------------------------------------------------------------------
// Clients: roots and auth sources

interface Root {
  readonly name: string;
  readonly options: ProvisioningClientBaseOptions;
  /** The Graph root the client must stay under. */
  readonly url: string;
}

const ROOTS: readonly Root[] = [
  { name: 'global', options: {}, url: 'https://graph.microsoft.com' },
  { name: 'usGov', options: { cloud: 'usGov' }, url: 'https://graph.microsoft.us' },
  { name: 'china', options: { cloud: 'china' }, url: 'https://microsoftgraph.chinacloudapi.cn' },
  {
    name: 'proxy with a path',
    options: { baseUrl: 'https://proxy.example/graph/' },
    url: 'https://proxy.example/graph',
  },
  {
    name: 'loopback',
    options: { baseUrl: 'http://127.0.0.1:4010' },
    url: 'http://127.0.0.1:4010',
  },
  {
    name: 'IPv6 loopback with a path',
    options: { baseUrl: 'http://[::1]:8080/api' },
    url: 'http://[::1]:8080/api',
  },
];

type AuthKind = 'string' | 'function' | 'credential';
const AUTH_KINDS: readonly AuthKind[] = ['string', 'function', 'credential'];
const TOKENS: Readonly<Record<AuthKind, string>> = {
  string: 'tok-string-5d1e0c',
  function: 'tok-function-9b7a2f',
  credential: 'tok-credential-3c8e44',
};

function authOptions(kind: AuthKind): ProvisioningClientBaseOptions {
  switch (kind) {
    case 'string':
      return { accessToken: TOKENS.string };
    case 'function':
      return { accessToken: () => Promise.resolve(TOKENS.function) };
    case 'credential': {
      const credential: TokenCredential = {
        getToken: (): Promise<AccessToken> =>
          Promise.resolve({
            token: TOKENS.credential,
            expiresOnTimestamp: Date.now() + 3_600_000,
          }),
      };
      return { credential };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The fetch seam

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly authorization: string | null;
  readonly redirect: RequestRedirect | undefined;
}

/** Answers the request numbered `index` (0-based). */
type Script = (url: string, index: number) => Response;

/** A `fetch` that records each call as the SDK made it, then answers from `script`. */
function recorder(script: Script): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: FetchLike = (url, init) => {
    sent.push({
      url,
      method: init?.method ?? 'GET',
      authorization: new Headers(init?.headers).get('authorization'),
      redirect: init?.redirect,
    });
    return Promise.resolve(script(url, sent.length - 1));
  };
  return { fetch, sent };
}

function client(root: Root, auth: AuthKind, fetch: FetchLike): ProvisioningClient {
  return new ProvisioningClient({ ...root.options, ...authOptions(auth), fetch });
}

/** The tracker's property, checked on every recorded call. */
function expectContained(sent: readonly Sent[], root: Root, auth: AuthKind): void {
  for (const call of sent) {
    expect(call.redirect, call.url).toBe('manual');
    if (call.authorization !== null) expect(underRoot(call.url, root.url), call.url).toBe(true);
    // Stronger: nothing at all goes outside the root (with or without a token)…
    expect(underRoot(call.url, root.url), call.url).toBe(true);
    // …and what goes carries this client's token, from whichever source it has.
    expect(call.authorization).toBe(`Bearer ${TOKENS[auth]}`);
  }
}

const page = (items: unknown[], nextLink?: unknown): Response =>
  Response.json(
    nextLink === undefined ? { value: items } : { value: items, '@odata.nextLink': nextLink },
  );

/** A header can carry only Latin-1 without CR/LF/NUL: percent-encode the rest as UTF-8. */
function headerValue(value: string): string {
  return Array.from(value, (c) =>
    /[\x20-\x7e]/.test(c)
      ? c
      : Array.from(Buffer.from(c, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  )
    .join('')
    .trim();
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** Runs `fn`, catching what it throws synchronously too (`byId('  ')` throws before any promise). */
async function settle(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A typed GraphError of `kind`, never a TypeError or anything else. */
function expectGraphError(outcome: Outcome, kind: GraphErrorKind): void {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(isGraphError(outcome.error), String(outcome.error)).toBe(true);
  if (isGraphError(outcome.error)) expect(outcome.error.kind).toBe(kind);
}

// ---------------------------------------------------------------------------------------------
// Hostile URLs

/** URLs built from parts that attack `root`, plus near misses, mutations and random strings. */
function hostileUrl(root: Root): fc.Arbitrary<string> {
  const base = new URL(root.url);
  const own = base.hostname;
  const ownPort = base.port === '' ? '' : `:${base.port}`;
  const prefix = rootPath(base);
  const valid = `${root.url}/v1.0/servicePrincipals?$skiptoken=x`;

  const scheme = fc.constantFrom(
    'https://',
    'http://',
    'HTTPS://',
    'hTTp://',
    'https:',
    'http:',
    'https:/',
    'https:\\\\',
    'https:///',
    ' https://',
    '\thttps://',
    'ws://',
    'wss://',
    'ftp://',
    'file://',
    'data:text/plain,',
    'javascript:',
    'blob:https://',
    '//',
    '',
  );
  const userinfo = fc.constantFrom(
    'graph.microsoft.com@',
    `${own}@`,
    `${own}${ownPort}@`,
    'user:pass@',
    ':@',
    '@',
    'user@',
    ':pass@',
    'graph.microsoft.com%40',
    `${own}%40`,
    'evil.example%40',
    'user%3Apass@',
    'user%40evil.example@',
  );
  const hostName = fc.constantFrom(
    own,
    own.toUpperCase(),
    `${own}.`,
    `${own}.evil.example`,
    `evil.example#${own}`,
    'graph.microsoft.com',
    'GRAPH.Microsoft.COM',
    'graph.microsoft.com.',
    'graph.microsoft.com.evil.example',
    'graph.microsoft.com%2Eevil.example',
    'graph%2Emicrosoft%2Ecom',
    'evil.example',
    'xn--grh-6cd.microsoft.com',
    'gra\u0440h.microsoft.com',
    '127.0.0.1',
    '127.1',
    '2130706433',
    '0x7f000001',
    '[::1]',
    '[0:0:0:0:0:0:0:1]',
    'localhost',
    'graph.microsoft.us',
    'dod-graph.microsoft.us',
    'microsoftgraph.chinacloudapi.cn',
    'proxy.example',
    '',
  );
  // WHATWG URL strips tab and newline anywhere, so `graph.micro\tsoft.com` is graph.microsoft.com.
  const host = fc
    .tuple(hostName, fc.constantFrom('', '\t', '\n', '\r'), fc.nat())
    .map(([h, c, at]) => {
      const i = at % (h.length + 1);
      return `${h.slice(0, i)}${c}${h.slice(i)}`;
    });
  const port = fc.constantFrom(
    '',
    ':443',
    ':0443',
    ':80',
    ':8443',
    ':0',
    ':65535',
    ':65536',
    ':4010',
    ':8080',
    ':',
  );
  const separator = fc.constantFrom(
    '\\',
    '/',
    '%2F',
    '%5C',
    '#@evil.example',
    '?@evil.example',
    '@evil.example',
    '\\\\evil.example',
    ':@evil.example',
    ';',
  );
  const path = fc.constantFrom(
    `${prefix}/beta/auditLogs/provisioning?$skiptoken=y&$top=2`,
    `${prefix}/v1.0/applicationTemplates#frag`,
    `${prefix}/../v1.0/servicePrincipals`,
    `${prefix}/%2e%2e/v1.0/servicePrincipals`,
    `${prefix}/v1.0/%2e%2e/%2e%2e/other/v1.0/x`,
    `/%2e%2e${prefix}/v1.0/x`,
    `${prefix}x/v1.0/x`,
    `${prefix}%2Fv1.0/x`,
    `${prefix}//v1.0/x`,
    `${prefix}/v1.0`,
    '/other/v1.0/x',
    '/evil',
    '',
  );
  // Each part is the valid one 70% of the time, so one or two hostile parts are common.
  const or = (valid: string, hostile: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 7, arbitrary: fc.constant(valid) }, { weight: 3, arbitrary: hostile });
  const parts = fc
    .tuple(
      or(`${base.protocol}//`, scheme),
      or('', userinfo),
      or(own, host),
      or(ownPort, port),
      or('', separator),
      or(`${prefix}/v1.0/servicePrincipals?$skiptoken=x`, path),
    )
    .map((p) => p.join(''));

  const tricky = fc.constantFrom(
    '/',
    '\\',
    '@',
    ':',
    '.',
    '#',
    '?',
    '%',
    '%2F',
    '%40',
    '\t',
    '\n',
    ' ',
    '..',
    'evil.example',
    own,
    'v1.0',
    '\u0440',
    'xn--',
  );
  // The root followed by tricky characters: `https://graph.microsoft.com.evil`, `…:x@evil`…
  const rootThenJunk = fc
    .string({ unit: tricky, maxLength: 8 })
    .map((tail) => `${root.url}${tail}`);
  // A valid link with tricky pieces spliced in anywhere.
  const mutated = fc
    .array(fc.tuple(fc.nat(), tricky), { minLength: 1, maxLength: 3 })
    .map((edits) =>
      edits.reduce((s, [at, piece]) => {
        const i = at % (s.length + 1);
        return `${s.slice(0, i)}${piece}${s.slice(i)}`;
      }, valid),
    );
  const webUrl = fc.webUrl({
    validSchemes: ['https', 'http', 'ws', 'ftp'],
    authoritySettings: {
      withUserInfo: true,
      withPort: true,
      withIPv4: true,
      withIPv6: true,
      withIPv4Extended: true,
    },
    withQueryParameters: true,
    withFragments: true,
  });
  const ownWebUrl = fc.webPath().map((p) => `${root.url}${p.startsWith('/') ? p : `/${p}`}`);

  return fc.oneof(
    { weight: 10, arbitrary: parts },
    { weight: 3, arbitrary: mutated },
    { weight: 2, arbitrary: rootThenJunk },
    { weight: 2, arbitrary: webUrl },
    { weight: 1, arbitrary: ownWebUrl },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  );
}

const rootAndLink = fc.oneof(
  ...ROOTS.map((root) => fc.record({ root: fc.constant(root), link: hostileUrl(root) })),
);
const auth = fc.constantFrom(...AUTH_KINDS);

type ListName = 'auditLogs' | 'jobs' | 'templates';
function list(c: ProvisioningClient, name: ListName): PagedIterable<{ id: string }> {
  switch (name) {
    case 'auditLogs':
      return c.auditLogs.provisioning.list();
    case 'jobs':
      return c.servicePrincipals.byId(SP).synchronization.jobs.list();
    case 'templates':
      return c.applicationTemplates.list();
  }
}

async function collect(
  items: PagedIterable<{ id: string }>,
  how: 'toArray' | 'for await',
): Promise<string[]> {
  if (how === 'toArray') return (await items.toArray()).map((i) => i.id);
  const ids: string[] = [];
  for await (const i of items) ids.push(i.id);
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Tests

const counts: Record<string, number> = {};
const tally = (name: string): void => {
  counts[name] = (counts[name] ?? 0) + 1;
};

const VERDICTS: readonly Verdict[] = [
  'unparseable',
  'otherOrigin',
  'userinfo',
  'outsidePath',
  'noVersion',
  'followable',
];

/** The generator reaches every branch of the oracle, each at least `min` times. */
function expectEveryVerdict(property: string, min: number): void {
  for (const v of VERDICTS) expect(counts[`${property}:${v}`] ?? 0, v).toBeGreaterThanOrEqual(min);
}

afterAll(() => {
  const total = Object.entries(counts)
    .filter(([name]) => !name.includes(':'))
    .reduce((sum, [, n]) => sum + n, 0);
  console.log(
    `exfiltration: FUZZ_SEED=${String(FUZZ_SEED)}, ${String(total)} generated cases`,
    JSON.stringify(counts),
  );
});

describe('nextLink', () => {
  it(
    'is followed verbatim with the token only when under the Graph root, refused as invalidResponse otherwise',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          rootAndLink,
          auth,
          fc.constantFrom<ListName>('auditLogs', 'jobs', 'templates'),
          fc.constantFrom<'toArray' | 'for await'>('toArray', 'for await'),
          async ({ root, link }, authKind, listName, how) => {
            tally('nextLink');
            const { fetch, sent } = recorder((_url, index) =>
              index === 0 ? page([item('1')], link) : page([item('2')]),
            );
            const outcome = await settle(() =>
              collect(list(client(root, authKind, fetch), listName), how),
            );
            const v = verdict(link, root.url);
            tally(`nextLink:${v}`);
            if (v === 'followable') {
              expect(outcome).toEqual({ ok: true, value: ['1', '2'] });
              expect(sent).toHaveLength(2);
              expect(sent[1]!.url).toBe(link);
            } else {
              expectGraphError(outcome, 'invalidResponse');
              expect(sent).toHaveLength(1);
            }
            expectContained(sent, root, authKind);
          },
        ),
        run(2_000),
      );
      expectEveryVerdict('nextLink', 20);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'that is empty or not a string is refused as invalidResponse after one request (null ends the list)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ROOTS),
          auth,
          fc.oneof(
            fc.constant(null),
            fc.constant(''),
            fc.jsonValue().filter((v) => typeof v !== 'string'),
            fc.array(fc.webUrl()),
          ),
          async (root, authKind, link) => {
            tally('nextLink, not a string');
            const { fetch, sent } = recorder((_url, index) =>
              index === 0 ? page([item('1')], link) : page([item('2')]),
            );
            const outcome = await settle(() =>
              client(root, authKind, fetch).auditLogs.provisioning.list().toArray(),
            );
            if (link === null) expect(outcome.ok).toBe(true);
            else expectGraphError(outcome, 'invalidResponse');
            expect(sent).toHaveLength(1);
            expectContained(sent, root, authKind);
          },
        ),
        run(300),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it.each(AUTH_KINDS)(
    'to another cloud or another path of a proxy is refused (%s auth)',
    async (authKind) => {
      const cases: readonly [Root, string][] = [
        [ROOTS[1]!, 'https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=x'],
        [ROOTS[0]!, 'https://graph.microsoft.us/v1.0/auditLogs/provisioning?$skiptoken=x'],
        [ROOTS[3]!, 'https://proxy.example/other/v1.0/auditLogs/provisioning?$skiptoken=x'],
        [ROOTS[3]!, 'https://proxy.example/graphx/v1.0/auditLogs/provisioning?$skiptoken=x'],
        [ROOTS[3]!, 'https://proxy.example/graph/../other/v1.0/auditLogs/provisioning'],
        [ROOTS[3]!, 'https://proxy.example/v1.0/auditLogs/provisioning?$skiptoken=x'],
      ];
      for (const [root, link] of cases) {
        const { fetch, sent } = recorder((_url, index) =>
          index === 0 ? page([item('1')], link) : page([item('2')]),
        );
        const outcome = await settle(() =>
          client(root, authKind, fetch).auditLogs.provisioning.list().toArray(),
        );
        expectGraphError(outcome, 'invalidResponse');
        expect(sent).toHaveLength(1);
        expect(sent[0]!.url.startsWith(`${root.url}/v1.0/auditLogs/provisioning?`)).toBe(true);
        expectContained(sent, root, authKind);
      }
      // Control: the same proxy root follows a link under its own path.
      const { fetch, sent } = recorder((_url, index) =>
        index === 0
          ? page(
              [item('1')],
              'https://proxy.example/graph/v1.0/auditLogs/provisioning?$skiptoken=x',
            )
          : page([item('2')]),
      );
      await client(ROOTS[3]!, authKind, fetch).auditLogs.provisioning.list().toArray();
      expect(sent[1]?.url).toBe(
        'https://proxy.example/graph/v1.0/auditLogs/provisioning?$skiptoken=x',
      );
      expectContained(sent, ROOTS[3]!, authKind);
    },
  );
});

describe('continuationToken', () => {
  it(
    'is sent verbatim only when under the Graph root, refused as invalidInput before any request otherwise',
    async () => {
      await fc.assert(
        fc.asyncProperty(rootAndLink, auth, async ({ root, link }, authKind) => {
          tally('continuationToken');
          const { fetch, sent } = recorder(() => page([item('2')]));
          const pages = client(root, authKind, fetch)
            .auditLogs.provisioning.list()
            .byPage({ continuationToken: link });
          const outcome = await settle(async () => {
            const ids: string[] = [];
            for await (const p of pages) ids.push(...p.items.map((i) => i.id));
            return ids;
          });
          const v = verdict(link, root.url);
          tally(`continuationToken:${v}`);
          if (v === 'followable') {
            expect(outcome).toEqual({ ok: true, value: ['2'] });
            expect(sent.map((s) => s.url)).toEqual([link]);
          } else {
            expectGraphError(outcome, 'invalidInput');
            expect(sent).toHaveLength(0);
          }
          expectContained(sent, root, authKind);
        }),
        run(2_000),
      );
      expectEveryVerdict('continuationToken', 20);
    },
    TEST_TIMEOUT_MS,
  );
});

type Call = 'list' | 'next page' | 'get' | 'post' | 'delete';

function call(c: ProvisioningClient, which: Call): Promise<unknown> {
  const job = c.servicePrincipals.byId(SP).synchronization.jobs.byId(JOB);
  switch (which) {
    case 'list':
    case 'next page':
      return c.auditLogs.provisioning.list().toArray();
    case 'get':
      return c.servicePrincipals.get(SP);
    case 'post':
      return job.start();
    case 'delete':
      return job.delete();
  }
}

describe('redirects', () => {
  it(
    'are never followed: the 3xx is an HttpError, after exactly the requests the call needed',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          rootAndLink,
          auth,
          fc.constantFrom(301, 302, 303, 307, 308),
          fc.constantFrom<Call>('list', 'next page', 'get', 'post', 'delete'),
          async ({ root, link }, authKind, status, which) => {
            tally('redirect');
            const location = headerValue(link);
            const nextLink = `${root.url}/v1.0/auditLogs/provisioning?$skiptoken=p2`;
            const redirectAt = which === 'next page' ? 1 : 0;
            const { fetch, sent } = recorder((_url, index) =>
              index < redirectAt
                ? page([item('1')], nextLink)
                : new Response(JSON.stringify({ value: [] }), {
                    status,
                    headers: { Location: location, 'Content-Type': 'application/json' },
                  }),
            );
            const outcome = await settle(() => call(client(root, authKind, fetch), which));
            expectGraphError(outcome, 'http');
            if (!outcome.ok && isGraphError(outcome.error))
              expect(outcome.error.status).toBe(status);
            expect(sent).toHaveLength(redirectAt + 1);
            expectContained(sent, root, authKind);
          },
        ),
        run(1_000),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the auth middleware on its own (the line behind the nextLink check)', () => {
  it(
    'sends nothing to a URL outside the root, and fetches no token for it',
    async () => {
      await fc.assert(
        fc.asyncProperty(rootAndLink, async ({ root, link }) => {
          tally('pipeline');
          const { fetch, sent } = recorder(() => page([]));
          let tokens = 0;
          const pipeline = new Pipeline(
            resolveOptions({
              ...root.options,
              accessToken: () => {
                tokens++;
                return TOKENS.function;
              },
              fetch,
            }),
          );
          const result = await pipeline.attempt({
            method: 'GET',
            version: 'v1.0',
            relative: '',
            url: link,
            headers: {},
            timeoutMs: 5_000,
            signal: undefined,
          });
          if (underRoot(link, root.url)) {
            expect(result.type).toBe('response');
            expect(sent.map((s) => s.url)).toEqual([link]);
          } else {
            expect(result).toMatchObject({ type: 'error', error: { kind: 'invalidResponse' } });
            expect(sent).toHaveLength(0);
            expect(tokens).toBe(0);
          }
          expectContained(sent, root, 'function');
        }),
        run(1_500),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('ids and query values', () => {
  it(
    'that look like URLs never move a request off the Graph root',
    async () => {
      const urlish = fc.oneof(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        hostileUrl(ROOTS[0]!),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ROOTS),
          auth,
          urlish,
          urlish,
          async (root, authKind, a, b) => {
            tally('ids and query values');
            const { fetch, sent } = recorder(() => Response.json({ ...item('j'), value: [] }));
            const c = client(root, authKind, fetch);
            await settle(() => c.servicePrincipals.byId(SP).synchronization.jobs.byId(a).get());
            await settle(() => c.applicationTemplates.list({ filter: a, search: b }).toArray());
            expectContained(sent, root, authKind);
          },
        ),
        run(500),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------------------------
// Real sockets, real global fetch: server A is the client's Graph root, server B another origin.

interface Hit {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

interface Listening {
  readonly server: Server;
  readonly origin: string;
  readonly hits: Hit[];
}

async function listen(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Listening> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    hits.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
    });
    req.resume();
    req.on('end', () => {
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${String(port)}`, hits };
}

async function close({ server }: Listening): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
  });
}

describe('over real sockets, without the fetch seam', () => {
  let a: Listening;
  let b: Listening;

  beforeAll(async () => {
    b = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ...item('stolen'), value: [item('stolen')] }));
    });
    a = await listen((req, res) => {
      const path = new URL(req.url ?? '/', a.origin).pathname;
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (path === '/v1.0/applicationTemplates') {
        json(200, {
          value: [item('1')],
          '@odata.nextLink': `${b.origin}/v1.0/applicationTemplates?$skiptoken=x`,
        });
      } else if (path === `/v1.0/servicePrincipals/${SP}`) {
        json(302, {}, { Location: `${b.origin}${path}` });
      } else if (path.endsWith('/start')) {
        json(307, {}, { Location: `${b.origin}${path}` });
      } else if (req.method === 'DELETE') {
        json(308, {}, { Location: `${b.origin}${path}` });
      } else {
        json(404, { error: { code: 'NotFound', message: 'no route' } });
      }
    });
  });

  afterAll(async () => {
    await Promise.all([close(a), close(b)]);
  });

  it('sends nothing to another origin for a 302, a 307, a 308 or a nextLink there', async () => {
    const c = new ProvisioningClient({
      baseUrl: a.origin,
      accessToken: TOKENS.string,
      maxRetries: 0,
    });
    const job = c.servicePrincipals.byId(SP).synchronization.jobs.byId(JOB);
    expectGraphError(await settle(() => c.servicePrincipals.get(SP)), 'http');
    expectGraphError(await settle(() => job.start()), 'http');
    expectGraphError(await settle(() => job.delete()), 'http');
    expectGraphError(
      await settle(() => c.applicationTemplates.list().toArray()),
      'invalidResponse',
    );

    expect(a.hits.map((h) => h.method)).toEqual(['GET', 'POST', 'DELETE', 'GET']);
    expect(a.hits.every((h) => h.authorization === `Bearer ${TOKENS.string}`)).toBe(true);
    expect(b.hits).toEqual([]);

    // Control: a client that follows redirects does reach B, so the check above can fail.
    await fetch(`${a.origin}/v1.0/servicePrincipals/${SP}`);
    expect(b.hits).toHaveLength(1);
  });
});
