import type { HttpCore } from '../core/http.js';
import type { ApiVersion, RequestOptions } from '../core/options.js';
import type { PagedIterable } from '../core/paging.js';
import { alternateKey, segment } from '../core/path.js';
import { ServicePrincipalSchema, type ServicePrincipal } from '../models/directory.js';
import { SP_READ } from './hints.js';
import { directoryList, findByDisplayName, type DirectoryObjectFilter } from './directory-query.js';
import { Synchronization } from './synchronization/synchronization.js';
import { AppRoleAssignedTo } from './app-role-assigned-to.js';
import type { SelectableProperty, Selected } from './select.js';

/** Parameters of {@link ServicePrincipals.list}. */
export interface ServicePrincipalListParams {
  /**
   * A typed filter (`{ displayName, applicationTemplateId, appId }`, joined with `and`) or a
   * raw OData `$filter`, e.g. `"startswith(displayName,'AWS')"`.
   */
  filter?: DirectoryObjectFilter | string;
  /**
   * `$search`: `displayName:AWS` or `description:…`, or any other text as a term searched in
   * `displayName`. Sends the `ConsistencyLevel: eventual` header Graph requires for it.
   */
  search?: string;
  /** Properties to return (`$select`): items then have only these (`id` too only when named). */
  select?: readonly string[];
  /** At most this many service principals in total (also the first page size). */
  top?: number;
}

/** Parameters of {@link ServicePrincipals.findByDisplayName}. */
export interface FindByDisplayNameParams {
  /** Only objects instantiated from this gallery template. */
  applicationTemplateId?: string;
}

const SP_ID_HINT =
  "Use the service principal's object id (instantiate returns it as servicePrincipal.id); for an appId use byAppId()";

/** One service principal, addressed by object id or appId. No request is made until you call a method. */
export class ServicePrincipalResource<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  readonly #path: string;
  /** The API version of the client this came from. */
  readonly apiVersion: V;
  /** Its provisioning: sync templates, jobs and secrets. */
  readonly synchronization: Synchronization<V>;
  /** The users and groups assigned to the app: who "sync only assigned" provisions. */
  readonly appRoleAssignedTo: AppRoleAssignedTo;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.apiVersion = core.apiVersion as V;
    this.synchronization = new Synchronization<V>(core, `${path}/synchronization`);
    this.appRoleAssignedTo = new AppRoleAssignedTo(core, path);
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
export class ServicePrincipals<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  /** The API version of the client this came from. */
  readonly apiVersion: V;

  /** @internal */
  constructor(core: HttpCore) {
    this.#core = core;
    this.apiVersion = core.apiVersion as V;
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
    params?: ServicePrincipalListParams & { select?: undefined },
    options?: RequestOptions,
  ): PagedIterable<ServicePrincipal>;
  /**
   * Lists service principals with only the properties `select` names (`$select`): each item has those
   * the model declares, typed as it types them (`id` only when named; others through `loose()`).
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @example
   * ```ts
   * for await (const sp of client.servicePrincipals.list({ select: ['id', 'appId'] })) console.log(sp.id, sp.appId);
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-list
   */
  list<const K extends SelectableProperty<ServicePrincipal>>(
    params: ServicePrincipalListParams & { select: readonly K[] },
    options?: RequestOptions,
  ): PagedIterable<Selected<ServicePrincipal, K>>;
  /**
   * Lists service principals with parameters whose `select` is not known at compile time: each item may lack
   * any property a select left out.
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @example
   * ```ts
   * const params: { select?: readonly string[] } = { select: ['id', 'appId'] };
   * for await (const sp of client.servicePrincipals.list(params)) console.log(sp.id ?? '(id not selected)');
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-list
   */
  list(
    params?: ServicePrincipalListParams,
    options?: RequestOptions,
  ): PagedIterable<Partial<ServicePrincipal>>;
  list(
    params: ServicePrincipalListParams = {},
    options?: RequestOptions,
  ): PagedIterable<Partial<ServicePrincipal>> {
    return directoryList(
      this.#core,
      { path: '/servicePrincipals', hints: SP_READ, model: 'ServicePrincipal' },
      ServicePrincipalSchema,
      params,
      options,
    );
  }

  /**
   * Finds the service principal with this exact display name (Graph compares it
   * case-insensitively), optionally only among those of one gallery template.
   *
   * @returns The service principal, or `undefined` when none has this name.
   * @throws {@link AmbiguousMatchError} when several have it; `matches` lists their ids.
   * @throws {@link InvalidInputError} for an empty name.
   * @example
   * ```ts
   * const sp = await client.servicePrincipals.findByDisplayName('AWS Contoso', {
   *   applicationTemplateId: '8b1025e4-1dd2-430b-a150-2ef79cd700f5',
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/serviceprincipal-list
   */
  async findByDisplayName(
    displayName: string,
    params: FindByDisplayNameParams = {},
    options?: RequestOptions,
  ): Promise<ServicePrincipal | undefined> {
    return findByDisplayName(
      (p) => this.list(p, options),
      'service principals',
      displayName,
      params,
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
   * @see https://learn.microsoft.com/graph/api/resources/serviceprincipal
   */
  byId(id: string): ServicePrincipalResource<V> {
    const seg = segment('servicePrincipalId', id, { guid: true, guidHint: SP_ID_HINT });
    return new ServicePrincipalResource<V>(this.#core, `/servicePrincipals/${seg}`);
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
   * @see https://learn.microsoft.com/graph/api/resources/serviceprincipal
   */
  byAppId(appId: string): ServicePrincipalResource<V> {
    return new ServicePrincipalResource<V>(
      this.#core,
      `/servicePrincipals${alternateKey('appId', 'appId', appId)}`,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'ServicePrincipals {}';
  }
}
