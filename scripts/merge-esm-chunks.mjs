// Re-chunks tsup's ES module output with Rollup, so that what an import loads is one file plus
// one chunk, not eight. `npm run build` runs it after tsup.
//
// Why: esbuild (behind tsup) splits code by the set of entry points that reach each module, and
// counts every dynamic import as an entry point. A module that both `index.js` and a module it
// loads on first use (the workflows, the Graph client) import lands in a chunk of its own, so
// importing the package loaded eight files, and Node's ES module loader costs about 2 ms a file
// (resolve, read, compile, link): a third of the import's time over a bare `node`. Rollup knows
// that what a dynamic import's importer has loaded is loaded already, and keeps it with the
// importer. What loads on first use still loads on first use (scripts/check-package.mjs checks
// it); the CommonJS build's chunks are merged by scripts/merge-cjs-chunks.mjs.
//
// The library's `index.js` and `testing.js` (which must share one copy of every class) are read
// from the files reachable from them, written anew with source maps chained to the sources, and
// replace those files. The CLI's start-up is merged too, differently: Rollup keeps each chunk
// that `cli.js` imports a chunk of its own (each is shared with one of the CLI's first-use
// modules: the fake, the manifests, the workflows), and told to merge small chunks it folds the
// Graph client into the start-up. So the CLI's chunks are grouped by name instead: every chunk
// `cli.js` imports statically, and what those import, becomes one chunk (`cli-startup.js`), which
// the first-use modules import in turn; they, and the Graph client, stay files of their own,
// loaded when first used as before. `cli.js` itself stays apart: it awaits the command, and a
// module that a first-use module imports must not be waiting on that module's own import.
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

// `node scripts/merge-esm-chunks.mjs [DIR]`: DIR is dist/ unless given (bench/import-floor.ts
// merges builds of its own).
const dist =
  process.argv[2] === undefined
    ? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
    : resolve(process.argv[2]);
const RELATIVE = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.\/[\w.-]+\.js)["']/g;

/** The dist files `entries` load, statically or on first use. */
function reachable(entries) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(join(dist, file), 'utf8').matchAll(RELATIVE)) {
      visit(spec.slice(2));
    }
  };
  entries.forEach(visit);
  return seen;
}

/**
 * Rebuilds one group of entries; returns the number of files before and after. `manualChunks`
 * (Rollup's option) names the chunk a module goes to, when it is not left to Rollup.
 */
async function merge(entries, manualChunks = undefined) {
  const files = reachable(entries.map((name) => `${name}.js`));
  const bundle = await rollup({
    input: Object.fromEntries(entries.map((name) => [name, join(dist, `${name}.js`)])),
    // tsup tree-shook already; this pass only moves code between files.
    treeshake: false,
    preserveEntrySignatures: 'strict',
    onwarn(warning, warn) {
      if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
    },
    plugins: [
      {
        name: 'dist',
        resolveId(source, importer) {
          if (importer === undefined) return source;
          if (source.startsWith('./')) return resolve(dirname(importer), source);
          return { id: source, external: true };
        },
        load(id) {
          const map = `${id}.map`;
          return {
            code: readFileSync(id, 'utf8'),
            map: existsSync(map) ? readFileSync(map, 'utf8') : null,
          };
        },
      },
    ],
  });
  const out = mkdtempSync(join(tmpdir(), 'entra-provisioning-chunks-'));
  try {
    const { output } = await bundle.write({
      dir: out,
      format: 'es',
      sourcemap: true,
      // Written elsewhere first, then moved into dist/: the sources are named from dist/.
      sourcemapPathTransform: (source, map) => relative(dist, resolve(dirname(map), source)),
      entryFileNames: '[name].js',
      // Each named after a file it holds, as tsup named them (GraphRequest-…, on-demand-…).
      chunkFileNames: '[name].js',
      ...(manualChunks === undefined ? {} : { manualChunks }),
    });
    await bundle.close();
    // Chunks are named without a hash: one must never replace a file of the CLI's build.
    const taken = readdirSync(out).filter(
      (name) => existsSync(join(dist, name)) && !files.has(name.replace(/\.map$/, '')),
    );
    if (taken.length > 0) throw new Error(`merge-esm-chunks: would overwrite ${taken.join(', ')}`);
    for (const file of files) {
      rmSync(join(dist, file));
      rmSync(join(dist, `${file}.map`), { force: true });
    }
    for (const name of readdirSync(out)) renameSync(join(out, name), join(dist, name));
    return [files.size, output.filter((o) => o.type === 'chunk').length];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** How many files importing `entry` loads: itself and the chunks it imports, transitively. */
function loaded(entry, seen = new Set()) {
  seen.add(entry);
  const code = readFileSync(join(dist, entry), 'utf8');
  for (const [, spec] of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.\/[\w.-]+\.js)["']/g)) {
    if (!seen.has(spec.slice(2))) loaded(spec.slice(2), seen);
  }
  return seen.size;
}

/** The chunks `entry` imports statically, transitively (not `entry` itself). */
function staticImports(entry, seen = new Set()) {
  const code = readFileSync(join(dist, entry), 'utf8');
  for (const [, spec] of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.\/[\w.-]+\.js)["']/g)) {
    const file = spec.slice(2);
    if (!seen.has(file)) {
      seen.add(file);
      staticImports(file, seen);
    }
  }
  return seen;
}

const [before, after] = await merge(['index', 'testing']);
console.log(
  `merge-esm-chunks: ${String(before)} files -> ${String(after)}; importing the package loads ${String(loaded('index.js'))}`,
);

// The CLI: its start-up chunks become one (see the top of this file).
const startup = staticImports('cli.js');
// The fake (`--fake`, `fake serve`) too: its file and the chunks only it and its handlers (which
// it loads with the first request that needs them) import, which esbuild splits off as shared by
// two dynamic imports, become one file, named as the fake's; the handlers stay a file of their own.
const cliFiles = [...reachable(['cli.js'])];
const fake = cliFiles.find((file) => file.startsWith('fake-graph-'));
const fakeHandlers = cliFiles.find((file) => file.startsWith('handlers-'));
if (fake === undefined || fakeHandlers === undefined) {
  throw new Error("merge-esm-chunks: the CLI's fake or its handlers were not found in dist/");
}
const importers = new Map();
for (const file of cliFiles) {
  for (const imported of staticImports(file, new Set())) {
    if (!importers.has(imported)) importers.set(imported, new Set());
    importers.get(imported).add(file);
  }
}
const withFake = new Set([fake]);
for (const [chunk, by] of importers) {
  const onlyTheFake = [...by].every((file) => file === fake || file === fakeHandlers);
  if (!startup.has(chunk) && by.has(fake) && onlyTheFake) {
    withFake.add(chunk);
  }
}
// Every other file stays a chunk of its own, named as before: left to Rollup, a module that only
// a merged chunk imports joins it (the chunk it shares with the workflows would join the fake).
const [cliBefore, cliAfter] = await merge(['cli'], (id) => {
  const file = basename(id);
  if (startup.has(file)) return 'cli-startup';
  return (withFake.has(file) ? fake : file).replace(/\.js$/, '');
});
// Rollup writes files as plain files: the executable stays one (npm's bin links point at it).
chmodSync(join(dist, 'cli.js'), 0o755);
console.log(
  `merge-esm-chunks: the CLI's ${String(cliBefore)} files -> ${String(cliAfter)}; its start-up loads ${String(loaded('cli.js'))}`,
);
