/**
 * `source` and `scope`: the values a schema edit maps from and scopes by. Built here, checked
 * against the schema (attributes, functions, operators) when the edit is saved.
 */
import { InvalidInputError } from '../core/errors.js';

/**
 * Where a mapped attribute's value comes from: a source attribute, a constant, or a function
 * expression. `expression` is the text Graph shows (`[mail]`, `"Member"`,
 * `Join(" ", [givenName], [surname])`); `name` the attribute's or function's name, or the
 * constant's value.
 */
export interface MappingSource {
  readonly type: 'Attribute' | 'Constant' | 'Function';
  readonly name: string;
  readonly expression: string;
}

/**
 * Sources built by `source.*`: `true` for an expression, parsed when the edit uses it (the
 * parser loads with the edit, not with the package).
 */
const built = new WeakMap<MappingSource, boolean>();

/** @internal Whether `source.*` built this source, and whether it is an expression to parse. */
export function builtSource(value: MappingSource): 'source' | 'expression' | undefined {
  const expression = built.get(value);
  return expression === undefined ? undefined : expression ? 'expression' : 'source';
}

/** @internal A source as `source.*` builds it (frozen, and taken by `map()`). */
export function make(value: MappingSource, expression: boolean): MappingSource {
  const made = Object.freeze({ ...value });
  built.set(made, expression);
  return made;
}

/** A constant as expression text: in double quotes, `"` and `\` escaped with a backslash. */
export function quoteConstant(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** @internal What an expression's text is at first sight (the edit parses it fully). */
export function glance(expression: string): MappingSource {
  const text = expression.trim();
  const attribute = /^\[([^\]]+)\]$/.exec(text)?.[1];
  if (attribute !== undefined)
    return { type: 'Attribute', name: attribute.trim(), expression: text };
  const constant = /^"((?:[^"\\]|\\.)*)"$/.exec(text)?.[1];
  if (constant !== undefined)
    return { type: 'Constant', name: constant.replace(/\\(.)/g, '$1'), expression: text };
  const name = /^([A-Za-z][A-Za-z0-9]*)\s*\(/.exec(text)?.[1] ?? '';
  return { type: 'Function', name, expression: text };
}

function text(what: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new InvalidInputError(`Invalid ${what}: expected a string`, {
      issues: [{ path: [what], message: 'expected a string' }],
    });
  }
  return value;
}

/**
 * Builders of {@link MappingSource}s for `draft.objectMapping(…).map(target, source)`.
 *
 * @example
 * ```ts
 * users.map('userName', source.attribute('userPrincipalName'));
 * users.map('displayName', source.expression('Join(" ", [givenName], [surname])'));
 * users.map('userType', source.constant('Member'), { flow: 'ObjectAddOnly' });
 * ```
 */
export const source = {
  /**
   * A source attribute, by its name in the source directory (checked when the edit is saved).
   *
   * @throws {@link InvalidInputError} for an empty name or one with `[` or `]`.
   */
  attribute(name: string): MappingSource {
    const value = text('source.attribute()', name).trim();
    if (value === '' || /[[\]]/.test(value)) {
      throw new InvalidInputError(
        `Invalid source.attribute(): '${value}' is not an attribute name (no brackets)`,
        { issues: [{ path: ['source.attribute()'], message: 'not an attribute name' }] },
      );
    }
    return make({ type: 'Attribute', name: value, expression: `[${value}]` }, false);
  },

  /** A constant value (any string; quoted and escaped for Graph). */
  constant(value: string): MappingSource {
    const v = text('source.constant()', value);
    return make({ type: 'Constant', name: v, expression: quoteConstant(v) }, false);
  },

  /**
   * An expression in Microsoft's syntax: functions, `[attribute]`, `"constant"` and numbers.
   * Checked when the edit is saved: locally against the schema's function list (names,
   * numbers of arguments, attributes), or by Graph's own parser with `serverCheck: true`, which
   * also reads what the local parser does not (comparisons in `IIF`, `&H` numbers, bare enum
   * names such as `vbBinaryCompare`).
   *
   * @throws {@link InvalidInputError} for a blank expression.
   * @see https://learn.microsoft.com/entra/identity/app-provisioning/functions-for-customizing-application-data
   */
  expression(expression: string): MappingSource {
    const value = text('source.expression()', expression);
    if (value.trim() === '') {
      throw new InvalidInputError('Invalid source.expression(): the expression is blank', {
        issues: [{ path: ['source.expression()'], message: 'blank' }],
      });
    }
    return make(glance(value), true);
  },
} as const;

