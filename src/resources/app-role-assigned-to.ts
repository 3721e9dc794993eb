import * as z from 'zod/mini';
import { lazySchema } from '../internal/lazy-schema.js';
import type { HttpCore } from '../core/http.js';
import { parseInput } from '../core/validation.js';
import type { RequestOptions } from '../core/options.js';
import { pagedList, type PagedIterable } from '../core/paging.js';
import { selectList } from '../core/odata.js';
import { AppRoleAssignmentSchema, type AppRoleAssignment } from '../models/app-role-assignment.js';
import { onDemandModule } from './deferred.js';
import { listLimit } from './list-params.js';
import { selectedSchema, type SelectableProperty, type Selected } from './select.js';
import { SP_READ } from './hints.js';

/**
 * Who to assign: `{ user }` by object id or user principal name, or `{ group }` by object id or
 * display name (exact, case-insensitive).
 */
export type Assignee = { readonly user: string } | { readonly group: string };

/** An assignee with the app role to give it (value, display name or id; default: see `add()`). */
export type DesiredAssignment = Assignee & { readonly appRole?: string | undefined };

const ListParamsSchema = lazySchema(() =>
  z.strictObject({
    select: z.optional(z.array(z.string())),
    top: z.optional(z.number()),
  }),
);

/** Options of {@link AppRoleAssignedTo.add}. */
export interface AssignOptions extends RequestOptions {
  /**
   * The app role: its `value`, `displayName` (case-insensitive) or `id`. Default: the app's
   * only role for users and groups other than `msiam_access`; `msiam_access` when it is the only
   * one; the default access role `00000000-0000-0000-0000-000000000000` when the app defines none.
   */
  appRole?: string;
}

/** Parameters of {@link AppRoleAssignedTo.list}. */
export interface AppRoleAssignmentListParams {
  /** Properties to return (`$select`): items then have only these (`id` too only when named). */
  select?: readonly string[];
  /** At most this many assignments in total (also the first page size). */
  top?: number;
}

/** One assignment added or removed by {@link AppRoleAssignedTo.ensure}. */
export interface AssignmentChange {
  readonly principalId: string;
  readonly principalType: 'User' | 'Group' | 'ServicePrincipal';
  readonly principalDisplayName: string | null;
  readonly appRoleId: string;
  /** The assignment's id (absent for an addition planned by a dry run). */
  readonly assignmentId?: string;
}

/** Options of {@link AppRoleAssignedTo.ensure}. */
export interface EnsureAssignmentsOptions extends RequestOptions {
  /**
   * Also remove the users' and groups' assignments that `desired` does not list (assignments
   * of service principals are never removed). Default `false`: only add.
   */
  exclusive?: boolean;
  /** Resolve and compare, report what would change, change nothing. */
  dryRun?: boolean;
}

/** What {@link AppRoleAssignedTo.ensure} did (or, with `dryRun`, would do). */
export interface EnsureAssignmentsResult {
  readonly added: readonly AssignmentChange[];
  readonly removed: readonly AssignmentChange[];
  /** Desired assignments that already existed. */
  readonly unchanged: number;
  readonly dryRun: boolean;
}

/**
 * `servicePrincipals/{id}/appRoleAssignedTo`: the users and groups assigned to the app, which a
 * job provisions when `SyncAll` is false ("sync only assigned users and groups"). Members of an
 * assigned group are in scope too (direct members only).
 */
export class AppRoleAssignedTo {
  readonly #core: HttpCore;
  readonly #sp: string;

  /** @internal */
  constructor(core: HttpCore, spPath: string) {
    this.#core = core;
    this.#sp = spPath;
  }

