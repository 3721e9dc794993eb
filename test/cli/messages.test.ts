import { describe, expect, it } from 'vitest';
import { cli, tempFile } from './helpers.js';
import { maskedExcerpt, parseReason, shownEnvName } from '../../src/cli/args.js';
import { clock, progressPrefix } from '../../src/cli/commands/apply.js';
import { InvalidInputError } from '../../src/index.js';
import { createFakeGraph } from '../../src/testing/index.js';

const AWS = 'Amazon Web Services (AWS)';
const SECRET = 'Sup3r-Secret-Value-7731';

describe('CLI messages name what the user must fix', () => {
  it('name the unset environment variable of --from-env and of a manifest env: field', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const fromEnv = await cli(
      ['--fake', 'secrets', 'set', 'AWS Contoso', '--from-env', 'SecretToken=SN_SECRET_TOKEN'],
      { fake },
    );
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain(
      '--from-env: SecretToken needs environment variable SN_SECRET_TOKEN, which is not set',
    );
    const path = tempFile(
      'apps.yaml',
      `apps:\n  - template: ${AWS}\n    displayName: AWS One\n    credentials:\n      ClientSecret: { env: AWS_CLIENT_SECRET }\n`,
    );
    const planned = await cli(['--fake', 'plan', path], { fake });
    expect(planned.code).toBe(2);
    expect(planned.stderr).toContain(
      'ClientSecret needs environment variable AWS_CLIENT_SECRET, which is not set',
    );
    expect(fake.stats.received).toBe(0);
  });

  it('do not echo an environment variable "name" that looks like a secret typed in its place', async () => {
    const run = await cli(
      ['--fake', 'secrets', 'set', 'AWS Contoso', '--from-env', `SecretToken=${SECRET}`],
      { fake: createFakeGraph({ latencyMs: 0 }) },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('its name is not shown');
    expect(run.stderr).not.toContain(SECRET);
    for (const name of ['SN_CLIENT_SECRET', 'TOKEN', '_X', 'AWS_REGION_2']) {
      expect(shownEnvName(name)).toBe(name);
    }
    // Lower or mixed case, long runs, a long name without "_", many digits: values, not names.
    for (const value of [
      SECRET,
      'JBSWY3DPEHPK3PXP',
      'correct_horse_battery_staple',
      'A1B2C3D4',
      'abc-def',
      'x y',
      '',
    ]) {
      expect(shownEnvName(value)).toBeUndefined();
    }
  });

  it('suggest the field a misspelt manifest field was meant to be, before any request', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const path = tempFile(
      'apps.yaml',
      `defaults:\n  tempalte: ${AWS}\napps:\n  - template: ${AWS}\n    displayname: AWS One\n`,
    );
    const run = await cli(['--fake', 'plan', path], { fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "apps[0]: unknown field 'displayname' (did you mean 'displayName'?)",
    );
    expect(run.stderr).toContain("defaults: unknown field 'tempalte' (did you mean 'template'?)");
    expect(fake.stats.received).toBe(0);
  });

  it('suggest the field a misspelt spec field was meant to be, nested ones too', async () => {
    const client = createFakeGraph({ latencyMs: 0 }).client();
    const misspelt = { template: AWS, displayname: 'x', strat: true } as never;
    const error = await client.configureProvisioning(misspelt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(
      "unknown fields 'displayname', 'strat' ('displayname': did you mean 'displayName'?; 'strat': did you mean 'start'?)",
    );
    const unrelated = await client
      .configureProvisioning({ template: AWS, displayName: 'x', zzzzzzzz: 1 } as never)
      .catch((e: unknown) => e);
    expect((unrelated as Error).message).toContain("unknown field 'zzzzzzzz'");
    expect((unrelated as Error).message).not.toContain('did you mean');
  });
});

describe('manifest parse errors', () => {
  it('give the reason and the line with a caret, field and secret names shown, values masked', async () => {
    const path = tempFile(
      'apps.yaml',
      `apps:\n  - template: ${AWS}\n    displayName: AWS One\n    credentials:\n      ClientSecret: ${SECRET}\n      SecretToken: "${SECRET}\n`,
    );
    const run = await cli(['--fake', 'plan', path], { fake: createFakeGraph({ latencyMs: 0 }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `manifest: ${path} is not valid YAML at line 7, column 1: a closing quote, bracket, brace, comma or colon is missing`,
    );
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stderr).not.toMatch(/Sup3r|7731|Value/);
  });

  it('in JSON, put the caret under the character at fault', async () => {
    const text = `{ "apps": [ { "template": "${AWS}", "credentials": { "ClientSecret": "${SECRET}" } ] }`;
    const path = tempFile('apps.json', text);
    const run = await cli(['--fake', 'plan', path], { fake: createFakeGraph({ latencyMs: 0 }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not valid JSON at line 1, column');
    expect(run.stderr).toContain(": expected ',' or '}' after property value");
    const [, line, caret] = run.stderr.split('\n');
    expect(line).toBe(
      '  1 | { "apps": [ { "template": "…", "credentials": { "ClientSecret": "…" } ] }',
    );
    expect(line!.charAt(caret!.indexOf('^'))).toBe(']');
    expect(run.stderr).not.toContain(SECRET);
  });

  it('never show any part of a value, whatever words it holds', () => {
    const shownWord = (w: string) =>
      ['template', 'displayName', 'ClientSecret', 'value'].includes(w);
    const cases = [
      'ClientSecret: abc-value value # value',
      '  - template: "value", displayName: \'x value\'',
      'ClientSecret: https://value:8443/value',
      'value: "unterminated value',
    ];
    for (const line of cases) {
      const excerpt = maskedExcerpt(line, { line: 1, col: 3 }, shownWord);
      const body = excerpt.split('\n')[0]!.replace(/^ {2}1 \| /, '');
      // Only the keys (followed by ":") may be shown: each value is one "…".
      expect(body.replace(/\w+(?=: |:$)/g, '')).not.toMatch(/value|abc|https|8443|x/);
    }
    expect(maskedExcerpt('value: "unterminated value', { line: 1, col: 1 }, shownWord)).toBe(
      '  1 | value: "…\n    | ^',
    );
  });

  it("quote nothing of a value through a YAML warning, an escape sequence or a value's shape", async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const cases: [string, string, RegExp][] = [
      [
        `ClientSecret: !custom S3cr3tValueXYZ`,
        'S3cr3tValueXYZ',
        /line 5, column \d+: an unknown tag \(a manifest is plain YAML: no !Ref or !secret\)/,
      ],
      [
        `ClientSecret: "ab\\UHUNTER22x"`,
        'HUNTER22',
        /an invalid escape sequence in a double-quoted string/,
      ],
      [
        `ClientSecret: p4s,s]w{rd} x:y: z`,
        'p4s',
        /line 5, column \d+: a mapping or sequence used as a key \(a missing line break\?\)[\s\S]*\| {7}ClientSecret: …: …\n/,
      ],
    ];
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      for (const [line, secret, reason] of cases) {
        const path = tempFile(
          'apps.yaml',
          `apps:\n  - template: ${AWS}\n    displayName: A\n    credentials:\n      ${line}\n`,
        );
        const run = await cli(['--fake', 'plan', path], { fake });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(reason);
        expect(run.stderr).not.toContain(secret);
        expect(run.stderr).not.toMatch(/[,\]{}]…|…[,\]{}]/);
      }
    } finally {
      process.off('warning', onWarning);
    }
    // yaml emits its warnings through process.emitWarning, with the line: silenced.
    expect(warnings).toEqual([]);
  });

  it("word the parser's reason without quoting the document", () => {
    expect(parseReason('Unexpected token \'a\', "{"a": abc}" is not valid JSON')).toBe(
      'unexpected character',
    );
    expect(parseReason('Unresolved alias (the anchor must be set before the alias): s3cret')).toBe(
      'unresolved alias (the anchor must be set before the alias)',
    );
    expect(parseReason('Map keys must be unique at line 2, column 1:\n\nx: 1\n^')).toBe(
      'map keys must be unique',
    );
    expect(parseReason('Unterminated string in JSON at position 20')).toBe('unterminated string');
  });
});

describe('apply output', () => {
  it('words elapsed time and the time left at the pace so far', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(7_400)).toBe('0:07');
    expect(clock(750_000)).toBe('12:30');
    expect(clock(3_723_000)).toBe('1:02:03');
    // 3 of 20 apps in 12 s: 17 more at 4 s each.
    expect(progressPrefix(3, 20, 12_000)).toBe('[3/20 0:12, about 1:08 left]');
    expect(progressPrefix(20, 20, 80_000)).toBe('[20/20 1:20]');
  });

  it('off a terminal, prefixes each finished app with its count, elapsed time and time left', async () => {
    const path = tempFile(
      'apps.yaml',
      `defaults:\n  template: ${AWS}\napps:\n  - displayName: A1\n    credentials: { ClientSecret: c, SecretToken: t }\n  - displayName: A2\n    credentials: { ClientSecret: c, SecretToken: t }\n`,
    );
    const run = await cli(['--fake', 'apply', path], { fake: createFakeGraph({ latencyMs: 0 }) });
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.includes('✓'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[1\/2 \d+:\d\d, about \d+:\d\d left\] ✓ A[12]$/);
    expect(lines[1]).toMatch(/^\[2\/2 \d+:\d\d\] ✓ A[12]$/);
  });

  it('with --json, when every app fails, writes the error document to stderr as well as the report to stdout', async () => {
    const path = tempFile(
      'apps.yaml',
      `apps:\n  - template: ${AWS}\n    displayName: No Credentials\n`,
    );
    const run = await cli(['--fake', '--json', 'apply', path], {
      fake: createFakeGraph({ latencyMs: 0 }),
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { summary: { failed: number } };
    expect(report.summary.failed).toBe(1);
    const error = JSON.parse(run.stderr) as { error: { kind: string; message: string } };
    expect(error.error.kind).toBe('badRequest');
    expect(error.error.message).toMatch(/^1 of 1 apps failed: see .*apps\.results\.json$/);
  });

  it('plans name the appId, service principal and job that exist by their full ids, in --json too', async () => {
    const fake = createFakeGraph({ latencyMs: 0 });
    const path = tempFile(
      'apps.yaml',
      `apps:\n  - template: ${AWS}\n    displayName: AWS One\n    credentials: { ClientSecret: c, SecretToken: t }\n`,
    );
    expect((await cli(['--fake', 'apply', path], { fake })).code).toBe(0);
    const planned = await cli(['--fake', '--json', 'plan', path], { fake });
    const [row] = (JSON.parse(planned.stdout) as { apps: Record<string, unknown>[] }).apps;
    const sp = fake.state.servicePrincipals[0]!;
    expect(row).toMatchObject({
      appId: sp.appId,
      servicePrincipalId: sp.id,
      jobId: fake.state.jobs[0]!.id,
    });
    expect(sp.appId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
