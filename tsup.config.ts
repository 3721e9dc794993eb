import { defineConfig } from 'tsup';

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
    noExternal: ['zod'],
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
    noExternal: ['zod'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
