/**
 * A command line that names a command group registers only that group (commander's work for the
 * others is a tenth of the CLI's start-up); one that names none, or that commander might read
 * otherwise, registers them all. Either way the output is the same.
 */
import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { namedGroup } from '../../src/cli/main.js';
import { cli } from './helpers.js';

const GROUPS = [
  'templates',
  'apps',
  'plan',
  'export',
  'apply',
  'jobs',
  'logs',
  'health',
  'secrets',
  'assignments',
  'fake',
];

/** Options shaped as the program's: flags, a negated flag, values, a version flag. */
function options(): readonly Option[] {
  return new Command()
    .version('1.0.0', '-V, --version')
    .option('--json')
    .option('--base-url <url>')
    .addOption(new Option('--cloud <name>').choices(['global', 'china']))
    .option('--no-color')
    .option('--maybe [value]').options;
}

describe('the command group a command line names', () => {
  it('is its first word after the options, values skipped', () => {
    for (const [argv, group] of [
      [['templates', 'list'], 'templates'],
      [['--json', 'jobs', 'list', 'x'], 'jobs'],
      [['--base-url', 'http://127.0.0.1:1', 'apps', 'list'], 'apps'],
      [['--base-url=http://127.0.0.1:1', '--no-color', 'apps'], 'apps'],
      [['--cloud', 'china', '-V', 'fake', 'serve'], 'fake'],
      [['--base-url', 'templates', 'list'], undefined],
      [['templatez'], undefined],
      [['help', 'templates'], undefined],
      [[], undefined],
      [['--json'], undefined],
      [['--help', 'templates'], undefined],
      [['-h', 'templates'], undefined],
      [['--unknown', 'templates'], undefined],
      [['--json=1', 'templates'], undefined],
      [['--maybe', 'templates'], undefined],
      [['--', 'templates'], undefined],
    ] as const) {
      expect([argv, namedGroup(argv, options())]).toEqual([argv, group]);
    }
  });
});

describe('a command line that names a group', () => {
  it("prints the group's help as the program with every group does", async () => {
    for (const group of GROUPS) {
      const alone = await cli([group, '--help']);
      // `help <group>` (every group registered) prints the same, and exits 2 as a usage error.
      const all = await cli(['help', group]);
      expect(alone.stdout).not.toBe('');
      expect([alone.stdout, alone.stderr]).toEqual([all.stdout, all.stderr]);
      expect(alone.code).toBe(0);
    }
  });

  it('lists every group in the help of the program, whatever follows --help', async () => {
    const help = await cli(['--help', 'templates']);
    expect(help.code).toBe(0);
    for (const group of GROUPS) expect(help.stdout).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
  });

  it("suggests a group's own subcommands, and every group for a mistyped one", async () => {
    const sub = await cli(['templates', 'lsit']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('(Did you mean list?)');
    const group = await cli(['--json', 'tempaltes', 'list']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('(Did you mean templates?)');
  });
});
