import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (path: string): string =>
  readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), 'utf8');

describe('README', () => {
  it('shows the fake-Graph example exactly as it runs in CI (examples/testing-with-the-fake.test.ts)', () => {
    const example = read('examples/testing-with-the-fake.test.ts').trimEnd();
    expect(read('README.md')).toContain(
      `<!-- examples/testing-with-the-fake.test.ts -->\n\n\`\`\`ts\n${example}\n\`\`\``,
    );
  });

  it('starts with the two Quick start commands of a fresh clone', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npm run demo\nnpm ci && npm test\n');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.demo).toBeDefined();
    expect(scripts.test).toBe('vitest run');
  });
});
