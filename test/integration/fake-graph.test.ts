/**
 * The SDK against the fake Graph, in-process (`fake.fetch`) and over a real socket
 * (`fake.listen()`): the five documented steps, and the field-notes failures.
 */
import { Client, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProvisioningClient, type ApiVersion } from '../../src/index.js';
import {
  AWS_TEMPLATE_ID,
  createFakeGraph,
  manualClock,
  type FakeGraph,
  type FakeGraphServer,
} from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';

const servers: FakeGraphServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Resolves once `condition` holds, checking after every turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

async function listen(fake: FakeGraph, options?: { publicUrl?: string }): Promise<FakeGraphServer> {
  const server = await fake.listen(options);
  servers.push(server);
  return server;
}

/** Microsoft's five steps, written as README shows them. */
async function fiveSteps(client: ProvisioningClient, advance: () => void | Promise<void>) {
  const [aws] = await client.applicationTemplates
    .list({ filter: "displayName eq 'Amazon Web Services (AWS)'" })
    .toArray();
  const { servicePrincipal } = await client.applicationTemplates.instantiate(aws!.id, {
    displayName: 'AWS Contoso',
  });
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const [template] = await sp.synchronization.templates.list().toArray();
  const created = await sp.synchronization.jobs.create({ templateId: template!.id });
  const job = sp.synchronization.jobs.byId(created.id);
  const credentials = { ClientSecret: 'client-secret', SecretToken: 'secret-token' };
  await job.validateCredentials({ credentials });
  await sp.synchronization.secrets.put(credentials);
  await job.start();
  await advance();
  const { status } = await job.get();
  const events = await client.auditLogs.provisioning
    .list({ filter: { jobId: created.id } })
    .toArray();
  return { status, events, jobId: created.id };
}

describe.each(['v1.0', 'beta'] as ApiVersion[])('the five steps on the fake (%s)', (apiVersion) => {
  it('in-process, through fake.fetch', async () => {
    const clock = manualClock();
    const fake = createFakeGraph({ clock, latencyMs: 0 });
    const result = await fiveSteps(fake.client({ apiVersion }), () => {
      clock.advance(60_000);
    });
    expect(result.status?.code).toBe('Active');
    expect(result.status?.lastExecution?.timeEnded).toBeDefined();
    expect(result.events.length).toBeGreaterThan(10);
    expect(result.events.every((e) => e.jobId === result.jobId)).toBe(true);
  });

  it('over a real socket, through fake.listen()', async () => {
    const clock = manualClock();
    const fake = createFakeGraph({ clock, latencyMs: 0 });
    const server = await listen(fake);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new ProvisioningClient({
      accessToken: 'socket-token',
      baseUrl: server.url,
      apiVersion,
    });
    const result = await fiveSteps(client, () => {
      clock.advance(60_000);
    });
    expect(result.status?.code).toBe('Active');
    expect(result.events.length).toBeGreaterThan(10);
    // The nine requests of the five steps, and the read secrets.put() makes before its PUT.
    expect(fake.stats.requests).toBe(10);
  });
});

type Transport = 'in-process' | 'socket';

/** A client on the fake, through `fake.fetch` or over a real socket. */
async function connect(
  fake: FakeGraph,
  transport: Transport,
  options: { maxRetries?: number } = {},
): Promise<ProvisioningClient> {
  if (transport === 'in-process') return fake.client(options);
  const server = await listen(fake);
  return new ProvisioningClient({ accessToken: 'socket-token', baseUrl: server.url, ...options });
}

