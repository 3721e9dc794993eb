import * as z from 'zod/mini';
import { lazySchema } from '../internal/lazy-schema.js';
import type { ValidationIssue } from '../core/errors.js';
import type { HttpCore } from '../core/http.js';
import { rawExpression, selectList } from '../core/odata.js';
import type { RequestOptions } from '../core/options.js';
import { pagedList, type PagedIterable } from '../core/paging.js';
import { checkString, segment } from '../core/path.js';
import { DisplayNameSchema, parseInput } from '../core/validation.js';
import {
  ApplicationTemplateSchema,
  type ApplicationTemplate,
} from '../models/application-template.js';
import {
  ApplicationServicePrincipalSchema,
  type ApplicationServicePrincipal,
} from '../models/directory.js';
import { INSTANTIATE } from './hints.js';
import { listLimit } from './list-params.js';
import { selectedSchema, type SelectableProperty, type Selected } from './select.js';

/** Parameters of {@link ApplicationTemplates.list}. */
export interface ApplicationTemplateListParams {
  /**
   * OData `$filter`. Graph supports `displayName` and `categories`, e.g.
   * `"contains(displayName,'Salesforce')"` or `"categories/any(c:contains(c,'hr'))"`.
   */
  filter?: string;
  /** Free-text search, sent as `$search="…"`. */
  search?: string;
  /** Properties to return (`$select`): items then have only these (`id` too only when named). */
  select?: readonly string[];
  /** At most this many templates in total (also the first page size). */
  top?: number;
}

/** Parameters of {@link ApplicationTemplates.instantiate}. */
export interface ApplicationTemplateInstantiateParams {
  /** Display name of the new application and service principal. */
  displayName: string;
  /** Optional reference to a service or asset in your service-management database. */
  serviceManagementReference?: string;
}

const InstantiateParamsSchema = lazySchema(() =>
  z.strictObject({
    displayName: DisplayNameSchema,
    serviceManagementReference: z.optional(z.string().check(z.minLength(1))),
  }),
);

/** Copies beta's AAD-Graph `objectId` to `id`, so both versions give the same shape. */
function normalizeInstantiate(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const withId = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    return record.id === undefined && typeof record.objectId === 'string'
      ? { ...record, id: record.objectId }
      : value;
  };
  const { application, servicePrincipal } = body as Record<string, unknown>;
  return { ...body, application: withId(application), servicePrincipal: withId(servicePrincipal) };
}

/** The ids every instantiate result must carry. */
function instantiatedIds(result: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const part of ['application', 'servicePrincipal'] as const) {
    const value = (result as Partial<Record<string, { id?: unknown } | null>> | null)?.[part];
    if (typeof value?.id !== 'string' || value.id === '') {
      issues.push({ path: [part, 'id'], message: 'expected the new object id' });
    }
  }
  return issues;
}

/**
 * The gallery: `/applicationTemplates`. Step 1 of configuring provisioning: find the app's
 * template, then {@link ApplicationTemplates.instantiate | instantiate} it.
 */
export class ApplicationTemplates {
  readonly #core: HttpCore;

  /** @internal */
  constructor(core: HttpCore) {
    this.#core = core;
  }

