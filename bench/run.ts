/**
 * `npm run bench`: figures, not pass/fail tests. Against the embedded fake Graph with 50 ms of
 * latency and Graph's documented limits scaled so each run takes under a minute:
 *
 *   1. bulk:   configure 200 apps with configureProvisioningMany, against the lower bound the
 *              fake's latency and quotas imply, with and without the pacer's 3 % headroom, and
 *              against the five steps done sequentially with @microsoft/microsoft-graph-client
 *              (how people script it today);
 *   2. export: 100,000 and 1,000,000 provisioning events with auditLogs.provisioning.export,
 *              each client and fake in a process of its own, against the bound the reports
 *              limit implies and against Node's fetch + JSON.parse of the same pages with no SDK
 *              (`export` runs both sizes, about 12 minutes; `export-100k` the first only);
 *   3. decode: validating 100,000 events (zod, and the SDK's compiled check) against JSON.parse;
 *   4. size:   `npm run size`'s report (import, CLI start-up, bundle), each by its target;
 *   5. health: provisioningHealth() over 1,000 apps against one request per service principal
 *              (bench/health.ts);
 *   6. import-floor: the import of the package as built, of the same build with the request
 *              engine (and every resource) replaced by stubs, and of it reshaped (arrow functions
 *              as function expressions, one file, no whitespace, the lazy schemas' members
 *              written in), against `node -e 0` (bench/import-floor.ts).
 *
 * Each figure is printed next to its target and its baseline measured in the same run. Results
 * go to the console and bench/RESULTS.md: `npm run bench -- bulk` (or `export`, `decode`, `size`, `health`, `import-floor`) runs
 * one section and replaces only that section of the file.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@microsoft/microsoft-graph-client';
import {
  ProvisioningObjectSummarySchema,
  type ProvisioningSpec,
  type RequestQuota,
} from '../src/index.js';
import { compileCheck } from '../src/core/fast-check.js';
import { healthBench } from './health.js';
import { importFloorBench } from './import-floor.js';
import {
  AWS_TEMPLATE_ID,
  createFakeGraph,
  type FakeFetch,
  type FakeGraph,
} from '../src/testing/index.js';

const LATENCY_MS = 50;
/** The five steps' requests for one app: the least any client can send. */
const MIN_REQUESTS_PER_APP = 7;
const APPS = 200;
const EVENTS = 100_000;
const CREDENTIALS = { ClientSecret: 'bench-client-secret', SecretToken: 'bench-secret-token' };

/** Graph's identity write quota (3,000 per 150 s) at 1/50: 60 writes per 3 s. */
const WRITE_QUOTA = { requests: 60, windowMs: 3_000 };
/** Graph's resource-unit budget (3,500 per 10 s) at 1/50: 70 requests per 200 ms. */
const REQUEST_QUOTA = { requests: 70, windowMs: 200 };
/** Graph's reports limit (5 per 10 s) four times faster: 5 per 2.5 s. */
const REPORTS_QUOTA = { requests: 5, windowMs: 2_500 };

const lines: string[] = [];
function out(text = ''): void {
  lines.push(text);
  console.log(text);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

/** What the bench measures against: `'met'` or `'**not met**'`. */
const met = (ok: boolean): string => (ok ? 'met' : '**not met**');

/**
 * The bulk fake, and when it let each write through: the fake answers a request at once after
 * taking its token, so the moment `fetch` resolves is the moment of that decision (to find the
 * busiest stretch of the write quota's window).
 */
function bulkFake(): { fake: FakeGraph; fetch: FakeFetch; writesAt: number[] } {
  const fake = createFakeGraph({
    latencyMs: LATENCY_MS,
    throttle: {
      limits: {
        writesPerAppTenant: WRITE_QUOTA,
        resourceUnitsPerAppTenant: REQUEST_QUOTA,
        writesPerTenant: { requests: 360, windowMs: 6_000 },
      },
    },
    provisioning: { usersPerApp: [2, 4], groupsPerApp: [0, 1] },
  });
  const writesAt: number[] = [];
  const fetch: FakeFetch = async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const response = await fake.fetch(input, init);
    if (method.toUpperCase() !== 'GET' && response.status !== 429) writesAt.push(performance.now());
    return response;
  };
  return { fake, fetch, writesAt };
}