describe.each(['in-process', 'socket'] as Transport[])(
  'field notes, reproduced (%s)',
  (transport) => {
    it('§1 instantiate answers 404 yet creates the app: the caller finds it and carries on', async () => {
      const fake = createFakeGraph({ latencyMs: 0, faults: { instantiateNotFound: 1 } });
      const client = await connect(fake, transport);
      const error = await rejection(
        client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'AWS Contoso' }),
      );
      expect(error.kind).toBe('notFound');
      expect(error.attempts).toBe(1);
      const [sp] = await client.servicePrincipals
        .list({
          filter: `applicationTemplateId eq '${AWS_TEMPLATE_ID}' and displayName eq 'AWS Contoso'`,
        })
        .toArray();
      expect(sp).toBeDefined();
      const job = await client.servicePrincipals
        .byId(sp!.id)
        .synchronization.jobs.create({ templateId: 'aws' });
      expect(job.templateId).toBe('aws');
      expect(fake.state.applications).toHaveLength(1);
    });

    it('§2 new objects answer 404 until they have replicated', async () => {
      const clock = manualClock();
      const fake = createFakeGraph({ clock, latencyMs: 0, replicationDelayMs: 30_000 });
      const client = await connect(fake, transport);
      const { servicePrincipal } = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
        displayName: 'AWS',
      });
      const sp = client.servicePrincipals.byId(servicePrincipal.id);
      const early = await rejection(sp.synchronization.templates.list().toArray());
      expect(early).toMatchObject({ kind: 'notFound', code: 'Request_ResourceNotFound' });
      clock.advance(30_000);
      expect(await sp.synchronization.templates.list().toArray()).toHaveLength(1);
    });

    it('§2 realistic replication errors: 400 on job create, 403 on secrets, 409 on start', async () => {
      const clock = manualClock();
      const fake = createFakeGraph({
        clock,
        latencyMs: 0,
        replicationDelayMs: 30_000,
        replicationErrors: 'realistic',
      });
      const client = await connect(fake, transport);
      const { servicePrincipal } = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
        displayName: 'AWS',
      });
      const sp = client.servicePrincipals.byId(servicePrincipal.id);
      const create = await rejection(sp.synchronization.jobs.create({ templateId: 'aws' }));
      expect(create).toMatchObject({ kind: 'badRequest', status: 400 });
      expect(create.message).toContain('does not reference a valid application object');
      // The PUT answers 403 (field notes §2); secrets.put() reads the saved keys first, and that
      // read answers 404 like every other read of an object not replicated yet.
      const put = await fake.fetch(
        `https://graph.microsoft.com/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/secrets`,
        {
          method: 'PUT',
          headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
          body: JSON.stringify({ value: [{ key: 'SecretToken', value: 't' }] }),
        },
      );
      expect(put.status).toBe(403);
      expect(((await put.json()) as { error: { code: string } }).error.code).toBe(
        'Authorization_RequestDenied',
      );
      const secrets = await rejection(sp.synchronization.secrets.put({ SecretToken: 't' }));
      expect(secrets).toMatchObject({ kind: 'notFound', code: 'Request_ResourceNotFound' });
      clock.advance(30_000);
      const created = await sp.synchronization.jobs.create({ templateId: 'aws' });
      const job = sp.synchronization.jobs.byId(created.id);
      expect((await rejection(job.start())).kind).toBe('conflict');
      clock.advance(30_000);
      await sp.synchronization.secrets.put({ ClientSecret: 's', SecretToken: 't' });
      await expect(job.start()).resolves.toBeUndefined();
    });

    it('§5 a token without the permission gets 403; OwnedBy cannot manage what it instantiated', async () => {
      const ownedBy = createFakeGraph({
        latencyMs: 0,
        permissions: ['Application.ReadWrite.OwnedBy'],
      });
      const client = await connect(ownedBy, transport);
      const { servicePrincipal } = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
        displayName: 'AWS',
      });
      const denied = await rejection(
        client.servicePrincipals
          .byId(servicePrincipal.id)
          .synchronization.jobs.create({ templateId: 'aws' }),
      );
      expect(denied).toMatchObject({ kind: 'forbidden', code: 'Authorization_RequestDenied' });
      expect(denied.hint).toContain('Synchronization.ReadWrite.All');

      const auditOnly = createFakeGraph({ latencyMs: 0, permissions: ['AuditLog.Read.All'] });
      const logs = (await connect(auditOnly, transport)).auditLogs.provisioning;
      expect((await rejection(logs.list().toArray())).kind).toBe('forbidden');
      const both = createFakeGraph({
        latencyMs: 0,
        permissions: ['AuditLog.Read.All', 'Directory.Read.All'],
      });
      await expect(
        (await connect(both, transport)).auditLogs.provisioning.list().toArray(),
      ).resolves.toEqual([]);
    });

    it('§7 a 429 storm is waited out with Retry-After, then everything succeeds', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const fake = createFakeGraph({
        latencyMs: 0,
        throttle: { limits: { reports: { requests: 3, windowMs: 1_000 } } },
      });
      fake.seedProvisioningEvents(10);
      const client = await connect(fake, transport);
      const started = Date.now();
      // 9 readers against 3 requests a second. The clock stands still until all 9 requests
      // have reached the fake: 3 pass and 6 are throttled, however slowly they arrive.
      const reading = Promise.all(
        Array.from({ length: 9 }, () => client.auditLogs.provisioning.list({ top: 5 }).toArray()),
      );
      await until(() => fake.stats.requests === 9);
      expect(fake.stats.throttled).toBe(6);
      let done = false;
      void reading.finally(() => {
        done = true;
      });
      while (!done) {
        await vi.advanceTimersByTimeAsync(100);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const pages = await reading;
      expect(pages.every((p) => p.length === 5)).toBe(true);
      expect(fake.stats.byStatus[200]).toBe(9);
      // Two more rounds of Retry-After: 1 at the least.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    });
  },
);

