/**
 * The soak run of `soak.test.ts`, in a process of its own: the test can then see whether the
 * process exits by itself (no timer, socket or listener keeps it alive) and measure a heap that
 * holds nothing but this run. Started as `node --import tsx --expose-gc soak-child.ts`, with
 * `SOAK_SEED` in the environment.
 *
 * It sets up a few apps with jobs on a seeded fake Graph that injects faults and throttles, warms
 * up, then sends at least 10,000 requests with bounded concurrency: reads, writes, calls sharing
 * one long-lived signal, calls aborted mid-flight and calls with a 1 ms timeout. It prints one
 * JSON line ({@link SoakFigures}) and returns: it never calls `process.exit`.
 *
 * The seed fixes the sequence of calls and the fake's sequence of draws (faults, latency); which
 * request meets which draw, and where an abort falls, still depends on timing.
 */
import { getEventListeners, setMaxListeners } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  isGraphError,
  type ProvisioningClient,
  type RequestOptions,
  type ServicePrincipalResource,
  type SynchronizationJobResource,
} from '../../src/index.js';
import { seededRandom } from '../../src/testing/random.js';
import {
  AWS_TEMPLATE_ID,
  createFakeGraph,
  manualClock,
  type FakeGraph,
} from '../../src/testing/index.js';

/** What the child reports, as one JSON line on stdout. */
export interface SoakFigures {
  readonly seed: number;
  /** Requests the fake answered during the measured run (throttled and faulted ones included). */
  readonly requests: number;
  /** 429 answers during the run. */
  readonly throttled: number;
  /** Injected faults during the run. */
  readonly faults: number;
  /** Answers of the run by HTTP status. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** SDK calls started and settled during the run. */
  readonly calls: { readonly started: number; readonly settled: number };
  /** How the calls settled: `ok`, or the `kind` of the GraphError. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Rejections with anything but a GraphError (each described). */
  readonly foreign: readonly string[];
  /** Unhandled rejections, described. */
  readonly unhandled: readonly string[];
  /** Process warnings, as `name: message`. */
  readonly warnings: readonly string[];
  /** Calls of the run that used the shared signal, and those aborted or timed out on purpose. */
  readonly sharedSignalCalls: number;
  readonly abortedOnPurpose: number;
  readonly tinyTimeouts: number;
  /** Abort listeners on the shared signal after the run. */
  readonly sharedListenersAfter: number;
  /** Most abort listeners seen on the shared signal when a call was about to use it. */
  readonly sharedListenersPeak: number;
  /** Times the shared signal had more listeners than calls using it. */
  readonly sharedListenerExcess: number;
  /** Per-call signals that still had an abort listener once their call had settled. */
  readonly perCallListenersLeft: number;
  /** `Timeout` entries of `process.getActiveResourcesInfo()` before and after the run. */
  readonly timeoutsBefore: number;
  readonly timeoutsAfter: number;
  /** `heapUsed` after forced GC, before and after the run. */
  readonly heapBefore: number;
  readonly heapAfter: number;
  /** The fake's tenant before and after the run: it must not grow, or the heap check measures it. */
  readonly tenantBefore: TenantSize;
  readonly tenantAfter: TenantSize;
  /** Wall time of the measured run, and of the whole child up to the report. */
  readonly runMs: number;
  readonly totalMs: number;
}

interface TenantSize {
  readonly applications: number;
  readonly jobs: number;
  readonly events: number;
}

const started = Date.now();
const SEED = Number(process.env.SOAK_SEED ?? '20261123');
if (!Number.isInteger(SEED)) throw new RangeError(`SOAK_SEED must be a whole number`);

/** Requests the measured run sends at least (counted by the fake). */
const TARGET_REQUESTS = 10_000;
/** Enough for the heap to settle (JIT, inline caches): with 600, `heapBefore` varied by 3%. */
const WARMUP_REQUESTS = 1_500;
/**
 * Calls in flight at once. Wall time goes to retry waits (a 429 or a fault holds its call for
 * 0.5 to 1 s), not to CPU: with 64 the run took 20 to 22 s, with 128 it takes 13 to 17 s.
 */
const CONCURRENCY = 128;
const APPS = 4;
const EVENTS_PER_JOB = 300;
const CREDENTIALS = { ClientSecret: 'soak-client-secret', SecretToken: 'soak-secret-token' };

const unhandled: string[] = [];
const warnings: string[] = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(show(reason));
});
process.on('warning', (warning) => {
  warnings.push(`${warning.name}: ${warning.message}`);
});

/** An error (or anything thrown) in one line. */
function show(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('soak-child: run with --expose-gc');
  collect();
}

/** heapUsed after full collections (and the finalizers they queue). */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    gc();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

function tenantSize(fake: FakeGraph): TenantSize {
  const state = fake.state;
  return {
    applications: state.applications.length,
    jobs: state.jobs.length,
    events: state.eventCount,
  };
}

