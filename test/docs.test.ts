import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { problemsOf, readRecipes } from '../scripts/repl-recipes.mjs';

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

describe('docs/repl-and-notebooks.md', () => {
  const recipes = readRecipes(read('docs/repl-and-notebooks.md'));

  it('has the recipes npm run test:pack types into Node, tsx and ts-node, each with its output', () => {
    expect([...recipes.keys()]).toEqual(['node', 'tsx', 'ts-node']);
    for (const recipe of recipes.values()) {
      expect(recipe.repl.length).toBeGreaterThan(3);
      expect(recipe.output[0]).toMatch(/^ConfigureProvisioningResult 'REPL demo': /);
      // One statement a line: a REPL evaluates each line it is given.
      for (const line of recipe.repl) expect(line).toMatch(/[;}]$|^[\w.]+;?$/);
    }
    expect(JSON.parse(recipes.get('ts-node')!.files['tsconfig.json']!)).toEqual({
      compilerOptions: { module: 'commonjs', target: 'es2022', strict: true },
    });
    // Node and tsx take no static import of a value; ts-node (compiling to CommonJS) does.
    expect(recipes.get('node')!.repl.join('\n')).not.toMatch(/^import /m);
    expect(recipes.get('tsx')!.repl.join('\n')).not.toMatch(/^import (?!type )/m);
  });

  it('reads what a REPL printed against the output block: in order, `…` for any text, errors named', () => {
    const recipe = { name: 'x', repl: ['1'], output: ['a … c', 'd'], files: {} };
    expect(problemsOf(recipe, '> a b c\n> d\n')).toEqual([]);
    expect(problemsOf(recipe, '> d\na b c\n')).toEqual(['never printed (in order): d']);
    expect(problemsOf(recipe, 'a b c\nd\nUncaught SyntaxError: x')).toEqual([
      'error: Uncaught SyntaxError: x',
    ]);
  });
});
