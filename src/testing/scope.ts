/**
 * Who a job provisions, and what it writes, as Microsoft documents it:
 *
 * - `SyncAll` "true": every user and group of the tenant; otherwise ("sync only assigned users
 *   and groups", the default) the users assigned to the app, the groups assigned and their
 *   direct members (nested groups are not expanded, as Microsoft documents for assignment-based
 *   scoping).
 * - Then each object mapping's scoping filter (`scope.groups`: groups ORed, clauses inside one
 *   ANDed; learn.microsoft.com/graph/api/resources/synchronization-filter).
 * - What a provisioned object gets: its enabled object mapping's attribute mappings, evaluated on
 *   the object, reported as `modifiedProperties`.
 * - The settings kept in the secrets: `SkipOutOfScopeDeletions`, and the accidental-deletion
 *   threshold in `SyncNotificationSettings` (`DeleteThresholdEnabled`, `DeleteThresholdValue`).
 */
import { parseExpressionSyntax, type ExpressionNode } from '../schema/expression.js';
import type { GroupRecord, UserRecord } from './directory.js';
import type { DirectoryObject, JobRecord, ServicePrincipalRecord, Tenant } from './tenant.js';

/** An attribute mapping's target and the value it writes. */
export type ModifiedProperty = readonly [name: string, value: string | null];

interface Clause {
  readonly sourceOperandName?: unknown;
  readonly operatorName?: unknown;
  readonly targetOperand?: { readonly values?: unknown } | null;
}

interface ObjectMappingJson {
  readonly enabled?: unknown;
  readonly sourceObjectName?: unknown;
  readonly scope?: { readonly groups?: readonly { readonly clauses?: readonly Clause[] }[] } | null;
  readonly attributeMappings?: readonly {
    readonly targetAttributeName?: unknown;
    readonly source?: {
      readonly type?: unknown;
      readonly name?: unknown;
      readonly expression?: unknown;
    };
  }[];
}

const isTrue = (value: string | undefined): boolean => /^(true|1)$/i.test(value?.trim() ?? '');

/** `SyncAll` "true": every user and group of the tenant is in scope. */
export function syncAll(sp: ServicePrincipalRecord): boolean {
  return isTrue(sp.secrets.get('SyncAll'));
}

/** `SkipOutOfScopeDeletions` "true": objects leaving the scope are left as they are in the target. */
export function skipOutOfScopeDeletions(sp: ServicePrincipalRecord): boolean {
  return isTrue(sp.secrets.get('SkipOutOfScopeDeletions'));
}