/** The most writes let through within any one window of the write quota (a sliding window). */
function busiestWindow(writesAt: readonly number[]): number {
  const times = [...writesAt].sort((a, b) => a - b);
  let most = 0;
  for (let last = 0, first = 0; last < times.length; last += 1) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= WRITE_QUOTA.windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

interface BulkFigures {
  readonly wallMs: number;
  readonly requests: number;
  readonly throttled: number;
  readonly failures: number;
  readonly duplicates: number;
  readonly busiest: number;
}

/** A bulk run's figures, read off its fake once the run is over. */
function bulkFigures(
  run: { fake: FakeGraph; writesAt: readonly number[] },
  startedAt: number,
  failures: number,
): BulkFigures {
  const names = run.fake.state.applications.map((a) => a.displayName);
  return {
    wallMs: performance.now() - startedAt,
    requests: run.fake.stats.requests,
    throttled: run.fake.stats.throttled,
    failures,
    duplicates: names.length - new Set(names).size,
    busiest: busiestWindow(run.writesAt),
  };
}

const SPECS: ProvisioningSpec[] = Array.from({ length: APPS }, (_, i) => ({
  template: 'Amazon Web Services (AWS)',
  displayName: `Bench AWS ${String(i + 1)}`,
  credentials: CREDENTIALS,
}));
const CONCURRENCY = 16;

/** One configureProvisioningMany run of the 200 apps against a fresh fake. */
async function bulkRun(writeQuota: RequestQuota): Promise<BulkFigures> {
  const { fake, fetch, writesAt } = bulkFake();
  const client = fake.client({ fetch });
  const started = performance.now();
  const outcomes = await client.configureProvisioningMany(SPECS, {
    concurrency: CONCURRENCY,
    writeQuota,
    requestQuota: REQUEST_QUOTA,
    // The fake replicates at once: two reads 100 ms apart are proof enough.
    replication: { consecutive: 2, intervalMs: 100 },
  });
  return bulkFigures({ fake, writesAt }, started, outcomes.filter((o) => !o.ok).length);
}

/** The naive baseline: the seed's five steps, one app after the other, with Microsoft's client. */
async function naiveRun(): Promise<BulkFigures> {
  const { fake, fetch, writesAt } = bulkFake();
  const previousFetch = globalThis.fetch;
  globalThis.fetch = fetch;
  const graph = Client.init({
    authProvider: (done) => {
      done(null, 'bench-token');
    },
  });
  const started = performance.now();
  let failures = 0;
  try {
    for (const spec of SPECS) {
      try {
        const made = (await graph
          .api(`/applicationTemplates/${AWS_TEMPLATE_ID}/instantiate`)
          .post({ displayName: spec.displayName })) as { servicePrincipal: { id: string } };
        const sp = `/servicePrincipals/${made.servicePrincipal.id}/synchronization`;
        const templates = (await graph.api(`${sp}/templates`).get()) as { value: { id: string }[] };
        const job = (await graph
          .api(`${sp}/jobs`)
          .post({ templateId: templates.value[0]?.id })) as { id: string };
        const credentials = Object.entries(CREDENTIALS).map(([key, value]) => ({ key, value }));
        await graph.api(`${sp}/jobs/${job.id}/validateCredentials`).post({ credentials });
        await graph.api(`${sp}/secrets`).put({ value: credentials });
        await graph.api(`${sp}/jobs/${job.id}/start`).post({});
        await graph.api(`${sp}/jobs/${job.id}`).get();
      } catch {
        failures += 1;
      }
    }
  } finally {
    globalThis.fetch = previousFetch;
  }
  return bulkFigures({ fake, writesAt }, started, failures);
}

/**
 * The pacer runs at 97 % of its quota and caps every window 3 % longer than the quota's (see
 * src/workflows/pacer.ts): a quota 3 % shorter cancels both, so the pacer goes at exactly 60
 * writes per 3 s. What dropping that headroom would buy, and what it would risk.
 */
const NO_HEADROOM_QUOTA: RequestQuota = {
  requests: WRITE_QUOTA.requests,
  windowMs: Math.round(WRITE_QUOTA.windowMs * 0.97),
};

async function bulk(environment: string): Promise<void> {
  out(`## 1. Bulk: configure ${String(APPS)} apps`);
  out();
  out(environment);
  out();
  const paced = await bulkRun(WRITE_QUOTA);
  const unpadded = await bulkRun(NO_HEADROOM_QUOTA);
  const naive = await naiveRun();

  // The lower bound, from how the fake works: a request waits the latency when it arrives, then
  // takes a token from the write bucket (60, full at the first write, refilled at 60 per 3 s)
  // and is answered at once. So the first write is let through one latency after the start at
  // the earliest, the last one (writes − 60) / (60 per 3 s) after the first, and after it (the
  // last app's start) only its answer, which costs nothing, and one read of the job, one latency.
  // Nor can any app take less than the five steps' chain of 7 requests, one latency each.
  const writes = APPS * 5;
  const L = LATENCY_MS;
  const { requests: B, windowMs: T } = WRITE_QUOTA;
  const writeBoundMs = L + ((writes - B) * T) / B + L;
  const chainMs = MIN_REQUESTS_PER_APP * L;
  const latencyBoundMs = Math.ceil(APPS / CONCURRENCY) * chainMs;
  const boundMs = Math.max(writeBoundMs, latencyBoundMs);
  // The formula RESULTS.md gave before, for comparison: a whole chain after the last write.
  const previousBoundMs =
    Math.max(((writes - B) / B) * T, (APPS / CONCURRENCY) * chainMs) + chainMs;

  const row = (label: string, f: BulkFigures): string =>
    `| ${label} | ${seconds(f.wallMs)} | ${ratio(f.wallMs, boundMs)} | ${String(f.requests)} | ${String(f.throttled)} | ${String(f.failures)} | ${String(f.duplicates)} | ${String(f.busiest)} |`;
  out(
    '| run | wall time | × lower bound | requests | 429s | failures | duplicates | most writes in any 3 s |',
  );
  out('| --- | --- | --- | --- | --- | --- | --- | --- |');
  out(row(`configureProvisioningMany (concurrency ${String(CONCURRENCY)})`, paced));
  out(
    row(
      `configureProvisioningMany, its pacer's 3 % headroom cancelled (\`writeQuota\` ${String(NO_HEADROOM_QUOTA.requests)} per ${String(NO_HEADROOM_QUOTA.windowMs)} ms)`,
      unpadded,
    ),
  );
  out(row('baseline: five steps in sequence with @microsoft/microsoft-graph-client', naive));
  out();
  out(
    `Lower bound = 2 × latency + (writes − burst) ÷ (write quota rate) = 2 × ${String(L)} ms + (${String(writes)} − ${String(B)}) × ${String(T)} ms ÷ ${String(B)} = ${seconds(writeBoundMs)} (the chain bound, ⌈${String(APPS)} / ${String(CONCURRENCY)}⌉ × ${String(MIN_REQUESTS_PER_APP)} requests × ${String(L)} ms = ${seconds(latencyBoundMs)}, is lower). The fake waits its latency when a request arrives, then takes a token from the write bucket (${String(B)}, full at the first write, refilled at ${String(B)} per ${String(T / 1000)} s) and answers at once: the first write gets through one latency after the start at the earliest, the last one ${seconds(((writes - B) * T) / B)} after the first, and after the last write (an app's start) only its answer, which takes no time, and one read of the job, one latency, remain. The formula used before added one whole chain (${String(MIN_REQUESTS_PER_APP)} × ${String(L)} ms) after the write bound counted from the start, ${seconds(previousBoundMs)}. configureProvisioningMany sent ${(paced.requests / APPS).toFixed(1)} requests per app: its lookups and replication reads ride under the write quota.`,
  );
  out();
  out('| figure | measured | target | baseline (same run) | |');
  out('| --- | --- | --- | --- | --- |');
  out(
    `| wall time, configureProvisioningMany | ${seconds(paced.wallMs)} = ${ratio(paced.wallMs, boundMs)} the lower bound | ≤ 1.05× (${seconds(1.05 * boundMs)}) | ${seconds(naive.wallMs)} = ${ratio(naive.wallMs, boundMs)} (${ratio(naive.wallMs, paced.wallMs)} configureProvisioningMany) | ${met(paced.wallMs <= 1.05 * boundMs)} |`,
  );
  out(
    `| wall time, headroom cancelled | ${seconds(unpadded.wallMs)} = ${ratio(unpadded.wallMs, boundMs)} the lower bound | ≤ 1.05× | as above | ${met(unpadded.wallMs <= 1.05 * boundMs)} |`,
  );
  out(
    `| 429s | ${String(paced.throttled)} (headroom cancelled: ${String(unpadded.throttled)}) | 0 | ${String(naive.throttled)} | ${met(paced.throttled === 0)} |`,
  );
  out(
    `| failures, duplicate apps | ${String(paced.failures)}, ${String(paced.duplicates)} (headroom cancelled: ${String(unpadded.failures)}, ${String(unpadded.duplicates)}) | 0, 0 | ${String(naive.failures)}, ${String(naive.duplicates)} | ${met(paced.failures + paced.duplicates === 0)} |`,
  );
  out(
    `| most writes in any 3 s | ${String(paced.busiest)} (headroom cancelled: ${String(unpadded.busiest)}) | ≤ ${String(B)}, the quota read as a sliding window | ${String(naive.busiest)} | ${met(paced.busiest <= B)} |`,
  );
  out();
  const headroomMs = paced.wallMs - unpadded.wallMs;
  const windowMs = T / 0.97;
  const windows = Math.ceil(writes / B) - 1;
  const first = writes - windows * B;
  // What one 429 costs the run, from the pacer's rules (src/workflows/pacer.ts): every request
  // waits the Retry-After (the fake asks for 1 s at least), then the pace is halved for one
  // window of the quota and at three quarters for the next.
  const costOf429Ms = 1_000 + 0.5 * T + 0.25 * T;
  out(
    `Where the time over the bound goes: configureProvisioningMany looks each app up before it instantiates it (so that a re-run finds what a run made), which puts its first write a few reads after the start; and its pacer never lets more than ${String(B)} writes into any window 3 % longer than the quota's (${String(Math.round(windowMs))} ms), so write k + ${String(B)} goes at least that long after write k, and write ${String(writes)} at least ${String(windows)} × ${String(Math.round(windowMs))} ms = ${seconds(windows * windowMs)} after write ${String(first)}, where the fake's token bucket alone would let all ${String(writes)} through in ${seconds(((writes - B) * T) / B)} from the first. That window cap and the 3 % are the pacer's safety headroom: Graph does not say whether it counts its quota as a token bucket (as this fake does) or over windows, and a request that arrives a few milliseconds early is throttled.`,
  );
  out();
  out(
    `Cancelling the headroom made this run ${seconds(headroomMs)} (${((100 * headroomMs) / paced.wallMs).toFixed(1)} %) faster, ${ratio(unpadded.wallMs, boundMs)} the bound, with ${String(unpadded.throttled)} 429s from this fake; but up to ${String(unpadded.busiest)} writes then went through within 3 s (${String(paced.busiest)} with the headroom), so a Graph that counted the quota over a sliding window would have refused ${unpadded.busiest > B ? `the writes over ${String(B)}` : 'none of them'}. One 429 costs more than the headroom: the pacer holds every request of the run for the Retry-After (this fake asks for 1 s at least, a third of its quota's window), then runs at half pace for one window and at three quarters for the next, about ${seconds(costOf429Ms)} of writing lost, ${ratio(costOf429Ms, Math.max(headroomMs, 1))} what the whole headroom costs this run; on real Graph it holds every app of the run for Graph's own Retry-After. So the pacer keeps its headroom: the ≤ 1.05× target is ${met(paced.wallMs <= 1.05 * boundMs)} with it, ${met(unpadded.wallMs <= 1.05 * boundMs)} without it.`,
  );
  out();
}

/** Events of the long export run. */
const EVENTS_1M = 1_000_000;
/** Target for the peak RSS of the 100,000-event export with node's defaults. */
const RSS_TARGET_MB = 120;
const MB = 1_048_576;
const EXPORT_RANGE = ['2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z'] as const;

/** bench/fake-server.ts in a child process. */
interface FakeServer {
  readonly url: string;
  /** Count and digest (bench/digest.mjs) of the ids the fake was seeded with. */
  readonly expected: { readonly events: number; readonly sum: string };
  readonly stats: () => Promise<{ requests: number; throttled: number }>;
  readonly stop: () => void;
}

/** Starts bench/fake-server.ts in a child process; resolves once it listens. */
async function fakeServer(args: string[]): Promise<FakeServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./fake-server.ts', import.meta.url)), ...args],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const exited = (code: number | null): void => {
        reject(new Error(`bench/fake-server.ts exited with ${String(code)}`));
      };
      child.once('exit', exited);
      lines.once('line', (line: string) => {
        child.off('exit', exited);
        resolve(line);
      });
    });
  const { url, events, sum } = JSON.parse(await next()) as {
    url: string;
    events: number;
    sum: string;
  };
  return {
    url,
    expected: { events, sum },
    stats: async () => {
      child.stdin.write('stats\n');
      return JSON.parse(await next()) as { requests: number; throttled: number };
    },
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

/** Memory of a client process at its peak RSS, in MB (bench/rss.mjs). */
interface MemoryAtPeak {
  readonly heap: number;
  readonly newSpace: number;
  readonly oldSpace: number;
  readonly largeObjects: number;
  readonly external: number;
}

/** What bench/export-client.mjs and bench/bare-export.mjs print. */
interface ExportFigures {
  readonly events: number;
  readonly sum: string;
  readonly unique?: number;
  readonly requests: number;
  readonly throttled: number;
  readonly wallMs: number;
  readonly rssBefore: number;
  readonly peakRss: number;
  readonly atPeak: MemoryAtPeak;
  readonly heapBefore?: number;
  readonly heapAfter?: number;
}

/** One export client: the SDK on the built package, or the bare baseline. */
interface ExportClient {
  readonly label: string;
  readonly script: 'export-client.mjs' | 'bare-export.mjs';
  readonly nodeFlags: readonly string[];
  readonly mode?: 'digest' | 'ids' | 'parse' | 'stream';
}

/** Runs `node ...args` with stdout captured; resolves with it once the process exits with 0. */
function nodeOutput(args: string[], name: string): Promise<string> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${name} exited with ${String(code)}`));
    });
  });
}

/** Runs one client with plain node in its own process; resolves with its figures. */
async function exportClient(client: ExportClient, args: string[]): Promise<ExportFigures> {
  const output = await nodeOutput(
    [
      ...client.nodeFlags,
      fileURLToPath(new URL(`./${client.script}`, import.meta.url)),
      ...args,
      ...(client.mode === undefined ? [] : [client.mode]),
    ],
    `bench/${client.script}`,
  );
  return JSON.parse(output) as ExportFigures;
}

interface ExportRun extends ExportFigures {
  readonly label: string;
  readonly events: number;
  /** Count and digest of the ids equal the seeded ones: every event exactly once. */
  readonly exact: boolean;
}

/**
 * Seeds one fake server with `events` and exports them with every client at once (they are
 * paced, so mostly idle), each in its own process with its own token, so its own reports budget.
 */
async function exportRuns(
  events: number,
  clients: readonly ExportClient[],
): Promise<{ runs: ExportRun[]; served429: number; expected: FakeServer['expected'] }> {
  const reports = `${String(REPORTS_QUOTA.requests)}/${String(REPORTS_QUOTA.windowMs)}`;
  const server = await fakeServer([String(events), String(LATENCY_MS), reports]);
  try {
    const figures = await Promise.all(
      clients.map((client, i) =>
        exportClient(client, [server.url, ...EXPORT_RANGE, reports, `bench-client-${String(i)}`]),
      ),
    );
    const stats = await server.stats();
    const runs = figures.map((f, i) => ({
      ...f,
      label: clients[i]?.label ?? '',
      exact: f.events === server.expected.events && f.sum === server.expected.sum,
    }));
    return { runs, served429: stats.throttled, expected: server.expected };
  } finally {
    server.stop();
  }
}

async function exportLogs(environment: string, million: boolean): Promise<void> {
  out(`## 2. Log export: 100,000${million ? ' and 1,000,000' : ''} events`);
  out();
  out(environment);
  out();
  const sdk = (label: string, nodeFlags: string[] = [], mode?: 'ids'): ExportClient => ({
    label,
    script: 'export-client.mjs',
    nodeFlags: ['--expose-gc', ...nodeFlags],
    ...(mode === undefined ? {} : { mode }),
  });
  const bare: ExportClient = {
    label: 'baseline: fetch + JSON.parse, no SDK',
    script: 'bare-export.mjs',
    nodeFlags: [],
  };
  const bareStream: ExportClient = {
    label: "baseline: fetch + the SDK's page reader (event by event), nothing else of the SDK",
    script: 'bare-export.mjs',
    nodeFlags: [],
    mode: 'stream',
  };
  const small = await exportRuns(EVENTS, [
    sdk("SDK export, node's defaults"),
    sdk('SDK export, `--max-old-space-size=48`', ['--max-old-space-size=48']),
    sdk('SDK export, the client keeping a Set of every id (this bench before)', [], 'ids'),
    bare,
    bareStream,
  ]);
  // The same pace as the 100,000-event run (1,002 requests, about 8.5 minutes), so that the two
  // peaks compare the same export at the same rate of allocation.
  const large = million
    ? await exportRuns(EVENTS_1M, [sdk("SDK export, node's defaults"), bare, bareStream])
    : undefined;

  const interval = REPORTS_QUOTA.windowMs / REPORTS_QUOTA.requests;
  // The reports limit allows a burst of 5, then one request per interval; the last page takes
  // one latency more.
  const bound = (requests: number): number =>
    Math.max(0, requests - REPORTS_QUOTA.requests) * interval + LATENCY_MS;
  const mb = (bytes: number): string => `${String(Math.round(bytes / MB))} MB`;
  const n = (value: number): string => value.toLocaleString('en-US');
  out(
    '| client process | events | every id exactly once | requests | wall time | × pacing bound | 429s | peak RSS | at the peak: new space · old space · large objects · outside the heap | live heap before → after |',
  );
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [count, result] of [
    [EVENTS, small],
    [EVENTS_1M, large],
  ] as const) {
    for (const run of result?.runs ?? []) {
      const p = run.atPeak;
      out(
        `| ${run.label} | ${n(count)} | ${run.exact ? 'yes' : '**no**'}: ${n(run.events)}${run.unique === undefined ? '' : ` (${n(run.unique)} in the Set)`}, digest ${run.sum} | ${String(run.requests)} | ${seconds(run.wallMs)} | ${ratio(run.wallMs, bound(run.requests))} | ${String(run.throttled)} | ${mb(run.peakRss)} (${mb(run.rssBefore)} at start) | ${[p.newSpace, p.oldSpace, p.largeObjects, p.external].map((x) => String(Math.round(x))).join(' · ')} MB | ${run.heapBefore === undefined || run.heapAfter === undefined ? '' : `${mb(run.heapBefore)} → ${mb(run.heapAfter)}`} |`,
      );
    }
  }
  out();
  const [plain, , , bareSmall, streamSmall] = small.runs;
  const [plainLarge, bareLarge, streamLarge] = large?.runs ?? [];
  if (plain === undefined || bareSmall === undefined) return;
  out(
    `Pacing bound = (requests − ${String(REPORTS_QUOTA.requests)} burst) × ${String(interval / 1000)} s + one latency: ${seconds(bound(plain.requests))} for ${String(plain.requests)} requests${plainLarge === undefined ? '' : `, ${seconds(bound(plainLarge.requests))} for ${String(plainLarge.requests)}`}. The 1,000,000-event run keeps the 100,000-event run's pace (${String(REPORTS_QUOTA.requests)} requests per ${String(REPORTS_QUOTA.windowMs / 1000)} s on the fake and in the client), so that the two peaks compare one export at one rate. 429s the fake served: ${String(small.served429)}${large === undefined ? '' : ` (100,000 events), ${String(large.served429)} (1,000,000 events)`}.`,
  );
  out();
  const rssTarget = RSS_TARGET_MB * MB;
  const rows: string[] = [
    `| peak RSS, 100,000 events, node's defaults | ${mb(plain.peakRss)} | ≤ ${String(RSS_TARGET_MB)} MB | ${mb(bareSmall.peakRss)}, fetch + JSON.parse with no SDK (the SDK: ${ratio(plain.peakRss, bareSmall.peakRss)} it)${streamSmall === undefined ? '' : `; ${mb(streamSmall.peakRss)}, fetch + the page reader alone (the SDK: ${ratio(plain.peakRss, streamSmall.peakRss)} it)`} | ${met(plain.peakRss <= rssTarget)} |`,
  ];
  if (plainLarge !== undefined && bareLarge !== undefined) {
    rows.push(
      `| peak RSS, 1,000,000 events ÷ 100,000 events | ${ratio(plainLarge.peakRss, plain.peakRss)} (${mb(plainLarge.peakRss)} ÷ ${mb(plain.peakRss)}) | ≤ 1.10× | ${ratio(bareLarge.peakRss, bareSmall.peakRss)} (${mb(bareLarge.peakRss)} ÷ ${mb(bareSmall.peakRss)}) | ${met(plainLarge.peakRss <= 1.1 * plain.peakRss)} |`,
    );
  }
  for (const [count, run, baseline] of [
    [EVENTS, plain, bareSmall],
    [EVENTS_1M, plainLarge, bareLarge],
  ] as const) {
    if (run === undefined || baseline === undefined) continue;
    rows.push(
      `| wall time, ${n(count)} events | ${seconds(run.wallMs)} = ${ratio(run.wallMs, bound(run.requests))} the pacing bound | ≤ 1.10× | ${seconds(baseline.wallMs)} = ${ratio(baseline.wallMs, bound(baseline.requests))} | ${met(run.wallMs <= 1.1 * bound(run.requests))} |`,
      `| every event exactly once, ${n(count)} events | ${run.exact ? 'yes' : '**no**'} (${n(run.events)} ids, digest ${run.sum}) | count and digest of the seeded ids | ${baseline.exact ? 'yes' : '**no**'} | ${met(run.exact)} |`,
      `| 429s, ${n(count)} events | ${String(run.throttled)} | 0 | ${String(baseline.throttled)} | ${met(run.throttled === 0)} |`,
    );
  }
  out('| figure | measured | target | baseline (same run) | |');
  out('| --- | --- | --- | --- | --- |');
  for (const line of rows) out(line);
  out();
  out(
    `**Exactly once in constant memory.** Each client hashes every id it gets to 64 bits and keeps only their count and their sum modulo 2^64 (bench/digest.mjs); the fake computes the same two figures for the ids it was seeded with, from a twin seeded the same way. Say expected id x arrives m(x) times, and ids that were never seeded arrive too. Equal counts mean Σ m(x) plus the strangers equals the number seeded: an event missing alone, or duplicated alone, changes the count. A missing event hidden by a duplicate (or by a stranger) keeps the count but leaves Σ (m(x) − 1) · h(x) + Σ h(strangers) in the digest, which is 0 modulo 2^64 only if the hashes happen to cancel: about one chance in 2^63. So equal count and equal digest mean each event exactly once, with O(1) memory.`,
  );
  out();
  const p = plain.atPeak;
  const b = bareSmall.atPeak;
  const withSet = small.runs[2];
  const split = (m: MemoryAtPeak): string =>
    [m.newSpace, m.oldSpace, m.largeObjects, m.external]
      .map((x) => String(Math.round(x)))
      .join(' · ');
  const flat =
    plainLarge === undefined || bareLarge === undefined
      ? ''
      : `; at 1,000,000 events ${plainLarge.heapAfter === undefined ? 'unknown' : mb(plainLarge.heapAfter)}${(plainLarge.heapAfter ?? Infinity) <= (plain.heapAfter ?? 0) + 2 * MB ? ', so nothing accumulates' : ''}, and the peak is ${ratio(plainLarge.peakRss, plain.peakRss)} the 100,000-event one's (fetch + JSON.parse alone: ${ratio(bareLarge.peakRss, bareSmall.peakRss)}${streamLarge === undefined || streamSmall === undefined ? '' : `; the page reader alone: ${ratio(streamLarge.peakRss, streamSmall.peakRss)}`})`;
  out(
    `**Where the memory goes.** The client keeps nothing per event${withSet === undefined ? '' : ` (keeping a Set of every id, as it did, it peaked at ${mb(withSet.peakRss)} in this run)`}, reads each page from the response stream one event at a time (never the page's bytes or text whole), and lets go of a page before it reads the next. At its peak the export's process held ${String(Math.round(p.heap))} MB of V8 heap, in MB new space · old space · large objects · outside the heap: ${split(p)}. The young generation's two semi-spaces grow to V8's default 16 MB each, whatever the code: a page's events are alive while the page is read, and what survives one collection of the young generation makes V8 grow it. Old space holds what is alive (the code and data of node, undici, the Graph client and the SDK) and events that outlived two young collections, waiting for a full one; outside the heap are response buffers not yet collected. The rest of RSS is node itself (${mb(plain.rssBefore)} before the first request, with the SDK imported), undici once fetch is used, and memory the allocator keeps after it is freed. After the export and a full collection ${plain.heapAfter === undefined ? 'little' : mb(plain.heapAfter)} of heap is alive${flat}. The same pages at the same pace with Node's fetch and no SDK peak at ${mb(bareSmall.peakRss)} read with \`JSON.parse\` (${split(b)} MB: a page's bytes and text outlive young collections too)${streamSmall === undefined ? '' : `, and at ${mb(streamSmall.peakRss)} read with the SDK's page reader and nothing else of the SDK (${split(streamSmall.atPeak)} MB)`}. ${plain.peakRss <= rssTarget ? `The SDK's export is within the ${String(RSS_TARGET_MB)} MB target.` : `The SDK's export is ${mb(plain.peakRss - rssTarget)} over the ${String(RSS_TARGET_MB)} MB target${streamSmall === undefined ? '' : `, ${mb(Math.abs(plain.peakRss - streamSmall.peakRss))} ${plain.peakRss >= streamSmall.peakRss ? 'above' : 'below'} the bare reader's peak`} (with a 48 MB heap cap: ${mb(small.runs[1]?.peakRss ?? 0)}); one peak varies by several MB between runs of the same code. MB here: 1,048,576 bytes.`}`,
  );
  out();
}

function decode(): void {
  out('## 3. Decoding: validating 100,000 events');
  out();
  const fake = createFakeGraph({ latencyMs: 0 });
  fake.seedProvisioningEvents(EVENTS);
  const text = JSON.stringify({ value: fake.state.events });
  const check = compileCheck(ProvisioningObjectSummarySchema);
  if (check === undefined) throw new Error('no compiled check for ProvisioningObjectSummarySchema');
  const validators: Record<'zod' | 'sdk', (event: unknown) => boolean> = {
    zod: (event) => ProvisioningObjectSummarySchema.safeParse(event).success,
    sdk: check,
  };
  const runs = 11;
  const ms: Record<'parse' | 'zod' | 'sdk', number[]> = { parse: [], zod: [], sdk: [] };
  for (let i = 0; i < runs; i += 1) {
    let t = performance.now();
    const parsed = JSON.parse(text) as { value: unknown[] };
    ms.parse.push(performance.now() - t);
    // Alternate which validator goes first, so neither always runs on a warmer heap.
    for (const name of i % 2 === 0 ? (['zod', 'sdk'] as const) : (['sdk', 'zod'] as const)) {
      const validate = validators[name];
      t = performance.now();
      let valid = 0;
      for (const event of parsed.value) if (validate(event)) valid += 1;
      ms[name].push(performance.now() - t);
      if (valid !== EVENTS) throw new Error(`${name}: an event failed validation`);
    }
  }
  const median = (xs: number[]): number =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const parseMs = median(ms.parse);
  out('| what | median time | × JSON.parse (baseline) | target | per event |');
  out('| --- | --- | --- | --- | --- |');
  out(
    `| JSON.parse (baseline) | ${parseMs.toFixed(0)} ms | 1.00× | | ${((parseMs * 1000) / EVENTS).toFixed(1)} µs |`,
  );
  for (const [name, label] of [
    ['zod', "zod's safeParse (before)"],
    ['sdk', "the SDK's check (compiled predicate; zod only for an invalid event)"],
  ] as const) {
    const m = median(ms[name]);
    out(
      `| ${label} | ${m.toFixed(0)} ms | ${ratio(m, parseMs)} | ${name === 'sdk' ? '≤ 0.40×' : ''} | ${((m * 1000) / EVENTS).toFixed(1)} µs |`,
    );
  }
  out();
  out(
    `Medians of ${String(runs)} runs over ${(text.length / 1_048_576).toFixed(0)} MB of JSON (one page of ${String(EVENTS)} events), validators alternating. Validation is timed apart from parsing; both are what the list and export paths do to every page.`,
  );
  out();
}

/**
 * Writes what this run printed into bench/RESULTS.md: the sections it ran replace their
 * namesakes, the others stay as they were (a run of one section leaves the rest alone), and the
 * file is formatted as `npm run lint` expects.
 */
/** `scripts/measure-package.mjs` on the built package: its report, each ratio by its target. */
async function size(): Promise<void> {
  out('## 4. Size, import and CLI start-up');
  out();
  const report = await nodeOutput(
    [fileURLToPath(new URL('../scripts/measure-package.mjs', import.meta.url))],
    'scripts/measure-package.mjs',
  );
  out('`npm run size` (scripts/measure-package.mjs): medians of 11 alternating fresh processes.');
  out();
  out('```text');
  out(report.trimEnd());
  out('```');
  out();
}

