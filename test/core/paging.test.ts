import { describe, expect, it } from 'vitest';
import { eachItem } from '../../src/core/paging.js';
import {
  GRAPH,
  SP_ID,
  http,
  HttpResponse,
  makeClient,
  page,
  recordRequests,
  useGraphServer,
  rejection,
} from '../helpers/graph.js';

const server = useGraphServer();
const LOGS = `${GRAPH}/v1.0/auditLogs/provisioning`;
const event = (id: string) => ({ id, activityDateTime: '2026-11-23T10:00:00Z' });
const link = (token: string) => `${LOGS}?$top=2&$skiptoken=${token}`;

/** Pages served by `$skiptoken`: `''` is the first page. */
function pages(byToken: Record<string, () => Response>) {
  server.use(
    http.get(LOGS, ({ request }) => {
      const token = new URL(request.url).searchParams.get('$skiptoken') ?? '';
      const respond = byToken[token];
      if (respond === undefined) throw new Error(`unexpected page ${token}`);
      return respond();
    }),
  );
}

describe('PagedIterable', () => {
  it('sends nothing until iterated', async () => {
    const sent = recordRequests();
    pages({ '': () => page([event('1')]) });
    const list = makeClient().auditLogs.provisioning.list();
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toHaveLength(0);
    await list.toArray();
    expect(sent).toHaveLength(1);
  });

  it('walks three pages with an empty middle page, ending only without a nextLink', async () => {
    pages({
      '': () => page([event('1'), event('2')], link('p2')),
      p2: () => page([], link('p3')),
      p3: () => page([event('3')]),
    });
    const ids: string[] = [];
    for await (const e of makeClient().auditLogs.provisioning.list()) ids.push(e.id);
    expect(ids).toEqual(['1', '2', '3']);
  });

  it('closes the walk of pages when iterating its items ends early, as for await does', async () => {
    const closed: string[] = [];
    async function* walk() {
      try {
        yield await Promise.resolve({ items: [1, 2] });
        yield { items: [3] };
      } finally {
        closed.push('pages');
      }
    }
    for await (const item of eachItem(walk())) if (item === 2) break;
    await expect(
      (async () => {
        for await (const item of eachItem(walk())) if (item === 1) throw new Error('stop');
      })(),
    ).rejects.toThrow('stop');
    const seen: number[] = [];
    let arrived = 0;
    for await (const item of eachItem(walk(), () => (arrived += 1))) seen.push(item);
    expect({ closed, seen, arrived }).toEqual({
      closed: ['pages', 'pages', 'pages'],
      seen: [1, 2, 3],
      arrived: 2,
    });
  });

  it('yields pages with continuation tokens, the last page without one', async () => {
    pages({
      '': () => page([event('1')], link('p2')),
      p2: () => page([event('2')]),
    });
    const seen: { ids: string[]; token: string | undefined }[] = [];
    for await (const p of makeClient().auditLogs.provisioning.list().byPage()) {
      seen.push({ ids: p.items.map((e) => e.id), token: p.continuationToken });
    }
    expect(seen).toEqual([
      { ids: ['1'], token: link('p2') },
      { ids: ['2'], token: undefined },
    ]);
  });

  it('resumes from a continuationToken', async () => {
    const sent = recordRequests();
    pages({ p3: () => page([event('3')]) });
    const items = [];
    for await (const p of makeClient()
      .auditLogs.provisioning.list()
      .byPage({ continuationToken: link('p3') })) {
      items.push(...p.items);
    }
    expect(items.map((e) => e.id)).toEqual(['3']);
    expect(sent[0]!.url.href).toBe(link('p3'));
  });

  it('sends maxPageSize as $top on the first request', async () => {
    const sent = recordRequests();
    pages({ '': () => page([event('1')]) });
    await makeClient().auditLogs.provisioning.list().byPage({ maxPageSize: 50 }).next();
    expect(sent[0]!.url.searchParams.get('$top')).toBe('50');
  });

  it('follows a nextLink verbatim, keeping the order and repetition of its parameters', async () => {
    const sent = recordRequests();
    const next = `${LOGS}?$skiptoken=p2&x=1&x=2&$top=5&$select=id&$select=jobId`;
    pages({ '': () => page([event('1')], next), p2: () => page([event('2')]) });
    const items = await makeClient().auditLogs.provisioning.list().toArray();
    expect(items).toHaveLength(2);
    expect(sent[1]!.url.href).toBe(next);
  });

  it('asks for 500 provisioning events per page by default, since Graph pages logs only with $top', async () => {
    const sent = recordRequests();
    pages({ '': () => page([event('1')]) });
    await makeClient().auditLogs.provisioning.list().toArray();
    expect(sent[0]!.url.searchParams.get('$top')).toBe('500');
  });

  it('uses one client-request-id for every page of an iteration', async () => {
    const sent = recordRequests();
    pages({
      '': () => page([event('1')], link('p2')),
      p2: () => page([event('2')]),
    });
    await makeClient().auditLogs.provisioning.list().toArray();
    expect(sent).toHaveLength(2);
    expect(sent[0]!.headers.get('client-request-id')).toBe(
      sent[1]!.headers.get('client-request-id'),
    );
  });

  it('refuses maxPageSize on collections Graph documents no $top for', async () => {
    const jobs = makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs;
    const error = await rejection(jobs.list().byPage({ maxPageSize: 10 }).next());
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toContain('no page size');
  });

  it('refuses to follow a nextLink on another origin, so the token never leaves Graph', async () => {
    const sent = recordRequests();
    for (const foreign of [
      'https://evil.example/v1.0/auditLogs/provisioning?$skiptoken=x',
      'https://graph.microsoft.com.evil.example/v1.0/auditLogs/provisioning',
      'https://graph.microsoft.com@evil.example/v1.0/auditLogs/provisioning',
      'http://graph.microsoft.com/v1.0/auditLogs/provisioning',
      'https://graph.microsoft.com:8443/v1.0/auditLogs/provisioning',
      'https://user:pass@graph.microsoft.com/v1.0/auditLogs/provisioning',
      // Same origin once a URL parser drops the tab or reads `\` as `/`, but another transport's
      // parser might not: refused.
      'https://graph.micro\tsoft.com/v1.0/auditLogs/provisioning',
      'https:\\graph.microsoft.com/v1.0/auditLogs/provisioning',
      ' https://graph.microsoft.com/v1.0/auditLogs/provisioning',
    ]) {
      pages({ '': () => page([event('1')], foreign) });
      const error = await rejection(makeClient().auditLogs.provisioning.list().toArray());
      expect(error.kind, foreign).toBe('invalidResponse');
      expect(error.message).toContain('nextLink');
    }
    expect(sent.every((r) => r.url.origin === GRAPH)).toBe(true);
  });

  it('stops with InvalidResponseError when Graph returns the same nextLink twice in a row', async () => {
    pages({
      '': () => page([event('1')], link('loop')),
      loop: () => page([event('2')], link('loop')),
    });
    const error = await rejection(makeClient().auditLogs.provisioning.list().toArray());
    expect(error.kind).toBe('invalidResponse');
    expect(error.message).toContain('same @odata.nextLink');
  });

  it('rejects a continuationToken for another host with InvalidInputError before sending', async () => {
    const sent = recordRequests();
    const iterator = makeClient()
      .auditLogs.provisioning.list()
      .byPage({ continuationToken: 'https://evil.example/v1.0/x' });
    const error = await rejection(iterator.next());
    expect(error.kind).toBe('invalidInput');
    expect(sent).toHaveLength(0);
  });

  it('rejects a maxPageSize outside 1..999 with InvalidInputError', async () => {
    for (const maxPageSize of [0, 1000, 2.5]) {
      const error = await rejection(
        makeClient().auditLogs.provisioning.list().byPage({ maxPageSize }).next(),
      );
      expect(error.kind).toBe('invalidInput');
    }
  });

  it('toArray({ max }) stops fetching once it has enough', async () => {
    const sent = recordRequests();
    pages({
      '': () => page([event('1'), event('2')], link('p2')),
      p2: () => page([event('3'), event('4')], link('p3')),
      p3: () => page([event('5')]),
    });
    const items = await makeClient().auditLogs.provisioning.list().toArray({ max: 3 });
    expect(items.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(sent).toHaveLength(2);
  });

  it('top caps the total, is sent as $top, and stops paging', async () => {
    const sent = recordRequests();
    pages({
      '': () => page([event('1'), event('2')], link('p2')),
      p2: () => page([event('3'), event('4')], link('p3')),
    });
    const items = await makeClient().auditLogs.provisioning.list({ top: 3 }).toArray();
    expect(items.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(sent[0]!.url.searchParams.get('$top')).toBe('3');
    expect(sent).toHaveLength(2);
  });

  it('raises InvalidResponseError when a page has no value array', async () => {
    pages({ '': () => HttpResponse.json({ items: [] }) });
    expect((await rejection(makeClient().auditLogs.provisioning.list().toArray())).kind).toBe(
      'invalidResponse',
    );
  });

  it('raises InvalidResponseError naming the index of an item that does not match the model', async () => {
    pages({ '': () => page([event('1'), { id: 2 }]) });
    const error = await rejection(makeClient().auditLogs.provisioning.list().toArray());
    expect(error.kind).toBe('invalidResponse');
    expect(error.message).toContain('value[1].id');
  });

  it('pages a service principal collection under the same rules', async () => {
    const url = `${GRAPH}/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs`;
    server.use(
      http.get(url, ({ request }) =>
        new URL(request.url).searchParams.has('$skiptoken')
          ? page([{ id: 'b' }])
          : page([{ id: 'a' }], `${url}?$skiptoken=2`),
      ),
    );
    const jobs = await makeClient()
      .servicePrincipals.byId(SP_ID)
      .synchronization.jobs.list()
      .toArray();
    expect(jobs.map((j) => j.id)).toEqual(['a', 'b']);
  });
});

describe('awaiting a list (a REPL never gets a silent nothing)', () => {
  it('gives the first page as an array that says more follow, in one request', async () => {
    const sent = recordRequests();
    pages({ '': () => page([event('1'), event('2')], link('b')), b: () => page([event('3')]) });
    const first = await makeClient().auditLogs.provisioning.list();
    expect(sent).toHaveLength(1);
    expect(first.length).toBe(2);
    expect(first[0]?.id).toBe('1');
    expect(first.map((e) => e.id)).toEqual(['1', '2']);
    expect(Object.getPrototypeOf(first.map((e) => e.id))).toBe(Array.prototype);
    expect(first.hasMore).toBe(true);
    expect(first.continuationToken).toBe(link('b'));
    // The page's own keys are its items only: JSON and spreading show the items.
    expect(JSON.stringify(first)).toBe(JSON.stringify([event('1'), event('2')]));
  });

  it('goes on to the end of the list with for await, asking for the first page once', async () => {
    const sent = recordRequests();
    pages({ '': () => page([event('1')], link('b')), b: () => page([event('2')]) });
    const first = await makeClient().auditLogs.provisioning.list();
    const ids: string[] = [];
    for await (const e of first) ids.push(e.id);
    expect(ids).toEqual(['1', '2']);
    expect(sent).toHaveLength(2);
    // A second walk starts the list again.
    const again: string[] = [];
    for await (const e of first) again.push(e.id);
    expect(again).toEqual(['1', '2']);
    expect(sent).toHaveLength(4);
  });

  it('says on the last page that nothing follows, and an empty list is an empty array', async () => {
    pages({ '': () => page([]) });
    const first = await makeClient().auditLogs.provisioning.list();
    expect(first.length).toBe(0);
    expect(first.hasMore).toBe(false);
    expect(first.continuationToken).toBeUndefined();
  });

  it('rejects with the typed error of the first request', async () => {
    server.use(http.get(LOGS, () => HttpResponse.json({ error: { code: 'x' } }, { status: 403 })));
    const error = await rejection(
      (async () => {
        await makeClient().auditLogs.provisioning.list();
      })(),
    );
    expect(error.kind).toBe('forbidden');
  });

  it('tells in util.inspect what a list is and how to read it, and marks a first page', async () => {
    const { inspect } = await import('node:util');
    const list = makeClient().auditLogs.provisioning.list();
    expect(inspect(list)).toMatch(/^PagedIterable \(nothing fetched yet\): `for await/);
    pages({ '': () => page([event('1')], link('b')) });
    const first = await list;
    // Events print one line each (test/inspect.test.ts); other items as arrays print them.
    expect(inspect(first)).toMatch(
      /^1 provisioning event, one line each .*; first page of the list, more follow: `for await`/,
    );
    const templates = makeClient().applicationTemplates.list();
    const TEMPLATES = `${GRAPH}/v1.0/applicationTemplates`;
    server.use(
      http.get(TEMPLATES, () =>
        page([{ id: 't1', displayName: 'One' }], `${TEMPLATES}?$skiptoken=b`),
      ),
    );
    expect(inspect(await templates)).toMatch(
      /^\[\n? *\{[^]*\] \(first page of the list, more follow/,
    );
  });
});