/** Scopes, groups and clauses built by `scope.*`: only those are taken, so their shape is known. */
const builtScopes = new WeakSet<object>();

/** @internal Takes a scope read from a schema as built here (so it may be set back). */
export function adoptScope(value: Scope): Scope {
  builtScopes.add(value);
  for (const group of value.groups) {
    builtScopes.add(group);
    for (const clause of group.clauses) builtScopes.add(clause);
  }
  return value;
}

/** @internal Whether `scope.anyOf()` built this scope. */
export function isBuiltScope(value: unknown): value is Scope {
  return typeof value === 'object' && value !== null && builtScopes.has(value);
}

/** One condition of a scoping filter: `attribute operator values`. */
export interface ScopeClause {
  /** The source attribute tested (`sourceOperandName`). */
  readonly attribute: string;
  /** The operator, one of the schema's `filterOperators` (e.g. `EQUALS`). */
  readonly operator: string;
  /** The operand (`targetOperand.values`): none for unary operators. */
  readonly values: readonly string[];
}

/** Clauses that must all hold (a filter group: its clauses are ANDed). */
export interface ScopeGroup {
  readonly clauses: readonly ScopeClause[];
}

/** A scoping filter: an object is in scope when any group holds (groups are ORed). */
export interface Scope {
  readonly groups: readonly ScopeGroup[];
}

function checkClauses(what: string, items: readonly unknown[], key: 'clauses' | 'groups'): void {
  if (items.length === 0) {
    throw new InvalidInputError(`Invalid ${what}: needs at least one`, {
      issues: [{ path: [what], message: 'needs at least one' }],
    });
  }
  items.forEach((item, i) => {
    const ok =
      typeof item === 'object' &&
      item !== null &&
      builtScopes.has(item) &&
      (key === 'clauses' ? 'operator' in item : 'clauses' in item);
    if (!ok) {
      const expected = key === 'clauses' ? 'scope.clause(…)' : 'scope.allOf(…)';
      throw new InvalidInputError(`Invalid ${what}: argument ${String(i)} is not ${expected}`, {
        issues: [{ path: [what, i], message: `expected ${expected}` }],
      });
    }
  });
}

/**
 * Builders of scoping filters: `scope.anyOf(scope.allOf(scope.clause(…), …), …)`.
 *
 * @example
 * ```ts
 * users.scope = scope.anyOf(
 *   scope.allOf(scope.clause('department', 'EQUALS', 'Sales'), scope.clause('accountEnabled', 'IS TRUE')),
 * );
 * ```
 */
export const scope = {
  /**
   * One clause. `value` is the operand: a string, several, or none for a unary operator.
   * The attribute and operator are checked against the schema when the edit is saved.
   *
   * @throws {@link InvalidInputError} for an empty attribute or operator, or a value that is
   *   not a string.
   */
  clause(attribute: string, operator: string, value?: string | readonly string[]): ScopeClause {
    const a = text('scope.clause() attribute', attribute).trim();
    const o = text('scope.clause() operator', operator).trim();
    const values: unknown[] =
      value === undefined
        ? []
        : typeof value === 'string'
          ? [value]
          : Array.isArray(value)
            ? [...(value as readonly unknown[])]
            : [value];
    if (a === '' || o === '' || values.some((v) => typeof v !== 'string')) {
      throw new InvalidInputError(
        'Invalid scope.clause(): needs an attribute, an operator and string values',
        { issues: [{ path: ['scope.clause()'], message: 'attribute, operator, string values' }] },
      );
    }
    const made: ScopeClause = Object.freeze({
      attribute: a,
      operator: o,
      values: Object.freeze(values as string[]),
    });
    builtScopes.add(made);
    return made;
  },

  /** A group whose clauses must all hold. */
  allOf(...clauses: readonly ScopeClause[]): ScopeGroup {
    checkClauses('scope.allOf()', clauses, 'clauses');
    const made = Object.freeze({ clauses: Object.freeze([...clauses]) });
    builtScopes.add(made);
    return made;
  },

  /** A filter that holds when any of its groups does. */
  anyOf(...groups: readonly ScopeGroup[]): Scope {
    checkClauses('scope.anyOf()', groups, 'groups');
    const made: Scope = Object.freeze({ groups: Object.freeze([...groups]) });
    builtScopes.add(made);
    return made;
  },
} as const;