/**
 * Setup runs under the same faults: a step that still fails after the SDK's retries is redone,
 * unless the fake shows it was carried out anyway (a truncated answer to a POST that worked).
 */
async function ensure<T>(
  what: string,
  done: () => T | undefined,
  step: () => Promise<T>,
): Promise<T> {
  let failure: unknown;
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const found = done();
    if (found !== undefined) return found;
    try {
      return await step();
    } catch (error) {
      failure = error;
    }
  }
  throw new Error(`soak-child: setup step '${what}' kept failing`, { cause: failure });
}

interface Target {
  readonly jobId: string;
  readonly sp: ServicePrincipalResource;
  readonly job: SynchronizationJobResource;
  /** The service principal through {@link impatient}. */
  readonly impatientSp: ServicePrincipalResource;
}

const fake = createFakeGraph({
  seed: SEED,
  // Frozen: no provisioning cycle advances, so the tenant (and its events) stays the same size.
  clock: manualClock(),
  latencyMs: [0, 2],
  // Below what 128 calls in flight ask for, so a fast machine meets Graph's real throttling
  // (about 8% of requests); a slow one sends less and meets less of it. The throttled fault below
  // is what guarantees 429s on any machine: a seeded share of the requests.
  throttle: {
    limits: {
      resourceUnitsPerAppTenant: { requests: 800, windowMs: 1_000 },
      writesPerAppTenant: { requests: 160, windowMs: 1_000 },
      writesPerTenant: { requests: 1_000, windowMs: 1_000 },
      reports: { requests: 160, windowMs: 1_000 },
    },
  },
  faults: {
    throttled: 0.04,
    serverError: 0.015,
    serviceUnavailable: 0.015,
    gatewayTimeout: 0.015,
    connectionReset: 0.015,
    truncatedJson: 0.015,
  },
});
const client: ProvisioningClient = fake.client();
/** For the 1 ms timeouts: one retry, so the few of them do not hold a slot for seconds. */
const impatient: ProvisioningClient = fake.client({ maxRetries: 1 });

async function setUp(): Promise<Target[]> {
  const targets: Target[] = [];
  for (let i = 0; i < APPS; i += 1) {
    const displayName = `Soak ${String(i)}`;
    const spId = await ensure(
      'instantiate',
      () => fake.state.servicePrincipals.find((s) => s.displayName === displayName)?.id,
      async () =>
        (await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName }))
          .servicePrincipal.id,
    );
    const sp = client.servicePrincipals.byId(spId);
    const jobId = await ensure(
      'create job',
      () => fake.state.jobs.find((j) => j.servicePrincipalId === spId)?.id,
      async () => (await sp.synchronization.jobs.create({ templateId: 'aws' })).id,
    );
    await ensure(
      'put secrets',
      () => undefined,
      () => sp.synchronization.secrets.put(CREDENTIALS),
    );
    fake.seedProvisioningEvents(EVENTS_PER_JOB, { jobId });
    targets.push({
      jobId,
      sp,
      job: sp.synchronization.jobs.byId(jobId),
      impatientSp: impatient.servicePrincipals.byId(spId),
    });
  }
  return targets;
}

const targets = await setUp();
const rng = seededRandom(SEED);

type Call = (options: RequestOptions | undefined) => Promise<unknown>;

/** The mix: [weight, call]. Resources are built once; no call adds to the tenant. */
const MIX: readonly (readonly [number, (t: Target) => Call])[] = [
  [20, (t) => (o) => t.sp.get(o)],
  [20, (t) => (o) => t.job.get(o)],
  [12, (t) => (o) => t.sp.synchronization.jobs.list(o).toArray()],
  [
    8,
    () => async (o) => {
      let pages = 0;
      for await (const _ of client.servicePrincipals.list({}, o).byPage({ maxPageSize: 2 }))
        pages += 1;
      return pages;
    },
  ],
  [
    8,
    (t) => async (o) => {
      let pages = 0;
      const logs = client.auditLogs.provisioning.list({ filter: { jobId: t.jobId } }, o);
      for await (const _ of logs.byPage({ maxPageSize: 25 })) {
        if (++pages === 3) break;
      }
      return pages;
    },
  ],
  [5, (t) => (o) => t.job.start(o)],
  [5, (t) => (o) => t.job.pause(o)],
  [10, (t) => (o) => t.sp.synchronization.secrets.put(CREDENTIALS, o)],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [weight]) => sum + weight, 0);

function pickCall(target: Target): Call {
  let roll = rng.next() * TOTAL_WEIGHT;
  for (const [weight, make] of MIX) {
    if ((roll -= weight) < 0) return make(target);
  }
  return (MIX[0] as (typeof MIX)[number])[1](target);
}

/** The long-lived signal many calls share; never aborted. */
const shared = new AbortController();
// Every call holds at most one listener on it: more than CONCURRENCY would warn (and be a leak).
setMaxListeners(CONCURRENCY, shared.signal);

