/**
 * The export benchmark's client, alone in its process and on the built package (what users run),
 * so that its peak RSS is the client's own: exports every event between two dates from the fake
 * at `url`, samples RSS every 50 ms, and prints one JSON line of figures (the heap still in use
 * after a full collection at the end too, when node runs with --expose-gc).
 * Arguments: url, since, until, reports limit as requests/windowMs.
 */
import { ProvisioningClient } from '../dist/index.js';

const [url, since, until, reports] = process.argv.slice(2);
const [requests, windowMs] = (reports ?? '5/10000').split('/').map(Number);
const client = new ProvisioningClient({ accessToken: 'bench-token', baseUrl: url });
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const started = performance.now();
const run = client.auditLogs.provisioning.export({
  since: new Date(since),
  until: new Date(until),
  pageSize: 999,
  quota: { requests, windowMs },
});
const ids = new Set();
let events = 0;
for await (const event of run) {
  events += 1;
  ids.add(event.id);
}
const wallMs = performance.now() - started;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const unique = ids.size;
ids.clear();
// What is still alive after a full collection (run with --expose-gc): the export keeps nothing.
globalThis.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
process.stdout.write(
  `${JSON.stringify({ events, unique, requests: run.requests, throttled: run.throttled, wallMs, rssBefore, peakRss, heapBefore, heapAfter })}\n`,
);
