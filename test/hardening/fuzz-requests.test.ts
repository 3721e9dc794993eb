/**
 * Fuzzed requests. Ids, display names, search terms and filter values full of quotes, slashes,
 * `%`, `?`, `#`, `..`, Unicode and control characters go through every method that puts a
 * caller's value into a URL. What reaches the transport is parsed back, independently of the
 * SDK's encoder: the URL must be one a URL parser leaves unchanged, each id must come back
 * whole from its own path segment, and each OData literal must parse back to the caller's value.
 * A value the SDK cannot send faithfully must be refused with InvalidInputError before anything
 * is sent, and only for a reason the documentation gives.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ProvisioningClient, isGraphError, type ApiVersion } from '../../src/index.js';
import { JOB_ID, SP_ID } from '../helpers/graph.js';
import { fuzzParameters } from './fuzz.js';

const RUNS = 700;
const EVENTS_FILTER_RUNS = 400;

/** Pieces hostile to URL and OData encoders; values are made by joining a few. */
const ATOMS = [
  "'",
  "''",
  '"',
  '/',
  '\\',
  '%',
  '%2F',
  '%25',
  '%27',
  '?',
  '#',
  '&',
  '=',
  '+',
  ' ',
  '.',
  '..',
  '(',
  ')',
  '$',
  '@',
  ':',
  ';',
  ',',
  '*',
  '!',
  '~',
  '[',
  ']',
  '{',
  '}',
  '|',
  '^',
  '`',
  '<',
  '>',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udc00',
  'é',
  'ß',
  '日本',
  '😀',
  '\u202e',
  'AWS',
  'Contoso',
  'https://evil.example/',
  '$filter=',
  "' or 1 eq 1 or '",
  'eq',
  '%00',
  '\\"',
];

const value: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.constantFrom(...ATOMS), { maxLength: 8 }).map((a) => a.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Why a value must be refused by `checkString` (any string input), or undefined if it is fine. */
function stringProblem(v: string): string | undefined {
  if (v.length === 0) return 'empty';
  if (!v.isWellFormed()) return 'lone surrogate';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) return 'control character';
  return undefined;
}

/** Why a key value must be refused (`(appId='…')`), or undefined if it is fine. */
function keyProblem(v: string): string | undefined {
  return stringProblem(v) ?? (v.trim() !== v ? 'edge whitespace' : undefined);
}

/** Why an id must be refused as a path segment, or undefined if it is fine. */
function idProblem(v: string): string | undefined {
  return keyProblem(v) ?? (v === '.' || v === '..' ? 'dot segment' : undefined);
}

/** Characters a well-formed URL may contain (RFC 3986), `%` only before two hex digits. */
const URL_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

/** The query as name → value, decoded with decodeURIComponent (`+` stays `+`, unlike URLSearchParams). */
function queryOf(url: URL): Map<string, string> {
  const query = new Map<string, string>();
  if (url.search === '') return query;
  for (const part of url.search.slice(1).split('&')) {
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
    expect(query.has(name), `parameter ${name} sent twice`).toBe(false);
    query.set(name, eq === -1 ? '' : decodeURIComponent(part.slice(eq + 1)));
  }
  return query;
}

/**
 * Reads an OData string literal starting at `at` (`'…'`, a quote inside doubled), the way
 * Graph's parser does; returns its value and where it ends.
 */
function readLiteral(text: string, at: number): { value: string; end: number } {
  expect(text[at], `expected a quote at ${String(at)} of ${JSON.stringify(text)}`).toBe("'");
  let out = '';
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] !== "'") {
      out += text.charAt(i);
      continue;
    }
    if (text[i + 1] === "'") {
      out += "'";
      i++;
      continue;
    }
    return { value: out, end: i + 1 };
  }
  throw new Error(`unterminated OData literal in ${JSON.stringify(text)}`);
}

