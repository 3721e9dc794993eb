/**
 * The model interfaces (src/models/types.ts) and their type test are generated from the zod
 * schemas by scripts/generate-models.ts. This fails when a schema changed and they were not
 * regenerated (`npm run models`), so the types users see cannot drift from what is checked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formattedFiles } from '../../scripts/generate-models.js';

describe('generated model interfaces', () => {
  it('are what the generator writes from the schemas today', async () => {
    const files = await formattedFiles();
    expect(files.size).toBe(2);
    for (const [path, text] of files) {
      expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run models`).toBe(text);
    }
  });

  it('have no index signature, except on the types Graph leaves open', () => {
    const types = readFileSync(new URL('../../src/models/types.ts', import.meta.url), 'utf8');
    const open = [
      ...types.matchAll(/export interface (\w+) \{[^}]*?\[property: string\]: unknown;/g),
    ];
    expect(open.map((m) => m[1])).toEqual([
      'DetailsInfo',
      'StringKeyObjectValuePair',
      'UnmodeledObject',
    ]);
    expect(types.match(/export interface /g)?.length).toBeGreaterThan(60);
  });
});
