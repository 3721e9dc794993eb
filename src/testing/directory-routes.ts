/**
 * The fake Graph's directory endpoints: `/users/{id | userPrincipalName}`, `/groups` (with
 * `$filter=displayName eq '…'`) and a service principal's `appRoleAssignedTo`, answering as
 * Graph does (a duplicate assignment: 400 "Permission being assigned already exists on the
 * object."; a role the app does not define: 400 "Permission being assigned was not found on
 * application.").
 */
import { COUNTING, countAnswer, isCountSegment } from './count.js';
import { appRoleJson, groupJson, userJson, DEFAULT_ACCESS_ROLE } from './directory.js';
import type { AssignmentRecord } from './directory.js';
import { Fault, select, type FakeRequest, type FakeResponse } from './routes.js';
import type { ServicePrincipalRecord, Tenant } from './tenant.js';

/** How a list is paged: the caller's `#page`. */
type Pager = (req: FakeRequest, context: string, items: readonly unknown[]) => FakeResponse;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function notFound(id: string): Fault {
  return new Fault(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function badRequest(message: string): Fault {
  return new Fault(400, 'Request_BadRequest', message);
}

function methodNotAllowed(req: FakeRequest): Fault {
  return new Fault(
    405,
    'Request_BadRequest',
    `The HTTP method '${req.method}' is not allowed on this resource.`,
  );
}

function entity(req: FakeRequest, context: string, body: Record<string, unknown>): FakeResponse {
  return {
    status: 200,
    body: { '@odata.context': `${req.base}/${req.version}/$metadata#${context}`, ...body },
  };
}

/** The one segment a read-only collection takes (an id), or none. */
function readOnlyKey(req: FakeRequest, rest: readonly string[]): string | undefined {
  if (req.method !== 'GET') throw methodNotAllowed(req);
  const [key, ...more] = rest;
  if (more.length > 0) throw badRequest(`Resource not found for the segment '${more[0] ?? ''}'.`);
  return key;
}

/** `GET /users`, `/users/$count` and `/users/{id | userPrincipalName}`. */
export function usersRoute(
  tenant: Tenant,
  req: FakeRequest,
  rest: readonly string[],
  page: Pager,
): FakeResponse {
  if (isCountSegment(rest)) return countAnswer(req, COUNTING.directory, tenant.users.size);
  const key = readOnlyKey(req, rest);
  if (key === undefined) {
    return page(req, 'users', [...tenant.users.values()].map(userJson));
  }
  return userRoute(tenant, req, [key]);
}

/**
 * `GET /users/{id | userPrincipalName}`, also reached as `users('{key}')` (how Graph's user-get
 * page addresses a UPN that starts with `$`, which is never the count).
 */
export function userRoute(tenant: Tenant, req: FakeRequest, rest: readonly string[]): FakeResponse {
  const key = readOnlyKey(req, rest);
  if (key === undefined) throw badRequest('A user id or userPrincipalName is required.');
  const lower = key.toLowerCase();
  const user = GUID.test(key)
    ? tenant.users.get(lower)
    : [...tenant.users.values()].find((u) => u.userPrincipalName.toLowerCase() === lower);
  if (user === undefined) throw notFound(key);
  return entity(req, 'users/$entity', userJson(user));
}

/** `GET /groups?$filter=displayName eq '…'` (and its `$count`) and `GET /groups/{id}`. */
export function groupsRoute(
  tenant: Tenant,
  req: FakeRequest,
  rest: readonly string[],
  page: Pager,
): FakeResponse {
  const id = readOnlyKey(req, rest);
  if (id !== undefined && !isCountSegment(rest)) {
    const group = tenant.groups.get(id.toLowerCase());
    if (group === undefined) throw notFound(id);
    return entity(req, 'groups/$entity', groupJson(group));
  }
  const filter = req.query.get('$filter');
  let groups = [...tenant.groups.values()];
  if (filter !== null) {
    // The one filter the SDK sends; Graph compares display names case-insensitively.
    const match = /^displayName eq '((?:[^']|'')*)'$/.exec(filter.trim());
    if (match === null) {
      throw new Fault(
        400,
        'BadRequest',
        `The fake supports only $filter=displayName eq '…' on groups.`,
      );
    }
    const name = (match[1] ?? '').replace(/''/g, "'").toLowerCase();
    groups = groups.filter((g) => g.displayName.toLowerCase() === name);
  }
  if (id !== undefined) return countAnswer(req, COUNTING.directory, groups.length);
  return page(req, 'groups', groups.map(groupJson));
}

