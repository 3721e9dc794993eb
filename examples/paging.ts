/**
 * Paging (docs/paging.md): lazy lists, `for await` over items, `byPage()` with a page size and a
 * continuation token to resume from, `toArray({ max })`, `top`, typed log filters, and
 * `export()` with a checkpoint for large ranges.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/paging.ts
 */
import assert from 'node:assert/strict';
import { isGraphError } from 'entra-provisioning';
import { createFakeGraph } from 'entra-provisioning/testing';

const fake = createFakeGraph({ latencyMs: 0 });
const client = fake.client();

async function main(): Promise<void> {
  // 1,200 provisioning events of one job over the last day.
  const seeded = fake.seedProvisioningEvents(1_200, {
    since: Date.now() - 24 * 3_600_000,
    until: Date.now(),
  });
  console.log(`Seeded ${String(seeded.count)} events of job ${seeded.jobId.slice(0, 20)}…`);

  // Nothing is sent until you iterate: a list is a description of a query.
  const logs = client.auditLogs.provisioning.list({ filter: { jobId: seeded.jobId } });
  const before = fake.stats.requests;
  console.log(`Requests after list(): ${String(fake.stats.requests - before)}`);

  // Items, across every page (pages of 500 by default for provisioning logs).
  let count = 0;
  for await (const event of logs) if (event.jobId === seeded.jobId) count += 1;
  console.log(
    `for await: ${String(count)} events in ${String(fake.stats.requests - before)} requests`,
  );

  // Pages: choose the size, and keep the continuation token to resume later.
  let saved: string | undefined;
  for await (const page of logs.byPage({ maxPageSize: 250 })) {
    console.log(
      `byPage: ${String(page.items.length)} items, more: ${String(page.continuationToken !== undefined)}`,
    );
    saved = page.continuationToken;
    break; // say the process stops here...
  }
  // ...later (even in another process), resume after the first page.
  let resumed = 0;
  if (saved !== undefined) {
    for await (const page of logs.byPage({ continuationToken: saved }))
      resumed += page.items.length;
  }
  console.log(`Resumed from the token: ${String(resumed)} more items`);
  assert.equal(resumed, 1_200 - 250);

  // The first few only: toArray({ max }) stops fetching once it has them; top caps the list
  // itself (and is sent as $top, so one small request).
  const latest = await client.auditLogs.provisioning
    .list({ filter: { status: 'failure' }, orderBy: 'activityDateTime desc', top: 3 })
    .toArray();
  console.log('The 3 latest failures:');
  for (const e of latest) {
    console.log(
      `  ${e.activityDateTime} ${e.sourceIdentity?.displayName ?? '?'}: ${e.provisioningStatusInfo?.errorInformation?.errorCode ?? ''}`,
    );
  }
  const firstTen = await logs.toArray({ max: 10 });
  console.log(`toArray({ max: 10 }): ${String(firstTen.length)} items`);

  // Job and template lists take no page size (Graph documents no $top for them): refused at once.
  const sp = client.servicePrincipals.byId(seeded.servicePrincipalId);
  try {
    await sp.synchronization.jobs.list().byPage({ maxPageSize: 10 }).next();
  } catch (error) {
    if (!isGraphError(error)) throw error;
    console.log(`jobs.list().byPage({ maxPageSize }): ${error.kind}: ${error.message}`);
  }

  // Large ranges: export() walks time windows, paced under the reports limit (5 requests per
  // 10 s by default; the fake does not throttle, so this one goes faster), oldest first, and can
  // resume from a checkpoint.
  const range = { since: seeded.since, until: new Date(Date.parse(seeded.until) + 1) };
  const quota = { requests: 100, windowMs: 1_000 };
  const first = client.auditLogs.provisioning.export({ ...range, pageSize: 200, quota });
  let exported = 0;
  for await (const _event of first) {
    exported += 1;
    if (exported === 500) break; // interrupted
  }
  const checkpoint = first.checkpoint; // a string: store it with your progress
  assert.ok(checkpoint !== undefined);
  const rest = client.auditLogs.provisioning.export({ ...range, pageSize: 200, quota, checkpoint });
  for await (const _event of rest) exported += 1;
  console.log(
    `export(): ${String(exported)} events in ${String(first.requests + rest.requests)} requests, resumed once from a checkpoint`,
  );
  assert.equal(exported, 1_200);
}

main().catch((error: unknown) => {
  if (isGraphError(error)) console.error(`${error.kind}: ${error.message}`, error.hint ?? '');
  else console.error(error);
  process.exitCode = 1;
});
