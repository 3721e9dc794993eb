/**
 * The export benchmark's baseline: the least a Node client pays for the same export, with no
 * SDK at all. Node's own fetch and JSON.parse read the same pages as the SDK (the whole range in
 * one filter, oldest first, 999 events a page, following @odata.nextLink) at the reports limit's
 * exact pace (a burst of `requests`, then one every windowMs / requests, counted from the first
 * answer, by which time the fake's bucket has started), waiting out any 429's Retry-After; no
 * validation, no windows, no checkpoint. Same figures and the same digest of ids
 * as bench/export-client.mjs, on one JSON line.
 * Arguments: url, since, until, reports limit as requests/windowMs, access token, and the mode:
 * `parse` (default: `JSON.parse` of each page's text) or `stream` (each page read from the body
 * stream one event at a time with the package's own reader, dist/json-stream-*.js: the least a
 * client that reads pages that way pays, with nothing of the SDK around it).
 */
import { readdirSync } from 'node:fs';
import { IdDigest } from './digest.mjs';
import { sampleRss } from './rss.mjs';

const [url, since, until, reports, token = 'bench-bare', mode = 'parse'] = process.argv.slice(2);
const readerFile = readdirSync(new URL('../dist/', import.meta.url)).find((f) =>
  /^json-stream-\w+\.js$/.test(f),
);
if (mode === 'stream' && readerFile === undefined)
  throw new Error('no dist/json-stream-*.js: build first');
const { readCollection } =
  mode === 'stream' ? await import(new URL(`../dist/${readerFile}`, import.meta.url).href) : {};
const [burst, windowMs] = (reports ?? '5/10000').split('/').map(Number);
const interval = windowMs / burst;
const rssBefore = process.memoryUsage.rss();
const sampler = sampleRss();
const started = performance.now();
const filter = `activityDateTime gt ${new Date(Date.parse(since) - 1).toISOString()} and activityDateTime lt ${new Date(until).toISOString()}`;
let next = `${url}/v1.0/auditLogs/provisioning?$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent('activityDateTime asc')}&$top=999`;
const digest = new IdDigest();
let requests = 0;
let throttled = 0;
let notBefore = started;
/** When the first answer came: the fake's bucket started when that request arrived, before. */
let clock;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
while (next !== undefined) {
  // The i-th request (from 0) needs i + 1 tokens of a bucket that holds `burst` and refills one
  // per interval from the first request's arrival: it goes `(i + 1 - burst) × interval` after
  // that at the earliest.
  const at = Math.max(notBefore, (clock ?? started) + (requests + 1 - burst) * interval);
  if (at > performance.now()) await sleep(at - performance.now());
  requests += 1;
  const response = await fetch(next, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  clock ??= performance.now();
  if (response.status === 429) {
    throttled += 1;
    notBefore = performance.now() + Number(response.headers.get('retry-after') ?? '1') * 1000;
    await response.text();
    continue;
  }
  if (!response.ok) throw new Error(`HTTP ${String(response.status)}: ${await response.text()}`);
  let page =
    mode === 'stream'
      ? (await readCollection(response.body)).value
      : JSON.parse(await response.text());
  for (const event of page.value) digest.add(event.id);
  next = page['@odata.nextLink'];
  // Not kept through the next read (a suspended loop's variables keep what they hold), as the
  // SDK's walk does not keep it either.
  page = undefined;
}
const wallMs = performance.now() - started;
const { peakRss, atPeak } = sampler.stop();
process.stdout.write(
  `${JSON.stringify({ events: digest.count, sum: digest.sum, requests, throttled, wallMs, rssBefore, peakRss, atPeak })}\n`,
);
