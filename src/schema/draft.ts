/**
 * The draft a schema edit hands to the caller: typed reads and edits of object mappings, made on
 * a copy of the schema as Graph sent it (members this SDK does not model included), so that what
 * is saved differs from what was read only where the edit said.
 */
import { InvalidInputError } from '../core/errors.js';
import { closestNames } from '../internal/closest.js';
import type {
  AttributeFlowBehavior,
  AttributeFlowType,
  AttributeMapping,
  AttributeMappingSource,
  Filter,
  ObjectMapping,
  SynchronizationRule,
  SynchronizationSchema,
} from '../models/synchronization-schema.js';
import { ExpressionSyntaxError, parseExpressionSyntax, type ExpressionNode } from './expression.js';
import * as z from 'zod/mini';
import { parseInput } from '../core/validation.js';
import {
  AttributeFlowBehaviorValues,
  AttributeFlowTypeValues,
} from '../models/synchronization-schema.js';
import {
  adoptScope,
  builtSource,
  isBuiltScope,
  quoteConstant,
  type MappingSource,
  type Scope,
  type ScopeClause,
} from './source.js';

/** Options of {@link ObjectMappingDraft.map}: the attribute mapping's other members. */
export interface MappingOptions {
  /** When the value flows (`flowType`): `Always` (new mappings' default), `ObjectAddOnly`… */
  flow?: AttributeFlowType;
  /** `flowBehavior`: `FlowWhenChanged` (new mappings' default) or `FlowAlways`. */
  flowBehavior?: AttributeFlowBehavior;
  /**
   * Matching precedence (`matchingPriority`): 1 for the attribute that matches objects between
   * the two directories, 2… for fallbacks, 0 (new mappings' default) for none.
   */
  matchingPriority?: number;
  /** The value written when the source is empty (`defaultValue`). */
  defaultValue?: string | null;
  /** `exportMissingReferences` (reference attributes). */
  exportMissingReferences?: boolean;
}

/** An attribute mapping, as {@link ObjectMappingDraft.mappings} reads it. */
export interface AttributeMappingView {
  /** The target attribute (`targetAttributeName`). */
  readonly target: string;
  /** Where its value comes from (absent when Graph sent none). */
  readonly source: MappingSource | undefined;
  readonly flow: AttributeFlowType | undefined;
  readonly flowBehavior: AttributeFlowBehavior | undefined;
  readonly matchingPriority: number;
  readonly defaultValue: string | null | undefined;
}

/** Which object mapping: its rule and its source and target object names. */
export interface ObjectMappingRef {
  /** The synchronization rule's name (or id when it has none). */
  readonly rule: string;
  readonly source: string;
  readonly target: string;
}

/** @internal Where an object mapping sits in the schema, for checks and issue paths. */
export interface Located {
  readonly ruleIndex: number;
  readonly mappingIndex: number;
  readonly rule: SynchronizationRule;
  readonly mapping: ObjectMapping;
  readonly ref: ObjectMappingRef;
}

/** @internal A source the edit mapped: parsed, or why the local parser could not read it. */
export interface MappedSource {
  readonly source: MappingSource;
  readonly parsed: ExpressionNode | ExpressionSyntaxError;
  /** The attribute mapping it was written to (its `source` is completed when saved). */
  readonly mapping: AttributeMapping;
}

/** @internal What an edit did to one object mapping, for the checks. */
export interface Touched {
  readonly at: Located;
  /** The object mapping as read, for edits that come back to what was there. */
  readonly original: ObjectMapping | undefined;
  /** Open while the edit function runs. */
  readonly draft: { open: boolean };
  /** Target attributes mapped by the edit to a new source, with the sources given. */
  readonly mapped: Map<string, MappedSource>;
  /** Target attributes whose other members (priority, flow…) the edit may have set. */
  readonly prioritized: Set<string>;
  /** The scope set by the edit (`null`: removed), if any. */
  scope?: Scope | null;
}

/** A read of a mapping's source, as Graph sent it. */
export function viewSource(
  raw: AttributeMappingSource | null | undefined,
): MappingSource | undefined {
  if (raw === null || raw === undefined || raw.type === undefined) return undefined;
  const name = raw.name ?? '';
  const type: MappingSource['type'] =
    raw.type === 'Attribute' ? 'Attribute' : raw.type === 'Constant' ? 'Constant' : 'Function';
  const derived =
    type === 'Attribute' ? `[${name}]` : type === 'Constant' ? quoteConstant(name) : name;
  return Object.freeze({ type, name, expression: raw.expression ?? derived });
}

