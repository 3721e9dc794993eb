/**
 * The export benchmark's client, alone in its process and on the built package (what users run),
 * so that its peak RSS is the client's own: exports every event between two dates from the fake
 * at `url`, samples RSS every 50 ms, and prints one JSON line of figures (the heap still in use
 * after a full collection at the end too, when node runs with --expose-gc).
 *
 * Exactly-once is checked in constant memory: each id goes into an IdDigest (count, and the sum
 * of a 64-bit hash of each id), which the benchmark compares with the fake's expected digest.
 * Arguments: url, since, until, reports limit as requests/windowMs, access token (each client
 * its own, so each its own reports budget on a shared fake), and the mode: `digest`, or `ids` to
 * also keep a Set of every id, as this client did before (to show what that costs).
 */
import { ProvisioningClient } from '../dist/index.js';
import { IdDigest } from './digest.mjs';
import { sampleRss } from './rss.mjs';

const [url, since, until, reports, token = 'bench-token', mode = 'digest'] = process.argv.slice(2);
const [requests, windowMs] = (reports ?? '5/10000').split('/').map(Number);
const client = new ProvisioningClient({ accessToken: token, baseUrl: url });
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage.rss();
const sampler = sampleRss();
const started = performance.now();
const run = client.auditLogs.provisioning.export({
  since: new Date(since),
  until: new Date(until),
  pageSize: 999,
  quota: { requests, windowMs },
});
const digest = new IdDigest();
const ids = mode === 'ids' ? new Set() : undefined;
for await (const event of run) {
  digest.add(event.id);
  ids?.add(event.id);
}
const wallMs = performance.now() - started;
const { peakRss, atPeak } = sampler.stop();
const unique = ids?.size;
ids?.clear();
// What is still alive after a full collection (run with --expose-gc): the export keeps nothing.
globalThis.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
process.stdout.write(
  `${JSON.stringify({ events: digest.count, sum: digest.sum, unique, requests: run.requests, throttled: run.throttled, wallMs, rssBefore, peakRss, atPeak, heapBefore, heapAfter })}\n`,
);
