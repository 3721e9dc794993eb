import * as z from 'zod/mini';
import { dateTimeLiteral, rawExpression, stringLiteral } from '../../core/odata.js';
import { invalidInput, parseInput } from '../../core/validation.js';
import type { ProvisioningAction, ProvisioningResult } from '../../models/provisioning-logs.js';
import { lazySchema } from '../../internal/lazy-schema.js';

/** A text condition: a value means `eq`; `{ contains }` means `contains(property, '…')`. */
export type TextCondition<T extends string = string> = T | { readonly contains: string };

/** A number condition: a value means `eq`; `{ gt, lt }` bound it (either or both). */
export type NumberCondition = number | { readonly gt?: number; readonly lt?: number };

/**
 * A typed filter on provisioning events: every property of Graph's filterable-property table,
 * compiled to OData `$filter` with correct quoting (a `'` inside a value is doubled). Graph
 * compares text case-sensitively. Conditions are joined with `and`; for `or` and `not` pass a
 * raw OData string. `betaAction` and `betaStatus` exist on beta only.
 *
 * @example
 * ```ts
 * client.auditLogs.provisioning.list({
 *   filter: {
 *     jobId,
 *     status: 'failure',
 *     since: new Date(Date.now() - 3_600_000),
 *     sourceIdentityDisplayName: { contains: 'Vance' },
 *   },
 * });
 * ```
 */
export interface ProvisioningLogFilter {
  /** `id`: the event's id (eq, contains). */
  id?: TextCondition;
  /** `tenantId` (eq, contains). */
  tenantId?: TextCondition;
  /** `jobId` (eq, contains). */
  jobId?: TextCondition;
  /** `cycleId` (eq, contains). */
  cycleId?: TextCondition;
  /** `changeId` (eq, contains). */
  changeId?: TextCondition;
  /** `provisioningStatusInfo/status`, e.g. `'failure'` (eq, contains). */
  status?: TextCondition<ProvisioningResult>;
  /** `provisioningAction`, e.g. `'create'` (eq, contains). */
  action?: TextCondition<ProvisioningAction>;
  /** Events at exactly this instant: `activityDateTime eq …`. */
  activityDateTime?: Date | string;
  /** Events strictly after this instant: `activityDateTime gt …`. */
  since?: Date | string;
  /** Events strictly before this instant: `activityDateTime lt …`. */
  until?: Date | string;
  /** `durationInMilliseconds` (eq, or gt/lt). */
  durationInMilliseconds?: NumberCondition;
  /** `servicePrincipal/id` (eq). */
  servicePrincipalId?: string;
  /** `servicePrincipal/displayName` in v1.0, `servicePrincipal/name` in beta (eq). */
  servicePrincipalDisplayName?: string;
  /** `sourceSystem/displayName`, e.g. `'Azure Active Directory'` (eq, contains). */
  sourceSystemDisplayName?: TextCondition;
  /** `targetSystem/displayName` (eq, contains). */
  targetSystemDisplayName?: TextCondition;
  /** `sourceIdentity/id` (eq, contains). */
  sourceIdentityId?: TextCondition;
  /** `targetIdentity/id` (eq, contains). */
  targetIdentityId?: TextCondition;
  /** `sourceIdentity/displayName` (eq, contains). */
  sourceIdentityDisplayName?: TextCondition;
  /** `targetIdentity/displayName` (eq, contains). */
  targetIdentityDisplayName?: TextCondition;
  /** `sourceIdentity/identityType`, e.g. `'User'` (eq, contains). */
  sourceIdentityType?: TextCondition;
  /** `targetIdentity/identityType` (eq, contains). */
  targetIdentityType?: TextCondition;
  /** `initiatedBy/displayName` (eq, contains). */
  initiatedByDisplayName?: TextCondition;
  /** Beta only: the deprecated `action`, e.g. `'Create'` (eq, contains). */
  betaAction?: TextCondition;
  /** Beta only: the deprecated `statusInfo/status`, e.g. `'Failure'` (eq, contains). */
  betaStatus?: TextCondition;
}

const FilterSchema = lazySchema(() => {
  // Built with the filter's schema (on the first filter), not at import.
  const Text = z.optional(z.union([z.string(), z.strictObject({ contains: z.string() })]));
  const Instant = z.optional(z.union([z.date(), z.string()]));
  return z.strictObject({
    id: Text,
    tenantId: Text,
    jobId: Text,
    cycleId: Text,
    changeId: Text,
    status: Text,
    action: Text,
    activityDateTime: Instant,
    since: Instant,
    until: Instant,
    durationInMilliseconds: z.optional(
      z.union([
        z.number(),
        z.strictObject({ gt: z.optional(z.number()), lt: z.optional(z.number()) }),
      ]),
    ),
    servicePrincipalId: z.optional(z.string()),
    servicePrincipalDisplayName: z.optional(z.string()),
    sourceSystemDisplayName: Text,
    targetSystemDisplayName: Text,
    sourceIdentityId: Text,
    targetIdentityId: Text,
    sourceIdentityDisplayName: Text,
    targetIdentityDisplayName: Text,
    sourceIdentityType: Text,
    targetIdentityType: Text,
    initiatedByDisplayName: Text,
    betaAction: Text,
    betaStatus: Text,
  });
});

