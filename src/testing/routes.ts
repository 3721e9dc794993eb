/**
 * The fake Graph's endpoints: each request is routed to a handler that reads or changes the
 * tenant and answers in the shape of the API version asked for (the shapes of Microsoft's
 * documented examples, `test/fixtures/graph`).
 *
 * This module answers the gallery's reads (`GET /applicationTemplates…`) and holds what every
 * handler shares; the other handlers (applications, service principals, jobs, logs, users and
 * groups), with permission checks and JSON batches, are in `./handlers.js`. `createFakeGraph`
 * hands them over at once ({@link provideHandlers}), so that a test's requests never wait on a
 * file; the CLI's fake loads them with the first request that needs them, so that
 * `--fake templates list` starts without compiling them. The CLI imports them itself (see
 * `createUnprimedFakeGraph`): a dynamic import here would make the library's build, where
 * `createFakeGraph` imports them, split them off its `testing.js` into files of their own.
 */
import { COUNTING, countAnswer, inlineCount, isCountSegment, type Counting } from './count.js';
import { GALLERY, type GalleryApp } from './gallery.js';
import { FilterError, parseFilter, type Filter, type FilterRules } from './odata-filter.js';
import { galleryApp, type ApplicationRecord, type Tenant } from './tenant.js';
import type * as Handlers from './handlers.js';
import type { TenantRoutes } from './tenant-routes.js';

/** A request, decoded. */
export interface FakeRequest {
  readonly method: string;
  readonly version: 'v1.0' | 'beta';
  /** Path segments after the version, decoded. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  /** Origin (and path prefix) used to build links: `@odata.context`, `@odata.nextLink`. */
  readonly base: string;
  /** The request's headers (`ConsistencyLevel`, `Content-Type`…). */
  readonly headers: Headers;
  readonly body: unknown;
}

/** A response before it is encoded. */
export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  /** A body that is not JSON (`…/$count` answers a bare number); sent as its headers say. */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A Graph error answer. */
export class Fault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The throttling budget a request draws on. */
export type RequestClass = 'read' | 'write' | 'reports' | 'onDemand';

export const badRequest = (message: string, code = 'Request_BadRequest'): Fault =>
  new Fault(400, code, message);

