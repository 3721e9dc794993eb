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
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    restoreMocks: true,
    unstubGlobals: true,
  },
});
