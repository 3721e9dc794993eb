/**
 * Users and groups assigned to an app (`servicePrincipals/{id}/appRoleAssignedTo`), loaded with
 * the first `add()`, `remove()` or `ensure()`: who is assigned, by user principal name, group
 * name or id, with an app role named by value, display name or id.
 *
 * A POST that may have been carried out (a 5xx, a timeout, a reset) is looked for, then sent
 * again: Graph refuses a second identical assignment (400 "Permission being assigned already
 * exists on the object."), so a replay can never duplicate one, and that answer (or a 409) is
 * resolved to the assignment that exists.
 */
import * as z from 'zod/mini';
import {
  AmbiguousMatchError,
  InvalidInputError,
  NotFoundError,
  appendHint,
  isGraphError,
  type AnyGraphError,
} from '../core/errors.js';
import type { HttpCore, RequestHints } from '../core/http.js';
import { quoteString } from '../core/odata.js';
import type { RequestOptions } from '../core/options.js';
import { pagedList } from '../core/paging.js';
import { checkString, isGuid, segment } from '../core/path.js';
import { invalidInput, parseInput } from '../core/validation.js';
import { sleep } from '../internal/abort.js';
import {
  AppRoleAssignmentSchema,
  AppRoleSchema,
  type AppRole,
  type AppRoleAssignment,
} from '../models/app-role-assignment.js';
import { findOne } from '../resources/directory-query.js';
import { SP_READ } from '../resources/hints.js';
import type {
  Assignee,
  AssignmentChange,
  AssignOptions,
  DesiredAssignment,
  EnsureAssignmentsOptions,
  EnsureAssignmentsResult,
} from '../resources/app-role-assigned-to.js';

type Hints = RequestHints;
const permission = (text: string): Hints => ({ unauthorized: text, forbidden: text });
const ASSIGN_READ = SP_READ;
const ASSIGN_WRITE: Hints = {
  ...permission(
    'Requires AppRoleAssignment.ReadWrite.All together with Application.Read.All (or Directory.Read.All): AppRoleAssignment.ReadWrite.All alone is refused.',
  ),
  notFound: 'Check the service principal id and the assignment id (list() shows them).',
};
const USER_READ: Hints = {
  ...permission('Requires User.Read.All (or User.ReadBasic.All, Directory.Read.All).'),
  notFound: 'No user has this object id or user principal name.',
};
const GROUP_READ: Hints = {
  ...permission('Requires GroupMember.Read.All (or Group.Read.All, Directory.Read.All).'),
  notFound: 'No group has this object id.',
};

/** The role an assignment carries when the app defines none ("Default Access"). */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** The role the portal hides from its picker; taken by default only when it is the app's only one. */
const HIDDEN_ROLE = 'msiam_access';

/**
 * Reads after Graph said "already exists" before giving up on seeing it listed: waits of 1, 2,
 * 4, 8 and 15 s, half a minute in all (a list lags a write by seconds, rarely more).
 */
const LIST_READ_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000] as const;
const LIST_READS = LIST_READ_DELAYS_MS.length + 1;

const AssigneeSchema = z.union([
  z.strictObject({
    user: z.string().check(z.minLength(1)),
    appRole: z.optional(z.string().check(z.minLength(1))),
  }),
  z.strictObject({
    group: z.string().check(z.minLength(1)),
    appRole: z.optional(z.string().check(z.minLength(1))),
  }),
]);

const SpRolesSchema = z.looseObject({
  id: z.string(),
  displayName: z.nullish(z.string()),
  appRoles: z.nullish(z.array(AppRoleSchema)),
});

const PrincipalSchema = z.looseObject({
  id: z.string(),
  displayName: z.nullish(z.string()),
});

/** A user or group, resolved. */
interface Principal {
  readonly id: string;
  readonly type: 'User' | 'Group';
  readonly displayName: string | null;
}

/** The app, as assignments need it: its object id and roles. */
interface Resource {
  readonly id: string;
  readonly roles: readonly AppRole[];
}

