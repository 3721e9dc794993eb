import * as z from 'zod/mini';
import { lazySchema } from '../../internal/lazy-schema.js';
import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { pagedList, type PagedIterable } from '../../core/paging.js';
import { segment } from '../../core/path.js';
import { parseInput } from '../../core/validation.js';
import {
  ProvisioningObjectSummarySchema,
  type ProvisioningObjectSummary,
} from '../../models/provisioning-logs.js';
import { LOGS } from '../hints.js';
import { listLimit } from '../list-params.js';
import { EVENT_LIST } from './event-line.js';
import {
  createLogExport,
  type ProvisioningLogExport,
  type ProvisioningLogExportParams,
} from './export.js';
import { compileProvisioningLogFilter, type ProvisioningLogFilter } from './provisioning-filter.js';

/**
 * `$top` sent when the caller sets no page size: Graph pages provisioning logs with `$skiptoken`
 * only when the request has a `$top`, and big pages matter under the reports limit of about 5
 * requests per 10 seconds.
 */
export const DEFAULT_LOG_PAGE_SIZE = 500;

/** Sort order of provisioning events; `activityDateTime` is the only sortable property. */
export type ProvisioningLogOrderBy = 'activityDateTime asc' | 'activityDateTime desc';

/** Parameters of {@link ProvisioningLogs.list}. */
export interface ProvisioningLogListParams {
  /** A typed filter (compiled to OData with correct quoting) or a raw OData `$filter` string. */
  filter?: ProvisioningLogFilter | string;
  /** At most this many events in total (also the first page size). */
  top?: number;
  /** `$orderby`. */
  orderBy?: ProvisioningLogOrderBy;
}

const ListParamsSchema = lazySchema(() =>
  z.strictObject({
    filter: z.optional(z.union([z.string(), z.record(z.string(), z.unknown())])),
    top: z.optional(z.number()),
    orderBy: z.optional(z.enum(['activityDateTime asc', 'activityDateTime desc'])),
  }),
);

/** `/auditLogs/provisioning`: one event per object the provisioning service processed. */
export class ProvisioningLogs {
  readonly #core: HttpCore;

  /** @internal */
  constructor(core: HttpCore) {
    this.#core = core;
  }

  /**
   * Lists provisioning events (step 5). Graph limits reports to about 5 requests per 10 seconds
   * per app and tenant: filter, and use large pages.
   *
   * @throws {@link InvalidInputError} for a bad filter (thrown at once, before any request).
   * @throws {@link ForbiddenError} without AuditLog.Read.All and Directory.Read.All.
   * @example
   * ```ts
   * const failures = await client.auditLogs.provisioning
   *   .list({ filter: { jobId: job.id, status: 'failure' }, top: 50 })
   *   .toArray();
   * ```
   * @see https://learn.microsoft.com/graph/api/provisioningobjectsummary-list
   */
  list(
    params: ProvisioningLogListParams = {},
    options?: RequestOptions,
  ): PagedIterable<ProvisioningObjectSummary> {
    const p = parseInput(ListParamsSchema, params, 'auditLogs.provisioning.list() params');
    const query = {
      $filter:
        params.filter === undefined
          ? undefined
          : compileProvisioningLogFilter(params.filter, this.#core.apiVersion),
      $orderby: p.orderBy,
    };
    return pagedList(
      this.#core,
      {
        method: 'GET',
        path: '/auditLogs/provisioning',
        query,
        readCollection: true,
        hints: LOGS,
        model: 'ProvisioningObjectSummary',
      },
      ProvisioningObjectSummarySchema,
      options,
      // Printed one line per event (computed when printed: decoding stays as it was).
      listLimit(p.top, { defaultPageSize: DEFAULT_LOG_PAGE_SIZE, display: EVENT_LIST }),
    );
  }

  /**
   * Exports every event from `since` to `until` exactly once, oldest first: it walks
   * `activityDateTime` windows, pages through each, paces its requests under Graph's reports
   * limit (5 per 10 seconds) so it is not throttled, halves the window when it is anyway, and
   * can resume from `checkpoint` after an interruption. Memory stays flat: events are yielded
   * as pages arrive.
   *
   * @throws {@link InvalidInputError} at once for a bad range, filter or checkpoint.
   * @throws {@link ThrottledError} when Graph keeps refusing without any progress.
   * @throws {@link ForbiddenError} without AuditLog.Read.All and Directory.Read.All.
   * @example
   * ```ts
   * const run = client.auditLogs.provisioning.export({
   *   since: '2026-11-01T00:00:00Z',
   *   until: '2026-11-08T00:00:00Z',
   *   filter: { status: 'failure' },
   * });
   * for await (const event of run) await store(event);
   * saveForLater(run.checkpoint);
   * ```
   * @see https://learn.microsoft.com/graph/api/provisioningobjectsummary-list
   */
  export(params: ProvisioningLogExportParams, options?: RequestOptions): ProvisioningLogExport {
    return createLogExport(
      (filter, pageSize, call) =>
        this.list({ filter, orderBy: 'activityDateTime asc' }, call).byPage({
          maxPageSize: pageSize,
        }),
      this.#core.apiVersion,
      params,
      options,
      this.#core.maxRetryAfterMs,
    );
  }

  /**
   * Gets one provisioning event by id (`/auditLogs/provisioning/{id}`, addressable per Graph's
   * metadata though not on a reference page).
   *
   * @throws {@link NotFoundError} when no event has this id.
   * @example
   * ```ts
   * const event = await client.auditLogs.provisioning.get(eventId);
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/provisioningobjectsummary
   */
  async get(eventId: string, options?: RequestOptions): Promise<ProvisioningObjectSummary> {
    return this.#core.json(
      {
        method: 'GET',
        path: `/auditLogs/provisioning/${segment('eventId', eventId)}`,
        hints: LOGS,
        model: 'ProvisioningObjectSummary',
      },
      ProvisioningObjectSummarySchema,
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'ProvisioningLogs {}';
  }
}

/** `/auditLogs`. */
export class AuditLogs {
  /** Provisioning events. */
  readonly provisioning: ProvisioningLogs;

  /** @internal */
  constructor(core: HttpCore) {
    this.provisioning = new ProvisioningLogs(core);
  }
}
