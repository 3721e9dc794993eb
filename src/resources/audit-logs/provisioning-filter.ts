import * as z from 'zod/mini';
import { dateTimeLiteral, rawExpression, stringLiteral } from '../../core/odata.js';
import { invalidInput, parseInput } from '../../core/validation.js';
import type { ProvisioningAction, ProvisioningResult } from '../../models/provisioning-logs.js';

/**
 * A typed filter on provisioning events, compiled to OData `$filter` with correct quoting.
 * Graph compares these values case-sensitively. Conditions are joined with `and`.
 *
 * @example
 * ```ts
 * client.auditLogs.provisioning.list({
 *   filter: { jobId, status: 'failure', since: new Date(Date.now() - 3_600_000) },
 * });
 * ```
 */
export interface ProvisioningLogFilter {
  /** `jobId eq '…'`. */
  jobId?: string;
  /** `servicePrincipal/id eq '…'`. */
  servicePrincipalId?: string;
  /** `cycleId eq '…'`. */
  cycleId?: string;
  /** `changeId eq '…'`. */
  changeId?: string;
  /** `provisioningStatusInfo/status eq '…'`, e.g. `'failure'`. */
  status?: ProvisioningResult;
  /** `provisioningAction eq '…'`, e.g. `'create'`. */
  action?: ProvisioningAction;
  /** Events strictly after this instant: `activityDateTime gt …`. */
  since?: Date | string;
  /** Events strictly before this instant: `activityDateTime lt …`. */
  until?: Date | string;
  /** `sourceIdentity/id eq '…'`. */
  sourceIdentityId?: string;
  /** `targetIdentity/id eq '…'`. */
  targetIdentityId?: string;
}

const FilterSchema = z.strictObject({
  jobId: z.optional(z.string()),
  servicePrincipalId: z.optional(z.string()),
  cycleId: z.optional(z.string()),
  changeId: z.optional(z.string()),
  status: z.optional(z.string()),
  action: z.optional(z.string()),
  since: z.optional(z.union([z.date(), z.string()])),
  until: z.optional(z.union([z.date(), z.string()])),
  sourceIdentityId: z.optional(z.string()),
  targetIdentityId: z.optional(z.string()),
});

const EQUALS: readonly (readonly [keyof ProvisioningLogFilter, string])[] = [
  ['jobId', 'jobId'],
  ['servicePrincipalId', 'servicePrincipal/id'],
  ['cycleId', 'cycleId'],
  ['changeId', 'changeId'],
  ['status', 'provisioningStatusInfo/status'],
  ['action', 'provisioningAction'],
  ['sourceIdentityId', 'sourceIdentity/id'],
  ['targetIdentityId', 'targetIdentity/id'],
];

/**
 * Compiles a filter (typed object or raw OData string) to `$filter`, or `undefined` for an empty
 * object.
 */
export function compileProvisioningLogFilter(
  filter: ProvisioningLogFilter | string,
): string | undefined {
  if (typeof filter === 'string') return rawExpression('filter', filter);
  const f = parseInput(FilterSchema, filter, 'provisioning log filter');
  const clauses: string[] = [];
  for (const [key, property] of EQUALS) {
    const value = f[key];
    if (value !== undefined)
      clauses.push(`${property} eq ${stringLiteral(`filter.${key}`, value)}`);
  }
  const since = f.since === undefined ? undefined : dateTimeLiteral('filter.since', f.since);
  const until = f.until === undefined ? undefined : dateTimeLiteral('filter.until', f.until);
  if (since !== undefined && until !== undefined && since >= until) {
    invalidInput('filter.until', 'must be later than filter.since');
  }
  if (since !== undefined) clauses.push(`activityDateTime gt ${since}`);
  if (until !== undefined) clauses.push(`activityDateTime lt ${until}`);
  return clauses.length === 0 ? undefined : clauses.join(' and ');
}
