import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the CLI modules', () => {
  it('command modules import what they share from command.ts, never back from main.ts (which imports them)', () => {
    const dir = join(process.cwd(), 'src', 'cli', 'commands');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(11);
    const importingMain = files.filter((f) =>
      /from '\.\.\/main\.js'/.test(readFileSync(join(dir, f), 'utf8')),
    );
    expect(importingMain).toEqual([]);
  });
});
