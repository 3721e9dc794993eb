/**
 * Every documented example under test/fixtures/graph is read by some test: the helpers log
 * each fixture a test reads, and the suite's global teardown (test/setup/fixture-usage.ts)
 * fails a full run when one was never read. These tests cover that check itself.
 */
import { describe, expect, it } from 'vitest';
import { allFixtures, unusedFixtures } from '../setup/fixture-usage.js';

describe('fixture coverage', () => {
  it("holds all 48 of Microsoft's documented examples, per version", () => {
    const all = allFixtures();
    expect(all).toHaveLength(48);
    expect(all.filter((f) => f.startsWith('v1.0/')).length).toBeGreaterThan(20);
    expect(all.filter((f) => f.startsWith('beta/')).length).toBeGreaterThan(20);
  });

  it('reports a fixture no test read, version by version', () => {
    const all = ['beta/a.json', 'v1.0/a.json', 'v1.0/b.json'];
    expect(unusedFixtures(all, new Set(['v1.0/a.json', 'v1.0/b.json']))).toEqual(['beta/a.json']);
    expect(unusedFixtures(all, new Set(all))).toEqual([]);
  });
});