/**
 * Checks an assignee (`{ user }` or `{ group }`, optional `appRole`) before any request: each
 * name as a path segment or a filter literal takes it (no control characters, no lone
 * surrogates, no whitespace at either end, a user not `.` or `..`).
 */
export function checkAssignee(value: unknown, field: string): DesiredAssignment {
  const parsed = parseInput(AssigneeSchema, value, field);
  if ('user' in parsed) segment(`${field}.user`, parsed.user);
  else checkName(`${field}.group`, parsed.group);
  if (parsed.appRole !== undefined) checkName(`${field}.appRole`, parsed.appRole);
  return parsed;
}

function checkName(field: string, value: string): void {
  checkString(field, value);
  if (value.trim() !== value) invalidInput(field, 'must not start or end with whitespace');
}

/** `exclusive` and `dryRun` are booleans when given (a string 'false' would mean true). */
function checkFlags(options: EnsureAssignmentsOptions): void {
  if (typeof options !== 'object' || options === null) {
    invalidInput('options', 'expected an object');
  }
  for (const name of ['exclusive', 'dryRun'] as const) {
    const flag: unknown = options[name];
    if (flag !== undefined && typeof flag !== 'boolean') {
      invalidInput(`options.${name}`, `expected a boolean, got ${typeof flag}`);
    }
  }
}

/** Reads the app's object id and roles (`GET servicePrincipals/{id}?$select=id,appRoles`). */
export async function readResource(
  core: HttpCore,
  spPath: string,
  options: RequestOptions,
): Promise<Resource> {
  const sp = await core.json(
    {
      method: 'GET',
      path: spPath,
      query: { $select: 'id,displayName,appRoles' },
      hints: ASSIGN_READ,
      model: 'ServicePrincipal',
    },
    SpRolesSchema,
    options,
  );
  return { id: sp.id, roles: sp.appRoles ?? [] };
}

/** Roles a user or a group can be given: enabled, allowing the `User` member type. */
function assignableRoles(resource: Resource): AppRole[] {
  return resource.roles.filter(
    (r) => r.isEnabled !== false && (r.allowedMemberTypes ?? ['User']).includes('User'),
  );
}

function roleName(role: AppRole): string {
  return role.value ?? role.displayName ?? role.id;
}

/**
 * The role id for `appRole` (an id, a value, or a display name, compared case-insensitively),
 * or the app's default: its only assignable role other than `msiam_access`, else
 * `msiam_access` when that is all it has, else, when the app defines no role at all, the
 * default access role (Graph's appRoleAssignment page allows it only then).
 */
export function resolveRole(resource: Resource, appRole: string | undefined): string {
  const roles = assignableRoles(resource);
  const none = resource.roles.length === 0;
  if (appRole === undefined) {
    if (none) return DEFAULT_ACCESS_ROLE_ID;
    const visible = roles.filter((r) => r.displayName !== HIDDEN_ROLE && r.value !== HIDDEN_ROLE);
    if (visible.length === 1) return (visible[0] as AppRole).id;
    if (visible.length === 0 && roles[0] !== undefined) return roles[0].id;
    if (visible.length === 0) {
      throw new InvalidInputError(
        'The app defines roles, but none enabled for users and groups: it cannot be assigned to a user or a group until one is.',
        { issues: [{ path: ['appRole'], message: 'no role for users and groups' }] },
      );
    }
    throw new AmbiguousMatchError(
      `The app defines ${String(visible.length)} roles for users and groups (${visible.map(roleName).join(', ')}): pick one with appRole.`,
      { matches: visible.map((r) => ({ id: r.id, displayName: r.displayName ?? r.value })) },
    );
  }
  const wanted = appRole.toLowerCase();
  // Named explicitly, the default access role is Graph's to accept or refuse (assignments that
  // carry it exist on apps with roles too: an export names it).
  if (wanted === DEFAULT_ACCESS_ROLE_ID) return DEFAULT_ACCESS_ROLE_ID;
  const byId = roles.find((r) => r.id.toLowerCase() === wanted);
  if (byId !== undefined) return byId.id;
  const named = roles.filter(
    (r) => r.value?.toLowerCase() === wanted || r.displayName?.toLowerCase() === wanted,
  );
  if (named.length === 1) return (named[0] as AppRole).id;
  if (named.length > 1) {
    throw new AmbiguousMatchError(
      `${String(named.length)} roles of the app are named '${appRole}': pick one by id.`,
      { matches: named.map((r) => ({ id: r.id, displayName: r.displayName ?? r.value })) },
    );
  }
  const known = none
    ? 'none (leave appRole out: the default access role)'
    : roles.length === 0
      ? 'none enabled for users and groups'
      : roles.map(roleName).join(', ');
  throw new InvalidInputError(
    `Invalid appRole: '${appRole}' is not an enabled role of the app for users and groups; its roles: ${known}.`,
    { issues: [{ path: ['appRole'], message: 'not a role of the app' }] },
  );
}

