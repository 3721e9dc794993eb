/**
 * Errors and retries (docs/errors-and-retries.md): every failure is a `GraphError` with a
 * literal `kind`. This script provokes one of each common kind on the fake Graph and prints what
 * the error carries: bad input caught before sending, a 404 with its hint, a GET retried after a
 * 504 while a POST is not replayed after a 500, a 429 handed back as `retryAfterMs`, a timeout,
 * a quarantined job, an aborted wait, and an ambiguous name.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/errors-and-retries.ts
 */
import assert from 'node:assert/strict';
import { isGraphError, type AnyGraphError, type Logger } from 'entra-provisioning';
import { AWS_TEMPLATE_ID, createFakeGraph, manualClock } from 'entra-provisioning/testing';

/** One line per kind: the switch is exhaustive, TypeScript checks that no kind is forgotten. */
function describe(e: AnyGraphError): string {
  switch (e.kind) {
    case 'invalidInput':
      return `nothing was sent: ${e.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`;
    case 'throttled':
      return `Graph asks to wait ${String(e.retryAfterMs)} ms`;
    case 'quarantined':
      return `job in quarantine: ${e.quarantine.reason ?? ''} ${e.quarantine.error?.code ?? ''}`;
    case 'ambiguous':
      return `${String(e.matches.length)} matches: ${e.matches.map((m) => m.id).join(', ')}`;
    case 'invalidResponse':
      return `Graph's answer did not match the model (${String(e.issues.length)} issues)`;
    case 'badRequest':
    case 'unauthorized':
    case 'forbidden':
    case 'notFound':
    case 'conflict':
    case 'server':
    case 'http':
      return `HTTP ${String(e.status ?? '?')} ${e.code ?? ''} after ${String(e.attempts)} attempt(s)`;
    case 'timeout':
    case 'network':
    case 'aborted':
      return e.message;
  }
}

/** Runs `action`, which must fail, and prints the error. */
async function show(title: string, action: () => unknown): Promise<AnyGraphError> {
  try {
    await action();
  } catch (error) {
    if (!isGraphError(error)) throw error;
    console.log(`\n${title}`);
    console.log(`  ${error.name} (kind '${error.kind}'): ${describe(error)}`);
    if (error.hint) console.log(`  hint: ${error.hint}`);
    if (error.requestId) console.log(`  request-id ${error.requestId}`);
    return error;
  }
  throw new Error(`${title}: expected a failure`);
}

/** A logger that prints the SDK's retry notices (pass `console` to see every request). */
const retries: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => {
    console.log(`  [sdk] ${message}`);
  },
  error: () => undefined,
};

async function main(): Promise<void> {
  const clock = manualClock();
  const fake = createFakeGraph({ clock, latencyMs: 0 });
  const client = fake.client();

  // 1. Bad input is caught before anything is sent: a display name where an object id belongs.
  await show('A display name passed as a service principal id', () =>
    client.servicePrincipals.byId('AWS Contoso'),
  );

  // 2. A 404, with a hint about the id that was probably confused.
  await show('A service principal that does not exist', () =>
    client.servicePrincipals.byId(crypto.randomUUID()).synchronization.jobs.list().toArray(),
  );

  // 3. A GET is retried after a 504 (the warnings come from the SDK's logger)...
  console.log('\nA gallery list that meets a 504');
  const flaky = createFakeGraph({
    latencyMs: 0,
    // Half of the gallery requests answer 504; with this seed, the first one does.
    faults: { gatewayTimeout: 0.5, paths: /^\/applicationTemplates/ },
    seed: 6,
  });
  const templates = await flaky
    .client({ logger: retries })
    .applicationTemplates.list({ top: 5 })
    .toArray();
  console.log(
    `  got ${String(templates.length)} templates after ${String(flaky.stats.faults)} injected 504(s)`,
  );

  // ...but a POST that may have been carried out is never replayed blindly.
  const startFails = createFakeGraph({
    clock,
    latencyMs: 0,
    faults: { serverError: 1, paths: /\/start$/ },
  });
  const strict = startFails.client({ logger: retries });
  const { servicePrincipal } = await strict.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
    displayName: 'AWS Contoso',
  });
  const jobs = strict.servicePrincipals.byId(servicePrincipal.id).synchronization.jobs;
  const created = await jobs.create({ templateId: 'aws' });
  const serverError = await show('A job start that meets a 500', () =>
    jobs.byId(created.id).start(),
  );
  assert.equal(serverError.attempts, 1);

  // 4. A 429 whose Retry-After is longer than maxRetryAfterMs comes back at once as
  // ThrottledError with retryAfterMs, instead of the SDK sleeping for it.
  const throttled = createFakeGraph({
    latencyMs: 0,
    throttle: { limits: { reports: { requests: 1, windowMs: 60_000 } } },
  });
  const impatient = throttled.client({ maxRetryAfterMs: 5_000 });
  await impatient.auditLogs.provisioning.list({ top: 1 }).toArray();
  const e429 = await show('A second provisioning-log request within the reports limit', () =>
    impatient.auditLogs.provisioning.list({ top: 1 }).toArray(),
  );
  assert.equal(e429.kind, 'throttled');

  // 5. An attempt that takes longer than timeoutMs (here per call; also a client option).
  const slow = createFakeGraph({ latencyMs: 500 }).client({ maxRetries: 0 });
  await show('A request slower than its timeoutMs', () =>
    slow.applicationTemplates.get(AWS_TEMPLATE_ID, { timeoutMs: 50 }),
  );

  // 6. A job whose target rejects the saved credentials goes into quarantine; waitFor() says so.
  const bad = await client.configureProvisioning(
    {
      template: 'Amazon Web Services (AWS)',
      displayName: 'AWS Fabrikam',
      credentials: { ClientSecret: 'bad-secret', SecretToken: 'bad-token' },
      validateCredentials: false, // save them untested, as a typo would be
    },
    { replication: { intervalMs: 50 } },
  );
  clock.advance(60_000); // a minute of provisioning, instantly
  const job = client.servicePrincipals
    .byId(bad.servicePrincipal.id)
    .synchronization.jobs.byId(bad.job.id);
  await show('Waiting for a job whose credentials are wrong', () =>
    job.waitFor('steadyState', { pollIntervalMs: 100 }),
  );

  // 7. Your AbortSignal stops any call or wait.
  const box = await client.configureProvisioning(
    { template: 'Box', displayName: 'Box Contoso', start: false },
    { replication: { intervalMs: 50 } },
  );
  await show('Waiting for a job that was never started, with a 300 ms signal', () =>
    client.servicePrincipals
      .byId(box.servicePrincipal.id)
      .synchronization.jobs.byId(box.job.id)
      .waitFor('running', { pollIntervalMs: 100, signal: AbortSignal.timeout(300) }),
  );

  // 8. A lookup that must find one object finds two.
  await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'Twin' });
  await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'Twin' });
  const twin = await show('findByDisplayName with a duplicated name', () =>
    client.servicePrincipals.findByDisplayName('Twin'),
  );

  // Errors serialise for logs without stack, cause, token or secret.
  console.log(`\nAs JSON: ${JSON.stringify(twin)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
