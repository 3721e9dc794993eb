import type * as z from 'zod/mini';

/**
 * A predicate that says whether zod would accept a value, without building zod's copy of it.
 *
 * Checking Graph's answers with `schema.safeParse` costs more than the `JSON.parse` that made
 * them (each loose object is copied, each field runs through zod's generic machinery). Valid
 * answers are the common case, so the SDK first asks this predicate, compiled once per schema
 * from zod's own definitions into plain closures (no `eval`, so it runs where `new Function` is
 * forbidden), and returns the value Graph sent, as parsed. Only when the predicate says no does
 * zod parse it, to report exactly the issues it always has.
 *
 * It covers what the models are built from: strings, finite numbers, booleans, enums, literals,
 * `unknown`, optional, nullable, arrays, unions, string-keyed records and loose objects. Any
 * other construct (a refinement, a transform, a default, a strict or stripping object, whose
 * output differs from its input) makes the whole schema fall back to zod: `compileCheck`
 * returns `undefined`. test/core/fast-check.test.ts checks that the predicate agrees with
 * `safeParse` on every exported model schema and thousands of mutated Graph answers.
 */
export type Check = (value: unknown) => boolean;

interface Def {
  readonly type: string;
  readonly checks?: readonly unknown[];
  readonly innerType?: z.ZodMiniType;
  readonly element?: z.ZodMiniType;
  readonly options?: readonly z.ZodMiniType[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly values?: readonly unknown[];
  readonly keyType?: z.ZodMiniType;
  readonly valueType?: z.ZodMiniType;
  readonly shape?: Readonly<Record<string, z.ZodMiniType>>;
  readonly catchall?: z.ZodMiniType;
}

/** Thrown inside the compiler when a schema uses something the predicate does not model. */
class Unsupported extends Error {}

/** A part of a definition zod always sets; a definition without it is one this does not model. */
function need<T>(part: T | undefined): T {
  if (part === undefined) throw new Unsupported();
  return part;
}

const compiled = new WeakMap<z.ZodMiniType, Check | null>();

/** The predicate of `schema`, compiled on first use; `undefined` when only zod can decide. */
export function compileCheck(schema: z.ZodMiniType): Check | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    try {
      check = build(schema, new Map());
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      check = null;
    }
    compiled.set(schema, check);
  }
  return check ?? undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Builds one node's predicate. `building` holds the objects being built, so that a recursive
 * model (a subject's `links` hold subjects) refers to itself instead of recursing forever.
 */
function build(schema: z.ZodMiniType, building: Map<z.ZodMiniType, Check>): Check {
  const def = schema._zod.def as unknown as Def;
  if (def.checks !== undefined && def.checks.length > 0) throw new Unsupported();
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
      return () => true;
    case 'enum':
    case 'literal': {
      const allowed = new Set(
        def.type === 'enum' ? Object.values(need(def.entries)) : need(def.values),
      );
      return (v) => allowed.has(v);
    }
    case 'optional': {
      const inner = build(need(def.innerType), building);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = build(need(def.innerType), building);
      return (v) => v === null || inner(v);
    }
    case 'array': {
      const element = build(need(def.element), building);
      return (v) => Array.isArray(v) && v.every(element);
    }
    case 'union': {
      const options = need(def.options).map((option) => build(option, building));
      return (v) => options.some((option) => option(v));
    }
    case 'record':
      return record(def, building);
    case 'object':
      return object(schema, def, building);
    default:
      throw new Unsupported();
  }
}

function record(def: Def, building: Map<z.ZodMiniType, Check>): Check {
  const keyDef = need(def.keyType)._zod.def as unknown as Def;
  if (keyDef.type !== 'string' || (keyDef.checks?.length ?? 0) > 0) throw new Unsupported();
  const value = build(need(def.valueType), building);
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const key in v) {
      if (Object.hasOwn(v, key) && !value(v[key])) return false;
    }
    return true;
  };
}

function object(schema: z.ZodMiniType, def: Def, building: Map<z.ZodMiniType, Check>): Check {
  const known = building.get(schema);
  if (known !== undefined) return known;
  // Only loose objects give back what they were given; stripping and strict ones do not.
  const catchall = def.catchall?._zod.def as unknown as Def | undefined;
  if (catchall?.type !== 'unknown') throw new Unsupported();
  let fields: readonly (readonly [string, Check])[] = [];
  const check: Check = (v) => {
    if (!isPlainObject(v)) return false;
    for (const [key, field] of fields) {
      if (!field(v[key])) return false;
    }
    return true;
  };
  building.set(schema, check);
  fields = Object.keys(need(def.shape)).map(
    (key) => [key, build(need(need(def.shape)[key]), building)] as const,
  );
  return check;
}
