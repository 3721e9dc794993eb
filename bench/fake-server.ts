/**
 * A fake Graph in its own process, for benchmarks that measure the client's memory alone:
 * seeds provisioning events, listens on 127.0.0.1, prints its URL on stdout, and serves until
 * killed. Arguments: events, latency in ms, reports limit as requests/windowMs.
 */
import { createFakeGraph } from '../src/testing/index.js';

const [events = '100000', latency = '50', reports = '5/2500'] = process.argv.slice(2);
const [requests = '5', windowMs = '2500'] = reports.split('/');
const fake = createFakeGraph({
  latencyMs: Number(latency),
  throttle: { limits: { reports: { requests: Number(requests), windowMs: Number(windowMs) } } },
});
fake.seedProvisioningEvents(Number(events), {
  since: Date.parse('2026-11-01T00:00:00Z'),
  until: Date.parse('2026-11-08T00:00:00Z'),
});
const server = await fake.listen();
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
process.stdin.on('data', (line) => {
  if (String(line).trim() === 'stats') process.stdout.write(`${JSON.stringify(fake.stats)}\n`);
});