type TextKey = {
  [K in keyof ProvisioningLogFilter]-?: NonNullable<ProvisioningLogFilter[K]> extends
    string | { readonly contains: string }
    ? K
    : never;
}[keyof ProvisioningLogFilter];

/** Text properties, in the order their clauses are written; `true` when `contains` is allowed. */
const TEXT: readonly (readonly [TextKey, string, boolean])[] = [
  ['id', 'id', true],
  ['tenantId', 'tenantId', true],
  ['jobId', 'jobId', true],
  ['servicePrincipalId', 'servicePrincipal/id', false],
  ['cycleId', 'cycleId', true],
  ['changeId', 'changeId', true],
  ['status', 'provisioningStatusInfo/status', true],
  ['action', 'provisioningAction', true],
  ['sourceSystemDisplayName', 'sourceSystem/displayName', true],
  ['targetSystemDisplayName', 'targetSystem/displayName', true],
  ['sourceIdentityId', 'sourceIdentity/id', true],
  ['targetIdentityId', 'targetIdentity/id', true],
  ['sourceIdentityDisplayName', 'sourceIdentity/displayName', true],
  ['targetIdentityDisplayName', 'targetIdentity/displayName', true],
  ['sourceIdentityType', 'sourceIdentity/identityType', true],
  ['targetIdentityType', 'targetIdentity/identityType', true],
  ['initiatedByDisplayName', 'initiatedBy/displayName', true],
  ['betaAction', 'action', true],
  ['betaStatus', 'statusInfo/status', true],
];

/** Properties that exist in beta only. */
const BETA_ONLY: ReadonlySet<string> = new Set(['betaAction', 'betaStatus']);

function textClause(
  key: string,
  property: string,
  condition: string | { readonly contains: string },
  containsAllowed: boolean,
): string {
  if (typeof condition === 'string')
    return `${property} eq ${stringLiteral(`filter.${key}`, condition)}`;
  if (!containsAllowed) invalidInput(`filter.${key}`, `Graph only compares ${property} with eq`);
  return `contains(${property},${stringLiteral(`filter.${key}.contains`, condition.contains)})`;
}

function numberLiteral(field: string, value: number): string {
  if (!Number.isFinite(value)) invalidInput(field, 'must be a finite number');
  return String(value);
}

/**
 * Compiles a filter (typed object or raw OData string) to `$filter` for an API version, or
 * `undefined` for an empty object.
 */
export function compileProvisioningLogFilter(
  filter: ProvisioningLogFilter | string,
  apiVersion = 'v1.0',
): string | undefined {
  if (typeof filter === 'string') return rawExpression('filter', filter);
  const f = parseInput(FilterSchema, filter, 'provisioning log filter');
  const clauses: string[] = [];
  for (const [key, property, containsAllowed] of TEXT) {
    const value = f[key];
    if (value === undefined) continue;
    if (BETA_ONLY.has(key) && apiVersion !== 'beta')
      invalidInput(`filter.${key}`, `${property} exists on beta provisioning events only`);
    clauses.push(textClause(key, property, value, containsAllowed));
  }
  if (f.servicePrincipalDisplayName !== undefined) {
    // The 2021 beta table names it servicePrincipal/name; v1.0 has servicePrincipal/displayName.
    const property =
      apiVersion === 'beta' ? 'servicePrincipal/name' : 'servicePrincipal/displayName';
    clauses.push(
      `${property} eq ${stringLiteral('filter.servicePrincipalDisplayName', f.servicePrincipalDisplayName)}`,
    );
  }
  const duration = f.durationInMilliseconds;
  if (typeof duration === 'number') {
    clauses.push(
      `durationInMilliseconds eq ${numberLiteral('filter.durationInMilliseconds', duration)}`,
    );
  } else if (duration !== undefined) {
    if (duration.gt === undefined && duration.lt === undefined)
      invalidInput('filter.durationInMilliseconds', 'needs gt, lt or both');
    if (duration.gt !== undefined)
      clauses.push(
        `durationInMilliseconds gt ${numberLiteral('filter.durationInMilliseconds.gt', duration.gt)}`,
      );
    if (duration.lt !== undefined)
      clauses.push(
        `durationInMilliseconds lt ${numberLiteral('filter.durationInMilliseconds.lt', duration.lt)}`,
      );
  }
  const at =
    f.activityDateTime === undefined
      ? undefined
      : dateTimeLiteral('filter.activityDateTime', f.activityDateTime);
  const since = f.since === undefined ? undefined : dateTimeLiteral('filter.since', f.since);
  const until = f.until === undefined ? undefined : dateTimeLiteral('filter.until', f.until);
  if (since !== undefined && until !== undefined && since >= until) {
    invalidInput('filter.until', 'must be later than filter.since');
  }
  if (at !== undefined) clauses.push(`activityDateTime eq ${at}`);
  if (since !== undefined) clauses.push(`activityDateTime gt ${since}`);
  if (until !== undefined) clauses.push(`activityDateTime lt ${until}`);
  return clauses.length === 0 ? undefined : clauses.join(' and ');
}
