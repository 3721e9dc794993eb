/**
 * Every documented example under test/fixtures/graph is exercised somewhere in the suite: a
 * test reads it with fixtureJson / fixtureText / fixtureResponse by its full file name. Adding a
 * fixture without a test that uses it fails here, and so does a test naming a fixture that does
 * not exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'graph');
const VERSIONS = ['v1.0', 'beta'] as const;

/** Every fixture file, as `version/name`. */
function fixtureFiles(): string[] {
  return VERSIONS.flatMap((version) =>
    readdirSync(join(fixtures, version)).map((name) => `${version}/${name}`),
  ).sort();
}

/** Test sources (this file excluded), recursively. */
function testSources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testSources(path);
    if (!/\.ts$/.test(entry.name) || path === fileURLToPath(import.meta.url)) return [];
    return [{ path: relative(root, path), text: readFileSync(path, 'utf8') }];
  });
}

const CALL = /fixture(?:Json|Text|Response)\(\s*([^,]+?)\s*,\s*(?:'([^']+)'|([A-Za-z]\w*))/g;

/**
 * The fixture names the sources read: string literals passed to a fixture helper, or named
 * through a variable whose literal values appear in the same file (tables of examples).
 */
export function usedFixtureNames(sources: readonly { text: string }[]): Set<string> {
  const used = new Set<string>();
  for (const { text } of sources) {
    const literals = new Set(
      [...text.matchAll(/'([^'\n]+\.(?:json|txt))'/g)].map((m) => m[1] ?? ''),
    );
    for (const match of text.matchAll(CALL)) {
      if (match[2] !== undefined) used.add(match[2]);
      // A variable: count the fixture-looking literals of the file that it can hold.
      else for (const literal of literals) used.add(literal);
    }
  }
  return used;
}

describe('fixture coverage', () => {
  const files = fixtureFiles();
  const sources = [...testSources(join(root, 'test')), ...testSources(join(root, 'examples'))];
  const used = usedFixtureNames(sources);

  it("copies all 47 of Microsoft's documented examples", () => {
    expect(files).toHaveLength(47);
  });

  it.each(files)('exercises %s in a test', (file) => {
    const name = file.slice(file.indexOf('/') + 1);
    expect(used.has(name), `no test reads ${file}`).toBe(true);
  });

  it('names only fixtures that exist', () => {
    const names = new Set(files.map((f) => f.slice(f.indexOf('/') + 1)));
    expect([...used].filter((name) => !names.has(name))).toEqual([]);
  });

  it('reports a fixture no test reads (the check can fail)', () => {
    const found = usedFixtureNames([
      { text: "fixtureJson(version, 'a.response.json'); const x = 'b.request.json';" },
    ]);
    expect(found.has('a.response.json')).toBe(true);
    expect(found.has('c.response.json')).toBe(false);
  });
});
