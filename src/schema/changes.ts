/**
 * What a schema edit changed, as a typed list the CLI and plans print: each change names its
 * object mapping and attribute, with the mapping before and after.
 */
import type { AttributeMapping, ObjectMapping } from '../models/synchronization-schema.js';
import { viewScope, viewSource, type ObjectMappingRef } from './draft.js';
import type { Scope } from './source.js';

/** An attribute mapping in a change: its source as expression text and its other members. */
export interface MappingSummary {
  /** The source as Graph shows it (`[mail]`, `"Member"`, `Join(…)`), `''` when none. */
  readonly source: string;
  readonly flow: string | undefined;
  readonly flowBehavior: string | undefined;
  readonly matchingPriority: number;
  readonly defaultValue: string | null | undefined;
  readonly exportMissingReferences: boolean | undefined;
}

/** What every {@link SchemaChange} carries. */
export interface SchemaChangeBase {
  /** The object mapping changed. */
  readonly objectMapping: ObjectMappingRef;
  /** One line for people: `User → User: map userName from [userPrincipalName]`. */
  readonly summary: string;
}

/** One change a schema edit made (or, with `dryRun`, would make). */
export type SchemaChange =
  | (SchemaChangeBase & {
      readonly kind: 'mapped';
      readonly attribute: string;
      readonly after: MappingSummary;
    })
  | (SchemaChangeBase & {
      readonly kind: 'remapped';
      readonly attribute: string;
      readonly before: MappingSummary;
      readonly after: MappingSummary;
    })
  | (SchemaChangeBase & {
      readonly kind: 'unmapped';
      readonly attribute: string;
      readonly before: MappingSummary;
    })
  | (SchemaChangeBase & {
      readonly kind: 'scoped';
      readonly before: Scope | undefined;
      readonly after: Scope | undefined;
    });

/** Whether two JSON values are equal (object members in any order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameJson(item, b[i]))
    );
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function summarize(mapping: AttributeMapping): MappingSummary {
  return Object.freeze({
    source: viewSource(mapping.source)?.expression ?? '',
    flow: mapping.flowType,
    flowBehavior: mapping.flowBehavior,
    matchingPriority: mapping.matchingPriority ?? 0,
    defaultValue: mapping.defaultValue,
    exportMissingReferences: mapping.exportMissingReferences,
  });
}

/** `[mail]`, with the members that differ from a plain mapping. */
function describeMapping(m: MappingSummary): string {
  const extras = [
    m.flow !== undefined && m.flow !== 'Always' ? `flow ${m.flow}` : '',
    m.flowBehavior === 'FlowAlways' ? 'flow behavior FlowAlways' : '',
    m.exportMissingReferences === true ? 'exports missing references' : '',
    m.matchingPriority > 0 ? `matching priority ${String(m.matchingPriority)}` : '',
    typeof m.defaultValue === 'string' ? `default "${m.defaultValue}"` : '',
  ].filter((e) => e !== '');
  return `${m.source === '' ? '(no source)' : m.source}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

function describeScope(scope: Scope | undefined): string {
  if (scope === undefined) return 'everything (no scoping filter)';
  return scope.groups
    .map(
      (g) =>
        `(${g.clauses.map((c) => [c.attribute, c.operator, ...c.values.map((v) => `"${v}"`)].join(' ')).join(' AND ')})`,
    )
    .join(' OR ');
}

/** The changes between an object mapping before and after an edit. */
export function changesOf(
  ref: ObjectMappingRef,
  before: ObjectMapping,
  after: ObjectMapping,
): SchemaChange[] {
  const label = `${ref.source} → ${ref.target}`;
  const key = (m: AttributeMapping): string => m.targetAttributeName ?? '';
  const old = new Map((before.attributeMappings ?? []).map((m) => [key(m), m]));
  const now = new Map((after.attributeMappings ?? []).map((m) => [key(m), m]));
  const changes: SchemaChange[] = [];
  for (const [attribute, m] of now) {
    const was = old.get(attribute);
    if (was === undefined) {
      const a = summarize(m);
      const summary = `${label}: map ${attribute} from ${describeMapping(a)}`;
      changes.push({ kind: 'mapped', objectMapping: ref, attribute, after: a, summary });
    } else if (!sameJson(was, m)) {
      const [b, a] = [summarize(was), summarize(m)];
      const summary = `${label}: map ${attribute} from ${describeMapping(a)} (was ${describeMapping(b)})`;
      changes.push({
        kind: 'remapped',
        objectMapping: ref,
        attribute,
        before: b,
        after: a,
        summary,
      });
    }
  }
  for (const [attribute, m] of old) {
    if (now.has(attribute)) continue;
    const b = summarize(m);
    const summary = `${label}: unmap ${attribute} (was ${describeMapping(b)})`;
    changes.push({ kind: 'unmapped', objectMapping: ref, attribute, before: b, summary });
  }
  if (!sameJson(before.scope ?? null, after.scope ?? null)) {
    const [b, a] = [viewScope(before.scope), viewScope(after.scope)];
    const summary = `${label}: scope to ${describeScope(a)} (was ${describeScope(b)})`;
    changes.push({ kind: 'scoped', objectMapping: ref, before: b, after: a, summary });
  }
  return changes.map((c) => Object.freeze(c));
}