/** A user by object id or user principal name (`GET /users/{id | userPrincipalName}`). */
async function resolveUser(
  core: HttpCore,
  key: string,
  options: RequestOptions,
): Promise<Principal> {
  // A UPN that starts with '$' must be addressed as users('$…') (Graph's user-get page).
  const path = key.startsWith('$')
    ? `/users(${encodeURIComponent(quoteString(key))})`
    : `/users/${segment('user', key)}`;
  const user = await core.json(
    { method: 'GET', path, query: { $select: 'id,displayName' }, hints: USER_READ, model: 'User' },
    PrincipalSchema,
    options,
  );
  return { id: user.id, type: 'User', displayName: user.displayName ?? null };
}

/** A group by object id, or by display name (exact, case-insensitive; several: ambiguous). */
async function resolveGroup(
  core: HttpCore,
  key: string,
  options: RequestOptions,
): Promise<Principal> {
  if (isGuid(key)) {
    const group = await core.json(
      {
        method: 'GET',
        path: `/groups/${segment('group', key)}`,
        query: { $select: 'id,displayName' },
        hints: GROUP_READ,
        model: 'Group',
      },
      PrincipalSchema,
      options,
    );
    return { id: group.id, type: 'Group', displayName: group.displayName ?? null };
  }
  const found = await findOne(
    pagedList(
      core,
      {
        method: 'GET',
        path: '/groups',
        query: { $filter: `displayName eq ${quoteString(key)}`, $select: 'id,displayName' },
        hints: GROUP_READ,
        model: 'Group',
      },
      PrincipalSchema,
      options,
    ),
    `groups named '${key}'`,
  );
  if (found === undefined) {
    throw new NotFoundError(`No group is named '${key}'.`, {
      hint: 'Group names are matched exactly (case-insensitively); pass the group object id to be sure.',
    });
  }
  return { id: found.id, type: 'Group', displayName: found.displayName ?? null };
}

/** The user or group an assignee names. */
export async function resolvePrincipal(
  core: HttpCore,
  assignee: Assignee,
  options: RequestOptions,
): Promise<Principal> {
  if ('user' in assignee) return resolveUser(core, assignee.user, options);
  return resolveGroup(core, assignee.group, options);
}

/** Every assignment of the app (all pages). */
export function listAll(
  core: HttpCore,
  spPath: string,
  options: RequestOptions,
): Promise<AppRoleAssignment[]> {
  return pagedList(
    core,
    {
      method: 'GET',
      path: `${spPath}/appRoleAssignedTo`,
      hints: ASSIGN_READ,
      model: 'AppRoleAssignment',
    },
    AppRoleAssignmentSchema,
    options,
  ).toArray();
}

function sameAssignment(a: AppRoleAssignment, principalId: string, appRoleId: string): boolean {
  return (
    a.principalId.toLowerCase() === principalId.toLowerCase() &&
    a.appRoleId.toLowerCase() === appRoleId.toLowerCase()
  );
}

/** Graph's answers to a duplicate assignment: 400 "…already exists…", or a 409. */
function isDuplicate(error: AnyGraphError): boolean {
  return (
    error.kind === 'conflict' ||
    (error.kind === 'badRequest' && /already exists/i.test(error.message))
  );
}

