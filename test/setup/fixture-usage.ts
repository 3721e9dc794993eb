/**
 * Global setup: every documented example under test/fixtures/graph must be read by some test.
 * Test workers log each fixture they read (test/helpers/graph.ts) into a directory this setup
 * provides; after a run of the whole suite, the teardown fails the run if a fixture was never
 * read. A partial run (some files, or `-t`) checks nothing: it cannot know.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where workers log the fixtures they read. */
    fixtureUsageDir: string;
  }
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'graph');

/** Every fixture, as `version/name`. */
export function allFixtures(): string[] {
  return ['v1.0', 'beta']
    .flatMap((version) => readdirSync(join(FIXTURES, version)).map((name) => `${version}/${name}`))
    .sort();
}

/** The fixtures of `all` that `used` does not contain. */
export function unusedFixtures(all: readonly string[], used: ReadonlySet<string>): string[] {
  return all.filter((file) => !used.has(file));
}

export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'entra-provisioning-fixtures-'));
  project.provide('fixtureUsageDir', dir);
  return async () => {
    try {
      const ran = project.vitest.state.getFiles().length;
      const { testFiles } = await project.globTestFiles();
      const complete = ran >= testFiles.length && project.config.testNamePattern === undefined;
      if (!complete) return;
      const used = new Set(
        readdirSync(dir).flatMap((log) => readFileSync(join(dir, log), 'utf8').split('\n')),
      );
      const unused = unusedFixtures(allFixtures(), used);
      if (unused.length > 0) {
        throw new Error(
          `No test reads these documented examples (test/fixtures/graph): ${unused.join(', ')}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
