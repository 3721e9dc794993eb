import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; tests run them against the sources.
    alias: [
      { find: /^entra-provisioning\/testing$/, replacement: src('testing/index.ts') },
      { find: /^entra-provisioning$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    environment: 'node',
    // Fails a full run if a documented example under test/fixtures/graph is never read.
    globalSetup: ['test/setup/fixture-usage.ts'],
    setupFiles: ['test/setup/graph-client.ts'],
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    // Hang guards, never verdicts: no test may pass or fail by how fast the machine is, so a test
    // only runs into these when it would otherwise never end (a 2-core machine under load runs
    // the slowest file in about 3 minutes).
    testTimeout: 900_000,
    hookTimeout: 900_000,
    restoreMocks: true,
    unstubGlobals: true,
  },
});
