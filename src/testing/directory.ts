/**
 * The fake tenant's directory: users, groups, the app roles of service principals and their
 * assignments (`appRoleAssignedTo`). Shapes from Graph's `user`, `group`, `appRole` and
 * `appRoleAssignment` resources (learn.microsoft.com/graph/api/resources/approleassignment).
 */
import { seededRandom, streamSeed } from './random.js';

/** A user of the tenant, with the attributes scoping filters and mappings read. */
export interface UserRecord {
  readonly id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  department: string | null;
  jobTitle: string | null;
  employeeId: string | null;
  accountEnabled: boolean;
}

/** A security group of the tenant. */
export interface GroupRecord {
  readonly id: string;
  displayName: string;
  /** Object ids of its direct members (users). */
  readonly members: string[];
}

/** An app role a service principal defines (`appRole`). */
export interface AppRoleRecord {
  readonly id: string;
  readonly displayName: string;
  readonly value: string | null;
  readonly description: string;
  readonly allowedMemberTypes: readonly string[];
  readonly isEnabled: boolean;
}

/** A user or group assigned to a service principal (`appRoleAssignment`). */
export interface AssignmentRecord {
  readonly id: string;
  readonly principalId: string;
  readonly principalType: 'User' | 'Group';
  readonly appRoleId: string;
  readonly createdAt: number;
}

/** The default access role: what an assignment carries when the app defines no roles. */
export const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

const DEPARTMENTS = ['Sales', 'Engineering', 'Finance', 'Marketing', 'Support'];
const TITLES = ['Analyst', 'Engineer', 'Manager', 'Consultant'];

/**
 * An assignment id as Graph writes them: 43 base64url characters (32 bytes), not a GUID (e.g.
 * `S8-44MyLhUKxf6jJa4RO3pRWQ1NbMWVEm5_T4YSdxlo` in microsoft-graph-docs-contrib#8669).
 */
export function assignmentId(seed: number, label: string): string {
  const rng = seededRandom(streamSeed(seed, label));
  const hex = (rng.guid() + rng.guid()).replace(/-/g, '');
  const bytes = Uint8Array.from({ length: 32 }, (_, i) =>
    parseInt(hex.slice(i * 2, i * 2 + 2), 16),
  );
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A user named `displayName`, its other attributes derived from its name. */
export function newUser(id: string, displayName: string, index: number): UserRecord {
  const [given = displayName, ...rest] = displayName.split(' ');
  const surname = rest.join(' ') || null;
  const nick = displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  return {
    id,
    userPrincipalName: `${nick}@contoso.com`,
    displayName,
    givenName: given,
    surname,
    mail: `${nick}@contoso.com`,
    department: DEPARTMENTS[index % DEPARTMENTS.length] ?? null,
    jobTitle: TITLES[index % TITLES.length] ?? null,
    employeeId: String(10_000 + index),
    accountEnabled: true,
  };
}

/** Graph's `user` JSON (the default properties of `GET /users/{id}`, plus what the fake keeps). */
export function userJson(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    department: user.department,
    employeeId: user.employeeId,
    accountEnabled: user.accountEnabled,
  };
}

/** Graph's `group` JSON (the properties the SDK and scripts read). */
export function groupJson(group: GroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    deletedDateTime: null,
    description: null,
    displayName: group.displayName,
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: group.displayName.toLowerCase().replace(/[^a-z0-9]+/g, ''),
    securityEnabled: true,
    visibility: null,
  };
}

/** Graph's `appRole` JSON. */
export function appRoleJson(role: AppRoleRecord): Record<string, unknown> {
  return {
    allowedMemberTypes: [...role.allowedMemberTypes],
    description: role.description,
    displayName: role.displayName,
    id: role.id,
    isEnabled: role.isEnabled,
    origin: 'Application',
    value: role.value,
  };
}
