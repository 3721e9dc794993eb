// What scripts/merge-esm-chunks.mjs and scripts/esm-to-cjs.mjs share: a Rollup pass over files
// already built into dist/, which moves code between files (or changes its module format) and
// leaves what is in them as it is.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

export const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * Rollup, reading `entries` (names of dist/*.js) and the files they import from dist/, each with
 * its source map (so the maps Rollup writes still lead to src/). `hooks` are plugin hooks added
 * to the pass.
 */
export function rollupDist(entries, hooks = {}) {
  return rollup({
    input: Object.fromEntries(entries.map((name) => [name, join(dist, `${name}.js`)])),
    // tsup tree-shook already.
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
        ...hooks,
      },
    ],
  });
}

/**
 * Rollup's `sourcemapPathTransform` for output written elsewhere first, then moved into dist/:
 * the sources are named from dist/.
 */
export const sourceFromDist = (source, map) => relative(dist, resolve(dirname(map), source));
