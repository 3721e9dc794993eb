// Puts the CommonJS chunks that `require('entra-provisioning')` loads into one file,
// `dist/modules.cjs`, so that a require reads and compiles two files (index.cjs and it) instead
// of eleven. `npm run build` runs it after tsup.
//
// Why: each file a require loads is read into a string of its own and compiled alone. The eleven
// files (288 kB, the largest 79 kB) are each small enough for V8's young generation, so a bare
// require allocated about 930 kB there, which with what Node itself had allocated went over the
// 1 MB young space of a fresh Node, and paid one or two young-generation collections (2 to 3 ms
// each) before it returned. One file of 250 kB is allocated apart from the young generation (V8
// puts objects over 128 kB in a space of their own): the same require allocates about 590 kB
// there and, with fewer files to resolve and read, takes about 0.96x the time (100 alternating
// pairs).
//
// How: the code of each merged chunk is kept as it is (esbuild's CommonJS, the same names, the
// same `exports.x =` lines, the same `import()` of first-use modules) inside a function of
// `modules.cjs`, run on its first require as Node runs a module (cached before it runs, so that
// a cycle sees the partial exports; removed from the cache when it throws). Every
// `require('./chunk-….cjs')` of a merged chunk, in any .cjs file of dist/, becomes
// `__chunk('./chunk-….cjs')`: the same length, so no code moves within its line, and `__chunk`
// comes from `require('./modules.cjs')`, added after the `'use strict';` that begins each file.
// So every class has one copy whichever entry (index.cjs, testing.cjs) or first-use module loads
// it first. Lines are copied whole, so `modules.cjs.map` is the chunks' own maps, moved down to
// where each chunk's lines now are.
//
// Only what a require of index.cjs loads is merged: testing.cjs's own chunks and the first-use
// modules (loaded with `import()`, which bundlers split at) stay files of their own.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { parse } from 'acorn';

const OUTPUT = 'modules.cjs';
const LOADER = '__chunk';
const STRICT = "'use strict';";
const MAP_URL = /^\/\/# sourceMappingURL=.*$/gm;
const RELATIVE = /^\.\/([\w.-]+\.cjs)$/;

/**
 * The `require('./x.cjs')` calls (where the callee's name is) and `import('./x.cjs')` of a file,
 * read from its syntax tree: text that only looks like one, in a string or a comment, is not.
 */
function references(code) {
  const requires = [];
  const imports = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object' || typeof node.type !== 'string') return;
    const [argument] = node.arguments ?? [];
    if (
      node.type === 'CallExpression' &&
      node.callee.type === 'Identifier' &&
      node.callee.name === 'require' &&
      node.arguments.length === 1 &&
      typeof argument.value === 'string' &&
      RELATIVE.test(argument.value)
    ) {
      requires.push({ at: node.callee.start, spec: RELATIVE.exec(argument.value)[1] });
    }
    if (node.type === 'ImportExpression' && typeof node.source.value === 'string') {
      const spec = RELATIVE.exec(node.source.value)?.[1];
      if (spec !== undefined) imports.push(spec);
    }
    for (const key of Object.keys(node)) if (key !== 'type') visit(node[key]);
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'script' }));
  return { requires, imports };
}

/** The .cjs files that a require of `entry` loads, `entry` aside, in the order they load. */
function statically(files, entry) {
  const seen = new Set([entry]);
  const order = [];
  const visit = (file) => {
    for (const { spec } of files.get(file)?.requires ?? []) {
      if (seen.has(spec) || !files.has(spec)) continue;
      seen.add(spec);
      visit(spec);
      order.push(spec);
    }
  };
  visit(entry);
  return order;
}

function fail(message) {
  throw new Error(`merge-cjs-chunks: ${message}`);
}

/** `code` with each require of a merged chunk written as a call of the loader (same length). */
function throughLoader({ code, requires }, merged) {
  let out = code;
  for (const { at, spec } of requires) {
    if (merged.has(spec)) out = `${out.slice(0, at)}${LOADER}${out.slice(at + 'require'.length)}`;
  }
  return out;
}