/** Parses `a eq 'x' and contains(b,'y') and …` into its clauses, checking every literal closes. */
function clausesOf(filter: string): Map<string, string> {
  const clauses = new Map<string, string>();
  let at = 0;
  while (at < filter.length) {
    const contains = /^contains\(([A-Za-z/]+),/.exec(filter.slice(at));
    if (contains !== null) {
      const literal = readLiteral(filter, at + contains[0].length);
      expect(filter[literal.end]).toBe(')');
      clauses.set(`contains ${contains[1]!}`, literal.value);
      at = literal.end + 1;
    } else {
      const eq = /^([A-Za-z/]+) eq /.exec(filter.slice(at));
      expect(eq, `unparsable clause at ${String(at)} of ${JSON.stringify(filter)}`).not.toBeNull();
      const literal = readLiteral(filter, at + eq![0].length);
      clauses.set(eq![1]!, literal.value);
      at = literal.end;
    }
    if (at < filter.length) {
      expect(filter.slice(at, at + 5)).toBe(' and ');
      at += 5;
    }
  }
  return clauses;
}

/** Reads `$search`'s `"…"` (a `"` or `\` inside escaped with `\`) back into its text. */
function readSearch(search: string): string {
  expect(search.startsWith('"') && search.endsWith('"') && search.length >= 2).toBe(true);
  let out = '';
  for (let i = 1; i < search.length - 1; i++) {
    const c = search[i]!;
    if (c === '"') throw new Error(`unescaped quote in ${search}`);
    if (c === '\\') {
      const next = search[i + 1];
      if (next !== '"' && next !== '\\') throw new Error(`dangling backslash in ${search}`);
      out += next;
      i++;
    } else out += c;
  }
  return out;
}

/** What the transport saw; answers an empty page (`list`) or 404. */
class Recorder {
  sent: string[] = [];
  list = false;
  readonly fetch = (input: string): Promise<Response> => {
    this.sent.push(input);
    return Promise.resolve(
      this.list
        ? Response.json({ value: [] })
        : Response.json(
            { error: { code: 'Request_ResourceNotFound', message: 'not here' } },
            { status: 404 },
          ),
    );
  };
}

type Outcome = { sent: URL | undefined; refused: boolean };

const counts = { cases: 0, refused: 0 };
afterAll(() => {
  console.info(
    `fuzzed requests: ${String(counts.cases)} cases, ${String(counts.refused)} refused before sending`,
  );
});

/** Runs a call; returns the one URL it sent, or that it was refused (InvalidInputError, nothing sent). */
async function run(recorder: Recorder, call: () => Promise<unknown>): Promise<Outcome> {
  recorder.sent = [];
  counts.cases += 1;
  try {
    await Promise.resolve().then(call);
  } catch (error) {
    if (!isGraphError(error)) throw error;
    if (error.kind === 'invalidInput') {
      expect(recorder.sent, 'InvalidInputError after a request was sent').toEqual([]);
      counts.refused += 1;
      return { sent: undefined, refused: true };
    }
    expect(error.kind).toBe('notFound');
  }
  expect(recorder.sent).toHaveLength(1);
  const raw = recorder.sent[0]!;
  // The raw string first: `new URL` would repair some malformations.
  expect(raw, 'sent URL has characters outside RFC 3986').toMatch(URL_CHARS);
  const url = new URL(raw);
  expect(url.href, 'a URL parser would change the sent URL').toBe(raw);
  return { sent: url, refused: false };
}

/** Splits a path into decoded segments. */
const segmentsOf = (url: URL): string[] => url.pathname.split('/').slice(1).map(decodeURIComponent);

describe.each(['v1.0', 'beta'] as const)('fuzzed %s requests', (version: ApiVersion) => {
  const recorder = new Recorder();
  const client = new ProvisioningClient({
    accessToken: 'fuzz-token',
    apiVersion: version,
    fetch: recorder.fetch,
    maxRetries: 0,
  });
  const sp = client.servicePrincipals.byId(SP_ID);
  const base = ['servicePrincipals', SP_ID, 'synchronization'];

  /** Methods that put one id into one path segment, with the segments they must send. */
  const PATHS: readonly [string, (id: string) => Promise<unknown>, (id: string) => string[]][] = [
    [
      'jobs.byId(id).get()',
      (id) => sp.synchronization.jobs.byId(id).get(),
      (id) => [...base, 'jobs', id],
    ],
    [
      'templates.get(id)',
      (id) => sp.synchronization.templates.get(id),
      (id) => [...base, 'templates', id],
    ],
    [
      'schema.directories(id).discover()',
      (id) => sp.synchronization.jobs.byId(JOB_ID).schema.directories(id).discover(),
      (id) => [...base, 'jobs', JOB_ID, 'schema', 'directories', id, 'discover'],
    ],
    [
      'auditLogs.provisioning.get(id)',
      (id) => client.auditLogs.provisioning.get(id),
      (id) => ['auditLogs', 'provisioning', id],
    ],
  ];

  it.each(PATHS)(
    '%s keeps any id inside its own path segment, or refuses it before sending',
    async (_name, call, expected) => {
      recorder.list = false;
      await fc.assert(
        fc.asyncProperty(value, async (id) => {
          const outcome = await run(recorder, () => call(id));
          expect(outcome.refused).toBe(idProblem(id) !== undefined);
          if (outcome.sent === undefined) return;
          expect(segmentsOf(outcome.sent)).toEqual([version, ...expected(id)]);
          expect(outcome.sent.search).toBe('');
          expect(outcome.sent.hash).toBe('');
        }),
        fuzzParameters(`path ${version} ${_name}`, RUNS),
      );
    },
    60_000,
  );

  it('byAppId(appId) quotes the value as an OData key literal inside one segment', async () => {
    recorder.list = false;
    await fc.assert(
      fc.asyncProperty(value, async (appId) => {
        const outcome = await run(recorder, () => client.servicePrincipals.byAppId(appId).get());
        expect(outcome.refused).toBe(keyProblem(appId) !== undefined);
        if (outcome.sent === undefined) return;
        const segments = segmentsOf(outcome.sent);
        expect(segments).toHaveLength(2);
        const key = segments[1]!;
        expect(key.startsWith('servicePrincipals(appId=')).toBe(true);
        const literal = readLiteral(key, 'servicePrincipals(appId='.length);
        expect(literal.value).toBe(appId);
        expect(key.slice(literal.end)).toBe(')');
      }),
      fuzzParameters(`appId ${version}`, RUNS),
    );
  });

  it('list({ filter }) on service principals quotes every value as an OData literal', async () => {
    recorder.list = true;
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { displayName: value, appId: value, applicationTemplateId: value },
          { requiredKeys: [] },
        ),
        async (filter) => {
          const outcome = await run(recorder, () =>
            client.servicePrincipals.list({ filter }).toArray(),
          );
          const values = Object.values(filter);
          expect(outcome.refused).toBe(values.some((v) => stringProblem(v) !== undefined));
          if (outcome.sent === undefined) return;
          const query = queryOf(outcome.sent);
          if (values.length === 0) {
            expect(query.has('$filter')).toBe(false);
            return;
          }
          expect(Object.fromEntries(clausesOf(query.get('$filter')!))).toEqual(filter);
        },
      ),
      fuzzParameters(`sp filter ${version}`, RUNS),
    );
  });

  it('findByDisplayName(name) sends the exact name as one OData literal', async () => {
    recorder.list = true;
    await fc.assert(
      fc.asyncProperty(value, async (name) => {
        const outcome = await run(recorder, () => client.applications.findByDisplayName(name));
        expect(outcome.refused).toBe(stringProblem(name) !== undefined);
        if (outcome.sent === undefined) return;
        expect(clausesOf(queryOf(outcome.sent).get('$filter')!).get('displayName')).toBe(name);
      }),
      fuzzParameters(`find ${version}`, RUNS),
    );
  });

  it('list({ search }) sends the term as one quoted $search string', async () => {
    recorder.list = true;
    await fc.assert(
      fc.asyncProperty(value, async (search) => {
        const outcome = await run(recorder, () => client.applications.list({ search }).toArray());
        expect(outcome.refused).toBe(stringProblem(search) !== undefined);
        if (outcome.sent === undefined) return;
        const sent = readSearch(queryOf(outcome.sent).get('$search')!);
        expect(sent).toBe(
          /^(displayName|description):/.test(search) ? search : `displayName:${search}`,
        );
      }),
      fuzzParameters(`search ${version}`, RUNS),
    );
  });

  it('auditLogs.provisioning.list({ filter }) quotes eq and contains values as OData literals', async () => {
    recorder.list = true;
    await fc.assert(
      fc.asyncProperty(value, value, value, async (jobId, displayName, contains) => {
        const filter = {
          jobId,
          servicePrincipalDisplayName: displayName,
          sourceIdentityDisplayName: { contains },
        };
        const outcome = await run(recorder, () =>
          client.auditLogs.provisioning.list({ filter }).toArray(),
        );
        const values = [jobId, displayName, contains];
        expect(outcome.refused).toBe(values.some((v) => stringProblem(v) !== undefined));
        if (outcome.sent === undefined) return;
        const clauses = clausesOf(queryOf(outcome.sent).get('$filter')!);
        expect(clauses.get('jobId')).toBe(jobId);
        expect(
          clauses.get(
            version === 'beta' ? 'servicePrincipal/name' : 'servicePrincipal/displayName',
          ),
        ).toBe(displayName);
        expect(clauses.get('contains sourceIdentity/displayName')).toBe(contains);
      }),
      fuzzParameters(`events filter ${version}`, EVENTS_FILTER_RUNS),
    );
  });

  it('instantiate sends every valid display name unchanged in the JSON body, and refuses the rest before sending', async () => {
    recorder.list = false;
    let body = '';
    const client2 = new ProvisioningClient({
      accessToken: 'fuzz-token',
      apiVersion: version,
      maxRetries: 0,
      fetch: (input, init) => {
        body = typeof init?.body === 'string' ? init.body : '';
        return recorder.fetch(input);
      },
    });
    await fc.assert(
      fc.asyncProperty(value, async (displayName) => {
        body = '';
        const outcome = await run(recorder, () =>
          client2.applicationTemplates.instantiate('8adf8e6e-67b2-4cf2-a259-e3dc5476c621', {
            displayName,
          }),
        );
        // Refused exactly when blank, too long, or not text Graph can store.
        expect(outcome.refused).toBe(
          stringProblem(displayName) !== undefined ||
            displayName.trim() === '' ||
            displayName.length > 256,
        );
        if (outcome.sent === undefined) return;
        expect((JSON.parse(body) as { displayName: unknown }).displayName).toBe(displayName);
      }),
      fuzzParameters(`instantiate ${version}`, RUNS / 2),
    );
  });
});
