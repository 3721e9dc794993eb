import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The Graph client's modules ride in dist/ too, from its ES2015 build (`lib/es`, which imports
 * tslib's helpers by name) rather than the CommonJS `lib/src` the sources name: a bundle of a
 * script that lists jobs carries 18 kB less (no `__generator` state machines, no whole tslib).
 * They stay in chunks of their own, loaded with the first request.
 */
const graphClientEsm: Plugin = {
  name: 'graph-client-esm',
  setup(build) {
    build.onResolve({ filter: /^@microsoft\/microsoft-graph-client\/lib\/src\// }, async (args) => {
      const resolved = await build.resolve(args.path.replace('/lib/src/', '/lib/es/src/'), {
        kind: args.kind,
        resolveDir: args.resolveDir,
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path };
    });
  },
};
const BUNDLED = ['zod', /^@microsoft\/microsoft-graph-client\//, 'tslib'];

export default defineConfig([
  {
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
    // zod rides inside dist/, tree-shaken: Node no longer loads its 92 files (64 of them locales)
    // at import. Its types still come from the `zod` dependency, and the exported schemas work
    // with the user's own zod (test/package/zod-interop.test.ts).
    // `npm run build` then writes dist/node10/ (scripts/build-node10-types.mjs), the declarations
    // for `moduleResolution: node10`; not in onSuccess, which tsup runs before the .d.ts exist.
    noExternal: BUNDLED,
    esbuildPlugins: [graphClientEsm],
  },
  {
    // The CLI: an ESM executable; its libraries stay dependencies, not bundled (but zod, as
    // above). Split, so that what it loads only for some commands (the fake Graph, and with it
    // the Graph client it primes) stays out of every start-up.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    noExternal: BUNDLED,
    esbuildPlugins: [graphClientEsm],
    // An executable, not a library: nothing tree-shakes it after us, so its code ships without
    // the whitespace and the comments (which also drops the pure annotations a library keeps
    // for its users' bundlers). Names are kept: stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
