/**
 * The Day-2 fields of a provisioning spec: attribute mappings, scoping filters, settings and
 * assignments, as plain data (what a manifest holds), checked before any request and turned
 * into `schema.edit()` calls, a `settings.update()` change and `appRoleAssignedTo` entries.
 */
import * as z from 'zod/mini';
import { checkAssignee } from '../assignments/assign.js';
import { InvalidInputError, type ValidationIssue } from '../core/errors.js';
import type { DesiredAssignment } from '../resources/app-role-assigned-to.js';
import type { ProvisioningSettingsUpdate } from '../resources/synchronization/settings.js';
import type { MappingOptions, SchemaDraft } from '../schema/draft.js';
// Not `source` and `scope`: code the lazily loaded workflows use from a module every script
// loads stays in every script's bundle; these are small, and mostly shared already.
import {
  adoptScope,
  glance,
  make,
  quoteConstant,
  type MappingSource,
  type Scope,
} from '../schema/source.js';
import { UpdateSchema } from '../settings/update-schema.js';
import { AssignmentsSchema, MappingsSchema, ScopesSchema } from './spec-schemas.js';

/**
 * Where a mapped attribute's value comes from (exactly one of `attribute`, `expression`,
 * `constant`), with the mapping's other members; members left out keep their saved value.
 */
export type AttributeMappingSpec = (
  { readonly attribute: string } | { readonly expression: string } | { readonly constant: string }
) &
  Readonly<MappingOptions>;

/** One clause of a scoping filter: `attribute operator value`. */
export interface ScopeClauseSpec {
  /** The source attribute tested (e.g. `department`). */
  readonly attribute: string;
  /** One of the schema's `filterOperators` (e.g. `EQUALS`, `IS TRUE`). */
  readonly operator: string;
  /** The operand: one string, several, or none for a unary operator. */
  readonly value?: string | readonly string[];
}

/** The Day-2 fields of {@link ProvisioningSpec}; each is optional, and what it leaves out is left alone. */
export interface Day2Spec {
  /**
   * Attribute mappings by object mapping (its source object name, e.g. `User`), then by target
   * attribute: where its value comes from, or `null` to remove the mapping.
   */
  mappings?: {
    readonly [objectMapping: string]: {
      readonly [targetAttribute: string]: AttributeMappingSpec | null;
    };
  };
  /**
   * Scoping filters by object mapping: groups of clauses (an object is in scope when all the
   * clauses of any group hold), or `null` for none (every object in scope).
   */
  scope?: { readonly [objectMapping: string]: readonly (readonly ScopeClauseSpec[])[] | null };
  /** Provisioning settings, as `settings.update()` takes them. */
  settings?: ProvisioningSettingsUpdate;
  /** Users and groups to assign (as `appRoleAssignedTo.ensure()` takes them). */
  assignments?: readonly DesiredAssignment[];
  /** Also remove the user and group assignments `assignments` does not list. Default `false`. */
  assignmentsExclusive?: boolean;
}

/** The Day-2 fields' shapes (a spec's schema adds them). */
export const Day2Shape = {
  mappings: z.optional(MappingsSchema),
  scope: z.optional(ScopesSchema),
  settings: z.optional(UpdateSchema),
  assignments: z.optional(AssignmentsSchema),
  assignmentsExclusive: z.optional(z.boolean()),
};

function invalid(message: string): never {
  throw new InvalidInputError(message, { issues: [{ path: [], message }] });
}

/** A mapping's source, checked and built as `source.attribute|expression|constant()` do. */
function sourceOf(m: AttributeMappingSpec): MappingSource {
  if ('attribute' in m) {
    const name = m.attribute.trim();
    if (name === '' || /[[\]]/.test(name))
      invalid(`'${name}' is not an attribute name (no brackets)`);
    return make({ type: 'Attribute', name, expression: `[${name}]` }, false);
  }
  if ('expression' in m) {
    if (m.expression.trim() === '') invalid('the expression is blank');
    return make(glance(m.expression), true);
  }
  return make({ type: 'Constant', name: m.constant, expression: quoteConstant(m.constant) }, false);
}