/** The accidental-deletion threshold when enabled (`DeleteThresholdValue`), else `undefined`. */
export function deleteThreshold(sp: ServicePrincipalRecord): number | undefined {
  const raw = sp.secrets.get('SyncNotificationSettings');
  if (raw === undefined) return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const enabled = json.DeleteThresholdEnabled;
  if (enabled !== true && !(typeof enabled === 'string' && isTrue(enabled))) return undefined;
  const value = Number(json.DeleteThresholdValue);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The object mappings of a job's schema (its first rule's: the fake's schemas have one). */
function objectMappings(job: JobRecord): readonly ObjectMappingJson[] {
  const rules = (job.schema as { synchronizationRules?: readonly { objectMappings?: unknown }[] })
    .synchronizationRules;
  const mappings = rules?.[0]?.objectMappings;
  return Array.isArray(mappings) ? (mappings as ObjectMappingJson[]) : [];
}

/** The enabled object mapping of objects of `type` (`User`, `Group`), if any. */
export function mappingOf(job: JobRecord, type: string): ObjectMappingJson | undefined {
  return objectMappings(job).find(
    (m) =>
      m.enabled !== false &&
      typeof m.sourceObjectName === 'string' &&
      m.sourceObjectName.toLowerCase() === type.toLowerCase(),
  );
}

/** An attribute of a user or group as the source directory names it (`objectId` is the id). */
function attribute(record: UserRecord | GroupRecord, name: string): string | boolean | null {
  if (name === 'objectId') return record.id;
  if (name === 'mailNickname' && 'userPrincipalName' in record)
    return record.userPrincipalName.split('@')[0] ?? null;
  const value = (record as unknown as Record<string, unknown>)[name];
  return typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

const text = (value: string | boolean | null): string | null =>
  typeof value === 'boolean' ? (value ? 'True' : 'False') : value;

/** Whether one clause holds (operators by id or name: `IS TRUE`, `IsTrue`, `Greater_Than`…). */
function clauseHolds(record: UserRecord | GroupRecord, clause: Clause): boolean {
  const name = typeof clause.sourceOperandName === 'string' ? clause.sourceOperandName : '';
  const raw = attribute(record, name);
  const value = text(raw);
  const values = Array.isArray(clause.targetOperand?.values)
    ? (clause.targetOperand.values as unknown[]).filter((v): v is string => typeof v === 'string')
    : [];
  const operator = String(clause.operatorName).toUpperCase().replace(/[\s_]/g, '');
  const number = Number(value);
  switch (operator) {
    case 'EQUALS':
      return values.some((v) => v === value);
    case 'NOTEQUALS':
      return !values.some((v) => v === value);
    case 'ISTRUE':
      return raw === true || value?.toLowerCase() === 'true';
    case 'ISFALSE':
      return raw === false || value?.toLowerCase() === 'false';
    case 'ISNULL':
      return value === null || value === '';
    case 'ISNOTNULL':
      return value !== null && value !== '';
    case 'REGEXMATCH':
      return value !== null && values.some((v) => safeRegex(v)?.test(value) === true);
    case 'NOTREGEXMATCH':
      return value === null || !values.some((v) => safeRegex(v)?.test(value) === true);
    case 'INCLUDES':
      return value !== null && values.some((v) => value.includes(v));
    case 'EXCLUDES':
      return value === null || !values.some((v) => value.includes(v));
    case 'GREATERTHAN':
      return values.some((v) => number > Number(v));
    case 'GREATERTHANOREQUALS':
      return values.some((v) => number >= Number(v));
    case 'LESSTHAN':
      return values.some((v) => number < Number(v));
    case 'LESSTHANOREQUALS':
      return values.some((v) => number <= Number(v));
    default:
      return false;
  }
}

function safeRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/** Whether a record passes a mapping's scoping filter (no filter, or no group: everyone). */
export function passesScope(record: UserRecord | GroupRecord, mapping: ObjectMappingJson): boolean {
  const groups: unknown = mapping.scope?.groups;
  if (!Array.isArray(groups) || groups.length === 0) return true;
  return (groups as readonly { readonly clauses?: unknown }[]).some((g) => {
    const clauses = Array.isArray(g.clauses) ? (g.clauses as readonly Clause[]) : [];
    return clauses.every((c) => clauseHolds(record, c));
  });
}

/** The user or group record of a directory object. */
export function recordOf(
  tenant: Tenant,
  object: DirectoryObject,
): UserRecord | GroupRecord | undefined {
  return object.type === 'User' ? tenant.users.get(object.id) : tenant.groups.get(object.id);
}

/** The candidates before filters: everyone (`SyncAll`), or the assigned and their groups' members. */
function candidates(tenant: Tenant, sp: ServicePrincipalRecord): DirectoryObject[] {
  if (syncAll(sp)) {
    return [
      ...[...tenant.users.values()].map((u) => ({
        id: u.id,
        displayName: u.displayName,
        type: 'User' as const,
      })),
      ...[...tenant.groups.values()].map((g) => ({
        id: g.id,
        displayName: g.displayName,
        type: 'Group' as const,
      })),
    ];
  }
  const out = new Map<string, DirectoryObject>();
  for (const object of tenant.assigned(sp)) {
    out.set(object.id, object);
    if (object.type !== 'Group') continue;
    for (const member of tenant.groups.get(object.id)?.members ?? []) {
      const user = tenant.users.get(member);
      if (user !== undefined && !out.has(member))
        out.set(member, { id: member, displayName: user.displayName, type: 'User' });
    }
  }
  return [...out.values()];
}

/** The objects a cycle of `job` provisions now, in a stable order. */
export function inScope(
  tenant: Tenant,
  sp: ServicePrincipalRecord,
  job: JobRecord,
): DirectoryObject[] {
  return candidates(tenant, sp).filter((object) => {
    if (!job.template.objects.some((m) => m.source === object.type)) return false;
    const mapping = mappingOf(job, object.type);
    const record = recordOf(tenant, object);
    if (mapping === undefined || record === undefined) return false;
    // A disabled user is provisioned as disabled, not dropped: only the filter decides.
    return passesScope(record, mapping);
  });
}

/** The value an expression writes, for the functions a test is likely to use; else null. */
function evaluate(
  node: ExpressionNode | undefined,
  record: UserRecord | GroupRecord,
): string | null {
  if (node === undefined) return null;
  if (node.type === 'Attribute') return text(attribute(record, node.name));
  if (node.type === 'Constant') return node.value;
  const args = node.args.map((a) => evaluate(a, record));
  switch (node.name.toLowerCase()) {
    case 'join':
      return args
        .slice(1)
        .filter((a): a is string => a !== null && a !== '')
        .join(args[0] ?? '');
    case 'append':
      return `${args[0] ?? ''}${args[1] ?? ''}`;
    case 'tolower':
      return args[0]?.toLowerCase() ?? null;
    case 'toupper':
      return args[0]?.toUpperCase() ?? null;
    case 'coalesce':
      return args.find((a) => a !== null && a !== '') ?? null;
    default:
      return null;
  }
}

/** What a provisioned object's attribute mappings write: target name and value, in order. */
export function mappedProperties(
  job: JobRecord,
  record: UserRecord | GroupRecord,
  type: string,
): ModifiedProperty[] {
  const mapping = mappingOf(job, type);
  const out: ModifiedProperty[] = [];
  for (const m of mapping?.attributeMappings ?? []) {
    if (typeof m.targetAttributeName !== 'string') continue;
    const src = m.source ?? {};
    let value: string | null = null;
    if (src.type === 'Attribute' && typeof src.name === 'string')
      value = text(attribute(record, src.name));
    else if (src.type === 'Constant' && typeof src.name === 'string') value = src.name;
    else if (src.type === 'Function' && typeof src.expression === 'string') {
      try {
        value = evaluate(parseExpressionSyntax(src.expression), record);
      } catch {
        value = null;
      }
    }
    out.push([m.targetAttributeName, value]);
  }
  return out;
}