export function notFound(id: string): Fault {
  return new Fault(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export const MAX_PAGE = 999;

/** Reference §3.1: templates filter on `displayName` and `categories` only. */
const TEMPLATE_RULES: FilterRules = {
  displayName: ['eq', 'startswith', 'contains'],
  categories: ['any'],
};

// base64url without Buffer, so the fake also runs where Node's APIs do not.
export function encodeToken(value: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function decodeToken(token: string): Record<string, unknown> {
  try {
    const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
    const text = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badRequest(`Invalid $skiptoken '${token}'.`, 'Request_InvalidPagingToken');
}

export function pageSize(query: URLSearchParams, max = MAX_PAGE): number | undefined {
  const top = query.get('$top');
  if (top === null) return undefined;
  const n = Number(top);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw badRequest(
      `Invalid value '${top}' for query parameter $top: it must be from 1 to ${String(max)}.`,
    );
  }
  return n;
}

export function select(
  item: Record<string, unknown>,
  query: URLSearchParams,
): Record<string, unknown> {
  const raw = query.get('$select');
  if (raw === null) return item;
  const names = raw.split(',').map((n) => n.trim());
  // Only what is named: Graph leaves `id` out too unless it is named (a directory object's
  // `?$select=displayName` comes back as `{ "displayName": … }`).
  const out: Record<string, unknown> = {};
  for (const name of names) {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw badRequest(`Invalid $select property '${name}'.`);
    if (name in item) out[name] = item[name];
  }
  return out;
}

export function filterOf(
  query: URLSearchParams,
  rules: FilterRules,
  caseSensitive: boolean,
  field?: (item: unknown, path: string) => unknown,
): Filter | undefined {
  const text = query.get('$filter');
  if (text === null) return undefined;
  try {
    return parseFilter(text, rules, caseSensitive, field);
  } catch (error) {
    if (error instanceof FilterError) throw badRequest(error.message, 'BadRequest');
    throw error;
  }
}

/** What `./handlers.js` exports: loaded with the first request that needs it. */
export type FakeHandlers = typeof Handlers;

let loadedHandlers: FakeHandlers | undefined;

/**
 * Hands the handlers over, once loaded: what `createFakeGraph` does at once, and an unprimed
 * fake with the first request that needs them. They are the same for every fake.
 */
export function provideHandlers(handlers: FakeHandlers): void {
  loadedHandlers ??= handlers;
}

/** Whether the handlers were handed over. */
export function handlersLoaded(): boolean {
  return loadedHandlers !== undefined;
}

/**
 * The handlers, which the fake loaded before answering a request that needs them
 * ({@link Routes.needsHandlers}).
 */
export function handlers(): FakeHandlers {
  if (loadedHandlers === undefined) {
    throw new Error('entra-provisioning: the fake answered a request before loading its handlers');
  }
  return loadedHandlers;
}

/** Every endpoint of the fake. */
export class Routes {
  readonly #tenant: Tenant;
  #rest: TenantRoutes | undefined;

  constructor(tenant: Tenant) {
    this.#tenant = tenant;
  }

  /**
   * Whether answering `req` takes the handlers loaded on demand: every request but the
   * gallery's reads.
   */
  static needsHandlers(req: FakeRequest): boolean {
    return req.segments[0] !== 'applicationTemplates' || req.method !== 'GET';
  }

  /**
   * Owners of the application a request addresses (directly, or through its service
   * principal), for `Application.ReadWrite.OwnedBy`. Empty when it addresses none.
   */
  ownersOf(req: FakeRequest): readonly string[] {
    const [collection, id] = req.segments;
    const byAppId = /^(applications|servicePrincipals)\(appId='(.*)'\)$/.exec(collection ?? '');
    let app: ApplicationRecord | undefined;
    if (byAppId !== null) {
      const appId = (byAppId[2] ?? '').replace(/''/g, "'");
      app = [...this.#tenant.applications.values()].find((a) => a.appId === appId);
    } else if (collection === 'applications' && id !== undefined) {
      app = this.#tenant.applications.get(id);
    } else if (collection === 'servicePrincipals' && id !== undefined) {
      const sp = this.#tenant.servicePrincipals.get(id);
      app = sp === undefined ? undefined : this.#tenant.applications.get(sp.applicationId);
    }
    return app?.owners ?? [];
  }

  /** Which throttling budget a request draws on. */
  classify(req: FakeRequest): RequestClass {
    if (req.segments[0] === 'auditLogs') return 'reports';
    // Any address of the job (by id or by appId) ends with the action.
    if (req.segments.at(-1) === 'provisionOnDemand') return 'onDemand';
    return req.method === 'GET' ? 'read' : 'write';
  }

  /** Handles one request (after authentication, throttling and faults). */
  /**
   * Handles one request (after authentication, throttling and faults); the handlers must be
   * loaded when {@link Routes.needsHandlers} says so.
   */
  handle(req: FakeRequest): FakeResponse {
    this.#tenant.advanceAll();
    const [collection, ...rest] = req.segments;
    if (collection === 'applicationTemplates') return this.#templates(req, rest);
    return this.#handlers().handle(req, collection, rest);
  }

  /** The handlers beyond the gallery's reads, made on the first request that needs them. */
  #handlers(): TenantRoutes {
    this.#rest ??= new (handlers().TenantRoutes)(this.#tenant);
    return this.#rest;
  }

  // ---- /applicationTemplates -------------------------------------------------------------

  #templates(req: FakeRequest, rest: readonly string[]): FakeResponse {
    const [id, action, ...extra] = rest;
    if (id === undefined || isCountSegment(rest)) {
      only(req, 'GET');
      let apps = templateMatches(req);
      if (id !== undefined) return countAnswer(req, COUNTING.applicationTemplates, apps.length);
      const order = req.query.get('$orderby');
      if (order !== null) {
        const [property, direction = 'asc'] = order.trim().split(/\s+/);
        if (property !== 'displayName' || !['asc', 'desc'].includes(direction)) {
          throw badRequest(`Sorting by '${order}' is not supported.`);
        }
        apps = [...apps].sort(
          (a, b) => a.displayName.localeCompare(b.displayName) * (direction === 'desc' ? -1 : 1),
        );
      }
      const skip = req.query.get('$skip');
      if (skip !== null) {
        const n = Number(skip);
        if (!Number.isInteger(n) || n < 0)
          throw badRequest(`Invalid value '${skip}' for query parameter $skip.`);
        apps = apps.slice(n);
      }
      const items = apps.map((app) => select(templateJson(app, req.version), req.query));
      return page(
        req,
        '/applicationTemplates',
        'applicationTemplates',
        items,
        100,
        COUNTING.applicationTemplates,
      );
    }
    const app = galleryApp(id);
    if (app === undefined) throw notFound(id);
    if (action === undefined) {
      only(req, 'GET');
      return ok(
        req,
        'applicationTemplates/$entity',
        select(templateJson(app, req.version), req.query),
      );
    }
    if (action === 'instantiate' && extra.length === 0) {
      only(req, 'POST');
      return this.#handlers().instantiate(req, app);
    }
    throw unknownSegment(action);
  }
}

/** A collection page with `$top`/`$skiptoken` paging. */
export function page(
  req: FakeRequest,
  path: string,
  context: string,
  items: readonly unknown[],
  defaultTop: number,
  counting: Counting,
): FakeResponse {
  const count = inlineCount(req, counting, items.length);
  const top = pageSize(req.query) ?? defaultTop;
  const token = req.query.get('$skiptoken');
  const offset = token === null ? 0 : Number(decodeToken(token).o ?? 0);
  const next = new URLSearchParams(req.query);
  next.set('$skiptoken', encodeToken({ o: offset + top }));
  const linkPath = path === '' ? `/${req.segments.join('/')}` : path;
  return {
    status: 200,
    body: {
      '@odata.context': `${req.base}/${req.version}/$metadata#${context}`,
      ...(count === undefined ? {} : { '@odata.count': count }),
      value: items.slice(offset, offset + top),
      ...(offset + top < items.length
        ? {
            '@odata.nextLink': `${req.base}/${req.version}${encodePath(linkPath)}?${queryText(next)}`,
          }
        : {}),
    },
  };
}

/** The gallery apps a template query's `$filter` and `$search` keep, in gallery order. */
function templateMatches(req: FakeRequest): readonly GalleryApp[] {
  let apps: readonly GalleryApp[] = GALLERY;
  const filter = filterOf(req.query, TEMPLATE_RULES, false);
  if (filter !== undefined) apps = apps.filter((app) => filter.matches(app));
  const search = req.query.get('$search');
  if (search !== null) {
    const term = /^"(?:displayName:)?(.*)"$/.exec(search)?.[1];
    if (term === undefined)
      throw badRequest(`Invalid $search '${search}': expected "term" or "displayName:term".`);
    const t = term.toLowerCase();
    apps = apps.filter((app) =>
      [app.displayName, app.publisher, app.description ?? ''].some((v) =>
        v.toLowerCase().includes(t),
      ),
    );
  }
  return apps;
}

/** A query string as Graph writes nextLinks: `$` and `'` left readable, the rest encoded. */
export function queryText(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%27/g, "'").replace(/%24/g, '$')}`)
    .join('&');
}

export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      /^servicePrincipals\(/.test(segment) ? segment : encodeURIComponent(segment),
    )
    .join('/');
}

export function ok(req: FakeRequest, context: string, body: object): FakeResponse {
  return {
    status: 200,
    body: { '@odata.context': `${req.base}/${req.version}/$metadata#${context}`, ...body },
  };
}