/** An answer after which the POST may have been carried out. */
function mayHaveHappened(error: AnyGraphError): boolean {
  // A 2xx whose body was cut short is an invalidResponse: the assignment was made. Graph also
  // answers 404 after doing the work (a replica that has not seen the principal yet answers the
  // request another one carried out): looked for, and sent again, as after a 5xx.
  return (
    error.kind === 'notFound' ||
    error.kind === 'server' ||
    error.kind === 'timeout' ||
    error.kind === 'network' ||
    error.kind === 'invalidResponse'
  );
}

/** The existing assignment, read up to `reads` times (lists lag behind writes). */
async function findExisting(
  core: HttpCore,
  spPath: string,
  principalId: string,
  appRoleId: string,
  reads: number,
  options: RequestOptions,
): Promise<AppRoleAssignment | undefined> {
  for (let read = 1; ; read += 1) {
    const all = await listAll(core, spPath, options);
    const found = all.find((a) => sameAssignment(a, principalId, appRoleId));
    if (found !== undefined || read >= reads) return found;
    await sleep(LIST_READ_DELAYS_MS[read - 1] ?? 15_000, options.signal);
  }
}

/** POSTs the assignment; a duplicate or an ambiguous failure is resolved to what exists. */
export async function createAssignment(
  core: HttpCore,
  spPath: string,
  resource: Resource,
  principal: Principal,
  appRoleId: string,
  options: RequestOptions,
): Promise<AppRoleAssignment> {
  const body = { principalId: principal.id, resourceId: resource.id, appRoleId };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await core.json(
        {
          method: 'POST',
          path: `${spPath}/appRoleAssignedTo`,
          body,
          replay: 'throttledOnly',
          hints: ASSIGN_WRITE,
          model: 'AppRoleAssignment',
        },
        AppRoleAssignmentSchema,
        options,
      );
    } catch (error) {
      if (!isGraphError(error)) throw error;
      if (isDuplicate(error)) {
        const found = await findExisting(
          core,
          spPath,
          principal.id,
          appRoleId,
          LIST_READS,
          options,
        );
        if (found !== undefined) return found;
        throw appendHint(
          error,
          'Graph says this assignment exists, but the list did not show it within 30 s of reads: it is there; list() again later to read its id.',
        );
      }
      if (!mayHaveHappened(error) || attempt >= 2) throw error;
      // Sending again is safe (Graph refuses a duplicate), but a look first spares the POST.
      const found = await findExisting(core, spPath, principal.id, appRoleId, 1, options);
      if (found !== undefined) return found;
    }
  }
}

/** `add()`: resolves the assignee and the role, then creates the assignment (or finds it). */
export async function addAssignment(
  core: HttpCore,
  spPath: string,
  assignee: Assignee,
  options: AssignOptions = {},
): Promise<AppRoleAssignment> {
  const { appRole, ...request } = options;
  const withRole =
    appRole === undefined || typeof assignee !== 'object' ? assignee : { ...assignee, appRole };
  const checked = checkAssignee(withRole, 'assignee');
  const resource = await readResource(core, spPath, request);
  const appRoleId = resolveRole(resource, checked.appRole);
  const principal = await resolvePrincipal(core, checked, request);
  return createAssignment(core, spPath, resource, principal, appRoleId, request);
}

/** `remove()`: DELETE; `false` when there was no such assignment (already removed). */
export async function removeAssignment(
  core: HttpCore,
  spPath: string,
  assignmentId: string,
  options: RequestOptions = {},
): Promise<boolean> {
  return (await deleteAssignment(core, spPath, assignmentId, options)) === 'deleted';
}

/**
 * The DELETE of an assignment: `'deleted'`; `'absent'` when Graph answers 404 at once; and
 * `'absentAfterRetry'` when it answers 404 to a DELETE sent again after a 5xx, a timeout or a
 * reset, which most likely means the first one did it.
 */
