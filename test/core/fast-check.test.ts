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

/** Whether an object inside `value` has an own `__proto__` key (left to zod's copy on purpose). */
function hasOwnProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Object.hasOwn(value, '__proto__')) return true;
  return Object.values(value).some(hasOwnProtoKey);
}

/** The predicate's promise: yes exactly when zod says yes, but for an own `__proto__` key. */
function agrees(check: (value: unknown) => boolean, zodSays: boolean, value: unknown): boolean {
  return check(value) ? zodSays : !zodSays || hasOwnProtoKey(value);
}

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
        if (!agrees(check, expected, value)) expect.fail(`${name} disagrees with zod on a fixture`);
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
          expect(agrees(compileCheck(schema)!, expected, value), name).toBe(true);
        },
      ),
      fuzzParameters('fast-check agrees with zod', 4_000),
    );
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it('agrees on what JSON cannot carry but a caller can build', () => {
    const job = { id: 'j', status: { code: 'Active', countSuccessiveCompleteFailures: 0 } };
    class Bag {
      a = 1;
    }
    const sparse: string[] = ['a'];
    sparse[2] = 'c';
    const holes: unknown[] = [];
    holes[1] = { objectId: 'a' };
    const cases: [z.ZodMiniType, unknown][] = [
      [models.SynchronizationJobSchema, job],
      [
        models.SynchronizationJobSchema,
        { ...job, status: { ...job.status, countSuccessiveCompleteFailures: Number.NaN } },
      ],
      [
        models.SynchronizationJobSchema,
        { ...job, status: { ...job.status, countSuccessiveCompleteFailures: Infinity } },
      ],
      [models.SynchronizationJobSchema, { ...job, schedule: undefined }],
      [models.SynchronizationJobSchema, { ...job, id: undefined }],
      [models.SynchronizationJobSchema, [job]],
      [models.SynchronizationJobSchema, Object.assign([], job)],
      [models.SynchronizationJobSchema, null],
      [models.SynchronizationJobSchema, 'job'],
      [models.SynchronizationJobSchema, Object.assign(Object.create(null) as object, job)],
      [models.ApplicationTemplateSchema, { id: 't', categories: sparse }],
      [models.ApplicationTemplateSchema, { id: 't', categories: ['a', undefined] }],
      [models.SynchronizationJobSubjectSchema, { links: { members: holes } }],
      [models.ProvisionOnDemandStepSchema, { details: new Bag() }],
      [models.ProvisionOnDemandStepSchema, { details: new Date() }],
      [models.ProvisionOnDemandStepSchema, { details: new Map() }],
      [models.ProvisionOnDemandStepSchema, { details: { [Symbol('s')]: 1 } }],
      [models.ProvisionOnDemandStepSchema, { details: Object.create(null) as object }],
      [z.looseObject({ a: z.unknown() }), {}],
      [z.looseObject({ a: z.unknown() }), { a: undefined }],
    ];
    for (const [schema, value] of cases) {
      expect(compileCheck(schema)!(value)).toBe(schema.safeParse(value).success);
    }
  });

  it('leaves an object with an own __proto__ key to zod, whose copy drops it', () => {
    const value = JSON.parse('{"id":"t","__proto__":{"isAdmin":true}}') as unknown;
    expect(models.ApplicationTemplateSchema.safeParse(value).success).toBe(true);
    expect(compileCheck(models.ApplicationTemplateSchema)!(value)).toBe(false);
    const record = JSON.parse('{"details":{"__proto__":{"x":1}}}') as unknown;
    expect(compileCheck(models.ProvisionOnDemandStepSchema)!(record)).toBe(false);
  });

  it('is not made for what would change the value: refinements, transforms, strict or stripping objects', () => {
    expect(compileCheck(z.string().check(z.minLength(1)))).toBeUndefined();
    expect(compileCheck(z.object({ a: z.string() }))).toBeUndefined();
    expect(compileCheck(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(
      compileCheck(z.looseObject({ a: z.pipe(z.string(), z.transform(Number)) })),
    ).toBeUndefined();
    expect(compileCheck(z.looseObject({ a: z._default(z.string(), 'x') }))).toBeUndefined();
    // Plain kinds carrying more: formats, checks, xor, exact optional, discriminated unions.
    for (const schema of [
      z.email(),
      z.iso.datetime(),
      z.int(),
      z.guid(),
      z.xor([z.string(), z.number()]),
      z.looseObject({ a: z.exactOptional(z.string()) }),
      z.discriminatedUnion('k', [z.looseObject({ k: z.literal('a') })]),
      z.record(z.enum(['a', 'b']), z.string()),
      z.looseRecord(z.string(), z.string()),
    ]) {
      expect(compileCheck(schema as z.ZodMiniType)).toBeUndefined();
    }
  });
});