function sameScope(a: Scope | undefined, b: Scope | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function sameSource(a: MappingSource | undefined, b: MappingSource): boolean {
  if (a === undefined || a.type !== b.type) return false;
  return a.type === 'Function' ? a.expression === b.expression : a.name === b.name;
}

function viewMapping(raw: AttributeMapping): AttributeMappingView {
  return Object.freeze({
    target: raw.targetAttributeName ?? '',
    source: viewSource(raw.source),
    flow: raw.flowType,
    flowBehavior: raw.flowBehavior,
    matchingPriority: raw.matchingPriority ?? 0,
    defaultValue: raw.defaultValue,
  });
}

/** A read of a scoping filter: `undefined` when there is none (no group). */
export function viewScope(raw: Filter | null | undefined): Scope | undefined {
  const groups = raw?.groups ?? [];
  if (groups.length === 0) return undefined;
  return adoptScope(
    Object.freeze({
      groups: Object.freeze(
        groups.map((g) =>
          Object.freeze({
            clauses: Object.freeze(
              (g.clauses ?? []).map((c): ScopeClause =>
                Object.freeze({
                  attribute: c.sourceOperandName ?? '',
                  operator: c.operatorName ?? '',
                  values: Object.freeze([...(c.targetOperand?.values ?? [])]),
                }),
              ),
            ),
          }),
        ),
      ),
    }),
  );
}

function invalid(message: string, path: readonly (string | number)[]): never {
  throw new InvalidInputError(`Invalid schema edit: ${message}`, { issues: [{ path, message }] });
}

/** The source as parsed, or why it does not parse (checked when the edit is saved). */
function parseSource(source: MappingSource): ExpressionNode | ExpressionSyntaxError {
  const kind = builtSource(source);
  if (kind === undefined) {
    invalid(
      'a source must come from source.attribute(), source.constant() or source.expression()',
      ['source'],
    );
  }
  if (kind === 'source') {
    return source.type === 'Attribute'
      ? { type: 'Attribute', name: source.name, text: source.expression }
      : { type: 'Constant', value: source.name, text: source.expression };
  }
  try {
    return parseExpressionSyntax(source.expression);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
}

/** What Graph stores for a parsed source (a function's arguments are named when it is saved). */
function rawSource(
  source: MappingSource,
  parsed: ExpressionNode | ExpressionSyntaxError,
): AttributeMappingSource {
  if (parsed instanceof ExpressionSyntaxError || parsed.type === 'Function')
    return { type: 'Function', name: source.name, expression: source.expression, parameters: [] };
  return parsed.type === 'Attribute'
    ? { type: 'Attribute', name: parsed.name, expression: parsed.text, parameters: [] }
    : { type: 'Constant', name: parsed.value, expression: parsed.text, parameters: [] };
}

const MappingOptionsSchema = z.strictObject({
  flow: z.optional(z.enum(AttributeFlowTypeValues)),
  flowBehavior: z.optional(z.enum(AttributeFlowBehaviorValues)),
  matchingPriority: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1_000))),
  defaultValue: z.optional(z.nullable(z.string())),
  exportMissingReferences: z.optional(z.boolean()),
});

