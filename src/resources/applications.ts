import type { HttpCore } from '../core/http.js';
import type { ApiVersion, RequestOptions } from '../core/options.js';
import { pagedList, type PagedIterable } from '../core/paging.js';
import { alternateKey, segment } from '../core/path.js';
import { invalidInput } from '../core/validation.js';
import { ApplicationSchema, type Application } from '../models/directory.js';
import { DirectoryObjectSchema, type DirectoryObject } from '../models/directory-object.js';
import { directoryList, findByDisplayName, type DirectoryObjectFilter } from './directory-query.js';
import { APP_READ, APP_WRITE } from './hints.js';
import type { FindByDisplayNameParams } from './service-principals.js';
import { onDemandModule } from './deferred.js';
import type { Credentials } from './synchronization/credentials.js';
import { ApplicationSynchronizationTemplates } from './synchronization/templates.js';
import type { SelectableProperty, Selected } from './select.js';

/** Parameters of {@link Applications.list}. */
export interface ApplicationListParams {
  /**
   * A typed filter (`{ displayName, applicationTemplateId, appId }`, joined with `and`) or a
   * raw OData `$filter`. `applicationTemplateId` exists on applications in v1.0 only.
   */
  filter?: DirectoryObjectFilter | string;
  /**
   * `$search`: `displayName:AWS` or `description:…`, or any other text as a term searched in
   * `displayName`. Sends the `ConsistencyLevel: eventual` header Graph requires for it.
   */
  search?: string;
  /** Properties to return (`$select`): items then have only these (`id` too only when named). */
  select?: readonly string[];
  /** At most this many applications in total (also the first page size). */
  top?: number;
}

const APP_ID_HINT =
  "Use the application's object id (instantiate returns it as application.id); for an appId use byAppId()";

