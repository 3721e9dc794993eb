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
 * It covers what the models are built from: plain strings, finite numbers, booleans, enums,
 * literals, `unknown`, optional, nullable, arrays, unions, string-keyed records and loose
 * objects. Any other construct, or any of these carrying more than their plain kind (a format
 * such as `z.email()` or `z.int()`, a refinement, `z.xor`, `z.exactOptional`, a transform, a
 * default, a strict or stripping object, whose output differs from its input), makes the whole
 * schema fall back to zod: `compileCheck` returns `undefined`. An object with an own
 * `__proto__` key is left to zod too, whose copy drops it.
 *
 * On values `JSON.parse` makes (the only ones the SDK gives it) the predicate says yes exactly
 * when `safeParse` succeeds, but for an own `__proto__` key, which it leaves to zod; test/core/fast-check.test.ts checks it on every exported model
 * schema, Graph's documented and captured answers and thousands of hostile edits of them, and
 * on what a caller could build instead (sparse arrays, class instances, symbol keys). A getter
 * that answers differently each time it is read is the one thing it cannot agree on.
 */
export type Check = (value: unknown) => boolean;

interface Def {
  readonly type: string;
  readonly checks?: readonly unknown[];
  readonly innerType?: z.ZodMiniType;
  readonly element?: z.ZodMiniType;
  readonly options?: readonly z.ZodMiniType[];
  readonly keyType?: z.ZodMiniType;
  readonly valueType?: z.ZodMiniType;
  readonly shape?: Readonly<Record<string, z.ZodMiniType>>;
  readonly catchall?: z.ZodMiniType;
  readonly mode?: string;
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

/** One member of an object schema. */
interface Field {
  readonly key: string;
  readonly check: Check;
  /** No `optin`: zod wants the key present. */
  readonly required: boolean;
}

/** What zod's objects accept as an object. */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * zod's test of what a record accepts (`util.isPlainObject`), restated: reaching it through
 * `z.core` would bundle all of zod's core, locales included.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prototype: unknown = (ctor as { prototype?: unknown }).prototype;
  if (!isObject(prototype)) return false;
  return Object.prototype.hasOwnProperty.call(prototype, 'isPrototypeOf');
}

const BASE_TRAITS = new Set(['$ZodType', 'ZodMiniType']);

/**
 * Whether a schema is its plain kind and nothing more: `z.string()` carries exactly the traits
 * `$ZodString` and `ZodMiniString` over the base ones, while `z.email()` or `z.int()` add a
 * format and a check, `z.xor` and `z.exactOptional` traits of their own. Anything beyond the
 * plain kind is left to zod.
 */
function isPlain(schema: z.ZodMiniType, def: Def): boolean {
  if (def.checks !== undefined && def.checks.length > 0) return false;
  const kind = def.type.charAt(0).toUpperCase() + def.type.slice(1);
  for (const trait of schema._zod.traits) {
    if (!BASE_TRAITS.has(trait) && trait !== `$Zod${kind}` && trait !== `ZodMini${kind}`) {
      return false;
    }
  }
  return true;
}

/**
 * Builds one node's predicate. `building` holds the objects being built, so that a recursive
 * model (a subject's `links` hold subjects) refers to itself instead of recursing forever.
 */
function build(schema: z.ZodMiniType, building: Map<z.ZodMiniType, Check>): Check {
  const def = schema._zod.def as unknown as Def;
  if (!isPlain(schema, def)) throw new Unsupported();
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
      // zod's own set of accepted values (a numeric TS enum's reverse keys are not in it).
      const allowed = need(schema._zod.values);
      return (v) => allowed.has(v as never);
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
      return (v) => {
        if (!Array.isArray(v)) return false;
        // By index, not every(): a hole is read as undefined, as zod reads it.
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
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
  const key = need(def.keyType);
  const keyDef = key._zod.def as unknown as Def;
  if (keyDef.type !== 'string' || !isPlain(key, keyDef) || def.mode !== undefined) {
    throw new Unsupported();
  }
  const value = build(need(def.valueType), building);
  return (v) => {
    if (!isPlainObject(v)) return false;
    // As zod walks a record: own keys, symbols included, the enumerable ones.
    for (const k of Reflect.ownKeys(v)) {
      if (k === '__proto__') return false; // zod's copy drops it: let zod make that copy
      if (!Object.prototype.propertyIsEnumerable.call(v, k)) continue;
      if (typeof k === 'symbol' || !value(v[k])) return false;
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
  let fields: readonly Field[] = [];
  const check: Check = (v) => {
    if (!isObject(v) || Object.hasOwn(v, '__proto__')) return false;
    for (const { key, check: field, required } of fields) {
      // zod reports a required key that is absent even when its schema accepts undefined.
      if (required && !(key in v)) return false;
      if (!field(v[key])) return false;
    }
    return true;
  };
  building.set(schema, check);
  fields = Object.entries(need(def.shape)).map(([key, field]) => ({
    key,
    check: build(field, building),
    required: field._zod.optin === undefined,
  }));
  return check;
}