async function deleteAssignment(
  core: HttpCore,
  spPath: string,
  assignmentId: string,
  options: RequestOptions,
): Promise<'deleted' | 'absent' | 'absentAfterRetry'> {
  const path = `${spPath}/appRoleAssignedTo/${segment('assignmentId', assignmentId)}`;
  try {
    await core.empty({ method: 'DELETE', path, hints: ASSIGN_WRITE }, options);
    return 'deleted';
  } catch (error) {
    if (!isGraphError(error) || error.kind !== 'notFound') throw error;
    return error.attempts > 1 ? 'absentAfterRetry' : 'absent';
  }
}

function change(a: {
  principalId: string;
  principalType?: string | null | undefined;
  principalDisplayName?: string | null | undefined;
  appRoleId: string;
  id?: string;
}): AssignmentChange {
  return {
    principalId: a.principalId,
    principalType:
      a.principalType === 'Group'
        ? 'Group'
        : a.principalType === 'User'
          ? 'User'
          : 'ServicePrincipal',
    principalDisplayName: a.principalDisplayName ?? null,
    appRoleId: a.appRoleId,
    ...(a.id === undefined ? {} : { assignmentId: a.id }),
  };
}

/** `ensure()`: adds the desired assignments that are missing; with `exclusive`, removes the rest. */
export async function ensureAssignments(
  core: HttpCore,
  spPath: string,
  desired: readonly DesiredAssignment[],
  options: EnsureAssignmentsOptions = {},
): Promise<EnsureAssignmentsResult> {
  if (!Array.isArray(desired)) {
    throw new InvalidInputError('Invalid desired: expected an array of { user } or { group }', {
      issues: [{ path: ['desired'], message: 'expected an array' }],
    });
  }
  const checked = desired.map((d, i) => checkAssignee(d, `desired[${String(i)}]`));
  checkFlags(options);
  const { exclusive = false, dryRun = false, ...request } = options;
  const resource = await readResource(core, spPath, request);
  const roles = checked.map((d) => resolveRole(resource, d.appRole));
  const principals: Principal[] = [];
  for (const d of checked) principals.push(await resolvePrincipal(core, d, request));
  const existing = await listAll(core, spPath, request);

  const wanted = new Map<string, { principal: Principal; appRoleId: string }>();
  principals.forEach((principal, i) => {
    const appRoleId = roles[i] as string;
    wanted.set(`${principal.id.toLowerCase()}|${appRoleId.toLowerCase()}`, {
      principal,
      appRoleId,
    });
  });
  const key = (a: AppRoleAssignment): string =>
    `${a.principalId.toLowerCase()}|${a.appRoleId.toLowerCase()}`;
  const have = new Set(existing.map(key));
  const missing = [...wanted].filter(([k]) => !have.has(k)).map(([, v]) => v);
  // Only users and groups: an app's service principal assignments are not provisioning's.
  const extra = exclusive
    ? existing.filter(
        (a) => !wanted.has(key(a)) && (a.principalType === 'User' || a.principalType === 'Group'),
      )
    : [];
  const unchanged = existing.filter((a) => wanted.has(key(a))).length;

  const added: AssignmentChange[] = [];
  const removed: AssignmentChange[] = [];
  if (dryRun) {
    for (const m of missing)
      added.push(
        change({
          principalId: m.principal.id,
          principalType: m.principal.type,
          principalDisplayName: m.principal.displayName,
          appRoleId: m.appRoleId,
        }),
      );
    for (const a of extra) removed.push(change(a));
    return { added, removed, unchanged, dryRun };
  }
  for (const m of missing) {
    added.push(
      change(await createAssignment(core, spPath, resource, m.principal, m.appRoleId, request)),
    );
  }
  // One already gone (removed meanwhile) is not reported: only what this call removed, which
  // includes a DELETE answered 404 only when sent again after an answer lost on its way back.
  for (const a of extra) {
    if ((await deleteAssignment(core, spPath, a.id, request)) !== 'absent') removed.push(change(a));
  }
  return { added, removed, unchanged, dryRun };
}