/** `applications/{id}/owners`: who may manage the application. */
export class ApplicationOwners {
  readonly #core: HttpCore;
  readonly #path: string;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
  }

  /**
   * Lists the application's owners (users and service principals).
   *
   * @throws {@link NotFoundError} when the application does not exist.
   * @example
   * ```ts
   * const owners = await client.applications.byId(appObjectId).owners.list().toArray();
   * ```
   * @see https://learn.microsoft.com/graph/api/application-list-owners
   */
  list(options?: RequestOptions): PagedIterable<DirectoryObject> {
    return pagedList(
      this.#core,
      { method: 'GET', path: this.#path, hints: APP_READ, model: 'directoryObject' },
      DirectoryObjectSchema,
      options,
    );
  }

  /**
   * Adds an owner (a user's or a service principal's object id). Instantiate leaves the new
   * application without one, so an app that only has `Application.ReadWrite.OwnedBy` must be
   * added as owner (by an admin) before it can manage what it instantiated.
   *
   * @throws {@link InvalidInputError} at once when `directoryObjectId` is not a GUID.
   * @throws {@link BadRequestError} when it is already an owner.
   * @example
   * ```ts
   * await client.applications.byId(application.id).owners.add(myServicePrincipalId);
   * ```
   * @see https://learn.microsoft.com/graph/api/application-post-owners
   */
  async add(directoryObjectId: string, options?: RequestOptions): Promise<void> {
    const id = segment('directoryObjectId', directoryObjectId, { guid: true });
    await this.#core.empty(
      {
        method: 'POST',
        path: `${this.#path}/$ref`,
        body: {
          '@odata.id': `${this.#core.baseUrl}/${this.#core.apiVersion}/directoryObjects/${id}`,
        },
        hints: APP_WRITE,
      },
      options,
    );
  }

  /**
   * Removes an owner.
   *
   * @throws {@link InvalidInputError} at once when `directoryObjectId` is not a GUID.
   * @throws {@link NotFoundError} when it is not an owner.
   * @example
   * ```ts
   * await client.applications.byId(application.id).owners.remove(formerOwnerId);
   * ```
   * @see https://learn.microsoft.com/graph/api/application-delete-owners
   */
  async remove(directoryObjectId: string, options?: RequestOptions): Promise<void> {
    const id = segment('directoryObjectId', directoryObjectId, { guid: true });
    await this.#core.empty(
      { method: 'DELETE', path: `${this.#path}/${id}/$ref`, hints: APP_WRITE },
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ApplicationOwners { path: '${this.#path}' }`;
  }
}

/** `applications/{id}/synchronization`: the templates an application owns. */
export class ApplicationSynchronization<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  readonly #path: string;
  /** The API version of the client this came from. */
  readonly apiVersion: V;
  /** The application's synchronization templates, which only its owner can change. */
  readonly templates: ApplicationSynchronizationTemplates;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.apiVersion = core.apiVersion as V;
    this.templates = new ApplicationSynchronizationTemplates(core, `${path}/templates`);
  }

  /**
   * Asks the provisioning service to obtain an OAuth access token for the target app (OAuth
   * code-grant connectors), through the application.
   *
   * @throws {@link InvalidInputError} for missing or malformed credentials.
   * @example
   * ```ts
   * await client.applications.byId(appObjectId).synchronization.acquireAccessToken({
   *   Oauth2AuthorizationCode: code,
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-acquireaccesstoken
   */
  acquireAccessToken(
    this: ApplicationSynchronization<'v1.0'>,
    credentials: Credentials,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Asks the provisioning service to obtain an OAuth access token for the target app (OAuth
   * code-grant connectors), through the application.
   *
   * @deprecated In beta since 2026-02-06, removal planned 2027-07-06: the OAuth code-grant
   *   flow it relies on is being retired, with no replacement action. Not deprecated in v1.0.
   * @throws {@link InvalidInputError} for missing or malformed credentials.
   * @example
   * ```ts
   * await client.applications.byId(appObjectId).synchronization.acquireAccessToken({
   *   Oauth2AuthorizationCode: code,
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-acquireaccesstoken
   */
  acquireAccessToken(
    this: ApplicationSynchronization<'beta'>,
    credentials: Credentials,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Asks the provisioning service to obtain an OAuth access token for the target app (OAuth
   * code-grant connectors), through the application.
   *
   * Microsoft deprecated this operation in beta on 2026-02-06 (removal planned 2027-07-06);
   * v1.0 keeps it. The signature of a client created with `apiVersion: 'beta'` says so.
   *
   * @throws {@link InvalidInputError} for missing or malformed credentials.
   * @example
   * ```ts
   * await client.applications.byId(appObjectId).synchronization.acquireAccessToken({
   *   Oauth2AuthorizationCode: code,
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-acquireaccesstoken
   */
  acquireAccessToken(credentials: Credentials, options?: RequestOptions): Promise<void>;
  async acquireAccessToken(credentials: Credentials, options?: RequestOptions): Promise<void> {
    const { acquireAccessTokenSpec } = await onDemandModule.load();
    await this.#core.empty(
      acquireAccessTokenSpec(this.#core, `${this.#path}/acquireAccessToken`, credentials),
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ApplicationSynchronization { path: '${this.#path}' }`;
  }
}

/** One application, addressed by object id or appId. No request is made until you call a method. */
export class ApplicationResource<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  readonly #path: string;
  /** The API version of the client this came from. */
  readonly apiVersion: V;
  /** Its owners. */
  readonly owners: ApplicationOwners;
  /** Its synchronization templates. */
  readonly synchronization: ApplicationSynchronization<V>;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.apiVersion = core.apiVersion as V;
    this.owners = new ApplicationOwners(core, `${path}/owners`);
    this.synchronization = new ApplicationSynchronization<V>(core, `${path}/synchronization`);
  }

  /**
   * Gets the application.
   *
   * @throws {@link NotFoundError} when it does not exist (or is not replicated yet).
   * @example
   * ```ts
   * const app = await client.applications.byId(application.id).get();
   * ```
   * @see https://learn.microsoft.com/graph/api/application-get
   */
  async get(options?: RequestOptions): Promise<Application> {
    return this.#core.json(
      { method: 'GET', path: this.#path, hints: APP_READ, model: 'Application' },
      ApplicationSchema,
      options,
    );
  }

  /**
   * Deletes the application; its service principal and their provisioning jobs go with it
   * (Entra ID keeps deleted applications for 30 days).
   *
   * @throws {@link NotFoundError} when it does not exist.
   * @throws {@link ForbiddenError} without Application.ReadWrite.All (or ownership with OwnedBy).
   * @example
   * ```ts
   * await client.applications.byId(application.id).delete();
   * ```
   * @see https://learn.microsoft.com/graph/api/application-delete
   */
  async delete(options?: RequestOptions): Promise<void> {
    await this.#core.empty({ method: 'DELETE', path: this.#path, hints: APP_WRITE }, options);
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ApplicationResource { path: '${this.#path}' }`;
  }
}

/** `/applications`: the app registrations of the tenant (one per instantiated gallery app). */
export class Applications<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  /** The API version of the client this came from. */
  readonly apiVersion: V;

  /** @internal */
  constructor(core: HttpCore) {
    this.#core = core;
    this.apiVersion = core.apiVersion as V;
  }

  /**
   * Lists applications.
   *
   * @throws {@link InvalidInputError} for bad parameters (thrown at once, before any request),
   *   including an `applicationTemplateId` filter on beta, whose applications lack it.
   * @example
   * ```ts
   * const apps = await client.applications
   *   .list({ filter: { applicationTemplateId: awsTemplateId, displayName: 'AWS Contoso' } })
   *   .toArray();
   * ```
   * @see https://learn.microsoft.com/graph/api/application-list
   */
  list(
    params?: ApplicationListParams & { select?: undefined },
    options?: RequestOptions,
  ): PagedIterable<Application>;
  /**
   * Lists applications with only the properties `select` names (`$select`): each item has those
   * the model declares, typed as it types them (`id` only when named; others through `loose()`).
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @example
   * ```ts
   * for await (const app of client.applications.list({ select: ['id', 'appId'] })) console.log(app.id, app.appId);
   * ```
   * @see https://learn.microsoft.com/graph/api/application-list
   */
  list<const K extends SelectableProperty<Application>>(
    params: ApplicationListParams & { select: readonly K[] },
    options?: RequestOptions,
  ): PagedIterable<Selected<Application, K>>;
  /**
   * Lists applications with parameters whose `select` is not known at compile time: each item may lack
   * any property a select left out.
   *
   * @throws {@link InvalidInputError} for bad parameters (at once, before any request).
   * @example
   * ```ts
   * const params: { select?: readonly string[] } = { select: ['id', 'appId'] };
   * for await (const app of client.applications.list(params)) console.log(app.id ?? '(id not selected)');
   * ```
   * @see https://learn.microsoft.com/graph/api/application-list
   */
  list(
    params?: ApplicationListParams,
    options?: RequestOptions,
  ): PagedIterable<Partial<Application>>;
  list(
    params: ApplicationListParams = {},
    options?: RequestOptions,
  ): PagedIterable<Partial<Application>> {
    if (
      this.#core.apiVersion === 'beta' &&
      typeof params.filter === 'object' &&
      params.filter.applicationTemplateId !== undefined
    ) {
      invalidInput(
        'filter.applicationTemplateId',
        'beta applications have no applicationTemplateId: use v1.0, or filter service principals (they have it in both versions)',
      );
    }
    return directoryList(
      this.#core,
      { path: '/applications', hints: APP_READ, model: 'Application' },
      ApplicationSchema,
      params,
      options,
    );
  }

  /**
   * Finds the application with this exact display name, optionally only among those of one
   * gallery template (v1.0): how to find an app that instantiate created while answering an
   * error (field notes §1).
   *
   * @returns The application, or `undefined` when none has this name.
   * @throws {@link AmbiguousMatchError} when several have it; `matches` lists their ids.
   * @example
   * ```ts
   * const app = await client.applications.findByDisplayName('AWS Contoso', {
   *   applicationTemplateId: '8b1025e4-1dd2-430b-a150-2ef79cd700f5',
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/application-list
   */
  async findByDisplayName(
    displayName: string,
    params: FindByDisplayNameParams = {},
    options?: RequestOptions,
  ): Promise<Application | undefined> {
    return findByDisplayName((p) => this.list(p, options), 'applications', displayName, params);
  }

  /**
   * Gets an application by object id. Same as `byId(id).get()`.
   *
   * @throws {@link InvalidInputError} when `id` is not a GUID.
   * @throws {@link NotFoundError} when it does not exist (or is not replicated yet).
   * @example
   * ```ts
   * const app = await client.applications.get(application.id);
   * ```
   * @see https://learn.microsoft.com/graph/api/application-get
   */
  async get(id: string, options?: RequestOptions): Promise<Application> {
    return this.byId(id).get(options);
  }

  /**
   * Addresses an application by its object id (a GUID; not its appId). Sends nothing.
   *
   * @throws {@link InvalidInputError} at once when `id` is not a GUID.
   * @example
   * ```ts
   * await client.applications.byId(application.id).owners.add(ownerId);
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/application
   */
  byId(id: string): ApplicationResource<V> {
    const seg = segment('applicationId', id, { guid: true, guidHint: APP_ID_HINT });
    return new ApplicationResource<V>(this.#core, `/applications/${seg}`);
  }

  /**
   * Addresses an application by its `appId` (Graph's alternate key `applications(appId='…')`).
   * Sends nothing.
   *
   * @throws {@link InvalidInputError} at once when `appId` is empty or malformed.
   * @example
   * ```ts
   * const app = await client.applications.byAppId(servicePrincipal.appId).get();
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/application
   */
  byAppId(appId: string): ApplicationResource<V> {
    return new ApplicationResource<V>(
      this.#core,
      `/applications${alternateKey('appId', 'appId', appId)}`,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Applications {}';
  }
}
