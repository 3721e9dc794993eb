/**
 * `apps list|show|delete`, and `apps create` / `apply` with a job whose target refuses its saved
 * credentials: in-process against the fake Graph, with the requests that change something
 * counted (a write is any request but a GET).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, until } from './helpers.js';
import {
  AWS_TEMPLATE_ID,
  CUSTOM_APP_TEMPLATE_ID,
  createFakeGraph,
  type FakeGraph,
} from '../../src/testing/index.js';

const AWS = 'Amazon Web Services (AWS)';
const SECRET = 'Sup3r-Secret-Value-7731';
const BASE_ADDRESS = 'https://scim.example.com/v2/tenant-4411';

type Answer = (request: Request, forward: () => Promise<Response>) => Promise<Response>;

/**
 * The fake behind a CLI run, with the methods of the requests it receives recorded and, for
 * DELETEs of an application, `onDelete` deciding the answer (Graph's, or another). `pageSize`
 * replaces the page size the CLI asks for (`$top`), so that a few apps fill several pages.
 */
function watched(fake: FakeGraph, onDelete?: Answer, pageSize?: number) {
  const methods: string[] = [];
  const spy = Object.create(fake) as FakeGraph;
  Object.defineProperty(spy, 'client', {
    value: (options: Parameters<FakeGraph['client']>[0]) =>
      fake.client({
        ...options,
        fetch: async (input: string | URL | Request, init?: RequestInit) => {
          const request = new Request(input, init);
          methods.push(request.method);
          const url = new URL(request.url);
          if (pageSize !== undefined && url.searchParams.has('$top'))
            url.searchParams.set('$top', String(pageSize));
          const forward = () => fake.fetch(url.href, init);
          if (
            onDelete !== undefined &&
            request.method === 'DELETE' &&
            /\/applications\/[^/]+$/.test(new URL(request.url).pathname)
          ) {
            return onDelete(request, forward);
          }
          return forward();
        },
      }),
  });
  return { fake: spy, writes: () => methods.filter((m) => m !== 'GET').length };
}

/** A 503 Graph could send, retried at once (Retry-After: 0). */
const unavailable = () =>
  new Response(
    JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'Service unavailable.' } }),
    { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '0' } },
  );

/** `apps create` of an AWS app with both of its credentials. */
const createAws = (name: string, ...more: string[]) => [
  '--fake',
  'apps',
  'create',
  '--template',
  AWS,
  '--name',
  name,
  '--secret',
  `ClientSecret=${SECRET}`,
  '--secret',
  'SecretToken=t',
  ...more,
];

/** A fake with one configured AWS app, 'AWS Contoso'; its ids. */
async function contoso(options: Parameters<typeof createFakeGraph>[0] = {}) {
  const fake = createFakeGraph({ latencyMs: 0, ...options });
  expect((await cli(createAws('AWS Contoso'), { fake })).code).toBe(0);
  const app = fake.state.applications[0]!;
  const sp = fake.state.servicePrincipals[0]!;
  const job = fake.state.jobs[0]!;
  return { fake, app, sp, job };
}

/**
 * 'AWS Contoso' without credentials, its job started through the SDK (not the CLI, which would
 * refuse): its first cycle puts it in quarantine.
 */
async function quarantined(fake: FakeGraph): Promise<void> {
  const create = ['--fake', 'apps', 'create', '--template', AWS, '--name', 'AWS Contoso'];
  expect((await cli([...create, '--no-start'], { fake })).code).toBe(0);
  const { servicePrincipalId, id } = fake.state.jobs[0]!;
  await fake
    .client()
    .servicePrincipals.byId(servicePrincipalId)
    .synchronization.jobs.byId(id)
    .start();
  await until(() => fake.state.jobs[0]!.quarantined);
}