const freshTally = () => ({
  started: 0,
  settled: 0,
  outcomes: {} as Record<string, number>,
  foreign: [] as string[],
  sharedSignalCalls: 0,
  sharedInFlight: 0,
  sharedListenersPeak: 0,
  sharedListenerExcess: 0,
  abortedOnPurpose: 0,
  tinyTimeouts: 0,
  perCallListenersLeft: 0,
});
let tally = freshTally();

function count(outcome: string): void {
  tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;
}

/** Sends one call of the mix, with a shared signal, a per-call abort or a 1 ms timeout now and then. */
async function one(): Promise<void> {
  const target = rng.pick(targets);
  let call = pickCall(target);
  const style = rng.next();
  let options: RequestOptions | undefined;
  let own: AbortController | undefined;
  let abortTimer: NodeJS.Timeout | undefined;
  let usesShared = false;
  if (style < 0.3) {
    usesShared = true;
    tally.sharedSignalCalls += 1;
    const listeners = getEventListeners(shared.signal, 'abort').length;
    tally.sharedListenersPeak = Math.max(tally.sharedListenersPeak, listeners);
    if (listeners > tally.sharedInFlight) tally.sharedListenerExcess += 1;
    tally.sharedInFlight += 1;
    options = { signal: shared.signal };
  } else if (style < 0.31) {
    tally.abortedOnPurpose += 1;
    own = new AbortController();
    const controller = own;
    abortTimer = setTimeout(
      () => {
        controller.abort(new Error('soak: aborted mid-flight'));
      },
      rng.int(0, 4),
    );
    options = { signal: own.signal };
  } else if (style < 0.315) {
    tally.tinyTimeouts += 1;
    call = (o) => target.impatientSp.get(o);
    options = { timeoutMs: 1 };
  }
  tally.started += 1;
  try {
    await call(options);
    count('ok');
  } catch (error) {
    if (isGraphError(error)) count(error.kind);
    else tally.foreign.push(show(error));
  } finally {
    tally.settled += 1;
    if (usesShared) tally.sharedInFlight -= 1;
    clearTimeout(abortTimer);
    if (own !== undefined && getEventListeners(own.signal, 'abort').length > 0)
      tally.perCallListenersLeft += 1;
  }
}

/** Runs calls CONCURRENCY at a time until the fake has answered `requests` more requests. */
async function drive(requests: number): Promise<void> {
  const until = fake.stats.requests + requests;
  const worker = async (): Promise<void> => {
    while (fake.stats.requests < until) await one();
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

let reported = false;
// The event loop ran dry while calls were pending (a promise that never settles): say so.
process.on('exit', () => {
  if (!reported)
    console.error(
      `soak-child: exiting without a report: ${String(tally.settled)} of ${String(tally.started)} calls settled`,
    );
});
const watchdog = setTimeout(() => {
  console.error(
    `soak-child: still running after 5 minutes: ${String(tally.settled)} of ${String(tally.started)} calls settled, ${String(fake.stats.requests)} requests`,
  );
}, 300_000).unref();

await drive(WARMUP_REQUESTS);
const tenantBefore = tenantSize(fake);
const heapBefore = await settledHeap();
const timeoutsBefore = activeTimeouts();
const statsBefore = fake.stats;
const warmup = tally;
tally = freshTally();
const runStarted = Date.now();

await drive(TARGET_REQUESTS);

const runMs = Date.now() - runStarted;
const statsAfter = fake.stats;
const timeoutsAfter = activeTimeouts();
clearTimeout(watchdog);
const heapAfter = await settledHeap();
const tenantAfter = tenantSize(fake);

const byStatus: Record<string, number> = {};
for (const [status, n] of Object.entries(statsAfter.byStatus)) {
  const delta = n - (statsBefore.byStatus[Number(status)] ?? 0);
  if (delta > 0) byStatus[status] = delta;
}

const figures: SoakFigures = {
  seed: SEED,
  requests: statsAfter.requests - statsBefore.requests,
  throttled: statsAfter.throttled - statsBefore.throttled,
  faults: statsAfter.faults - statsBefore.faults,
  byStatus,
  calls: { started: tally.started, settled: tally.settled },
  outcomes: tally.outcomes,
  foreign: [...warmup.foreign, ...tally.foreign],
  unhandled,
  warnings,
  sharedSignalCalls: tally.sharedSignalCalls,
  abortedOnPurpose: tally.abortedOnPurpose,
  tinyTimeouts: tally.tinyTimeouts,
  sharedListenersAfter: getEventListeners(shared.signal, 'abort').length,
  sharedListenersPeak: tally.sharedListenersPeak,
  sharedListenerExcess: tally.sharedListenerExcess,
  perCallListenersLeft: tally.perCallListenersLeft,
  timeoutsBefore,
  timeoutsAfter,
  heapBefore,
  heapAfter,
  tenantBefore,
  tenantAfter,
  runMs,
  totalMs: Date.now() - started,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
reported = true;
