/**
 * The build step that puts the CommonJS chunks a require loads into one file: every entry and
 * first-use module still gets one copy of each chunk, a require behaves as Node's does (cycles,
 * a throw), and the source map still leads each line to its source.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeCjsChunks } from '../../scripts/merge-cjs-chunks.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Writes `files` (name → lines) into a fresh directory, each with a map that sends every line with
 * code to line 100 + its number of `src/<name>.ts`, at its first non-blank column.
 */
function dist(files: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'merge-cjs-'));
  dirs.push(dir);
  for (const [name, lines] of Object.entries(files)) {
    const code = [...lines, `//# sourceMappingURL=${name}.map`, `//# sourceMappingURL=${name}.map`];
    writeFileSync(join(dir, name), `${code.join('\n')}\n`);
    const mappings = encode(
      code.map((line, i) =>
        i === 0 || line.startsWith('//') || line.trim() === ''
          ? []
          : [[line.length - line.trimStart().length, 0, 100 + i, 2]],
      ),
    );
    const map = {
      version: 3,
      sources: [`../src/${name}.ts`],
      sourcesContent: [name],
      names: [],
      mappings,
    };
    writeFileSync(join(dir, `${name}.map`), JSON.stringify(map));
  }
  return dir;
}

/** Where `text`'s line of `file` maps to, through the file's map. */
function origin(dir: string, file: string, text: string): [string, number, number] {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  expect(line).toBeGreaterThan(-1);
  const map = JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as {
    sources: string[];
    mappings: string;
  };
  const column = lines[line]!.indexOf(text);
  const segments = decode(map.mappings)[line] ?? [];
  const segment = segments.filter((s) => s[0] <= column).at(-1)!;
  return [map.sources[segment[1]!]!, segment[2]!, segment[3]!];
}

const STRICT = "'use strict';";

