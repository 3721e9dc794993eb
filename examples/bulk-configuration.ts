/**
 * Bulk configuration (docs/bulk-configuration.md): many apps with
 * `client.configureProvisioningMany()`, one outcome per spec; a failure that does not stop the
 * others; instantiate answering 404 after creating the app (recovered, not duplicated); a re-run
 * that reuses everything; an aborted run; and the events of all jobs through
 * `auditLogs.provisioning.export()`.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/bulk-configuration.ts
 */
import assert from 'node:assert/strict';
import {
  isGraphError,
  summarizeProvisioningEvents,
  type ProvisioningObjectSummary,
  type ProvisioningSpec,
} from 'entra-provisioning';
import { acceleratedClock, createFakeGraph } from 'entra-provisioning/testing';

const fake = createFakeGraph({
  clock: acceleratedClock(60),
  // A quarter of instantiate calls create the app, then answer 404 (field notes §1).
  faults: { instantiateNotFound: 0.25 },
});
const client = fake.client();
// The fake replicates at once: check briskly. On a tenant, keep the defaults.
const replication = { intervalMs: 100 };

const aws = (i: number): ProvisioningSpec => ({
  template: 'Amazon Web Services (AWS)',
  displayName: `AWS Contoso ${String(i)}`,
  credentials: { ClientSecret: `client-secret-${String(i)}`, SecretToken: `token-${String(i)}` },
});
const specs: ProvisioningSpec[] = [
  ...Array.from({ length: 8 }, (_, i) => aws(i + 1)),
  {
    template: 'Slack',
    displayName: 'Slack Contoso',
    credentials: { SecretToken: 'slack-token' },
  },
  // The fake's target apps reject values that start with "bad": this one fails validation.
  {
    template: 'Slack',
    displayName: 'Slack Fabrikam',
    credentials: { SecretToken: 'bad-token' },
  },
  // Created without credentials, and not started.
  { template: 'Box', displayName: 'Box Contoso', start: false },
];

async function main(): Promise<void> {
  // 1. The first run.
  let recovered = 0;
  let done = 0;
  const started = Date.now();
  const outcomes = await client.configureProvisioningMany(specs, {
    concurrency: 4,
    replication,
    onProgress: (event) => {
      if (event.type === 'instantiate' && event.status === 'recovered') recovered += 1;
      if (event.type === 'done') done += 1;
    },
  });
  console.log(
    `First run: ${String(done)} of ${String(specs.length)} configured in ${String(Date.now() - started)} ms`,
  );
  for (const outcome of outcomes) {
    if (outcome.ok) {
      const { created, started: jobStarted, job } = outcome.result;
      console.log(
        `  ok      ${outcome.spec.displayName.padEnd(16)} app ${created.application ? 'created' : 'reused '}, job ${job.id.slice(0, 12)}…, ${jobStarted ? 'started' : 'not started'}`,
      );
    } else {
      const { error, partial } = outcome;
      console.log(
        `  failed  ${outcome.spec.displayName.padEnd(16)} ${error.kind} (${String(error.status ?? '-')}, ${error.code ?? ''}): ${error.message.slice(0, 90)}…`,
      );
      console.log(
        `          what exists: service principal ${partial.servicePrincipal?.id ?? 'none'}, job ${partial.job?.id ?? 'none'}`,
      );
    }
  }
  console.log(`  instantiate answered 404 after creating the app ${String(recovered)} times`);
  assert.equal(outcomes.filter((o) => !o.ok).length, 1);
  // Crash-safe instantiate: one application per spec, never a duplicate.
  assert.equal(fake.state.applications.length, specs.length);

  // 2. A re-run with the same specs (say, after fixing the bad token) reuses what exists.
  const fixed = specs.map((spec) =>
    spec.displayName === 'Slack Fabrikam'
      ? { ...spec, credentials: { SecretToken: 'good' } }
      : spec,
  );
  const again = await client.configureProvisioningMany(fixed, { concurrency: 4, replication });
  const reused = again.filter((o) => o.ok && !o.result.created.application).length;
  const alreadyRunning = again.filter(
    (o) => o.ok && !o.result.started && o.result.job.status?.code === 'Active',
  ).length;
  console.log(
    `Re-run: ${String(again.filter((o) => o.ok).length)} ok, ${String(reused)} apps reused, ` +
      `${String(alreadyRunning)} jobs already running (not started again), ` +
      `${String(fake.state.applications.length)} applications in the tenant`,
  );
  assert.equal(fake.state.applications.length, specs.length);

  // 3. Every event of the jobs' first cycles, exactly once, through the paced export. The fake's
  // clock runs ahead of the wall clock, so the range comes from the fake's own timestamps.
  await Promise.all(
    again.map(async (o) => {
      if (!o.ok || o.result.job.status?.code !== 'Active') return;
      await client.servicePrincipals
        .byId(o.result.servicePrincipal.id)
        .synchronization.jobs.byId(o.result.job.id)
        .waitFor('steadyState', { pollIntervalMs: 200, timeoutMs: 30_000 });
    }),
  );
  const times = fake.state.events.map((e) => Date.parse(String(e.activityDateTime)));
  const exported: ProvisioningObjectSummary[] = [];
  const run = client.auditLogs.provisioning.export({
    since: new Date(Math.min(...times) - 1),
    until: new Date(Math.max(...times) + 1),
  });
  for await (const event of run) exported.push(event);
  const summary = summarizeProvisioningEvents(exported);
  console.log(
    `Export: ${String(summary.total)} events in ${String(run.requests)} requests`,
    summary.byStatus,
  );
  assert.equal(summary.total, fake.state.eventCount);

  // 4. An aborted run: specs not started end as AbortedError outcomes; each says what exists.
  const controller = new AbortController();
  const more = Array.from({ length: 6 }, (_, i) => aws(100 + i));
  const aborted = await client.configureProvisioningMany(more, {
    concurrency: 2,
    replication,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.type === 'done') controller.abort();
    },
  });
  console.log('Aborted run:');
  for (const o of aborted) {
    const exists = o.ok ? o.result.servicePrincipal.id : o.partial.servicePrincipal?.id;
    console.log(
      `  ${o.spec.displayName.padEnd(16)} ${o.ok ? 'ok' : o.error.kind}, service principal: ${exists ?? 'none'}`,
    );
  }
}

main().catch((error: unknown) => {
  if (isGraphError(error)) console.error(`${error.kind}: ${error.message}`, error.hint ?? '');
  else console.error(error);
  process.exitCode = 1;
});
