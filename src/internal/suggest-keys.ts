/**
 * "Did you mean" for misspelt field names (`displayname` → `displayName`) in the inputs people
 * type by hand: provisioning specs and CLI manifests. Kept out of the core's `parseInput`, which
 * every call uses, so the core bundle does not carry it.
 */
import type * as z from 'zod/mini';
import type { ValidationIssue } from '../core/errors.js';
import { parseInput, toIssues } from '../core/validation.js';
import { closestNames } from './closest.js';

type Def = Record<string, unknown> & { readonly type?: string };

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** Wrappers whose inner schema has the same keys: optional, nullable, default, readonly… */
const INNER = ['innerType', 'in'] as const;

/**
 * The field names the schema accepts at `path`, read from zod's definitions: through wrappers,
 * pipes, lazy schemas, unions (all options), arrays and records. Empty when it cannot tell.
 */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  const visit = (node: unknown, at: number, depth: number): void => {
    const def = defOf(node);
    if (def === undefined || depth > 64) return;
    const inner = INNER.map((k) => def[k]).find((v) => v !== undefined);
    if (inner !== undefined) {
      visit(inner, at, depth + 1);
      return;
    }
    if (def.type === 'lazy' && typeof def.getter === 'function') {
      visit((def.getter as () => unknown)(), at, depth + 1);
      return;
    }
    if (def.type === 'union' && Array.isArray(def.options)) {
      for (const option of def.options) visit(option, at, depth + 1);
      return;
    }
    const next = path[at];
    if (def.type === 'object' && typeof def.shape === 'object' && def.shape !== null) {
      const shape = def.shape as Record<string, unknown>;
      if (at === path.length) for (const key of Object.keys(shape)) keys.add(key);
      else if (typeof next === 'string' && Object.hasOwn(shape, next)) {
        visit(shape[next], at + 1, depth + 1);
      }
      return;
    }
    if (def.type === 'array' && typeof next === 'number') {
      visit(def.element, at + 1, depth);
      return;
    }
    if (def.type === 'record' && at < path.length) {
      visit(def.valueType, at + 1, depth);
      return;
    }
  };
  visit(schema, 0, 0);
  return [...keys];
}

/** Every field name the schema accepts, at any depth (for what a message may quote). */
export function allKnownKeys(schema: unknown): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    const def = defOf(node);
    if (def === undefined || seen.has(def)) return;
    seen.add(def);
    for (const k of [...INNER, 'element', 'valueType'] as const) visit(def[k]);
    if (def.type === 'lazy' && typeof def.getter === 'function') {
      visit((def.getter as () => unknown)());
    }
    if (Array.isArray(def.options)) for (const option of def.options) visit(option);
    if (def.type === 'object' && typeof def.shape === 'object' && def.shape !== null) {
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) {
        keys.add(key);
        visit(value);
      }
    }
  };
  visit(schema);
  return keys;
}

/** {@link toIssues}, each unknown field followed by the known names it is a few edits from. */
export function issuesWithSuggestions(
  schema: unknown,
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly (string | number)[] = [],
): ValidationIssue[] {
  const converted = toIssues(issues, prefix);
  return converted.map((issue, i) => {
    const source = issues[i];
    if (source?.code !== 'unrecognized_keys') return issue;
    const known = knownKeysAt(schema, source.path).filter((k) => !source.keys.includes(k));
    const hints = source.keys
      .map((key) => [key, closestNames(key, known, 2)] as const)
      .filter(([, close]) => close.length > 0)
      .map(([key, close]) => {
        const meant = `did you mean ${close.map((c) => `'${c}'`).join(' or ')}?`;
        return source.keys.length === 1 ? meant : `'${key}': ${meant}`;
      });
    return hints.length === 0
      ? issue
      : { ...issue, message: `${issue.message} (${hints.join('; ')})` };
  });
}

/**
 * Validates hand-typed input like the core's `parseInput`, with "did you mean" for misspelt
 * field names.
 *
 * @throws {@link InvalidInputError} naming each bad field.
 */
export function parseTypedInput<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  return parseInput(schema, value, what, (issues) => issuesWithSuggestions(schema, issues));
}