function optionsOf(m: AttributeMappingSpec): MappingOptions {
  const options: MappingOptions = {};
  if (m.flow !== undefined) options.flow = m.flow;
  if (m.flowBehavior !== undefined) options.flowBehavior = m.flowBehavior;
  if (m.matchingPriority !== undefined) options.matchingPriority = m.matchingPriority;
  if (m.defaultValue !== undefined) options.defaultValue = m.defaultValue;
  if (m.exportMissingReferences !== undefined)
    options.exportMissingReferences = m.exportMissingReferences;
  return options;
}

/** A scope, checked and built as `scope.anyOf(scope.allOf(scope.clause(…)))` do. */
function scopeOf(groups: readonly (readonly ScopeClauseSpec[])[]): Scope {
  return adoptScope({
    groups: groups.map((g) => ({
      clauses: g.map((c) => {
        const attribute = c.attribute.trim();
        const operator = c.operator.trim();
        if (attribute === '' || operator === '')
          invalid('a clause needs an attribute and an operator');
        const values =
          c.value === undefined ? [] : typeof c.value === 'string' ? [c.value] : [...c.value];
        return { attribute, operator, values };
      }),
    })),
  });
}

/** Runs `check`, re-pathing an InvalidInputError under `path`. */
function under<T>(path: readonly (string | number)[], check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const issues: ValidationIssue[] = error.issues.map((i) => ({
      ...i,
      path: [...path, ...i.path],
    }));
    throw new InvalidInputError(
      `Invalid ${path.join('.')}: ${error.message.replace(/^Invalid /, '')}`,
      {
        issues: issues.length > 0 ? issues : [{ path: [...path], message: error.message }],
      },
    );
  }
}

/**
 * Checks what `parseInput` cannot: each source and clause as `source.*` and `scope.*` build
 * them, each assignee as `appRoleAssignedTo` takes it. Before any request.
 */
export function checkDay2(spec: Day2Spec): void {
  for (const [name, attributes] of Object.entries(spec.mappings ?? {})) {
    for (const [target, m] of Object.entries(attributes)) {
      if (m !== null) under(['mappings', name, target], () => sourceOf(m));
    }
  }
  for (const [name, groups] of Object.entries(spec.scope ?? {})) {
    if (groups !== null) under(['scope', name], () => scopeOf(groups));
  }
  spec.assignments?.forEach((a, i) => {
    checkAssignee(a, `assignments[${String(i)}]`);
  });
}

/** Whether the spec edits the schema. */
export function editsSchema(spec: Day2Spec): boolean {
  return Object.keys(spec.mappings ?? {}).length + Object.keys(spec.scope ?? {}).length > 0;
}

/** The object mappings the spec edits, for a summary. */
export function editedObjectMappings(spec: Day2Spec): string[] {
  return [...new Set([...Object.keys(spec.mappings ?? {}), ...Object.keys(spec.scope ?? {})])];
}

/**
 * The spec's mappings and scopes as one `schema.edit()` function: `map()` each attribute
 * (members left out keep their saved value), `unmap()` those set to `null` that are mapped,
 * and set each scope. Applying it to a schema that already is so changes nothing.
 */
export function schemaEdit(spec: Day2Spec): (draft: SchemaDraft) => void {
  return (draft) => {
    for (const [name, attributes] of Object.entries(spec.mappings ?? {})) {
      const om = draft.objectMapping(name);
      for (const [target, m] of Object.entries(attributes)) {
        if (m !== null) om.map(target, sourceOf(m), optionsOf(m));
        else if (om.mappings.some((x) => x.target === target)) om.unmap(target);
      }
    }
    for (const [name, groups] of Object.entries(spec.scope ?? {})) {
      draft.objectMapping(name).scope = groups === null ? null : scopeOf(groups);
    }
  };
}
