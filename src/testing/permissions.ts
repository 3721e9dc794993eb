/**
 * Which Graph permissions each endpoint of the fake needs, from Microsoft's permission map
 * (reference §10, permissions.json 2026-08) and the field notes (§5).
 *
 * `Application.ReadWrite.OwnedBy` lets an app manage only what it owns, and instantiate leaves the
 * new app without an owner (field notes §5): so in the fake, OwnedBy allows instantiate and
 * nothing on the objects it created, which is the trap users meet.
 */
import type { FakeRequest } from './routes.js';

/** Alternatives: the request is allowed when every permission of one of them is granted. */
export type Requirement = readonly (readonly string[])[];

const APP_READ: Requirement = [
  ['Application.Read.All'],
  ['Application.ReadWrite.All'],
  ['Directory.Read.All'],
  ['Directory.ReadWrite.All'],
];
const APP_WRITE: Requirement = [['Application.ReadWrite.All'], ['Directory.ReadWrite.All']];
const INSTANTIATE: Requirement = [['Application.ReadWrite.OwnedBy'], ...APP_WRITE];
const SYNC_READ: Requirement = [['Synchronization.Read.All'], ['Synchronization.ReadWrite.All']];
const SYNC_WRITE: Requirement = [['Synchronization.ReadWrite.All']];
// The page's known issue: AuditLog.Read.All alone is not enough, Directory.Read.All is needed too.
const LOGS: Requirement = [
  ['ProvisioningLog.Read.All'],
  ['AuditLog.Read.All', 'Directory.Read.All'],
];

/** What a request needs, or `undefined` when any valid token will do. */
export function requirementOf(req: FakeRequest): Requirement | undefined {
  const [collection, , action] = req.segments;
  const read = req.method === 'GET';
  if (collection === 'applicationTemplates')
    return action === 'instantiate' ? INSTANTIATE : undefined;
  if (collection === 'auditLogs') return LOGS;
  if (req.segments.includes('synchronization')) return read ? SYNC_READ : SYNC_WRITE;
  return read ? APP_READ : APP_WRITE;
}

/** Whether `granted` satisfies `requirement`. */
export function allows(requirement: Requirement, granted: ReadonlySet<string>): boolean {
  return requirement.some((all) => all.every((permission) => granted.has(permission)));
}
