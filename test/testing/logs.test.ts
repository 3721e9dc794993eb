import { describe, expect, it } from 'vitest';
import { rejection } from '../helpers/graph.js';
import { awsJob, fakeTenant, raw } from './helpers.js';

async function provisionedTenant() {
  const t = fakeTenant({ provisioning: { failureRate: 0.3, usersPerApp: [30, 30] } });
  const { job, created, servicePrincipal } = await awsJob(t.client);
  await job.start();
  t.clock.advance(60_000);
  return { ...t, jobId: created.id, spId: servicePrincipal.id };
}

describe('provisioning logs', () => {
  it('filters on jobId, servicePrincipal/id, status, action, cycleId and changeId', async () => {
    const { client, jobId, spId } = await provisionedTenant();
    const logs = client.auditLogs.provisioning;
    const all = await logs.list({ filter: { jobId } }).toArray();
    expect(all.length).toBe(30);
    expect(await logs.list({ filter: { servicePrincipalId: spId } }).toArray()).toHaveLength(30);
    const failures = await logs.list({ filter: { jobId, status: 'failure' } }).toArray();
    expect(failures.length).toBe(
      all.filter((e) => e.provisioningStatusInfo?.status === 'failure').length,
    );
    expect(failures.length).toBeGreaterThan(0);
    const creates = await logs.list({ filter: { action: 'create' } }).toArray();
    expect(creates.every((e) => e.provisioningAction === 'create')).toBe(true);
    const [one] = all;
    expect(await logs.list({ filter: { cycleId: one!.cycleId! } }).toArray()).toHaveLength(30);
    expect(
      (await logs.list({ filter: { changeId: one!.changeId! } }).toArray()).map((e) => e.id),
    ).toEqual([one!.id]);
    expect(
      (await logs.list({ filter: { sourceIdentityId: one!.sourceIdentity!.id! } }).toArray()).map(
        (e) => e.id,
      ),
    ).toEqual([one!.id]);
  });

  it('filters on activityDateTime with gt and lt', async () => {
    const { client, jobId } = await provisionedTenant();
    const all = await client.auditLogs.provisioning
      .list({ filter: { jobId }, orderBy: 'activityDateTime asc' })
      .toArray();
    const middle = all[10]!.activityDateTime;
    const after = await client.auditLogs.provisioning
      .list({ filter: { jobId, since: middle } })
      .toArray();
    const before = await client.auditLogs.provisioning
      .list({ filter: { jobId, until: middle } })
      .toArray();
    expect(after).toHaveLength(19);
    expect(before).toHaveLength(10);
  });

  it('compares case-sensitively, as Graph documents', async () => {
    const { client, jobId } = await provisionedTenant();
    expect(
      await client.auditLogs.provisioning
        .list({ filter: { jobId: jobId.toUpperCase() } })
        .toArray(),
    ).toEqual([]);
    expect(
      await client.auditLogs.provisioning.list({ filter: { status: 'Failure' } }).toArray(),
    ).toEqual([]);
  });

  it('filters on identity names and types with the raw OData the SDK passes through', async () => {
    const { client, jobId } = await provisionedTenant();
    const [event] = await client.auditLogs.provisioning
      .list({ filter: { jobId }, top: 1 })
      .toArray();
    const name = event!.sourceIdentity!.displayName!.replace(/'/g, "''");
    const found = await client.auditLogs.provisioning
      .list({
        filter: `sourceIdentity/displayName eq '${name}' and targetIdentity/identityType eq 'RolesCompound'`,
      })
      .toArray();
    expect(found.map((e) => e.id)).toContain(event!.id);
  });

  it('refuses a filter on a property Graph does not document for the logs', async () => {
    const { client } = await provisionedTenant();
    const error = await rejection(
      client.auditLogs.provisioning
        .list({ filter: "modifiedProperties/any(p:p/displayName eq 'x')" })
        .toArray(),
    );
    expect(error.kind).toBe('badRequest');
    const op = await rejection(
      client.auditLogs.provisioning.list({ filter: "servicePrincipal/id ne 'x'" }).toArray(),
    );
    expect(op.kind).toBe('badRequest');
  });

  it('orders newest first by default, and oldest first on request', async () => {
    const { client, jobId } = await provisionedTenant();
    const desc = await client.auditLogs.provisioning.list({ filter: { jobId } }).toArray();
    const asc = await client.auditLogs.provisioning
      .list({ filter: { jobId }, orderBy: 'activityDateTime asc' })
      .toArray();
    expect(desc.map((e) => e.id)).toEqual([...asc].reverse().map((e) => e.id));
    expect(asc[0]!.activityDateTime < asc.at(-1)!.activityDateTime).toBe(true);
  });

  it('pages with $top and $skiptoken nextLinks, and without $top returns one page of 50 and no nextLink', async () => {
    const { fake, client } = fakeTenant();
    fake.seedProvisioningEvents(120);
    const pages: number[] = [];
    for await (const page of client.auditLogs.provisioning.list().byPage({ maxPageSize: 50 }))
      pages.push(page.items.length);
    expect(pages).toEqual([50, 50, 20]);
    const { body } = await raw(fake.fetch, '/v1.0/auditLogs/provisioning');
    expect((body.value as unknown[]).length).toBe(50);
    expect(body['@odata.nextLink']).toBeUndefined();
  });

  it('keeps paging stable while new events arrive: every event once', async () => {
    const { fake, client } = fakeTenant();
    fake.seedProvisioningEvents(100);
    const ids: string[] = [];
    for await (const page of client.auditLogs.provisioning.list().byPage({ maxPageSize: 30 })) {
      ids.push(...page.items.map((e) => e.id));
      fake.seedProvisioningEvents(5);
    }
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
  });

  it('refuses a $skiptoken that belongs to another query', async () => {
    const { fake } = fakeTenant();
    fake.seedProvisioningEvents(20);
    const first = await raw(fake.fetch, '/v1.0/auditLogs/provisioning?$top=5');
    const next = new URL(first.body['@odata.nextLink'] as string);
    next.searchParams.set('$filter', "jobId eq 'other'");
    const { status } = await raw(fake.fetch, `${next.pathname}${next.search}`);
    expect(status).toBe(400);
  });

  it('gets one event by id', async () => {
    const { client, jobId } = await provisionedTenant();
    const [event] = await client.auditLogs.provisioning
      .list({ filter: { jobId }, top: 1 })
      .toArray();
    expect((await client.auditLogs.provisioning.get(event!.id)).id).toBe(event!.id);
    expect((await rejection(client.auditLogs.provisioning.get('nope'))).kind).toBe('notFound');
  });

  it('serves beta with the deprecated action and statusInfo, and on directoryProvisioning', async () => {
    const { fake, jobId } = await provisionedTenant();
    const { body } = await raw(
      fake.fetch,
      `/beta/auditLogs/directoryProvisioning?$top=1&$filter=jobId eq '${jobId}'`,
    );
    const [event] = body.value as Record<string, unknown>[];
    expect(event).toHaveProperty('action');
    expect(event).toHaveProperty('statusInfo');
    const v1 = await raw(fake.fetch, '/v1.0/auditLogs/directoryProvisioning');
    expect(v1.status).toBe(404);
  });

  it('filters beta on servicePrincipal/displayName, and on the servicePrincipal/name of its 2021 table', async () => {
    const { fake } = await provisionedTenant();
    for (const property of ['servicePrincipal/displayName', 'servicePrincipal/name']) {
      const { status, body } = await raw(
        fake.fetch,
        `/beta/auditLogs/provisioning?$top=100&$filter=${property} eq 'AWS Contoso'`,
      );
      expect(status).toBe(200);
      expect(body.value).toHaveLength(30);
    }
    const v1 = await raw(
      fake.fetch,
      "/v1.0/auditLogs/provisioning?$filter=servicePrincipal/name eq 'AWS Contoso'",
    );
    expect(v1.status).toBe(400);
  });

  it('pages two interleaved queries to the end, each event once', async () => {
    const { fake } = fakeTenant();
    const a = fake.seedProvisioningEvents(3_000);
    const b = fake.seedProvisioningEvents(2_000);
    const walked: string[][] = [];
    const walk = (jobId: string) => {
      let next: string | undefined =
        `https://graph.microsoft.com/v1.0/auditLogs/provisioning?$top=250&$filter=jobId eq '${jobId}'`;
      const ids: string[] = [];
      walked.push(ids);
      return async (): Promise<boolean> => {
        if (next === undefined) return false;
        const { body } = await raw(fake.fetch, next.slice('https://graph.microsoft.com'.length));
        ids.push(...(body.value as { id: string }[]).map((e) => e.id));
        next = body['@odata.nextLink'] as string | undefined;
        return ids.length > 0;
      };
    };
    const first = walk(a.jobId);
    const second = walk(b.jobId);
    const seen = { a: 0, b: 0 };
    for (;;) {
      const moreA = await first();
      const moreB = await second();
      if (!moreA && !moreB) break;
      seen.a += moreA ? 1 : 0;
      seen.b += moreB ? 1 : 0;
    }
    expect(seen).toEqual({ a: 12, b: 8 });
    expect(walked.map((ids) => new Set(ids).size)).toEqual([3_000, 2_000]);
  });

  it('seeds a hundred thousand events for benchmarks', async () => {
    const { fake, client } = fakeTenant();
    const seeded = fake.seedProvisioningEvents(100_000, {
      since: Date.parse('2026-11-01T00:00:00Z'),
      until: Date.parse('2026-11-08T00:00:00Z'),
    });
    expect(fake.state.eventCount).toBe(100_000);
    const day = await client.auditLogs.provisioning
      .list({
        filter: {
          jobId: seeded.jobId,
          since: '2026-11-02T00:00:00Z',
          until: '2026-11-03T00:00:00Z',
        },
      })
      .byPage({ maxPageSize: 999 })
      .next();
    expect(day.done).toBe(false);
    expect((day.value as { items: unknown[] }).items).toHaveLength(999);
  });
});