  /**
   * Lists the assignments of the app (users, groups and service principals).
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @throws {@link ForbiddenError} without Application.Read.All (or Directory.Read.All).
   * @example
   * ```ts
   * for await (const a of sp.appRoleAssignedTo.list()) console.log(a.principalDisplayName, a.principalType);
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto
   */
  list(
    params?: AppRoleAssignmentListParams & { select?: undefined },
    options?: RequestOptions,
  ): PagedIterable<AppRoleAssignment>;
  /**
   * Lists assignments with only the properties `select` names (`$select`): each item has those
   * the model declares, typed as it types them (`id` only when named; others through `loose()`).
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @throws {@link ForbiddenError} without Application.Read.All (or Directory.Read.All).
   * @example
   * ```ts
   * for await (const a of sp.appRoleAssignedTo.list({ select: ['principalDisplayName', 'principalType'] })) console.log(a.principalDisplayName, a.principalType);
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto
   */
  list<const K extends SelectableProperty<AppRoleAssignment>>(
    params: AppRoleAssignmentListParams & { select: readonly K[] },
    options?: RequestOptions,
  ): PagedIterable<Selected<AppRoleAssignment, K>>;
  /**
   * Lists assignments with parameters whose `select` is not known at compile time: each item may lack
   * any property a select left out.
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @throws {@link ForbiddenError} without Application.Read.All (or Directory.Read.All).
   * @example
   * ```ts
   * const params: { select?: readonly string[] } = { select: ['principalDisplayName', 'principalType'] };
   * for await (const a of sp.appRoleAssignedTo.list(params)) console.log(a.id ?? '(id not selected)');
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto
   */
  list(
    params?: AppRoleAssignmentListParams,
    options?: RequestOptions,
  ): PagedIterable<Partial<AppRoleAssignment>>;
  list(
    params: AppRoleAssignmentListParams = {},
    options?: RequestOptions,
  ): PagedIterable<Partial<AppRoleAssignment>> {
    const p = parseInput(ListParamsSchema, params, 'appRoleAssignedTo.list() params');
    const query = p.select === undefined ? {} : { $select: selectList('select', p.select) };
    return pagedList(
      this.#core,
      {
        method: 'GET',
        path: `${this.#sp}/appRoleAssignedTo`,
        query,
        hints: SP_READ,
        model: 'AppRoleAssignment',
      },
      selectedSchema(AppRoleAssignmentSchema, p.select),
      options,
      listLimit(p.top),
    );
  }

  /**
   * Assigns a user or a group to the app. Idempotent: when the same principal already has the
   * role, that assignment is returned (Graph's 400 "already exists" and 409 are both resolved to
   * it, reading the list again while it lags). After a 404, a 5xx, a timeout or a reset (answers
   * Graph gives after doing the work) it looks for the assignment, then sends the POST once more:
   * Graph refuses duplicates, so this never creates two.
   *
   * @throws {@link InvalidInputError} before any request for a malformed assignee; after the
   *   app's roles are read, for an `appRole` the app does not define.
   * @throws {@link AmbiguousMatchError} when several groups have the name, several roles match
   *   `appRole`, or `appRole` is left out and the app has several roles to choose from.
   * @throws {@link NotFoundError} when no user or group matches.
   * @throws {@link ForbiddenError} without AppRoleAssignment.ReadWrite.All and
   *   Application.Read.All (plus User.Read.All / GroupMember.Read.All to look principals up).
   * @example
   * ```ts
   * await sp.appRoleAssignedTo.add({ user: 'alice@contoso.com' });
   * await sp.appRoleAssignedTo.add({ group: 'Sales' }, { appRole: 'User' });
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto
   */
  async add(assignee: Assignee, options?: AssignOptions): Promise<AppRoleAssignment> {
    return (await onDemandModule.load()).addAssignment(this.#core, this.#sp, assignee, options);
  }

  /**
   * Removes an assignment by its id (`list()` shows it). Idempotent: resolves `false` when there
   * is no such assignment (already removed, or removed by a replayed DELETE), `true` otherwise.
   *
   * @throws {@link InvalidInputError} for an empty id (before any request).
   * @throws {@link ForbiddenError} without AppRoleAssignment.ReadWrite.All and Application.Read.All.
   * @example
   * ```ts
   * await sp.appRoleAssignedTo.remove(assignment.id);
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-delete-approleassignedto
   */
  async remove(assignmentId: string, options?: RequestOptions): Promise<boolean> {
    return (await onDemandModule.load()).removeAssignment(
      this.#core,
      this.#sp,
      assignmentId,
      options,
    );
  }

  /**
   * Makes the assignments match `desired`: resolves every entry first (nothing is written when
   * one fails to resolve), adds the missing ones and, with `exclusive`, removes the assignments
   * of users and groups that `desired` does not list. Reports both.
   *
   * @throws {@link InvalidInputError} before any request for a malformed entry.
   * @throws {@link AmbiguousMatchError} / {@link NotFoundError} as `add()` does, before any write.
   * @example
   * ```ts
   * const { added, removed } = await sp.appRoleAssignedTo.ensure(
   *   [{ group: 'Sales' }, { user: 'alice@contoso.com' }],
   *   { exclusive: true },
   * );
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto
   */
  async ensure(
    desired: readonly DesiredAssignment[],
    options?: EnsureAssignmentsOptions,
  ): Promise<EnsureAssignmentsResult> {
    return (await onDemandModule.load()).ensureAssignments(this.#core, this.#sp, desired, options);
  }
}