async function writeResults(whole: boolean): Promise<void> {
  const file = new URL('./RESULTS.md', import.meta.url);
  const split = (text: string): { head: string; sections: Map<string, string> } => {
    const [head = '', ...rest] = text.split(/^(?=## )/m);
    return {
      head,
      sections: new Map(
        rest.map((section) => [/^## (\d+)\./.exec(section)?.[1] ?? section, section]),
      ),
    };
  };
  const fresh = split(lines.join('\n'));
  let old = { head: '', sections: new Map<string, string>() };
  try {
    old = split(readFileSync(file, 'utf8'));
  } catch {
    // no file yet
  }
  const names = [...new Set([...old.sections.keys(), ...fresh.sections.keys()])].sort();
  const head = whole || old.head.trim() === '' ? fresh.head : old.head;
  const text = [head, ...names.map((name) => fresh.sections.get(name) ?? old.sections.get(name))]
    .map((part) => (part ?? '').trim())
    .join('\n\n');
  const prettier = await import('prettier');
  const config = await prettier.resolveConfig(fileURLToPath(file));
  writeFileSync(
    file,
    await prettier.format(`${text}\n`, { ...config, filepath: fileURLToPath(file) }),
  );
  console.log('Written to bench/RESULTS.md');
}

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all';
  const environment = `${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} × ${String(cpus().length)} · ${String(Math.round(totalmem() / 1_073_741_824))} GB · fake Graph with ${String(LATENCY_MS)} ms latency`;
  out('# Benchmarks');
  out();
  out(environment);
  out();
  if (which === 'all' || which === 'bulk') await bulk(environment);
  if (which === 'all' || which === 'export' || which === 'export-100k')
    await exportLogs(environment, which !== 'export-100k');
  if (which === 'all' || which === 'decode') decode();
  if (which === 'all' || which === 'size') await size();
  if (which === 'all' || which === 'health')
    for (const line of await healthBench(LATENCY_MS)) out(line);
  if (which === 'all' || which === 'import-floor')
    for (const line of await importFloorBench()) out(line);
  // A 100,000-event export alone is a quick look, not the section's figures.
  if (which !== 'export-100k') await writeResults(which === 'all');
}

await main();