/** A value for a message: strings as they are, anything else named by its type. */
function shown(value: unknown): string {
  if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value})`;
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

function closedDraft(): never {
  invalid('the draft is closed: use it inside the edit function, before it returns', ['draft']);
}

/**
 * One object mapping of the draft (e.g. Entra `User` to the app's `User`): read and change its
 * attribute mappings and its scoping filter.
 */
export class ObjectMappingDraft {
  /** The rule and objects this mapping connects. */
  readonly ref: ObjectMappingRef;
  readonly #touched: Touched;

  /** @internal */
  constructor(touched: Touched) {
    this.#touched = touched;
    this.ref = touched.at.ref;
  }

  get #raw(): ObjectMapping {
    if (!this.#touched.draft.open) closedDraft();
    return this.#touched.at.mapping;
  }

  /** The attribute mappings as they stand in the draft. */
  get mappings(): readonly AttributeMappingView[] {
    return Object.freeze((this.#raw.attributeMappings ?? []).map(viewMapping));
  }

  /**
   * Maps `target` (a target attribute's name, e.g. `userName`, `emails[type eq "work"].value`)
   * from `from`: replaces its mapping when it has one (keeping the members `options` leaves out),
   * adds one otherwise.
   *
   * @throws {@link InvalidInputError} for a source not built by `source.*` or bad options; the
   *   attribute names are checked when the edit is saved.
   */
  map(target: string, from: MappingSource, options: MappingOptions = {}): this {
    const raw = this.#raw;
    const name = typeof target === 'string' ? target.trim() : '';
    const path = this.#path(name === '' ? shown(target) : name);
    if (name === '') invalid('the target attribute must be a non-empty string', path);
    const set = parseInput(MappingOptionsSchema, options, `map('${shown(name)}') options`);
    const parsed = parseSource(from);
    const rawFrom = rawSource(from, parsed);
    const list = (raw.attributeMappings ??= []);
    const existing = list.find((m) => m.targetAttributeName === name);
    const mapping: AttributeMapping = existing ?? {
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: 'FlowWhenChanged',
      flowType: 'Always',
      matchingPriority: 0,
      source: rawFrom,
      targetAttributeName: name,
    };
    if (existing === undefined) list.push(mapping);
    // The same source as Graph's (which may spell it without `expression`) is kept as Graph sent
    // it: mapping an attribute to what it already has is no change, and is not checked again.
    const replaced = existing === undefined || !sameSource(viewSource(existing.source), from);
    if (replaced) mapping.source = rawFrom;
    // Back to the source it was read with: Graph's own spelling of it, and no change.
    const read = this.#touched.original?.attributeMappings?.find(
      (m) => m.targetAttributeName === name,
    );
    const back = read !== undefined && sameSource(viewSource(read.source), from);
    if (back) mapping.source = structuredClone(read.source);
    if (set.flow !== undefined) mapping.flowType = set.flow;
    if (set.flowBehavior !== undefined) mapping.flowBehavior = set.flowBehavior;
    if (set.matchingPriority !== undefined) mapping.matchingPriority = set.matchingPriority;
    if (set.defaultValue !== undefined) mapping.defaultValue = set.defaultValue;
    if (set.exportMissingReferences !== undefined)
      mapping.exportMissingReferences = set.exportMissingReferences;
    if (replaced && !back) this.#touched.mapped.set(name, { source: from, parsed, mapping });
    else {
      this.#touched.mapped.delete(name);
      this.#touched.prioritized.add(name);
    }
    return this;
  }

  /**
   * Removes the mapping of `target`.
   *
   * @throws {@link InvalidInputError} when nothing maps `target` (with the closest names), so a
   *   misspelt name is not silently ignored.
   */
  unmap(target: string): this {
    const list = this.#raw.attributeMappings ?? [];
    const index = list.findIndex((m) => m.targetAttributeName === target);
    if (index < 0) {
      const name = shown(target);
      const near = closestNames(
        name,
        list.map((m) => m.targetAttributeName ?? ''),
      );
      invalid(
        `nothing maps '${name}' in ${describe(this.ref)}${didYouMean(near)}`,
        this.#path(name),
      );
    }
    list.splice(index, 1);
    this.#touched.mapped.delete(target);
    this.#touched.prioritized.delete(target);
    return this;
  }

  /** The scoping filter: `undefined` when every object is in scope. */
  get scope(): Scope | undefined {
    return viewScope(this.#raw.scope);
  }

  /** Sets the scoping filter (`scope.anyOf(…)`); `null` or `undefined` removes it. */
  set scope(value: Scope | null | undefined) {
    const raw = this.#raw;
    if (value !== null && value !== undefined && !isBuiltScope(value)) {
      invalid('scope must be built with scope.anyOf(…), or null', [...this.#base(), 'scope']);
    }
    // The filter it already is (`users.scope = users.scope`, or none for none): left as read.
    if (sameScope(viewScope(raw.scope), value ?? undefined)) return;
    this.#touched.scope = value ?? null;
    const groups = (value?.groups ?? []).map((g, i) => ({
      name: raw.scope?.groups?.[i]?.name ?? `Group ${String(i + 1)}`,
      clauses: g.clauses.map((c) => ({
        operatorName: c.operator,
        sourceOperandName: c.attribute,
        targetOperand: { values: [...c.values] },
      })),
    }));
    raw.scope = {
      ...(raw.scope ?? { categoryFilterGroups: [], inputFilterGroups: [] }),
      groups,
    };
  }

  #base(): (string | number)[] {
    const { ruleIndex, mappingIndex } = this.#touched.at;
    return ['synchronizationRules', ruleIndex, 'objectMappings', mappingIndex];
  }

  #path(target: string): (string | number)[] {
    return [...this.#base(), 'attributeMappings', target];
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ObjectMappingDraft { ${describe(this.ref)} }`;
  }
}

