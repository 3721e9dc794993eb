import * as z from 'zod/mini';
import type { HttpCore } from '../core/http.js';
import { rawExpression, selectList } from '../core/odata.js';
import type { RequestOptions } from '../core/options.js';
import { pagedList, type PagedIterable } from '../core/paging.js';
import { alternateKey, segment } from '../core/path.js';
import { parseInput } from '../core/validation.js';
import { ServicePrincipalSchema, type ServicePrincipal } from '../models/directory.js';
import { SP_READ } from './hints.js';
import { listLimit } from './list-params.js';
import { Synchronization } from './synchronization/synchronization.js';

/** Parameters of {@link ServicePrincipals.list}. */
export interface ServicePrincipalListParams {
  /** OData `$filter`, e.g. `"applicationTemplateId eq '8b1025e4-…'"`. */
  filter?: string;
  /** Properties to return (`$select`). */
  select?: string[];
  /** At most this many service principals in total (also the first page size). */
  top?: number;
}

const ListParamsSchema = z.strictObject({
  filter: z.optional(z.string()),
  select: z.optional(z.array(z.string())),
  top: z.optional(z.number()),
});

const SP_ID_HINT =
  "Use the service principal's object id (instantiate returns it as servicePrincipal.id); for an appId use byAppId()";

/** One service principal, addressed by object id or appId. No request is made until you call a method. */
export class ServicePrincipalResource {
  readonly #core: HttpCore;
  readonly #path: string;
  /** Its provisioning: sync templates, jobs and secrets. */
  readonly synchronization: Synchronization;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.synchronization = new Synchronization(core, `${path}/synchronization`);
  }

  /**
   * Gets the service principal.
   *
   * @throws {@link NotFoundError} when it does not exist (or is not replicated yet).
   * @example
   * ```ts
   * const sp = await client.servicePrincipals.byId(id).get();
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-get
   */
  async get(options?: RequestOptions): Promise<ServicePrincipal> {
    return this.#core.json(
      { method: 'GET', path: this.#path, hints: SP_READ, model: 'ServicePrincipal' },
      ServicePrincipalSchema,
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ServicePrincipalResource { path: '${this.#path}' }`;
  }
}

/** `/servicePrincipals`: the enterprise applications of the tenant. */
export class ServicePrincipals {
  readonly #core: HttpCore;

  /** @internal */
  constructor(core: HttpCore) {
    this.#core = core;
  }

  /**
   * Lists service principals.
   *
   * @throws {@link InvalidInputError} for bad parameters (thrown at once, before any request).
   * @example
   * ```ts
   * const sps = await client.servicePrincipals
   *   .list({ filter: "displayName eq 'AWS Contoso'", select: ['id', 'appId'] })
   *   .toArray();
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-list
   */
  list(
    params: ServicePrincipalListParams = {},
    options?: RequestOptions,
  ): PagedIterable<ServicePrincipal> {
    const p = parseInput(ListParamsSchema, params, 'servicePrincipals.list() params');
    const query = {
      $filter: p.filter === undefined ? undefined : rawExpression('filter', p.filter),
      $select: p.select === undefined ? undefined : selectList('select', p.select),
    };
    return pagedList(
      this.#core,
      {
        method: 'GET',
        path: '/servicePrincipals',
        query,
        hints: SP_READ,
        model: 'ServicePrincipal',
      },
      ServicePrincipalSchema,
      options,
      listLimit(p.top),
    );
  }

  /**
   * Gets a service principal by object id. Same as `byId(id).get()`.
   *
   * @throws {@link InvalidInputError} when `id` is not a GUID.
   * @throws {@link NotFoundError} when it does not exist (or is not replicated yet).
   * @example
   * ```ts
   * const sp = await client.servicePrincipals.get(servicePrincipal.id);
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-get
   */
  async get(id: string, options?: RequestOptions): Promise<ServicePrincipal> {
    return this.byId(id).get(options);
  }

  /**
   * Addresses a service principal by its object id (a GUID). Sends nothing.
   *
   * @throws {@link InvalidInputError} at once when `id` is not a GUID.
   * @example
   * ```ts
   * const jobs = await client.servicePrincipals.byId(spId).synchronization.jobs.list().toArray();
   * ```
   */
  byId(id: string): ServicePrincipalResource {
    const seg = segment('servicePrincipalId', id, { guid: true, guidHint: SP_ID_HINT });
    return new ServicePrincipalResource(this.#core, `/servicePrincipals/${seg}`);
  }

  /**
   * Addresses a service principal by its application's `appId` (Graph's alternate key
   * `servicePrincipals(appId='…')`). Sends nothing.
   *
   * @throws {@link InvalidInputError} at once when `appId` is empty or malformed.
   * @example
   * ```ts
   * await client.servicePrincipals.byAppId(application.appId).synchronization.jobs.list().toArray();
   * ```
   */
  byAppId(appId: string): ServicePrincipalResource {
    return new ServicePrincipalResource(
      this.#core,
      `/servicePrincipals${alternateKey('appId', 'appId', appId)}`,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'ServicePrincipals {}';
  }
}