describe('apps list', () => {
  it('lists every gallery app instance through all pages, with full ids and its jobs, as a table or JSON', async () => {
    const { fake: base, app, sp, job } = await contoso();
    // 44 more instances: three pages of 20 service principals, and of applications.
    const graph = base.client();
    for (let i = 0; i < 44; i += 1) {
      await graph.applicationTemplates.instantiate(CUSTOM_APP_TEMPLATE_ID, {
        displayName: `Custom ${String(i).padStart(3, '0')}`,
      });
    }
    const { fake } = watched(base, undefined, 20);
    const before = { ...base.stats };
    const json = await cli(['--fake', '--json', 'apps', 'list'], { fake });
    expect(json.code).toBe(0);
    // The 45 apps' jobs are read in JSON batches of 20 (3 round trips), as the health scan
    // reads them; with the 3 + 3 list pages, 9 round trips in all, not 51.
    expect(base.stats.batched - before.batched).toBe(45);
    expect(base.stats.requests - before.requests).toBe(9);
    const rows = JSON.parse(json.stdout) as {
      displayName: string;
      applicationId: string;
      servicePrincipalId: string;
      jobs: { id: string; status: string }[];
    }[];
    expect(rows).toHaveLength(45);
    expect(rows[0]).toEqual({
      displayName: 'AWS Contoso',
      applicationId: app.id,
      appId: app.appId,
      servicePrincipalId: sp.id,
      applicationTemplateId: AWS_TEMPLATE_ID,
      jobs: [{ id: job.id, templateId: 'aws', status: 'Active' }],
    });
    expect(rows.at(-1)).toMatchObject({ displayName: 'Custom 043', jobs: [] });
    // Every application found too (they are listed on pages of their own).
    expect(new Set(rows.map((r) => r.applicationId)).size).toBe(45);
    expect(rows.every((r) => r.applicationId !== null)).toBe(true);

    const table = await cli(['--fake', 'apps', 'list', '--name', 'contoso'], { fake });
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^name\s+application\s+appId\s+service principal\s+jobs$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^AWS Contoso\\s+${app.id}\\s+${app.appId}\\s+${sp.id}\\s+${job.id.replace(/\./g, '\\.')} \\(Active\\)$`,
      ),
    );
    expect(lines[2]).toBe('1 app');
  });

  it('says so when no app matches, and sends no write', async () => {
    const { fake, writes } = watched(createFakeGraph({ latencyMs: 0 }));
    const empty = await cli(['--fake', 'apps', 'list'], { fake });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('no gallery apps in this tenant\n');
    const none = await cli(['--fake', '--json', 'apps', 'list', '--name', 'x'], { fake });
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(writes()).toBe(0);
  });
});

describe('apps show', () => {
  it('shows an app by name, object id, appId or service principal id, with the keys of its secrets and never a value', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const created = await cli(
      [
        '--fake',
        'apps',
        'create',
        '--template',
        CUSTOM_APP_TEMPLATE_ID,
        '--name',
        'SCIM Contoso',
        '--secret',
        `BaseAddress=${BASE_ADDRESS}`,
        '--secret',
        `SecretToken=${SECRET}`,
      ],
      { fake },
    );
    expect(created.code).toBe(0);
    const app = fake.state.applications[0]!;
    const sp = fake.state.servicePrincipals[0]!;
    const job = fake.state.jobs[0]!;
    const shown = await Promise.all(
      ['SCIM Contoso', app.id, app.appId, sp.id].map((ref) =>
        cli(['--fake', '--json', 'apps', 'show', ref], { fake }),
      ),
    );
    for (const run of shown) {
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        application: {
          id: app.id,
          appId: app.appId,
          applicationTemplateId: CUSTOM_APP_TEMPLATE_ID,
        },
        servicePrincipal: { id: sp.id },
        secrets: { keys: ['BaseAddress', 'SecretToken'] },
        jobs: [{ id: job.id, status: 'Active', schedule: 'Active', quarantine: null }],
      });
    }
    const human = await cli(['--fake', 'apps', 'show', 'SCIM Contoso'], { fake });
    expect(human.stdout).toContain(`application        ${app.id} (appId ${app.appId})`);
    expect(human.stdout).toContain('secrets            BaseAddress, SecretToken (keys only');
    expect(human.stdout).toContain(`job                ${job.id}`);
    // Graph shows BaseAddress in clear: the CLI still prints keys only.
    for (const run of [...shown, human]) {
      expect(run.stdout + run.stderr).not.toContain(BASE_ADDRESS);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    }
  });

  it("shows a job's quarantine and last run", async () => {
    const fake = createFakeGraph({ latencyMs: 0, provisioning: { perObjectMs: 1 } });
    await quarantined(fake);
    await until(() => fake.state.jobs[0]!.quarantined);
    const run = await cli(['--fake', 'apps', 'show', 'AWS Contoso'], { fake });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/status\s+Quarantine/);
    expect(run.stdout).toMatch(/last run\s+Failed /);
    expect(run.stdout).toMatch(
      /quarantine\s+EncounteredQuarantineException since .*The credential 'ClientSecret' is required/,
    );
  });

  it('refuses a name several apps have, listing them, and says when nothing has it', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const graph = fake.client();
    for (let i = 0; i < 2; i += 1)
      await graph.applicationTemplates.instantiate(AWS_TEMPLATE_ID, { displayName: 'AWS Twin' });
    const [a, b] = fake.state.applications;
    const twin = await cli(['--fake', 'apps', 'show', 'AWS Twin'], { fake });
    expect(twin.code).toBe(1);
    expect(twin.stderr).toContain("2 apps are named 'AWS Twin': name one by its id instead");
    expect(twin.stderr).toContain(`${a!.id} (appId ${a!.appId})`);
    expect(twin.stderr).toContain(`${b!.id} (appId ${b!.appId})`);
    const json = await cli(['--fake', '--json', 'apps', 'show', 'AWS Twin'], { fake });
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { kind: 'ambiguous' } });
    const none = await cli(['--fake', 'apps', 'show', 'AWS Nobody'], { fake });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      "No application or service principal has the id, appId or name 'AWS Nobody'",
    );
  });
});

describe('apps delete', () => {
  it('without --yes says what would go (application, service principal, jobs), exits 2 and sends no write', async () => {
    const { fake: base, app, sp, job } = await contoso();
    const { fake, writes } = watched(base);
    const before = JSON.stringify(base.state);
    const run = await cli(['--fake', 'apps', 'delete', 'AWS Contoso'], { fake });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `would delete application 'AWS Contoso' (id ${app.id}, appId ${app.appId})`,
    );
    expect(run.stdout).toContain(`with its service principal ${sp.id}`);
    expect(run.stdout).toContain(`and its provisioning job ${job.id} (Active)`);
    expect(run.stdout).toContain('deleted items for 30 days');
    expect(run.stderr).toContain('nothing deleted: run it again with --yes');
    const json = await cli(['--fake', '--json', 'apps', 'delete', app.appId], { fake });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      deleted: false,
      wouldDelete: {
        application: { id: app.id, appId: app.appId, displayName: 'AWS Contoso' },
        servicePrincipal: { id: sp.id, displayName: 'AWS Contoso' },
        jobs: [{ id: job.id, templateId: 'aws', status: 'Active' }],
      },
    });
    expect(writes()).toBe(0);
    expect(JSON.stringify(base.state)).toBe(before);
  });

  it('with --yes deletes the application, its service principal and jobs go with it; again, it says it is gone (exit 0)', async () => {
    const { fake: base, app, sp, job } = await contoso();
    await cli(createAws('AWS Fabrikam'), { fake: base });
    const { fake, writes } = watched(base);
    const run = await cli(['--fake', 'apps', 'delete', sp.id, '--yes'], { fake });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`deleted application 'AWS Contoso' (id ${app.id}`);
    expect(run.stdout).toContain(`and its provisioning job ${job.id} (Active)`);
    expect(writes()).toBe(1);
    expect(base.state.applications.map((a) => a.displayName)).toEqual(['AWS Fabrikam']);
    expect(base.state.servicePrincipals.map((s) => s.id)).not.toContain(sp.id);
    expect(base.state.jobs.map((j) => j.id)).not.toContain(job.id);

    const again = await cli(['--fake', '--json', 'apps', 'delete', 'AWS Contoso', '--yes'], {
      fake,
    });
    // By name, gone (or misspelt: it cannot tell) is an error a script sees: exit 1, no write.
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr)).toMatchObject({ error: { kind: 'notFound' } });
    expect(again.stderr).toContain("no application or service principal is named 'AWS Contoso'");
    // By id, gone is what a delete leaves: re-running it is done.
    const byId = await cli(['--fake', '--json', 'apps', 'delete', app.id, '--yes'], { fake });
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.stdout)).toEqual({ deleted: false, found: false, ref: app.id });
    expect(writes()).toBe(1);
  });

  it('refuses a name that an application and the service principal of another app both have', async () => {
    const { fake: base, app } = await contoso();
    expect((await cli(createAws('AWS Fabrikam'), { fake: base })).code).toBe(0);
    const other = base.state.servicePrincipals.find((sp) => sp.displayName === 'AWS Fabrikam')!;
    // The enterprise app of Fabrikam renamed 'AWS Contoso' in the portal (the fake cannot rename).
    const spy = Object.create(base) as FakeGraph;
    Object.defineProperty(spy, 'client', {
      value: (options: Parameters<FakeGraph['client']>[0]) =>
        base.client({
          ...options,
          fetch: async (input: string | URL | Request, init?: RequestInit) => {
            const url = new URL(new Request(input, init).url);
            const filter = url.searchParams.get('$filter') ?? '';
            if (url.pathname.endsWith('/servicePrincipals') && filter.includes('AWS Contoso')) {
              const renamed = { ...other, displayName: 'AWS Contoso' };
              return Response.json({ value: [renamed] });
            }
            return base.fetch(url.href, init);
          },
        }),
    });
    const run = await cli(['--fake', 'apps', 'delete', 'AWS Contoso', '--yes'], { fake: spy });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("2 apps are named 'AWS Contoso'");
    expect(run.stderr).toContain(app.id);
    expect(run.stderr).toContain(other.id);
    expect(base.state.applications).toHaveLength(2);
  });

  it('reports a delete whose answer was lost (a 503 after the work) as done, having read it again', async () => {
    const { fake: base, app } = await contoso();
    const { fake } = watched(base, async (_request, forward) => {
      await forward();
      return unavailable();
    });
    const run = await cli(['--fake', '--json', 'apps', 'delete', app.id, '--yes'], { fake });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      deleted: true,
      alreadyGone: false,
      application: { id: app.id },
    });
    expect(base.state.applications).toEqual([]);
  });

  it('reports a failed delete as failed when the application is still there, and a 404 as gone', async () => {
    const { fake: base, app } = await contoso();
    const failing = watched(base, () => Promise.resolve(unavailable()));
    const run = await cli(['--fake', 'apps', 'delete', app.id, '--yes'], { fake: failing.fake });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Graph still shows the application: it was not deleted');
    expect(base.state.applications).toHaveLength(1);

    // Someone else deletes it between the read and the delete: Graph answers 404.
    const raced = watched(base, async (_request, forward) => {
      await base.client().applications.byId(app.id).delete();
      return forward();
    });
    const gone = await cli(['--fake', 'apps', 'delete', app.id, '--yes'], { fake: raced.fake });
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain(`already deleted application 'AWS Contoso' (id ${app.id}`);
    expect(base.state.applications).toEqual([]);
    const { fake: next, app: again } = await contoso();
    const racedJson = watched(next, async (_request, forward) => {
      await next.client().applications.byId(again.id).delete();
      return forward();
    });
    const json = await cli(['--fake', '--json', 'apps', 'delete', again.id, '--yes'], {
      fake: racedJson.fake,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({ deleted: false, alreadyGone: true });
  });
});

describe('a job that cannot run for want of credentials', () => {
  it('apps create --no-validate without credentials tests nothing and starts the job, as asked', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const argv = ['--fake', 'apps', 'create', '--template', AWS, '--name', 'AWS Unchecked'];
    const run = await cli([...argv, '--no-validate'], { fake });
    expect(run.stderr).not.toContain('testing the saved credentials');
    expect(fake.state.jobs[0]).toMatchObject({ startCalls: 1 });
  });

  it('apps create without credentials creates the app and job, does not start the job, and fails without ✓', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const argv = ['--fake', 'apps', 'create', '--template', AWS, '--name', 'AWS Contoso'];
    const run = await cli(argv, { fake });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('✓');
    const [job] = fake.state.jobs;
    expect(run.stderr).toContain(
      `error: Job ${job!.id} created but not started: the target app refused the credentials saved for it (`,
    );
    expect(run.stderr).toContain("The credential 'ClientSecret' is required");
    expect(run.stderr).toContain(
      'its synchronization template asks for ClientSecret, SecretToken.',
    );
    expect(run.stderr).toContain('--secret KEY=VALUE');
    expect(run.stderr).toContain('--no-start');
    expect(job).toMatchObject({ scheduleState: 'Disabled', startCalls: 0, quarantined: false });

    const json = await cli(['--json', ...argv], { fake });
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: {
        kind: 'badRequest',
        message: expect.stringContaining('found but not started') as unknown,
        partial: { jobId: job!.id, created: { application: false, job: false } },
      },
    });

    // --no-start: nothing to test, a success.
    const stopped = await cli([...argv, '--no-start'], { fake });
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('✓ AWS Contoso already existed');
    // With the credentials: tested, saved, started.
    const started = await cli(createAws('AWS Contoso'), { fake });
    expect(started.code).toBe(0);
    expect(started.stdout).toContain(`(reused, Active, started)`);
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Active', startCalls: 1 });
  });

  it('apps create shows a job in quarantine with "!", not ✓, and exits 1', async () => {
    const fake = createFakeGraph({ latencyMs: 0, provisioning: { perObjectMs: 1 } });
    await quarantined(fake);
    const run = await cli(
      ['--fake', 'apps', 'create', '--template', AWS, '--name', 'AWS Contoso', '--no-start'],
      { fake },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('✓');
    expect(run.stdout).toContain('! AWS Contoso already existed');
    expect(run.stdout).toContain(
      "the job is in quarantine: The credentials for Amazon Web Services (AWS) are missing or invalid. The credential 'ClientSecret' is required",
    );
  });

  it('apply fails the app whose job cannot run (its row says "not started", with what to do), and configures the others', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const dir = tempDir();
    const manifest = join(dir, 'apps.yaml');
    writeFileSync(
      manifest,
      [
        'defaults:',
        `  template: ${AWS}`,
        'apps:',
        '  - displayName: AWS One',
        '    credentials: { ClientSecret: { env: AWS_SECRET }, SecretToken: t }',
        '  - displayName: AWS Two',
      ].join('\n'),
    );
    const run = await cli(['--fake', 'apply', manifest], { fake, env: { AWS_SECRET: SECRET } });
    expect(run.code).toBe(3);
    const two = fake.state.jobs.find(
      (j) =>
        j.servicePrincipalId ===
        fake.state.servicePrincipals.find((s) => s.displayName === 'AWS Two')?.id,
    );
    expect(two).toMatchObject({ scheduleState: 'Disabled', startCalls: 0 });
    expect(run.stdout).toMatch(/AWS One\s+created/);
    const app = fake.state.applications.find((a) => a.displayName === 'AWS Two');
    // One line per app in the table: the full application and job ids, no error text...
    expect(run.stdout).toMatch(
      new RegExp(
        `^AWS Two\\s+not started\\s+${app!.id}\\s+${two!.id.replace(/\./g, '\\.')}\\s*$`,
        'm',
      ),
    );
    // ...which comes below it, in full, with what to do.
    expect(run.stdout).toMatch(/^✗ AWS Two: Job .* created but not started/m);
    expect(run.stdout).toMatch(/^ {2}Give the credentials and run again/m);
    expect(run.stdout).toContain('start: false');
    expect(run.stderr).toContain('✗ AWS Two: Job');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    const results = JSON.parse(readFileSync(join(dir, 'apps.results.json'), 'utf8')) as {
      results: { displayName: string; ok: boolean; notStarted?: boolean }[];
    };
    expect(results.results.map((r) => [r.displayName, r.ok, r.notStarted])).toEqual([
      ['AWS One', true, undefined],
      ['AWS Two', false, true],
    ]);
  });
});
