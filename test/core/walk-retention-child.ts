/**
 * The walks of `collection-reading.test.ts` whose memory is counted, in a process of its own:
 * started as `node --import tsx --expose-gc walk-retention-child.ts <walk>` (`events`, `pages` or
 * `export`), it prints one JSON line, `{ events, alive }`: how many events the walk handed over,
 * and at each read after the first how many of those handed over before it were still alive.
 *
 * In a process of its own, so that the counts are of the walk and a bare Node process, not of
 * the test runner's module loader and hooks.
 *
 * 10,000 events are walked in pages of up to 999 (500 for `events`, the list's default). Each
 * event handed over is registered with a FinalizationRegistry (which, unlike a WeakRef, does not
 * keep it alive until the job that made it ends). Each request is parked; while the walk waits
 * for its answer, as it waits for Graph's, this script collects garbage from a turn of its own,
 * waits for the collection's finalizations (a sentinel registered just before it is finalized in
 * the same pass) and counts. The walk is consumed one step per call, so that this script's
 * variables hold nothing across steps.
 */
import type { FetchLike, ProvisioningClient } from '../../src/index.js';
import { createFakeGraph } from '../../src/testing/index.js';

const RANGE = {
  since: Date.parse('2026-11-01T00:00:00Z'),
  until: Date.parse('2026-11-02T00:00:00Z'),
};
const WALKS: Record<string, (client: ProvisioningClient) => AsyncIterable<unknown>> = {
  events: (client) => client.auditLogs.provisioning.list(),
  pages: (client) => client.auditLogs.provisioning.list().byPage({ maxPageSize: 999 }),
  export: (client) =>
    client.auditLogs.provisioning.export({
      since: new Date(RANGE.since),
      until: new Date(RANGE.until),
      pageSize: 999,
      quota: { requests: 100, windowMs: 1000 },
    }),
};

const urlOf = (input: string | URL | Request): string =>
  input instanceof Request ? input.url : input.toString();
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** The walk once against the fake, its answers recorded: the counted walk replays them. */
async function record(walk: (client: ProvisioningClient) => AsyncIterable<unknown>) {
  const answers = new Map<string, string>();
  const fake = createFakeGraph({ latencyMs: 0 });
  fake.seedProvisioningEvents(10_000, RANGE);
  const recording: FetchLike = async (input, init) => {
    const text = await (await fake.fetch(input, init)).text();
    answers.set(urlOf(input), text);
    return new Response(text, { headers: { 'content-type': 'application/json' } });
  };
  for await (const _ of walk(fake.client({ fetch: recording }))) {
    // Only the answers are wanted.
  }
  return { answers, fake };
}

/** Counts what is finalized; `collect()` returns once a full collection's finalizations ran. */
function finalizations(gc: () => void) {
  const counts = { events: 0, sentinels: 0 };
  const registry = new FinalizationRegistry<'event' | 'sentinel'>((what) => {
    if (what === 'event') counts.events += 1;
    else counts.sentinels += 1;
  });
  // Made and registered in a call of its own, so that no slot of the caller's frame holds it.
  const sentinel = (): void => {
    registry.register({}, 'sentinel');
  };
  const collect = async (): Promise<void> => {
    const before = counts.sentinels;
    sentinel();
    gc();
    // Finalizations run in a task V8 posts after the collection: a count of turns, not a time.
    for (let turns = 0; counts.sentinels === before; turns += 1) {
      if (turns === 10_000) throw new Error('the collection finalized nothing');
      await nextTurn();
    }
  };
  const register = (event: object): void => {
    registry.register(event, 'event');
  };
  return { counts, collect, register };
}

async function main(name: string): Promise<void> {
  const walk = WALKS[name];
  const gc = (globalThis as { gc?: () => void }).gc;
  if (walk === undefined || gc === undefined) {
    throw new Error(
      'usage: node --import tsx --expose-gc walk-retention-child.ts events|pages|export',
    );
  }
  const { answers, fake } = await record(walk);
  const { counts, collect, register } = finalizations(gc);
  let release: (() => void) | undefined;
  let parked: (() => void) | undefined;
  const replaying: FetchLike = (input) =>
    new Promise<Response>((resolve) => {
      const text = answers.get(urlOf(input)) ?? '';
      release = () => {
        resolve(new Response(text, { headers: { 'content-type': 'application/json' } }));
      };
      parked?.();
    });
  const iterator = walk(fake.client({ fetch: replaying, maxRetries: 0 }))[Symbol.asyncIterator]();
  let handedOver = 0;
  const step = async (): Promise<boolean> => {
    const next = await iterator.next();
    if (next.done === true) return false;
    // An event, or a page of them.
    const value = next.value as object | { items: object[] };
    for (const event of 'items' in value ? value.items : [value]) {
      register(event);
      handedOver += 1;
    }
    return true;
  };
  const alive: number[] = [];
  for (;;) {
    const fetched = new Promise<'fetched'>((resolve) => {
      parked = () => {
        resolve('fetched');
      };
    });
    const stepped = step();
    if ((await Promise.race([stepped, fetched])) === 'fetched') {
      await nextTurn();
      await collect();
      if (handedOver > 0) alive.push(handedOver - counts.events);
      release?.();
    }
    if (!(await stepped)) break;
  }
  process.stdout.write(`${JSON.stringify({ events: handedOver, alive })}\n`);
}

await main(process.argv[2] ?? '');