describe('field notes, reproduced at scale', () => {
  it('§7 twenty readers against the documented reports limit, on fake timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fake = createFakeGraph({ latencyMs: 0, throttle: true });
    fake.seedProvisioningEvents(10);
    // 20 readers against 5 requests per 10 s: each one needs many turns, so many retries.
    const client = fake.client({ maxRetries: 20 });
    const reads = Promise.all(
      Array.from({ length: 20 }, () => client.auditLogs.provisioning.list({ top: 5 }).toArray()),
    );
    await vi.advanceTimersByTimeAsync(120_000);
    const pages = await reads;
    expect(pages.every((p) => p.length === 5)).toBe(true);
    expect(fake.stats.throttled).toBeGreaterThanOrEqual(15);
    expect(fake.stats.byStatus[200]).toBe(20);
  });
});

describe('the socket', () => {
  it('drops the connection on a connectionReset fault: the SDK reports a network error after its retries', async () => {
    const fake = createFakeGraph({ latencyMs: 0, faults: { connectionReset: 1 } });
    const client = await connect(fake, 'socket', { maxRetries: 1 });
    const error = await rejection(client.applicationTemplates.get(AWS_TEMPLATE_ID));
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
  });

  it('cuts a JSON answer in the middle on a truncatedJson fault', async () => {
    const fake = createFakeGraph({ latencyMs: 0, faults: { truncatedJson: 1 } });
    const client = await connect(fake, 'socket', { maxRetries: 0 });
    const error = await rejection(client.applicationTemplates.get(AWS_TEMPLATE_ID));
    expect(error.kind).toBe('invalidResponse');
  });

  it('closes without waiting for a request in flight, which fails as a network error', async () => {
    // The answer would take ten minutes: close() resolving at all shows it did not wait.
    const fake = createFakeGraph({ latencyMs: 600_000 });
    const server = await fake.listen();
    const client = new ProvisioningClient({
      accessToken: 't',
      baseUrl: server.url,
      maxRetries: 0,
    });
    const pending = rejection(client.applicationTemplates.get(AWS_TEMPLATE_ID));
    await until(() => fake.stats.received === 1);
    await server.close();
    expect((await pending).kind).toBe('network');
    await until(() => fake.stats.abandoned === 1);
    expect(fake.stats.requests).toBe(0);
  });

  it('changes nothing when the caller aborts before the fake has answered', async () => {
    const fake = createFakeGraph({ latencyMs: 600_000 });
    const client = await connect(fake, 'socket');
    const controller = new AbortController();
    const pending = rejection(
      client.applicationTemplates.instantiate(
        AWS_TEMPLATE_ID,
        { displayName: 'AWS' },
        { signal: controller.signal },
      ),
    );
    await until(() => fake.stats.received === 1);
    controller.abort();
    expect((await pending).kind).toBe('aborted');
    // The fake saw the caller go and dropped the request.
    await until(() => fake.stats.abandoned === 1);
    expect(fake.stats.requests).toBe(0);
    expect(fake.state.applications).toEqual([]);
  });
});

describe("Microsoft's own Graph client", () => {
  it("pages through the fake's provisioning logs over the socket with its PageIterator", async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    fake.seedProvisioningEvents(230);
    // The Graph client only recognises https:// hosts in a nextLink, so the fake advertises
    // Graph's own root and every request to it is routed to the fake's socket.
    const server = await listen(fake, { publicUrl: 'https://graph.microsoft.com' });
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return realFetch(url.replace('https://graph.microsoft.com', server.url), init);
    });
    const graph = Client.init({
      authProvider: (done) => {
        done(null, 'graph-client-token');
      },
    });
    const first = (await graph.api('/auditLogs/provisioning').top(100).get()) as PageCollection;
    const ids: string[] = [];
    const iterator = new PageIterator(graph, first, (event: { id: string }) => {
      ids.push(event.id);
      return true;
    });
    await iterator.iterate();
    expect(iterator.isComplete()).toBe(true);
    expect(ids).toHaveLength(230);
    expect(new Set(ids).size).toBe(230);
    expect(fake.stats.requests).toBe(3);
  });
});