describe('mergeCjsChunks', () => {
  it('moves what a require of index.cjs loads into modules.cjs, one copy shared by every entry', async () => {
    const dir = dist({
      'index.cjs': [
        STRICT,
        "var a = require('./chunk-a.cjs');",
        "var b = require('./chunk-b.cjs');",
        'exports.make = function () { return new a.Thing(); };',
        'exports.later = function () { return import("./later.cjs"); };',
        'exports.b = b.value;',
      ],
      'chunk-a.cjs': [STRICT, 'class Thing {}', 'exports.Thing = Thing;'],
      'chunk-b.cjs': [
        STRICT,
        "var a = require('./chunk-a.cjs');",
        'exports.value = typeof a.Thing;',
      ],
      'testing.cjs': [STRICT, "var a = require('./chunk-a.cjs');", 'exports.Thing = a.Thing;'],
      'later.cjs': [STRICT, "var a = require('./chunk-a.cjs');", 'exports.Thing = a.Thing;'],
    });
    expect(mergeCjsChunks(dir)).toEqual(['chunk-a.cjs', 'chunk-b.cjs']);
    expect(readdirSync(dir).sort()).toEqual(
      ['index.cjs', 'later.cjs', 'modules.cjs', 'testing.cjs'].flatMap((f) => [f, `${f}.map`]),
    );
    const req = createRequire(join(dir, 'x.cjs'));
    const index = req('./index.cjs') as {
      make(): object;
      later(): Promise<{ Thing: unknown }>;
      b: string;
    };
    const testing = req('./testing.cjs') as { Thing: new () => object };
    expect(index.b).toBe('function');
    expect(index.make()).toBeInstanceOf(testing.Thing);
    expect((await index.later()).Thing).toBe(testing.Thing);
    const loaded = Object.keys(req.cache).filter((path) => path.startsWith(dir));
    expect(loaded.map((path) => path.slice(dir.length + 1)).sort()).toEqual([
      'index.cjs',
      'later.cjs',
      'modules.cjs',
      'testing.cjs',
    ]);
  });

  it('rewires a require without moving any code of its line, and keeps one map link', () => {
    const dir = dist({
      'index.cjs': [STRICT, "var a = require('./chunk-a.cjs'); exports.a = a.x;"],
      'chunk-a.cjs': [STRICT, 'exports.x = 1;'],
    });
    mergeCjsChunks(dir);
    const lines = readFileSync(join(dir, 'index.cjs'), 'utf8').split('\n');
    expect(lines[0]).toBe(`${STRICT}var __chunk = require('./modules.cjs');`);
    expect(lines[1]).toBe("var a = __chunk('./chunk-a.cjs'); exports.a = a.x;");
    expect(lines.filter((l) => l.startsWith('//# sourceMappingURL='))).toEqual([
      '//# sourceMappingURL=index.cjs.map',
    ]);
  });

  it("sends each merged line to its own source, line and column through modules.cjs's map", () => {
    const dir = dist({
      'index.cjs': [
        STRICT,
        "var a = require('./chunk-a.cjs');",
        "var b = require('./chunk-b.cjs');",
      ],
      'chunk-a.cjs': [STRICT, 'function one() {', '  return 1;', '}', 'exports.one = one;'],
      'chunk-b.cjs': [STRICT, '', '    const two = 2;', 'exports.two = two;'],
    });
    const before = [
      origin(dir, 'chunk-a.cjs', 'return 1;'),
      origin(dir, 'chunk-a.cjs', 'exports.one'),
      origin(dir, 'chunk-b.cjs', 'const two'),
      origin(dir, 'chunk-b.cjs', 'exports.two'),
    ];
    expect(before).toEqual([
      ['../src/chunk-a.cjs.ts', 102, 2],
      ['../src/chunk-a.cjs.ts', 104, 2],
      ['../src/chunk-b.cjs.ts', 102, 2],
      ['../src/chunk-b.cjs.ts', 103, 2],
    ]);
    mergeCjsChunks(dir);
    expect([
      origin(dir, 'modules.cjs', 'return 1;'),
      origin(dir, 'modules.cjs', 'exports.one'),
      origin(dir, 'modules.cjs', 'const two'),
      origin(dir, 'modules.cjs', 'exports.two'),
    ]).toEqual(before);
    const map = JSON.parse(readFileSync(join(dir, 'modules.cjs.map'), 'utf8')) as {
      sourcesContent: string[];
    };
    expect(map.sourcesContent).toEqual(['chunk-a.cjs', 'chunk-b.cjs']);
  });

  it("behaves as Node's require: a cycle sees partial exports, a chunk that throws runs again", () => {
    const dir = dist({
      'index.cjs': [
        STRICT,
        "var a = require('./chunk-a.cjs');",
        'exports.seen = a.seen;',
        "exports.flaky = function () { return require('./chunk-c.cjs').ok; };",
      ],
      'chunk-a.cjs': [
        STRICT,
        'exports.early = 1;',
        "var b = require('./chunk-b.cjs');",
        'exports.seen = b.seen;',
      ],
      'chunk-b.cjs': [
        STRICT,
        "var a = require('./chunk-a.cjs');",
        'exports.seen = Object.keys(a);',
      ],
      'chunk-c.cjs': [
        STRICT,
        'globalThis.__mergeCjsRuns = (globalThis.__mergeCjsRuns ?? 0) + 1;',
        "if (globalThis.__mergeCjsRuns === 1) throw new Error('first run');",
        'exports.ok = globalThis.__mergeCjsRuns;',
      ],
    });
    mergeCjsChunks(dir);
    const index = createRequire(join(dir, 'x.cjs'))('./index.cjs') as {
      seen: string[];
      flaky(): number;
    };
    expect(index.seen).toEqual(['early']);
    try {
      expect(() => index.flaky()).toThrow('first run');
      expect(index.flaky()).toBe(2);
      expect(index.flaky()).toBe(2);
    } finally {
      delete (globalThis as { __mergeCjsRuns?: number }).__mergeCjsRuns;
    }
  });

  it('refuses a chunk that a module loads with import(), which cannot be merged', () => {
    const dir = dist({
      'index.cjs': [STRICT, "var a = require('./chunk-a.cjs');"],
      'chunk-a.cjs': [STRICT, 'exports.x = 1;'],
      'later.cjs': [STRICT, "exports.load = () => import('./chunk-a.cjs');"],
    });
    expect(() => mergeCjsChunks(dir)).toThrow(/later\.cjs loads chunk-a\.cjs with import\(\)/);
    expect(readdirSync(dir)).not.toContain('modules.cjs');
  });

  it('refuses a file that requires a chunk but does not begin with use strict, writing nothing', () => {
    const dir = dist({
      'index.cjs': [STRICT, "var a = require('./chunk-a.cjs');"],
      'chunk-a.cjs': [STRICT, 'exports.x = 1;'],
      'later.cjs': ["var a = require('./chunk-a.cjs');"],
    });
    const contents = (): Record<string, string> =>
      Object.fromEntries(
        readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
      );
    const before = contents();
    expect(() => mergeCjsChunks(dir)).toThrow(/later\.cjs does not begin with 'use strict';/);
    expect(contents()).toEqual(before);
  });

  it('leaves a require that is only text, in a string or a comment, as it is', () => {
    const dir = dist({
      'index.cjs': [
        STRICT,
        "var a = require('./chunk-a.cjs');",
        "exports.text = \"require('./chunk-a.cjs')\"; // require('./chunk-a.cjs')",
      ],
      'chunk-a.cjs': [STRICT, 'exports.x = 1;'],
    });
    mergeCjsChunks(dir);
    expect(readFileSync(join(dir, 'index.cjs'), 'utf8').split('\n').slice(1, 3)).toEqual([
      "var a = __chunk('./chunk-a.cjs');",
      "exports.text = \"require('./chunk-a.cjs')\"; // require('./chunk-a.cjs')",
    ]);
    const index = createRequire(join(dir, 'x.cjs'))('./index.cjs') as { text: string };
    expect(index.text).toBe("require('./chunk-a.cjs')");
  });
});
