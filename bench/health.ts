/**
 * `npm run bench -- health`: `client.provisioningHealth()` over 1,000 apps on the fake with 50 ms
 * of latency, under Graph's documented request budget (3,500 per 10 s per app and tenant, the
 * fake enforcing it), against reading each service principal's jobs with one request each (the
 * shared scripts' way: one at a time, and the same with as many requests in flight as the scan
 * has batches), all in the same run.
 */
import type { ProvisioningClient } from '../src/client.js';
import { createFakeGraph, type FakeGraph } from '../src/testing/index.js';
import { AWS_TEMPLATE_ID } from '../src/testing/index.js';

const APPS = 1_000;
/** Apps of the 1,000 with a provisioning job (the others are plain enterprise apps). */
const WITH_JOBS = 250;
/** Batches (or single requests) in flight at once. */
const IN_FLIGHT = 4;
/** The fake's budget refills over 10 s: each run starts with a full one. */
const REFILL_MS = 10_500;

interface Figures {
  readonly label: string;
  readonly ms: number;
  readonly requests: number;
  readonly throttled: number;
  readonly jobs: number;
}

async function tenant(latencyMs: number): Promise<FakeGraph> {
  const fake = createFakeGraph({ latencyMs, throttle: {}, seed: 16 });
  const client = fake.client();
  const make = async (i: number): Promise<void> => {
    const app = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
      displayName: `App ${String(i).padStart(4, '0')}`,
    });
    if (i % Math.round(APPS / WITH_JOBS) !== 0) return;
    const sp = client.servicePrincipals.byId(app.servicePrincipal.id);
    const job = await sp.synchronization.jobs.create({ templateId: 'aws' });
    if (i % 8 === 0) await sp.synchronization.jobs.byId(job.id).start();
  };
  // 20 at a time: the setup's writes stay under the write quota the fake enforces.
  for (let i = 0; i < APPS; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, APPS - i) }, (_, k) => make(i + k)));
  }
  return fake;
}

/** Every service principal's jobs, one GET each, `inFlight` at a time (the scripts' way). */
async function naiveScan(client: ProvisioningClient, inFlight: number): Promise<number> {
  const ids: string[] = [];
  for await (const sp of client.servicePrincipals
    .list({ select: ['id'] })
    .byPage({ maxPageSize: 999 }))
    ids.push(...sp.items.map((s) => s.id));
  let next = 0;
  let jobs = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      // Read first, then add: `jobs += await …` would add to the value read before the wait.
      const found = await client.servicePrincipals.byId(id).synchronization.jobs.list().toArray();
      jobs += found.length;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return jobs;
}

async function measure(
  fake: FakeGraph,
  label: string,
  run: (client: ProvisioningClient) => Promise<number>,
): Promise<Figures> {
  await new Promise((resolve) => setTimeout(resolve, REFILL_MS));
  const before = fake.stats;
  const started = performance.now();
  const jobs = await run(fake.client());
  const ms = performance.now() - started;
  return {
    label,
    ms,
    requests: fake.stats.requests - before.requests,
    throttled: fake.stats.throttled - before.throttled,
    jobs,
  };
}

/** The section's lines (markdown). */
export async function healthBench(latencyMs: number): Promise<string[]> {
  const fake = await tenant(latencyMs);
  const scan = await measure(
    fake,
    `provisioningHealth() (JSON batches of 20, ${String(IN_FLIGHT)} in flight)`,
    async (client) => (await client.provisioningHealth({ concurrency: IN_FLIGHT })).summary.jobs,
  );
  const parallel = await measure(
    fake,
    `baseline: one GET per service principal, ${String(IN_FLIGHT)} in flight`,
    (client) => naiveScan(client, IN_FLIGHT),
  );
  const sequential = await measure(
    fake,
    'baseline: one GET per service principal, one at a time (the shared scripts)',
    (client) => naiveScan(client, 1),
  );
  const runs = [scan, parallel, sequential];
  const lines = [
    `## 5. Fleet health: scan 1,000 apps`,
    '',
    `${String(APPS)} service principals, ${String(WITH_JOBS)} of them with a provisioning job, on the fake with ${String(latencyMs)} ms of latency per HTTP request (a JSON batch is one) and Graph's documented request budget (3,500 per 10 s per app and tenant) enforced; each run starts with a full budget.`,
    '',
    '| run | wall time | HTTP round trips | 429s | jobs found |',
    '| --- | --- | --- | --- | --- |',
    ...runs.map(
      (r) =>
        `| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${String(r.requests)} | ${String(r.throttled)} | ${String(r.jobs)} |`,
    ),
    '',
    '| figure | measured | target | |',
    '| --- | --- | --- | --- |',
    `| round trips, baseline ÷ scan | ${(parallel.requests / scan.requests).toFixed(1)}× (${String(parallel.requests)} ÷ ${String(scan.requests)}) | ≥ 10× | ${parallel.requests >= 10 * scan.requests ? 'met' : '**not met**'} |`,
    `| wall time, baseline with ${String(IN_FLIGHT)} in flight ÷ scan | ${(parallel.ms / scan.ms).toFixed(1)}× | ≥ 5× | ${parallel.ms >= 5 * scan.ms ? 'met' : '**not met**'} |`,
    `| wall time, the scripts' way ÷ scan | ${(sequential.ms / scan.ms).toFixed(1)}× | ≥ 5× | ${sequential.ms >= 5 * scan.ms ? 'met' : '**not met**'} |`,
    `| 429s | ${String(scan.throttled)} (baselines: ${String(parallel.throttled)}, ${String(sequential.throttled)}) | 0 | ${runs.every((r) => r.throttled === 0) ? 'met' : '**not met**'} |`,
    `| every job found | ${runs.map((r) => String(r.jobs)).join(', ')} | ${String(WITH_JOBS)} each | ${runs.every((r) => r.jobs === WITH_JOBS) ? 'met' : '**not met**'} |`,
    '',
    "The fake answers a batch's 20 reads after one latency, as Graph runs a batch's requests side by side; Graph's own time inside a batch is not modelled. Every run counts each of its requests (each read of a batch too) against the same budget, which none of them reached.",
    '',
  ];
  return lines;
}
