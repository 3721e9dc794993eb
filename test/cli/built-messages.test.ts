/**
 * This stop's CLI messages and output, from the built executable (dist/cli.js when it is newer
 * than the sources, else the same esbuild build made now), as a user's shell runs it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { builtExecutable, tempFile } from './helpers.js';

const AWS = 'Amazon Web Services (AWS)';
const SECRET = 'Sup3r-Secret-Value-7731';

const executable = () =>
  builtExecutable(['src/cli/main.ts', 'src/cli/args.ts', 'src/cli/commands/apply.ts']);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const bin = await executable();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the built executable says what to fix', () => {
  it('names an unset variable, suggests a misspelt field, and shows a broken line with every value masked', async () => {
    const unset = await run([
      '--fake',
      'secrets',
      'set',
      'x',
      '--from-env',
      'SecretToken=SN_TOKEN',
    ]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain(
      'SecretToken needs environment variable SN_TOKEN, which is not set',
    );

    const misspelt = await run([
      '--fake',
      'plan',
      tempFile('apps.yaml', `apps:\n  - template: ${AWS}\n    displayname: One\n`),
    ]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain("unknown field 'displayname' (did you mean 'displayName'?)");

    const broken = await run([
      '--fake',
      'plan',
      tempFile(
        'apps.json',
        `{ "apps": [ { "template": "${AWS}", "credentials": { "ClientSecret": "${SECRET}" } ] }`,
      ),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(
      '  1 | { "apps": [ { "template": "…", "credentials": { "ClientSecret": "…" } ] }',
    );
    expect(broken.stderr).not.toContain(SECRET);
  });

  it('applies with a counted, timed line per app off a terminal, one table line per app, and lists the apps', async () => {
    const manifest = tempFile(
      'apps.yaml',
      `defaults:\n  template: ${AWS}\napps:\n  - displayName: B1\n    credentials: { ClientSecret: c, SecretToken: t }\n  - displayName: B2\n`,
    );
    const applied = await run(['--fake', 'apply', manifest]);
    expect(applied.code).toBe(3);
    expect(applied.stderr).toMatch(/^\[1\/2 \d+:\d\d, about \d+:\d\d left\] [✓✗] B[12]/m);
    expect(applied.stderr).toMatch(/^\[2\/2 \d+:\d\d\] [✓✗] B[12]/m);
    expect(applied.stdout).toMatch(/^B1\s+created\s+[\w-]{36}\s+aws\.[\w.-]+\s+Active\s*$/m);
    expect(applied.stdout).toMatch(/^B2\s+not started\s+[\w-]{36}\s+aws\.[\w.-]+\s*$/m);
    expect(applied.stdout).toMatch(/^✗ B2: Job aws\.[\w.-]+ created but not started/m);

    const listed = await run(['--fake', '--json', 'apps', 'list']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});