/** `; did you mean 'a' or 'b'?`, or nothing. */
export function didYouMean(near: readonly string[]): string {
  return near.length > 0 ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
}

/** `User → User (rule USER_TO_USER)`, for messages. */
export function describe(ref: ObjectMappingRef): string {
  return `object mapping ${ref.source} → ${ref.target} (rule ${ref.rule})`;
}

/** Every object mapping of the schema, with where it sits. */
export function locateAll(schema: SynchronizationSchema): Located[] {
  return (schema.synchronizationRules ?? []).flatMap((rule, ruleIndex) =>
    (rule.objectMappings ?? []).map((mapping, mappingIndex) => ({
      ruleIndex,
      mappingIndex,
      rule,
      mapping,
      ref: Object.freeze({
        rule: rule.name ?? rule.id ?? String(ruleIndex),
        source: mapping.sourceObjectName ?? '',
        target: mapping.targetObjectName ?? '',
      }),
    })),
  );
}

/**
 * The schema being edited: pick an object mapping and change it. Edits apply to a copy; nothing
 * is sent until the edit function returns and every check passes.
 */
export class SchemaDraft {
  readonly #schema: SynchronizationSchema;
  readonly #read: SynchronizationSchema;
  readonly #touched = new Map<ObjectMapping, Touched>();
  readonly #state = { open: true };

  /** @internal `schema` is edited; `read` is the schema as read, left alone. */
  constructor(schema: SynchronizationSchema, read: SynchronizationSchema) {
    this.#schema = schema;
    this.#read = read;
  }

  /** @internal Ends the edit: every method of the draft and its object mappings refuses after. */
  close(): void {
    this.#state.open = false;
  }

  /** @internal What the edit touched. */
  get touched(): readonly Touched[] {
    return [...this.#touched.values()];
  }

  /** Every object mapping of the schema (rule, source and target object). */
  get objectMappings(): readonly ObjectMappingRef[] {
    return Object.freeze(locateAll(this.#schema).map((l) => l.ref));
  }

  /**
   * The object mapping whose source object is `name` (e.g. `'User'`), or the one mapping
   * `{ source, target }` (when a source object is mapped to several targets).
   *
   * @throws {@link InvalidInputError} when none matches (with the names there are) or several do.
   */
  objectMapping(name: string | { source: string; target: string }): ObjectMappingDraft {
    if (!this.#state.open) closedDraft();
    const all = locateAll(this.#schema);
    const wanted =
      typeof name === 'string'
        ? { source: name, target: undefined }
        : typeof name === 'object' &&
            name !== null &&
            typeof name.source === 'string' &&
            typeof name.target === 'string'
          ? name
          : invalid("pass the source object's name, or { source, target }", ['objectMapping']);
    const found = all.filter(
      (l) =>
        l.ref.source === wanted.source &&
        (wanted.target === undefined || l.ref.target === wanted.target),
    );
    const label =
      wanted.target === undefined
        ? `'${wanted.source}'`
        : `'${wanted.source}' → '${wanted.target}'`;
    if (found.length === 0) {
      const there = all.map((l) => `${l.ref.source} → ${l.ref.target}`);
      invalid(
        `no object mapping maps ${label}; the schema has ${there.length > 0 ? there.join(', ') : 'none'}`,
        ['objectMapping'],
      );
    }
    if (found.length > 1) {
      invalid(
        `several object mappings map ${label} (${found.map((l) => describe(l.ref)).join('; ')}): pass { source, target }`,
        ['objectMapping'],
      );
    }
    const at = found[0] as Located;
    let touched = this.#touched.get(at.mapping);
    if (touched === undefined) {
      const original =
        this.#read.synchronizationRules?.[at.ruleIndex]?.objectMappings?.[at.mappingIndex];
      touched = { at, original, draft: this.#state, mapped: new Map(), prioritized: new Set() };
      this.#touched.set(at.mapping, touched);
    }
    return new ObjectMappingDraft(touched);
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SchemaDraft { objectMappings: ${String(locateAll(this.#schema).length)} }`;
  }
}
