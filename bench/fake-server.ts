/**
 * A fake Graph in its own process, for benchmarks that measure the client's memory alone:
 * seeds provisioning events, listens on 127.0.0.1, prints one JSON line on stdout (its URL, and
 * the count and digest of the ids the client must export), and serves until killed.
 * Arguments: events, latency in ms, reports limit as requests/windowMs.
 *
 * The expected digest comes from the seed, not from what is served: a twin fake seeded the same
 * way (same default tenant seed, same count and range, so the same ids) is read page by page
 * in-process, hashed into an {@link IdDigest}, and dropped before the served fake is built.
 */
import { createFakeGraph } from '../src/testing/index.js';
import { IdDigest } from './digest.mjs';

const [events = '100000', latency = '50', reports = '5/2500'] = process.argv.slice(2);
const [requests = '5', windowMs = '2500'] = reports.split('/');
const count = Number(events);
const range = {
  since: Date.parse('2026-11-01T00:00:00Z'),
  until: Date.parse('2026-11-08T00:00:00Z'),
};

/** Count and digest of every seeded id, read from an unthrottled twin without latency. */
async function expectedDigest(): Promise<IdDigest> {
  const twin = createFakeGraph({ latencyMs: 0 });
  twin.seedProvisioningEvents(count, range);
  const digest = new IdDigest();
  let url: string | undefined =
    `${twin.baseUrl}/v1.0/auditLogs/provisioning?$top=1000&$orderby=activityDateTime%20asc`;
  while (url !== undefined) {
    const response = await twin.fetch(url, { headers: { authorization: 'Bearer bench-digest' } });
    const page = (await response.json()) as { value: { id: string }[]; '@odata.nextLink'?: string };
    for (const event of page.value) digest.add(event.id);
    url = page['@odata.nextLink'];
  }
  return digest;
}

const expected = await expectedDigest();
const fake = createFakeGraph({
  latencyMs: Number(latency),
  throttle: { limits: { reports: { requests: Number(requests), windowMs: Number(windowMs) } } },
});
fake.seedProvisioningEvents(count, range);
if (fake.state.eventCount !== expected.count) {
  throw new Error(
    `the twin fake holds ${String(expected.count)} events, the served one ${String(fake.state.eventCount)}`,
  );
}
const server = await fake.listen();
process.stdout.write(
  `${JSON.stringify({ url: server.url, events: expected.count, sum: expected.sum })}\n`,
);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
process.stdin.on('data', (line) => {
  if (String(line).trim() === 'stats') process.stdout.write(`${JSON.stringify(fake.stats)}\n`);
});
