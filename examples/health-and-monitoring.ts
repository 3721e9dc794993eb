/**
 * Health and monitoring (docs/health-and-monitoring.md): every provisioning job of a tenant,
 * graded worst first, with what to do about each; the failed events of the logs folded in; the
 * exit code a scheduled pipeline alerts on.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/health-and-monitoring.ts
 */
import assert from 'node:assert/strict';
import { AWS_TEMPLATE_ID, createFakeGraph, manualClock } from 'entra-provisioning/testing';

// A manual clock: provisioning cycles run when the example moves time on. The scan grades
// against Graph's time (the Date of its answers), here the fake's clock.
const clock = manualClock();
const fake = createFakeGraph({ clock, latencyMs: 0, provisioning: { failureRate: 0.3 } });
const client = fake.client();
const MINUTE = 60_000;

/** An AWS app with a started job; `credentials: false` leaves them out (the job quarantines). */
async function app(displayName: string, credentials = true): Promise<string> {
  const { servicePrincipal } = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
    displayName,
  });
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const { id } = await sp.synchronization.jobs.create({ templateId: 'aws' });
  if (credentials) {
    await sp.synchronization.secrets.put({ ClientSecret: 'secret', SecretToken: 'token' });
  }
  await sp.synchronization.jobs.byId(id).start();
  return id;
}

async function main(): Promise<void> {
  await app('AWS Sales');
  await app('AWS Finance', false);
  const quiet = await app('AWS Support');
  clock.advance(10 * MINUTE);
  // A job can go quiet with no error (an expired target token): the fake can do that too.
  fake.stallJob(quiet);
  clock.advance(3 * 60 * MINUTE);

  const report = await client.provisioningHealth({
    logs: { since: new Date(clock() - 4 * 60 * MINUTE) },
    onProgress: (e) => {
      if (e.type === 'jobs') console.log(`  read ${String(e.read)} of ${String(e.of)}`);
    },
  });
  for (const entry of report.jobs) {
    const name = entry.servicePrincipal.displayName ?? entry.servicePrincipal.id;
    console.log(`${entry.health.padEnd(11)} ${name}: ${entry.reasons.join('; ') || 'fine'}`);
    if (entry.fixUrl !== undefined) console.log(`            fix: ${entry.fixUrl}`);
  }
  console.log(report.summary, `${String(report.requests)} requests`);

  assert.equal(report.jobs[0]?.health, 'quarantined');
  assert.equal(report.jobs[0]?.quarantine?.reason, 'EncounteredQuarantineException');
  assert.equal(report.summary.jobs, 3);
  assert.deepEqual(
    report.jobs.map((j) => j.health),
    ['quarantined', 'unhealthy', 'warning'],
  );
  // What `entra-provisioning health --fail-on unhealthy` turns into exit code 5.
  const alert = report.jobs.some((j) => j.health === 'quarantined' || j.health === 'unhealthy');
  assert.ok(alert);
}

await main();