export function objectBody(req: FakeRequest): Record<string, unknown> {
  if (req.body === undefined) return {};
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return req.body as Record<string, unknown>;
}

function methodNotAllowed(): Fault {
  return new Fault(
    405,
    'Request_BadRequest',
    'Specified HTTP method is not allowed for the request target.',
  );
}

export function only(req: FakeRequest, ...methods: string[]): void {
  if (!methods.includes(req.method)) throw methodNotAllowed();
}

export function unknownSegment(segment: string): Fault {
  return new Fault(
    404,
    'Request_UnsupportedQuery',
    `Resource not found for the segment '${segment}'.`,
  );
}

function templateJson(app: GalleryApp, version: string): Record<string, unknown> {
  return {
    id: app.id,
    displayName: app.displayName,
    homePageUrl: app.homePageUrl,
    supportedSingleSignOnModes: app.supportedSingleSignOnModes,
    supportedProvisioningTypes: app.sync.length > 0 ? ['sync'] : [],
    logoUrl: `https://az495088.vo.msecnd.net/app-logo/${app.id.slice(0, 8)}_215.png`,
    categories: app.categories,
    publisher: app.publisher,
    description: app.description,
    isEntraIntegrated: false,
    ...(version === 'beta'
      ? {
          informationalUrls: { singleSignOnDocumentationUrl: null, appSignUpUrl: null },
          configurationUris: [],
        }
      : {}),
  };
}
