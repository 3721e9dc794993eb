/**
 * Which Graph permissions each endpoint of the fake needs, from Microsoft's permission map
 * (reference §10, permissions.json 2026-08) and the field notes (§5).
 *
 * `Application.ReadWrite.OwnedBy` (and `SynchronizationData-User.Upload.OwnedBy`) let an app act
 * only on applications it owns: the caller is the `oid` claim of its JWT, and a service
 * principal counts as owned when its application is. Instantiate leaves the new application
 * without an owner (field notes §5), so OwnedBy alone cannot manage what it just created until
 * an owner is added.
 */
import { schemaTool } from './expressions.js';
import type { FakeRequest } from './routes.js';

/** Permissions that, together, allow a request; `owned`: only on objects the caller owns. */
export interface Alternative {
  readonly all: readonly string[];
  readonly owned?: boolean;
}

/** The request is allowed when one alternative is satisfied. */
export type Requirement = readonly Alternative[];

const any = (...names: string[]): Alternative[] => names.map((name) => ({ all: [name] }));
const OWNED_BY: Alternative = { all: ['Application.ReadWrite.OwnedBy'], owned: true };

const APP_READ: Requirement = [
  ...any(
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ),
  OWNED_BY,
];
const APP_WRITE: Requirement = [
  ...any('Application.ReadWrite.All', 'Directory.ReadWrite.All'),
  OWNED_BY,
];
const INSTANTIATE: Requirement = [
  ...any('Application.ReadWrite.All', 'Directory.ReadWrite.All', 'Application.ReadWrite.OwnedBy'),
];
const SYNC_READ: Requirement = [
  ...any('Synchronization.Read.All', 'Synchronization.ReadWrite.All'),
  OWNED_BY,
];
const SYNC_WRITE: Requirement = [...any('Synchronization.ReadWrite.All'), OWNED_BY];
const DISCOVER: Requirement = [...any('Directory.ReadWrite.All'), OWNED_BY];
const BULK_UPLOAD: Requirement = [
  ...any('SynchronizationData-User.Upload'),
  { all: ['SynchronizationData-User.Upload.OwnedBy'], owned: true },
];
// The page's known issue: AuditLog.Read.All alone is not enough, Directory.Read.All is needed too.
const LOGS: Requirement = [
  { all: ['ProvisioningLog.Read.All'] },
  { all: ['AuditLog.Read.All', 'Directory.Read.All'] },
];
// functions, filterOperators and parseExpression need ReadWrite although they read (§4.10).
const SCHEMA_TOOLS = new Set(['functions', 'filterOperators', 'parseExpression']);

// Listing needs no ownership: OwnedBy lists every application and service principal (as users
// report of Graph); reading one, or anything under it, does.
const DIRECTORY_LIST: Requirement = [
  ...APP_READ.filter((a) => a.owned !== true),
  { all: ['Application.ReadWrite.OwnedBy'] },
];

// Assignments (serviceprincipal-post-approleassignedto, 2026): AppRoleAssignment.ReadWrite.All
// with Application.Read.All or Directory.Read.All (alone it is refused: microsoft-graph-docs
// #12833); OwnedBy on a service principal the caller owns (microsoft-graph-docs#21760).
const ASSIGN: Requirement = [
  { all: ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'] },
  { all: ['AppRoleAssignment.ReadWrite.All', 'Directory.Read.All'] },
  OWNED_BY,
];
const USER_READ: Requirement = any(
  'User.ReadBasic.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
);
const GROUP_READ: Requirement = any(
  'GroupMember.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
);

/** What a request needs, or `undefined` when any valid token will do. */
export function requirementOf(req: FakeRequest): Requirement | undefined {
  const [collection, id, action] = req.segments;
  const last = req.segments.at(-1) ?? '';
  const read = req.method === 'GET';
  if (collection === 'applicationTemplates')
    return action === 'instantiate' ? INSTANTIATE : undefined;
  if (collection === 'auditLogs') return LOGS;
  if (collection === 'users' || collection?.startsWith("users('")) return USER_READ;
  if (collection === 'groups') return GROUP_READ;
  if (req.segments.includes('appRoleAssignedTo')) return read ? APP_READ : ASSIGN;
  if (req.segments.includes('synchronization')) {
    if (last === 'bulkUpload') return BULK_UPLOAD;
    if (last === 'discover') return DISCOVER;
    if (SCHEMA_TOOLS.has(schemaTool(last))) return SYNC_WRITE;
    return read ? SYNC_READ : SYNC_WRITE;
  }
  // `servicePrincipals(appId='…')` addresses one object: only the bare collection (and its
  // `$count`) is a list.
  const list = id === undefined || (id === '$count' && req.segments.length === 2);
  if (read && list && /^(applications|servicePrincipals)$/.test(collection ?? ''))
    return DIRECTORY_LIST;
  return read ? APP_READ : APP_WRITE;
}

/** Whether `granted` satisfies `requirement`; `owns()` says whether the caller owns the target. */
export function allows(
  requirement: Requirement,
  granted: ReadonlySet<string>,
  owns: () => boolean,
): boolean {
  return requirement.some(
    (alternative) =>
      alternative.all.every((permission) => granted.has(permission)) &&
      (alternative.owned !== true || owns()),
  );
}