function readMap(dist, file) {
  const path = join(dist, `${file}.map`);
  if (!existsSync(path)) fail(`${file} has no source map`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A list without repeats, and each value's index in it. */
function interned() {
  const list = [];
  const index = new Map();
  const at = (value) => {
    if (!index.has(value)) {
      index.set(value, list.length);
      list.push(value);
    }
    return index.get(value);
  };
  return { list, at };
}

/** The merged chunks' maps as one, each chunk's lines starting at its line of `modules.cjs`. */
function mergeMaps(parts, lineCount) {
  const sources = interned();
  const sourcesContent = [];
  const names = interned();
  const lines = Array.from({ length: lineCount }, () => []);
  for (const { map, firstLine } of parts) {
    const sourceAt = map.sources.map((source, i) => {
      const at = sources.at(source);
      sourcesContent[at] ??= map.sourcesContent?.[i] ?? null;
      return at;
    });
    const nameAt = (map.names ?? []).map(names.at);
    decode(map.mappings).forEach((segments, line) => {
      if (segments.length === 0) return;
      if (firstLine + line >= lineCount) fail('a chunk map has more lines than its chunk');
      lines[firstLine + line] = segments.map((s) => {
        if (s.length === 1) return [s[0]];
        const moved = [s[0], sourceAt[s[1]], s[2], s[3]];
        if (s.length === 5) moved.push(nameAt[s[4]]);
        return moved;
      });
    });
  }
  return {
    version: 3,
    file: OUTPUT,
    sources: sources.list,
    sourcesContent,
    names: names.list,
    mappings: encode(lines),
  };
}

/** The text of `modules.cjs` and its map. */
function buildModules(dist, files, merged) {
  const mergedSet = new Set(merged);
  const lines = [STRICT, 'var __defs = {'];
  const parts = [];
  for (const name of merged) {
    const file = files.get(name);
    if (/\b__filename\b/.test(file.code))
      fail(`${name} reads __filename, which would name ${OUTPUT}`);
    lines.push(`${JSON.stringify(`./${name}`)}: function (exports, module) {`);
    parts.push({ map: readMap(dist, name), firstLine: lines.length });
    const code = throughLoader(file, mergedSet);
    lines.push(...code.replace(MAP_URL, '').replace(/\n+$/, '').split('\n'));
    lines.push('},');
  }
  lines.push(
    '};',
    'var __cache = Object.create(null);',
    `function ${LOADER}(id) {`,
    '  var cached = __cache[id];',
    '  if (cached !== undefined) return cached.exports;',
    '  var module = { exports: {} };',
    '  __cache[id] = module;',
    '  try {',
    '    __defs[id].call(module.exports, module.exports, module);',
    '  } catch (error) {',
    '    delete __cache[id];',
    '    throw error;',
    '  }',
    '  return module.exports;',
    '}',
    `module.exports = ${LOADER};`,
    `//# sourceMappingURL=${OUTPUT}.map`,
    '',
  );
  return { code: lines.join('\n'), map: JSON.stringify(mergeMaps(parts, lines.length)) };
}

/**
 * A .cjs file's text with its requires of merged chunks pointed at the loader, or undefined
 * when it has nothing to change. Its first line, `'use strict';`, which has no mapping, gains
 * the loader's require, so that no mapped line moves.
 */
function rewired(dist, name, file, mergedSet) {
  const rewires = file.requires.some(({ spec }) => mergedSet.has(spec));
  // tsup ends each .cjs file with its sourceMappingURL line twice: one is enough. (After the
  // rewiring, which goes by offsets of the file as it was.)
  const once = throughLoader(file, mergedSet).replace(
    /(\/\/# sourceMappingURL=[^\n]*)(?:\n\1)+/g,
    '$1',
  );
  if (!rewires) return once === file.code ? undefined : once;
  if (!once.startsWith(`${STRICT}\n`)) fail(`${name} does not begin with ${STRICT}`);
  if (decode(readMap(dist, name).mappings)[0]?.length) fail(`${name} maps its first line`);
  return `${STRICT}var ${LOADER} = require('./${OUTPUT}');${once.slice(STRICT.length)}`;
}

/**
 * Merges what a require of `dist/index.cjs` loads into `dist/modules.cjs`; returns the files
 * merged, in the order they first load. Everything is read and checked before anything is
 * written: a refusal leaves `dist/` as it was.
 * @param {string} dist
 * @returns {string[]}
 */
export function mergeCjsChunks(dist) {
  const names = readdirSync(dist).filter((name) => name.endsWith('.cjs'));
  if (names.includes(OUTPUT)) fail(`dist/ has a ${OUTPUT} already`);
  const files = new Map();
  for (const name of names) {
    const code = readFileSync(join(dist, name), 'utf8');
    if (code.includes(LOADER)) fail(`${name} already names ${LOADER}`);
    files.set(name, { code, ...references(code) });
  }
  const merged = statically(files, 'index.cjs');
  const mergedSet = new Set(merged);
  for (const [name, { imports }] of files) {
    for (const spec of imports) {
      if (mergedSet.has(spec)) fail(`${name} loads ${spec} with import(); it cannot be merged`);
    }
  }
  if (merged.length === 0) return merged;
  const modules = buildModules(dist, files, merged);
  const rewrites = new Map();
  for (const [name, file] of files) {
    if (mergedSet.has(name)) continue;
    const code = rewired(dist, name, file, mergedSet);
    if (code !== undefined) rewrites.set(name, code);
  }
  writeFileSync(join(dist, OUTPUT), modules.code);
  writeFileSync(join(dist, `${OUTPUT}.map`), modules.map);
  for (const [name, code] of rewrites) writeFileSync(join(dist, name), code);
  for (const name of merged) {
    rmSync(join(dist, name));
    rmSync(join(dist, `${name}.map`), { force: true });
  }
  return merged;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const merged = mergeCjsChunks(dist);
  console.log(`merge-cjs-chunks: ${merged.length} chunks a require loads -> dist/${OUTPUT}`);
}
