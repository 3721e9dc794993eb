import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the HTML health report in a real headless Chromium. Its own config, so
 * that `npm test` (which includes `*.test.ts` only) never needs a browser.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    environment: 'node',
    // Hang guards, never verdicts (see vitest.config.ts).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    restoreMocks: true,
  },
});