  /**
   * Lists gallery application templates.
   *
   * @throws {@link InvalidInputError} for bad parameters (thrown at once, before any request).
   * @throws {@link GraphError} of any other kind while iterating.
   * @example
   * ```ts
   * const [aws] = await client.applicationTemplates
   *   .list({ filter: "displayName eq 'Amazon Web Services (AWS)'" })
   *   .toArray();
   * ```
   * @see https://learn.microsoft.com/graph/api/applicationtemplate-list
   */
  list(
    params?: ApplicationTemplateListParams & { select?: undefined },
    options?: RequestOptions,
  ): PagedIterable<ApplicationTemplate>;
  /**
   * Lists gallery templates with only the properties `select` names (`$select`): each item has those
   * the model declares, typed as it types them (`id` only when named; others through `loose()`).
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @example
   * ```ts
   * for await (const t of client.applicationTemplates.list({ select: ['id', 'displayName'] })) console.log(t.id, t.displayName);
   * ```
   * @see https://learn.microsoft.com/graph/api/applicationtemplate-list
   */
  list<const K extends SelectableProperty<ApplicationTemplate>>(
    params: ApplicationTemplateListParams & { select: readonly K[] },
    options?: RequestOptions,
  ): PagedIterable<Selected<ApplicationTemplate, K>>;
  /**
   * Lists gallery templates with parameters whose `select` is not known at compile time: each item may lack
   * any property a select left out.
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @example
   * ```ts
   * const params: { select?: readonly string[] } = { select: ['id', 'displayName'] };
   * for await (const t of client.applicationTemplates.list(params)) console.log(t.id ?? '(id not selected)');
   * ```
   * @see https://learn.microsoft.com/graph/api/applicationtemplate-list
   */
  list(
    params?: ApplicationTemplateListParams,
    options?: RequestOptions,
  ): PagedIterable<Partial<ApplicationTemplate>>;
  list(
    params: ApplicationTemplateListParams = {},
    options?: RequestOptions,
  ): PagedIterable<Partial<ApplicationTemplate>> {
    const p = parseInput(ListParamsSchema, params, 'applicationTemplates.list() params');
    const query: Record<string, string | undefined> = {
      $filter: p.filter === undefined ? undefined : rawExpression('filter', p.filter),
      $search:
        p.search === undefined
          ? undefined
          : `"${checkString('search', p.search).replace(/"/g, '\\"')}"`,
      $select: p.select === undefined ? undefined : selectList('select', p.select),
    };
    return pagedList(
      this.#core,
      { method: 'GET', path: '/applicationTemplates', query, model: 'ApplicationTemplate' },
      selectedSchema(ApplicationTemplateSchema, p.select),
      options,
      listLimit(p.top),
    );
  }

  /**
   * Gets one gallery application template by id.
   *
   * @throws {@link NotFoundError} when no template has this id.
   * @example
   * ```ts
   * const template = await client.applicationTemplates.get('8b1025e4-1dd2-430b-a150-2ef79cd700f5');
   * ```
   * @see https://learn.microsoft.com/graph/api/applicationtemplate-get
   */
  async get(templateId: string, options?: RequestOptions): Promise<ApplicationTemplate> {
    const id = templateSegment(templateId);
    return this.#core.json(
      { method: 'GET', path: `/applicationTemplates/${id}`, model: 'ApplicationTemplate' },
      ApplicationTemplateSchema,
      options,
    );
  }

  /**
   * Creates an application and its service principal from a gallery template (`201 Created`).
   * Both results always carry `id` (beta's `objectId` is copied to `id`).
   *
   * Never replayed except after a 429: Graph has been seen to create the app while answering
   * 404, 5xx or timing out, and a replay would create a duplicate. On such an error, look the
   * application up before trying again (`configureProvisioning` does this for you).
   *
   * @throws {@link NotFoundError}, {@link ServerError}, {@link TimeoutError}, {@link NetworkError}: the app may exist anyway (see `hint`).
   * @throws {@link ForbiddenError} without Application.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const { application, servicePrincipal } = await client.applicationTemplates.instantiate(
   *   '8b1025e4-1dd2-430b-a150-2ef79cd700f5',
   *   { displayName: 'AWS Contoso' },
   * );
   * ```
   * @see https://learn.microsoft.com/graph/api/applicationtemplate-instantiate
   */
  async instantiate(
    templateId: string,
    params: ApplicationTemplateInstantiateParams,
    options?: RequestOptions,
  ): Promise<ApplicationServicePrincipal> {
    const id = templateSegment(templateId);
    const body = parseInput(
      InstantiateParamsSchema,
      params,
      'applicationTemplates.instantiate() params',
    );
    const spec = {
      method: 'POST',
      path: `/applicationTemplates/${id}/instantiate`,
      body,
      replay: 'throttledOnly',
      hints: INSTANTIATE,
      model: 'ApplicationServicePrincipal',
    } as const;
    return this.#core.json(spec, ApplicationServicePrincipalSchema, options, {
      normalize: normalizeInstantiate,
      // Checked whatever `validateResponses` says: callers rely on these ids to continue.
      check: instantiatedIds,
    });
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'ApplicationTemplates {}';
  }
}

const ListParamsSchema = lazySchema(() =>
  z.strictObject({
    filter: z.optional(z.string()),
    search: z.optional(z.string()),
    select: z.optional(z.array(z.string())),
    top: z.optional(z.number()),
  }),
);

function templateSegment(templateId: unknown): string {
  return segment('templateId', templateId, {
    guid: true,
    guidHint:
      'Application template ids are GUIDs; to find a template by name, use list({ filter: "displayName eq \'…\'" })',
  });
}
