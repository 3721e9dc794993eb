// Writes the library's CommonJS build (dist/*.cjs) from its ES module build, with Rollup, so that
// both are cut into the same files: `require('entra-provisioning')` loads `index.cjs` and one
// chunk, not eleven. `npm run build` runs it after scripts/merge-esm-chunks.mjs.
//
// Why: esbuild (behind tsup) splits the CommonJS build as it first split the ES one (see
// merge-esm-chunks.mjs), and every file a `require` loads costs Node a resolution, a read and a
// compiled wrapper: the eleven files took about 6% of a `require` more than the same code in
// one. tsup still writes the CommonJS declarations (`.d.cts`); only its `.cjs` files are replaced.
// What loads on first use still does, with an `import()` of its chunk as before, and `index.cjs`
// and `testing.cjs` share one copy of every class, as their ES twins do
// (scripts/check-package.mjs checks both). Source maps chain to the sources
// through the ES build's.
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const ENTRIES = ['index', 'testing'];

const bundle = await rollup({
  input: Object.fromEntries(ENTRIES.map((name) => [name, join(dist, `${name}.js`)])),
  // The ES build is final: this pass changes the module format, not what is in the files.
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
      // A chunk loaded on first use stays an `import()`, as in esbuild's CommonJS build, not
      // Rollup's `Promise.resolve().then(() => require(…))`: bundlers (webpack) split a module
      // off at an `import()` only, and inlined every first-use module into a `require` bundle.
      renderDynamicImport({ targetModuleId }) {
        return targetModuleId === null ? null : { left: 'import(', right: ')' };
      },
    },
  ],
});
const out = mkdtempSync(join(tmpdir(), 'entra-provisioning-cjs-'));
try {
  const { output } = await bundle.write({
    dir: out,
    format: 'cjs',
    exports: 'named',
    // No `__esModule`, as esbuild's CommonJS had none: with it, a default import of the package
    // compiled to CommonJS (TypeScript's esModuleInterop, tsx, Babel, sucrase) gets the module's
    // `default`, which it does not have, instead of the module.
    esModule: false,
    // Nor `Symbol.toStringTag`, which esbuild's did not set either. A re-export's getter is a
    // `function` returning it, not an arrow: Node finds a CommonJS module's names for `import()`
    // with cjs-module-lexer, which reads that form and not the arrow (whose name would be missing).
    generatedCode: { preset: 'es2015', arrowFunctions: false, symbols: false },
    sourcemap: true,
    sourcemapPathTransform: (source, map) => relative(dist, resolve(dirname(map), source)),
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name].cjs',
  });
  await bundle.close();
  for (const name of readdirSync(dist)) {
    if (name.endsWith('.cjs') || name.endsWith('.cjs.map')) rmSync(join(dist, name));
  }
  for (const name of readdirSync(out)) renameSync(join(out, name), join(dist, name));
  const chunks = new Map(output.filter((o) => o.type === 'chunk').map((o) => [o.fileName, o]));
  const loaded = new Set();
  const visit = (file) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    chunks.get(file)?.imports.forEach(visit);
  };
  visit('index.cjs');
  console.log(
    `esm-to-cjs: ${String(chunks.size)} CommonJS files; requiring the package loads ${String(loaded.size)}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
