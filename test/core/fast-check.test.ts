/**
 * The compiled predicate that lets valid answers skip zod's copy must agree with zod: on every
 * exported model schema, for Graph's documented answers, the wild captures, the fake's events and
 * thousands of hostile edits of them, `compileCheck(schema)(value) === schema.safeParse(value).success`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { compileCheck } from '../../src/core/fast-check.js';
import * as models from '../../src/models/index.js';
import { createFakeGraph } from '../../src/testing/index.js';
import { applyEdits, fuzzParameters, jsonEdit } from '../hardening/fuzz.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Every JSON file under test/fixtures/{graph,wild}, parsed (those that are JSON at all). */
function fixtureDocuments(): unknown[] {
  const documents: unknown[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) {
        try {
          documents.push(JSON.parse(readFileSync(path, 'utf8')));
        } catch {
          // A documented example that is not valid JSON as published: other tests cover those.
        }
      }
    }
  };
  walk(join(fixtures, 'graph'));
  walk(join(fixtures, 'wild'));
  return documents;
}

/** Every object and array inside `documents`, the documents included. */
function nodes(documents: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    out.push(value);
    for (const child of Object.values(value)) visit(child);
  };
  for (const document of documents) visit(document);
  return out;
}

const fake = createFakeGraph();
fake.seedProvisioningEvents(20);
const pool = nodes([...fixtureDocuments(), fake.state.events]);

const isSchema = (value: unknown): value is z.ZodMiniType =>
  typeof value === 'object' && value !== null && '_zod' in value;

const schemas: (readonly [string, z.ZodMiniType])[] = [];
for (const [name, value] of Object.entries(models) as [string, unknown][]) {
  if (name.endsWith('Schema') && isSchema(value)) schemas.push([name, value]);
}

describe('the compiled predicate of a model schema', () => {
  it('exists for every exported model schema (none falls back to zod for valid answers)', () => {
    expect(schemas.length).toBeGreaterThan(100);
    expect(schemas.filter(([, schema]) => compileCheck(schema) === undefined)).toEqual([]);
  });

  it('agrees with safeParse on every object of the documented and wild answers', () => {
    let accepted = 0;
    for (const [name, schema] of schemas) {
      const check = compileCheck(schema)!;
      for (const value of pool) {
        const expected = schema.safeParse(value).success;
        if (check(value) !== expected) expect.fail(`${name} disagrees with zod on a fixture`);
        if (expected) accepted += 1;
      }
    }
    // Not vacuous: most loose schemas accept most objects, and some reject some.
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(schemas.length * pool.length);
  });

  it('agrees with safeParse after hostile edits of those answers', async () => {
    const objects = pool.filter((value) => !Array.isArray(value));
    let rejected = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.array(jsonEdit, { minLength: 1, maxLength: 3 }),
        async (s, v, edits) => {
          await Promise.resolve();
          const [name, schema] = schemas[s % schemas.length]!;
          const value = applyEdits(objects[v % objects.length], edits);
          const expected = schema.safeParse(value).success;
          if (expected) accepted += 1;
          else rejected += 1;
          expect(compileCheck(schema)!(value), name).toBe(expected);
        },
      ),
      fuzzParameters('fast-check agrees with zod', 4_000),
    );
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it('agrees on what JSON cannot carry but a caller can: NaN, Infinity, undefined, arrays for objects', () => {
    const job = { id: 'j', status: { code: 'Active', countSuccessiveCompleteFailures: 0 } };
    const values = [
      job,
      { ...job, status: { ...job.status, countSuccessiveCompleteFailures: Number.NaN } },
      { ...job, status: { ...job.status, countSuccessiveCompleteFailures: Infinity } },
      { ...job, schedule: undefined },
      { ...job, id: undefined },
      [job],
      Object.assign([], job),
      null,
      'job',
    ];
    for (const value of values) {
      expect(compileCheck(models.SynchronizationJobSchema)!(value)).toBe(
        models.SynchronizationJobSchema.safeParse(value).success,
      );
    }
  });

  it('is not made for what would change the value: refinements, transforms, strict or stripping objects', () => {
    expect(compileCheck(z.string().check(z.minLength(1)))).toBeUndefined();
    expect(compileCheck(z.object({ a: z.string() }))).toBeUndefined();
    expect(compileCheck(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(
      compileCheck(z.looseObject({ a: z.pipe(z.string(), z.transform(Number)) })),
    ).toBeUndefined();
    expect(compileCheck(z.looseObject({ a: z._default(z.string(), 'x') }))).toBeUndefined();
  });
});