/** `GET /servicePrincipals/{id}/appRoles`: the roles it defines. */
export function appRolesRoute(req: FakeRequest, sp: ServicePrincipalRecord): FakeResponse {
  if (req.method !== 'GET') throw methodNotAllowed(req);
  return entity(req, `servicePrincipals('${sp.id}')/appRoles`, {
    value: sp.appRoles.map(appRoleJson),
  });
}

function assignmentJson(
  tenant: Tenant,
  sp: ServicePrincipalRecord,
  a: AssignmentRecord,
): Record<string, unknown> {
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: new Date(a.createdAt).toISOString(),
    principalDisplayName: tenant.directoryObject(a.principalId)?.displayName ?? null,
    principalId: a.principalId,
    principalType: a.principalType,
    resourceDisplayName: sp.displayName,
    resourceId: sp.id,
  };
}

/** `…/servicePrincipals/{id}/appRoleAssignedTo[/{assignmentId}]`. */
export function appRoleAssignedToRoute(
  tenant: Tenant,
  req: FakeRequest,
  sp: ServicePrincipalRecord,
  rest: readonly string[],
  page: Pager,
): FakeResponse {
  const [id, ...more] = rest;
  if (more.length > 0) throw badRequest(`Resource not found for the segment '${more[0] ?? ''}'.`);
  if (isCountSegment(rest)) return countAnswer(req, COUNTING.directory, sp.assignments.length);
  const context = `servicePrincipals('${sp.id}')/appRoleAssignedTo`;
  if (id !== undefined) {
    const index = sp.assignments.findIndex((a) => a.id === id);
    const found = sp.assignments[index];
    if (found === undefined) throw notFound(id);
    if (req.method === 'GET')
      return entity(req, `${context}/$entity`, assignmentJson(tenant, sp, found));
    if (req.method !== 'DELETE') throw methodNotAllowed(req);
    sp.assignments.splice(index, 1);
    return { status: 204 };
  }
  if (req.method === 'GET') {
    return page(
      req,
      context,
      sp.assignments.map((a) => select(assignmentJson(tenant, sp, a), req.query)),
    );
  }
  if (req.method !== 'POST') throw methodNotAllowed(req);
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
    string,
    unknown
  >;
  const { principalId, resourceId, appRoleId } = body;
  for (const [name, value] of Object.entries({ principalId, resourceId, appRoleId })) {
    if (typeof value !== 'string' || !GUID.test(value))
      throw badRequest(
        `Invalid value specified for property '${name}' of resource 'AppRoleAssignment'.`,
      );
  }
  const principal = tenant.directoryObject((principalId as string).toLowerCase());
  if (principal === undefined) throw notFound(principalId as string);
  if ((resourceId as string).toLowerCase() !== sp.id) {
    throw badRequest('The resourceId must be the id of the service principal addressed.');
  }
  const role = (appRoleId as string).toLowerCase();
  if (role !== DEFAULT_ACCESS_ROLE && !sp.appRoles.some((r) => r.id === role && r.isEnabled))
    throw badRequest('Permission being assigned was not found on application.');
  if (sp.assignments.some((a) => a.principalId === principal.id && a.appRoleId === role))
    throw badRequest('Permission being assigned already exists on the object.');
  const created = tenant.assign(sp, principal, role);
  return {
    status: 201,
    body: {
      '@odata.context': `${req.base}/${req.version}/$metadata#${context}/$entity`,
      ...assignmentJson(tenant, sp, created),
    },
  };
}
