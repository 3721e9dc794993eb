/**
 * Testing with the fake Graph (docs/testing-with-the-fake.md): the knobs of
 * `createFakeGraph()` a test reaches for, each checked with node:assert. The vitest version of
 * a test suite is examples/testing-with-the-fake.test.ts.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/testing-with-the-fake.ts
 */
import assert from 'node:assert/strict';
import { ProvisioningClient, isGraphError } from 'entra-provisioning';
import { AWS_TEMPLATE_ID, createFakeGraph, manualClock } from 'entra-provisioning/testing';

const AWS_CREDENTIALS = { ClientSecret: 'client-secret', SecretToken: 'secret-token' };

/** Instantiates AWS, creates its job, saves credentials and starts it: the steps under test. */
async function provisionAws(client: ProvisioningClient, name: string, token = 'secret-token') {
  const { servicePrincipal } = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
    displayName: name,
  });
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const job = await sp.synchronization.jobs.create({ templateId: 'aws' });
  await sp.synchronization.secrets.put({ ...AWS_CREDENTIALS, SecretToken: token });
  await sp.synchronization.jobs.byId(job.id).start();
  return { sp, job: sp.synchronization.jobs.byId(job.id) };
}

async function main(): Promise<void> {
  // 1. A manual clock: provisioning happens only when the test moves time.
  const clock = manualClock();
  const fake = createFakeGraph({ clock, latencyMs: 0 });
  const client = fake.client();
  const { job } = await provisionAws(client, 'AWS Contoso');
  assert.equal(fake.state.eventCount, 0);
  clock.advance(60 * 60_000); // an hour of provisioning, instantly
  const done = await job.get();
  console.log(
    `1. manualClock: after clock.advance(1 h) the job is ${done.status?.code ?? '?'}, ` +
      `last cycle ${done.status?.lastExecution?.state ?? '?'}, ${String(fake.state.eventCount)} events`,
  );
  assert.equal(done.status?.lastExecution?.state, 'Succeeded');

  // 2. State to assert on: secrets show their keys only, jobs count their starts.
  const [sp] = fake.state.servicePrincipals;
  const [fakeJob] = fake.state.jobs;
  console.log(
    `2. fake.state: secret keys ${sp!.secretKeys.join(', ')}; job started ${String(fakeJob!.startCalls)} time(s), ` +
      `${String(fakeJob!.provisionedCount)} objects provisioned; ${String(fake.stats.requests)} requests answered`,
  );
  assert.deepEqual(sp!.secretKeys, ['ClientSecret', 'SecretToken']);

  // 3. Failures to stage: values starting with "bad", "invalid" or "wrong" are rejected by the
  // fake's target apps; saved anyway, they put the job into quarantine.
  const failing = await provisionAws(client, 'AWS Fabrikam', 'bad-token');
  try {
    await failing.job.validateCredentials({ useSavedCredentials: true });
    assert.fail('expected the target app to reject the token');
  } catch (error) {
    if (!isGraphError(error)) throw error;
    console.log(
      `3. bad credentials: validateCredentials throws ${error.kind} (${error.code ?? ''})`,
    );
  }
  clock.advance(60_000);
  const quarantined = await failing.job.get();
  console.log(`   after a minute the job is ${quarantined.status?.code ?? '?'}`);
  assert.equal(quarantined.status?.code, 'Quarantine');

  // 4. Replication delays, failing the way Graph does in the field (field notes §2).
  const slow = createFakeGraph({
    clock,
    latencyMs: 0,
    replicationDelayMs: 30_000,
    replicationErrors: 'realistic',
  });
  const slowClient = slow.client();
  const { servicePrincipal } = await slowClient.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
    displayName: 'AWS Replicating',
  });
  const jobs = slowClient.servicePrincipals.byId(servicePrincipal.id).synchronization.jobs;
  try {
    await jobs.create({ templateId: 'aws' });
    assert.fail('expected a replication error');
  } catch (error) {
    if (!isGraphError(error)) throw error;
    console.log(
      `4. right after instantiate, jobs.create() gets ${String(error.status)} ${error.kind}`,
    );
  }
  clock.advance(30_000);
  const created = await jobs.create({ templateId: 'aws' });
  console.log(`   30 s later it works: ${created.id.slice(0, 24)}…`);

  // 5. The same seed and the same requests give the same ids, users and outcomes.
  const ids = async (): Promise<string> => {
    const f = createFakeGraph({ seed: 42, clock: manualClock(), latencyMs: 0 });
    const result = await f.client().applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
      displayName: 'Same',
    });
    return result.servicePrincipal.id;
  };
  const [a, b] = [await ids(), await ids()];
  console.log(`5. seed 42 twice: ${a} and ${b}`);
  assert.equal(a, b);

  // 6. fake.fetch answers like Graph for any HTTP client (a bearer token is all it asks for).
  const response = await fake.fetch(`${fake.baseUrl}/v1.0/applicationTemplates?$top=2`, {
    headers: { authorization: 'Bearer any' },
  });
  const body = (await response.json()) as { value: { displayName: string }[] };
  console.log(
    `6. fake.fetch: ${String(response.status)}, ${body.value.map((t) => t.displayName).join(', ')}`,
  );

  // 7. Over real HTTP on 127.0.0.1, for tools that cannot take a fetch (or another language).
  const server = await fake.listen();
  try {
    const overHttp = new ProvisioningClient({ baseUrl: server.url, accessToken: 'any' });
    const found = await overHttp.servicePrincipals.findByDisplayName('AWS Contoso');
    console.log(`7. fake.listen(): ${server.url} finds service principal ${found?.id ?? 'none'}`);
    assert.equal(found?.id, sp!.id);
  } finally {
    await server.close();
  }

  // 8. reset() empties the tenant between tests.
  fake.reset();
  console.log(
    `8. after reset(): ${String(fake.state.servicePrincipals.length)} service principals`,
  );
  assert.equal(fake.state.servicePrincipals.length, 0);
}

main().catch((error: unknown) => {
  if (isGraphError(error)) console.error(`${error.kind}: ${error.message}`, error.hint ?? '');
  else console.error(error);
  process.exitCode = 1;
});
