/**
 * The fake Graph's handlers beyond the gallery's reads: applications, service principals and
 * their synchronization (templates, secrets, jobs, schemas), provisioning logs, users and
 * groups. Loaded with the first request that needs them (see `./routes.js`).
 */
import { isShownInClear } from '../resources/synchronization/credentials.js';
import {
  SynchronizationJobRestartScopeValues,
  SynchronizationSecretValues,
} from '../models/synchronization.js';
import { appRoleJson } from './directory.js';
import {
  appRoleAssignedToRoute,
  appRolesRoute,
  groupsRoute,
  userRoute,
  usersRoute,
} from './directory-routes.js';
import { COUNTING, countAnswer, isCountSegment } from './count.js';
import { eventField, eventJson, type StoredEvent } from './events.js';
import {
  filterOperatorSchemas,
  functionSchemas,
  parseExpression,
  schemaTool,
} from './expressions.js';
import type { GalleryApp, SyncTemplateDefinition } from './gallery.js';
import type { FilterRules } from './odata-filter.js';
import {
  Fault,
  MAX_PAGE,
  badRequest,
  decodeToken,
  encodeToken,
  filterOf,
  notFound,
  objectBody,
  ok,
  only,
  page,
  pageSize,
  queryText,
  select,
  unknownSegment,
  type FakeRequest,
  type FakeResponse,
} from './routes.js';
import {
  ZERO_TIME,
  galleryApp,
  type ApplicationRecord,
  type JobRecord,
  type ServicePrincipalRecord,
  type Tenant,
} from './tenant.js';

const SECRET_KEYS: ReadonlySet<string> = new Set(SynchronizationSecretValues);
const DISABLED_INTERVAL = 'P10675199DT2H48M5.4775807S';
const LOGS_PAGE_WITHOUT_TOP = 50;
/** Filtered log queries kept for paging (two readers paging at once must not evict each other). */
const LOG_CACHE_SIZE = 8;

const DIRECTORY_RULES: FilterRules = {
  id: ['eq', 'ne'],
  appId: ['eq', 'ne'],
  displayName: ['eq', 'ne', 'startswith'],
  applicationTemplateId: ['eq', 'ne'],
};

const LOG_RULES_V1: FilterRules = {
  id: ['eq', 'contains'],
  activityDateTime: ['eq', 'gt', 'lt'],
  tenantId: ['eq', 'contains'],
  jobId: ['eq', 'contains'],
  changeId: ['eq', 'contains'],
  cycleId: ['eq', 'contains'],
  provisioningAction: ['eq', 'contains'],
  durationInMilliseconds: ['eq', 'gt', 'lt'],
  'provisioningStatusInfo/status': ['eq', 'contains'],
  'sourceSystem/displayName': ['eq', 'contains'],
  'targetSystem/displayName': ['eq', 'contains'],
  'sourceIdentity/identityType': ['eq', 'contains'],
  'targetIdentity/identityType': ['eq', 'contains'],
  'sourceIdentity/id': ['eq', 'contains'],
  'targetIdentity/id': ['eq', 'contains'],
  'sourceIdentity/displayName': ['eq', 'contains'],
  'targetIdentity/displayName': ['eq', 'contains'],
  'servicePrincipal/id': ['eq'],
  'servicePrincipal/displayName': ['eq'],
  'initiatedBy/displayName': ['eq', 'contains'],
};

// The beta table of 2021 names `servicePrincipal/name`; beta's JSON has `displayName`: take both.
const LOG_RULES_BETA: FilterRules = {
  ...LOG_RULES_V1,
  'servicePrincipal/name': ['eq'],
  action: ['eq', 'contains'],
  'statusInfo/status': ['eq', 'contains'],
};

function isoOrZero(time: number | undefined): string {
  return time === undefined ? ZERO_TIME : new Date(time).toISOString();
}

/** An ISO 8601 duration, as Graph writes schedule intervals (`PT40M`). */
export function isoDuration(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  const seconds = (rest - minutes * 60_000) / 1000;
  const time =
    (hours > 0 ? `${String(hours)}H` : '') +
    (minutes > 0 ? `${String(minutes)}M` : '') +
    (seconds > 0 ? `${String(seconds)}S` : '');
  return `P${days > 0 ? `${String(days)}D` : ''}${time === '' ? (days > 0 ? '' : 'T0S') : `T${time}`}`;
}

/** Every endpoint of the fake but the gallery's reads. */
export class TenantRoutes {
  readonly #tenant: Tenant;
  /** Most recently used last. */
  readonly #logCache = new Map<string, readonly StoredEvent[]>();

  constructor(tenant: Tenant) {
    this.#tenant = tenant;
  }

  /** Pages a directory list as Graph does (100 a page unless `$top` says otherwise). */
  readonly #pager = (req: FakeRequest, context: string, items: readonly unknown[]): FakeResponse =>
    page(req, '', context, items, 100, COUNTING.directory);

  /** Handles one request to `collection` (anything but `applicationTemplates`). */
  handle(req: FakeRequest, collection: string | undefined, rest: readonly string[]): FakeResponse {
    switch (collection) {
      case 'applications':
        return this.#applications(req, rest);
      case 'servicePrincipals':
        return this.#servicePrincipals(req, rest);
      case 'auditLogs':
        return this.#auditLogs(req, rest);
      case 'users':
        return usersRoute(this.#tenant, req, rest, this.#pager);
      case 'groups':
        return groupsRoute(this.#tenant, req, rest, this.#pager);
      default: {
        const alternate =
          collection === undefined
            ? undefined
            : /^servicePrincipals\(appId='(.*)'\)$/.exec(collection);
        if (alternate?.[1] !== undefined) {
          const appId = alternate[1].replace(/''/g, "'");
          const sp = [...this.#tenant.servicePrincipals.values()].find((s) => s.appId === appId);
          if (sp === undefined) throw notFound(appId);
          if (!this.#tenant.visible(sp)) throw this.#unreplicated(req, rest, appId, sp.appId);
          return this.#servicePrincipal(req, sp, rest);
        }
        // users('$…'): how Graph's user-get page addresses a UPN that starts with '$'.
        const userKey = collection === undefined ? undefined : /^users\('(.*)'\)$/.exec(collection);
        if (userKey?.[1] !== undefined) {
          const key = userKey[1].replace(/''/g, "'");
          return userRoute(this.#tenant, req, [key, ...rest]);
        }
        const appAlternate =
          collection === undefined ? undefined : /^applications\(appId='(.*)'\)$/.exec(collection);
        if (appAlternate?.[1] !== undefined) {
          const appId = appAlternate[1].replace(/''/g, "'");
          const app = [...this.#tenant.applications.values()].find((a) => a.appId === appId);
          if (app === undefined || !this.#tenant.visible(app)) throw notFound(appId);
          return this.#application(req, app, rest);
        }
        throw unknownSegment(collection ?? '');
      }
    }
  }

  /** POST …/instantiate: the application and its service principal, 201. */
  instantiate(req: FakeRequest, app: GalleryApp): FakeResponse {
    const body = objectBody(req);
    const displayName = body.displayName;
    if (typeof displayName !== 'string' || displayName.trim() === '') {
      throw badRequest(
        "Invalid value specified for property 'displayName' of resource 'Application'.",
      );
    }
    if (
      body.serviceManagementReference !== undefined &&
      typeof body.serviceManagementReference !== 'string'
    ) {
      throw badRequest("Invalid value specified for property 'serviceManagementReference'.");
    }
    const { app: application, sp } = this.#tenant.instantiate(app, displayName);
    return {
      status: 201,
      body: {
        '@odata.context': `${req.base}/${req.version}/$metadata#microsoft.graph.applicationServicePrincipal`,
        ...(req.version === 'beta'
          ? {
              application: betaApplicationJson(application, app),
              servicePrincipal: betaServicePrincipalJson(sp, this.#tenant),
            }
          : {
              application: applicationJson(application, app, req.version),
              servicePrincipal: servicePrincipalJson(sp, this.#tenant, req.version),
            }),
      },
    };
  }

  // ---- /applications ----------------------------------------------------------------------

  #applications(req: FakeRequest, rest: readonly string[]): FakeResponse {
    const [id, ...more] = rest;
    if (id === undefined || isCountSegment(rest)) {
      only(req, 'GET');
      if (req.version === 'beta' && /applicationTemplateId/.test(req.query.get('$filter') ?? '')) {
        throw badRequest(
          "Could not find a property named 'applicationTemplateId' on type 'microsoft.graph.application'.",
          'BadRequest',
        );
      }
      return this.#directoryList(req, id, 'applications', this.#tenant.applications, (a) =>
        applicationJson(a, galleryApp(a.applicationTemplateId), req.version),
      );
    }
    const app = this.#tenant.applications.get(id);
    if (app === undefined || !this.#tenant.visible(app)) throw notFound(id);
    return this.#application(req, app, more);
  }

  #application(req: FakeRequest, app: ApplicationRecord, rest: readonly string[]): FakeResponse {
    const [nav, ...more] = rest;
    if (nav === undefined) {
      if (req.method === 'DELETE') {
        this.#tenant.applications.delete(app.id);
        for (const sp of [...this.#tenant.servicePrincipals.values()]) {
          if (sp.applicationId === app.id) this.#deleteServicePrincipal(sp);
        }
        return { status: 204 };
      }
      only(req, 'GET', 'DELETE');
      return ok(
        req,
        'applications/$entity',
        select(applicationJson(app, galleryApp(app.applicationTemplateId), req.version), req.query),
      );
    }
    if (nav === 'owners') return this.#owners(req, app, more);
    if (nav === 'synchronization') return this.#appSynchronization(req, app, more);
    throw unknownSegment(nav);
  }

  /** `applications/{id}/owners`: list, `$ref` to add, `{id}/$ref` to remove. */
  #owners(req: FakeRequest, app: ApplicationRecord, rest: readonly string[]): FakeResponse {
    const [first, second, ...extra] = rest;
    if (extra.length > 0) throw unknownSegment(extra[0] ?? '');
    if (first === undefined) {
      only(req, 'GET');
      const items = app.owners.map((id) => this.#directoryObjectJson(id));
      return page(req, '', 'directoryObjects', items, 100, COUNTING.directory);
    }
    if (isCountSegment(rest)) return countAnswer(req, COUNTING.directory, app.owners.length);
    if (first === '$ref' && second === undefined) {
      only(req, 'POST');
      const ref = objectBody(req)['@odata.id'];
      const id =
        typeof ref === 'string'
          ? /\/directoryObjects\/([0-9a-fA-F-]{36})$/.exec(ref)?.[1]?.toLowerCase()
          : undefined;
      if (id === undefined) {
        throw badRequest(
          'The request body must be { "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}" }.',
        );
      }
      if (!this.#tenant.directoryObjectExists(id)) throw notFound(id);
      if (app.owners.includes(id)) {
        throw badRequest(
          "One or more added object references already exist for the following modified properties: 'owners'.",
        );
      }
      app.owners.push(id);
      return { status: 204 };
    }
    if (second === '$ref') {
      only(req, 'DELETE');
      const index = app.owners.indexOf(first.toLowerCase());
      if (index < 0) throw notFound(first);
      app.owners.splice(index, 1);
      return { status: 204 };
    }
    throw unknownSegment(second ?? first);
  }

  /** An owner as `directoryObject` JSON: a service principal of the tenant, a caller, or a user. */
  #directoryObjectJson(id: string): Record<string, unknown> {
    const sp = this.#tenant.servicePrincipals.get(id);
    if (sp !== undefined) {
      return {
        '@odata.type': '#microsoft.graph.servicePrincipal',
        id,
        deletedDateTime: null,
        appId: sp.appId,
        displayName: sp.displayName,
      };
    }
    const caller = this.#tenant.callers.get(id);
    if (caller !== undefined) {
      return {
        '@odata.type': '#microsoft.graph.servicePrincipal',
        id,
        deletedDateTime: null,
        appId: caller.appId,
        displayName: caller.appId ?? null,
      };
    }
    const user = this.#tenant.users.get(id);
    return {
      '@odata.type': '#microsoft.graph.user',
      id,
      deletedDateTime: null,
      displayName: user?.displayName ?? null,
    };
  }

  /** `applications/{id}/synchronization`: templates the application owns, acquireAccessToken. */
  #appSynchronization(
    req: FakeRequest,
    app: ApplicationRecord,
    rest: readonly string[],
  ): FakeResponse {
    const [child, id, ...more] = rest;
    const gallery = galleryApp(app.applicationTemplateId);
    if (child === 'acquireAccessToken' && id === undefined) return acquireAccessToken(req);
    if (child !== 'templates') throw unknownSegment(child ?? 'synchronization');
    const context = `applications('${app.id}')/synchronization/templates`;
    const templates = gallery?.sync ?? [];
    if (isCountSegment(rest.slice(1)))
      return countAnswer(req, COUNTING.syncTemplates, templates.length);
    if (id === undefined) {
      only(req, 'GET');
      return page(
        req,
        '',
        context,
        templates.map((t) => syncTemplateJson(t, app, req.version)),
        MAX_PAGE,
        COUNTING.syncTemplates,
      );
    }
    const template = gallery?.sync.find((t) => t.id === id);
    if (template === undefined) throw notFound(id);
    const [schema, ...tool] = more;
    if (schema === undefined) {
      if (req.method === 'PATCH' || req.method === 'PUT') {
        const body = objectBody(req);
        if (body.id !== undefined && body.id !== template.id)
          throw badRequest(`The template id in the body does not match '${template.id}'.`);
        // The stored template is replaced as a whole, as the reference page says, its schema
        // included when the body has one.
        app.templates.set(template.id, { ...body, id: template.id });
        const schema = body.schema as {
          synchronizationRules?: unknown;
          directories?: unknown;
        } | null;
        if (
          typeof schema === 'object' &&
          schema !== null &&
          (Array.isArray(schema.synchronizationRules) || Array.isArray(schema.directories))
        ) {
          app.templateSchemas.set(template.id, structuredClone(schema));
        }
        return { status: 204 };
      }
      only(req, 'GET', 'PATCH', 'PUT');
      return ok(req, `${context}/$entity`, syncTemplateJson(template, app, req.version));
    }
    if (schema !== 'schema') throw unknownSegment(schema);
    if (tool.length === 0) {
      if (req.method === 'PUT') {
        app.templateSchemas.set(template.id, structuredClone(schemaBody(req)));
        return { status: 204 };
      }
      if (req.method === 'DELETE') {
        app.templateSchemas.delete(template.id);
        return { status: 204 };
      }
    }
    return schemaRead(
      req,
      `${context}('${template.id}')/schema`,
      this.#tenant.templateSchema(app, template),
      tool,
    );
  }

  #deleteServicePrincipal(sp: ServicePrincipalRecord): void {
    this.#tenant.servicePrincipals.delete(sp.id);
    for (const job of [...this.#tenant.jobs.values()]) {
      if (job.servicePrincipalId === sp.id) this.#tenant.jobs.delete(job.id);
    }
  }

  /**
   * A directory collection (`/applications`, `/servicePrincipals`) or its `$count` (`id` is the
   * count segment): the records the list shows yet (lists lag behind writes), matching `$filter`
   * and `$search`, as `toJson` writes them, `$select`ed.
   */
  #directoryList<R extends DirectoryListed>(
    req: FakeRequest,
    id: string | undefined,
    collection: 'applications' | 'servicePrincipals',
    records: ReadonlyMap<string, R>,
    toJson: (record: R) => Record<string, unknown>,
  ): FakeResponse {
    const filter = filterOf(req.query, DIRECTORY_RULES, false);
    const search = searchOf(req);
    const items = [...records.values()]
      .filter(
        (r) =>
          this.#tenant.listed(r) &&
          (filter === undefined || filter.matches(r)) &&
          (search === undefined || search(r)),
      )
      .map((r) => select(toJson(r), req.query));
    if (id !== undefined) return countAnswer(req, COUNTING.directory, items.length);
    return page(req, `/${collection}`, collection, items, 100, COUNTING.directory);
  }

  // ---- /servicePrincipals -----------------------------------------------------------------

  #servicePrincipals(req: FakeRequest, rest: readonly string[]): FakeResponse {
    const [id, ...more] = rest;
    if (id === undefined || isCountSegment(rest)) {
      only(req, 'GET');
      return this.#directoryList(
        req,
        id,
        'servicePrincipals',
        this.#tenant.servicePrincipals,
        (sp) => servicePrincipalJson(sp, this.#tenant, req.version),
      );
    }
    const sp = this.#tenant.servicePrincipals.get(id);
    if (sp === undefined) throw notFound(id);
    if (!this.#tenant.visible(sp)) throw this.#unreplicated(req, more, id, sp.appId);
    return this.#servicePrincipal(req, sp, more);
  }

  /**
   * The error for a call on an object that has not replicated yet (field notes §2). `rest` is
   * the path after the service principal.
   */
  #unreplicated(req: FakeRequest, rest: readonly string[], id: string, appId: string): Fault {
    if (this.#tenant.settings.replicationErrors === 'notFound') return notFound(id);
    const [nav, child, jobId, action] = rest;
    if (nav === 'synchronization') {
      if (child === 'jobs' && jobId === undefined && req.method === 'POST') {
        return badRequest(
          `The appId '${appId}' of the service principal does not reference a valid application object.`,
        );
      }
      if (
        (child === 'secrets' && req.method === 'PUT') ||
        (child === 'jobs' && (jobId === 'validateCredentials' || action === 'validateCredentials'))
      ) {
        return new Fault(
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        );
      }
      if (
        child === 'jobs' &&
        jobId !== undefined &&
        (action === 'start' || (action === undefined && req.method === 'DELETE'))
      ) {
        return conflict();
      }
    }
    return notFound(id);
  }

  #servicePrincipal(
    req: FakeRequest,
    sp: ServicePrincipalRecord,
    rest: readonly string[],
  ): FakeResponse {
    const [nav, child, ...more] = rest;
    if (nav === undefined) {
      if (req.method === 'DELETE') {
        this.#deleteServicePrincipal(sp);
        return { status: 204 };
      }
      only(req, 'GET', 'DELETE');
      return ok(
        req,
        'servicePrincipals/$entity',
        select(servicePrincipalJson(sp, this.#tenant, req.version), req.query),
      );
    }
    if (nav === 'appRoleAssignedTo') {
      return appRoleAssignedToRoute(
        this.#tenant,
        req,
        sp,
        child === undefined ? [] : [child, ...more],
        this.#pager,
      );
    }
    if (nav === 'appRoles' && child === undefined) return appRolesRoute(req, sp);
    if (nav !== 'synchronization') throw unknownSegment(nav);
    switch (child) {
      case 'templates':
        return this.#syncTemplates(req, sp, more);
      case 'jobs':
        return this.#jobs(req, sp, more);
      case 'secrets':
        if (more.length > 0) throw unknownSegment(more[0] ?? '');
        return this.#secrets(req, sp);
      case 'acquireAccessToken':
        if (more.length > 0) throw unknownSegment(more[0] ?? '');
        return acquireAccessToken(req);
      case 'connectivityParameters':
      case 'Ping()':
        throw new Fault(501, 'NotImplemented', `'${child}' is not available in this fake Graph.`);
      default:
        throw unknownSegment(child ?? 'synchronization');
    }
  }

  #syncTemplates(
    req: FakeRequest,
    sp: ServicePrincipalRecord,
    rest: readonly string[],
  ): FakeResponse {
    const [id, ...more] = rest;
    // Templates belong to the application: its owner's changes show here too.
    const app = this.#tenant.applications.get(sp.applicationId);
    const owner = app ?? sp;
    const context = `servicePrincipals('${sp.id}')/synchronization/templates`;
    if (isCountSegment(rest))
      return countAnswer(req, COUNTING.syncTemplates, sp.gallery.sync.length);
    if (id === undefined) {
      only(req, 'GET');
      return page(
        req,
        '',
        context,
        sp.gallery.sync.map((t) => syncTemplateJson(t, owner, req.version)),
        MAX_PAGE,
        COUNTING.syncTemplates,
      );
    }
    const template = sp.gallery.sync.find((t) => t.id === id);
    if (template === undefined) throw notFound(id);
    const [schema, ...tool] = more;
    if (schema === undefined) {
      only(req, 'GET');
      return ok(req, `${context}/$entity`, syncTemplateJson(template, owner, req.version));
    }
    if (schema !== 'schema') throw unknownSegment(schema);
    // Only the application may change its templates (reference §4.10, §4.13).
    if (tool.length === 0) only(req, 'GET');
    const current =
      app === undefined
        ? { directories: [], synchronizationRules: [] }
        : this.#tenant.templateSchema(app, template);
    return schemaRead(req, `${context}('${template.id}')/schema`, current, tool);
  }

  #secrets(req: FakeRequest, sp: ServicePrincipalRecord): FakeResponse {
    if (req.method === 'GET') {
      return ok(req, `servicePrincipals('${sp.id}')/synchronization/secrets`, {
        // As Graph answers: settings, addresses and the user name in clear, the rest masked.
        value: [...sp.secrets.entries()].map(([key, value]) => ({
          key,
          value: isShownInClear(key) ? value : '*',
        })),
      });
    }
    only(req, 'PUT', 'GET');
    const value = objectBody(req).value;
    if (!Array.isArray(value))
      throw badRequest('The request body must be { "value": [ { key, value } ] }.');
    const pairs: [string, string][] = [];
    for (const pair of value) {
      const { key, value: secret } = (pair ?? {}) as { key?: unknown; value?: unknown };
      if (typeof key !== 'string' || !SECRET_KEYS.has(key)) {
        throw badRequest(
          `Invalid value '${String(key)}' for 'key': it must be a synchronizationSecret member.`,
        );
      }
      if (secret !== null && typeof secret !== 'string')
        throw badRequest(`The value of '${key}' must be a string.`);
      pairs.push([key, secret ?? '']);
    }
    if (this.#tenant.settings.secretsPut === 'replace') sp.secrets.clear();
    for (const [key, secret] of pairs) {
      if (secret === '') sp.secrets.delete(key);
      else sp.secrets.set(key, secret);
    }
    sp.secretWrites += 1;
    return { status: 204 };
  }

  // ---- …/synchronization/jobs -------------------------------------------------------------

  #jobs(req: FakeRequest, sp: ServicePrincipalRecord, rest: readonly string[]): FakeResponse {
    const [id, action, ...more] = rest;
    if (id === undefined || isCountSegment(rest)) {
      if (id === undefined && req.method === 'POST') return this.#createJob(req, sp);
      if (id === undefined) only(req, 'GET', 'POST');
      const jobs = [...this.#tenant.jobs.values()].filter(
        (j) => j.servicePrincipalId === sp.id && this.#tenant.listed(j),
      );
      if (id !== undefined) return countAnswer(req, COUNTING.syncJobs, jobs.length);
      return page(
        req,
        '',
        `servicePrincipals('${sp.id}')/synchronization/jobs`,
        jobs.map((j) => this.#jobJson(j)),
        MAX_PAGE,
        COUNTING.syncJobs,
      );
    }
    if (id === 'validateCredentials' && action === undefined) {
      only(req, 'POST');
      const templateId = objectBody(req).templateId;
      const template =
        sp.gallery.sync.find((t) => t.id === templateId) ??
        (templateId === undefined ? sp.gallery.sync[0] : undefined);
      if (template === undefined)
        throw badRequest(
          `The template '${String(templateId)}' is not available for this application.`,
        );
      return this.#validate(req, sp, template);
    }
    const job = this.#tenant.jobs.get(id);
    if (job === undefined || job.servicePrincipalId !== sp.id) throw notFound(id);
    if (!this.#tenant.visible(job)) {
      const startOrDelete = action === 'start' || (action === undefined && req.method === 'DELETE');
      throw this.#tenant.settings.replicationErrors === 'realistic' && startOrDelete
        ? conflict()
        : notFound(id);
    }
    if (action === undefined) {
      if (req.method === 'DELETE') {
        this.#tenant.jobs.delete(job.id);
        return { status: 204 };
      }
      only(req, 'GET', 'DELETE');
      return ok(
        req,
        `servicePrincipals('${sp.id}')/synchronization/jobs/$entity`,
        this.#jobJson(job),
      );
    }
    if (action === 'schema') return this.#schema(req, job, more);
    if (more.length > 0) throw unknownSegment(more[0] ?? '');
    switch (action) {
      case 'start':
        only(req, 'POST');
        this.#tenant.start(job);
        return { status: 204 };
      case 'pause':
        only(req, 'POST');
        this.#tenant.pause(job);
        return { status: 204 };
      case 'restart': {
        only(req, 'POST');
        const criteria = objectBody(req).criteria as { resetScope?: unknown } | undefined | null;
        const raw = criteria?.resetScope;
        if (raw !== undefined && raw !== null && typeof raw !== 'string')
          throw badRequest('resetScope must be a string.');
        const scopes = new Set(
          (raw ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        for (const scope of scopes) {
          if (!(SynchronizationJobRestartScopeValues as readonly string[]).includes(scope)) {
            throw badRequest(`Requested value '${scope}' was not found.`);
          }
        }
        this.#tenant.restart(job, scopes);
        return { status: 204 };
      }
      case 'validateCredentials':
        only(req, 'POST');
        return this.#validate(req, sp, job.template);
      case 'provisionOnDemand':
        only(req, 'POST');
        return this.#provisionOnDemand(req, sp, job);
      case 'bulkUpload':
        only(req, 'POST');
        return this.#bulkUpload(req, job);
      case 'validateConnectivity':
        throw new Fault(501, 'NotImplemented', `'${action}' is not available in this fake Graph.`);
      default:
        throw unknownSegment(action);
    }
  }

  #createJob(req: FakeRequest, sp: ServicePrincipalRecord): FakeResponse {
    const templateId = objectBody(req).templateId;
    if (typeof templateId !== 'string' || templateId === '') {
      throw badRequest("The property 'templateId' is required.");
    }
    const template = sp.gallery.sync.find((t) => t.id === templateId);
    if (template === undefined) {
      throw badRequest(
        `The template '${templateId}' is not one of the synchronization templates of this service principal (${sp.gallery.sync.map((t) => t.id).join(', ') || 'none'}).`,
      );
    }
    const job = this.#tenant.createJob(sp, template);
    return {
      status: 201,
      body: {
        '@odata.context': `${req.base}/${req.version}/$metadata#servicePrincipals('${sp.id}')/synchronization/jobs/$entity`,
        ...this.#jobJson(job),
      },
    };
  }

  #validate(
    req: FakeRequest,
    sp: ServicePrincipalRecord,
    template: SyncTemplateDefinition,
  ): FakeResponse {
    const body = objectBody(req);
    let credentials: Map<string, string>;
    if (body.useSavedCredentials === true) credentials = sp.secrets;
    else {
      if (!Array.isArray(body.credentials))
        throw badRequest("Pass 'credentials', or 'useSavedCredentials': true.");
      credentials = new Map();
      for (const pair of body.credentials as unknown[]) {
        const { key, value } = (pair ?? {}) as { key?: unknown; value?: unknown };
        if (typeof key !== 'string' || !SECRET_KEYS.has(key)) {
          throw badRequest(
            `Invalid value '${String(key)}' for 'key': it must be a synchronizationSecret member.`,
          );
        }
        if (typeof value === 'string') credentials.set(key, value);
      }
    }
    const problem = this.#tenant.credentialProblem(template, credentials);
    if (problem !== undefined) {
      throw badRequest(
        `An error occurred while validating the credentials for ${template.targetName}. ${problem} Error code: ${template.errorPrefix}InvalidCredentials`,
        'BadRequest',
      );
    }
    return { status: 204 };
  }

  #provisionOnDemand(req: FakeRequest, sp: ServicePrincipalRecord, job: JobRecord): FakeResponse {
    const parameters = objectBody(req).parameters;
    if (!Array.isArray(parameters) || parameters.length === 0)
      throw badRequest("The parameter 'parameters' is required.");
    const [first] = parameters as ({ ruleId?: unknown; subjects?: unknown } | null)[];
    const rule = schemaRules(job.schema).find((r) => r.id === first?.ruleId);
    if (typeof first?.ruleId !== 'string' || rule === undefined) {
      throw badRequest(
        `The rule '${String(first?.ruleId)}' is not a synchronization rule of this job.`,
      );
    }
    const subject = (Array.isArray(first.subjects) ? first.subjects[0] : undefined) as
      { objectId?: unknown; objectTypeName?: unknown } | null | undefined;
    if (typeof subject?.objectId !== 'string')
      throw badRequest('Each parameter needs at least one subject with an objectId.');
    const typeName = subject.objectTypeName;
    if (typeof typeName !== 'string' || typeName === '')
      throw badRequest("Each subject needs an objectTypeName ('User', 'Group'…).");
    const object = this.#tenant.assigned(sp).find((o) => o.id === subject.objectId);
    if (object !== undefined && object.type.toLowerCase() !== typeName.toLowerCase())
      throw badRequest(`The object '${object.id}' is a ${object.type}, not a ${typeName}.`);
    const mapped = rule.objectMappings.some(
      (m) => m.enabled && m.sourceObjectName.toLowerCase() === typeName.toLowerCase(),
    );
    if (!mapped) {
      throw badRequest(
        `The rule '${String(rule.id)}' does not provision objects of type '${typeName}' to ${job.template.targetName}.`,
      );
    }
    const now = this.#tenant.now;
    const started = new Date(now).toISOString();
    if (object === undefined) {
      return this.#onDemandAnswer(
        req,
        job,
        {
          result: 'Skipped',
          details: {
            errorCode: 'NotEffectivelyEntitled',
            errorMessage:
              'The object is not assigned to the application or is out of the scope of provisioning.',
          },
        },
        {},
      );
    }
    const credentials = this.#tenant.credentialProblem(job.template, sp.secrets);
    if (credentials !== undefined) {
      return this.#onDemandAnswer(
        req,
        job,
        {
          result: 'Failure',
          details: {
            errorCode: `${job.template.errorPrefix}InvalidCredentials`,
            errorMessage: credentials,
          },
        },
        {},
      );
    }
    const redundant = job.provisioned.has(object.id);
    job.provisioned.add(object.id);
    const target =
      job.template.objects.find((o) => o.source === object.type)?.target ?? object.type;
    this.#tenant.addEvent(job, job.rng.guid(), now, {
      action: redundant ? 'other' : 'create',
      status: redundant ? 'skipped' : 'success',
      reason: redundant ? 'redundantExport' : undefined,
      identityType: object.type,
      targetType: target,
      sourceId: object.id,
      sourceName: object.displayName,
      targetId: job.rng.guid(),
    });
    const step = (name: string, type: string, status: string, description: string): object => ({
      name,
      type,
      status,
      description,
      timestamp: started,
      details: {},
    });
    return this.#onDemandAnswer(
      req,
      job,
      redundant
        ? {
            result: 'Skipped',
            details: {
              errorCode: 'RedundantExport',
              errorMessage:
                'The state of the user in both the source and target systems already match.',
            },
          }
        : { result: 'Success', details: {} },
      {
        action: redundant ? 'Other' : 'Create',
        changeId: job.rng.guid(),
        startTime: started,
        endTime: started,
        reportableIdentifier: object.displayName,
        modifiedProperties: [
          { displayName: 'displayName', oldValue: null, newValue: object.displayName },
        ],
        provisioningSteps: [
          step(
            'EntryImport',
            'Import',
            'Success',
            `Retrieved ${object.type} '${object.displayName}' from Azure Active Directory`,
          ),
          step(
            'EntrySynchronizationScoping',
            'Scoping',
            'Success',
            `Determine if ${object.type} in scope by evaluating against each scoping filter`,
          ),
          step(
            redundant ? 'EntrySynchronizationSkip' : 'EntryExportAdd',
            'Export',
            redundant ? 'Skipped' : 'Success',
            redundant
              ? 'No change was needed.'
              : `${object.type} '${object.displayName}' was created in ${job.template.targetName}`,
          ),
        ],
        statusInfo: {
          status: redundant ? 'Skipped' : 'Success',
          errorCode: null,
          reason: null,
          additionalDetails: null,
          errorCategory: null,
          recommendedAction: null,
        },
        sourceIdentity: {
          id: object.id,
          type: object.type,
          displayName: object.displayName,
          details: null,
        },
        sourceSystem: { id: null, name: 'Azure Active Directory', details: null },
        targetIdentity: { id: null, type: target, displayName: null, details: null },
        targetSystem: { id: null, name: job.template.targetName, details: null },
      },
    );
  }

  /** `POST …/jobs/{id}/bulkUpload`: SCIM users queued for the job, 202 with a Location. */
  #bulkUpload(req: FakeRequest, job: JobRecord): FakeResponse {
    if (job.template.bulkUpload !== true) {
      throw badRequest(
        `The job '${job.id}' is not an API-driven provisioning job: it does not accept bulk uploads.`,
      );
    }
    const type = req.headers.get('content-type') ?? '';
    if (!/^application\/scim\+json\b/i.test(type)) {
      throw badRequest(
        "The Content-Type of a bulk upload must be 'application/scim+json'.",
        'BadRequest',
      );
    }
    const body = objectBody(req);
    const schemas = body.schemas;
    if (
      !Array.isArray(schemas) ||
      !schemas.includes('urn:ietf:params:scim:api:messages:2.0:BulkRequest')
    )
      throw badRequest("'schemas' must contain urn:ietf:params:scim:api:messages:2.0:BulkRequest.");
    const operations = body.Operations;
    if (!Array.isArray(operations) || operations.length === 0 || operations.length > 50)
      throw badRequest("'Operations' must hold 1 to 50 operations.");
    const requestId = job.rng.guid();
    const items = operations.map((raw: unknown, i) => {
      const operation = (raw ?? {}) as Record<string, unknown>;
      const data = (operation.data ?? {}) as Record<string, unknown>;
      if (operation.method !== 'POST' || operation.path !== '/Users')
        throw badRequest(`Operations[${String(i)}]: only POST to /Users is supported.`);
      if (typeof operation.bulkId !== 'string' || operation.bulkId === '')
        throw badRequest(`Operations[${String(i)}]: bulkId is required.`);
      const externalId = typeof data.externalId === 'string' ? data.externalId : operation.bulkId;
      const name = (data.name ?? {}) as Record<string, unknown>;
      const displayName =
        (typeof data.displayName === 'string' && data.displayName) ||
        [name.givenName, name.familyName].filter((n) => typeof n === 'string').join(' ') ||
        (typeof data.userName === 'string' ? data.userName : externalId);
      return { requestId, receivedAt: this.#tenant.now, externalId, displayName };
    });
    job.bulkQueue.push(...items);
    const filter = `jobId eq '${job.id}' and cycleId eq '${requestId}'`;
    return {
      status: 202,
      headers: {
        Location: `${req.base}/${req.version}/auditLogs/provisioning?$filter=${encodeURIComponent(filter)}`,
      },
    };
  }

  /**
   * A provisionOnDemand answer. Gallery apps answer as Microsoft documents it (a JSON outcome and
   * a JSON event); the custom SCIM app answers as Graph has been seen to for SCIM and
   * cross-tenant jobs (field notes §9): a .NET type name, and a JSON array of its steps.
   */
  #onDemandAnswer(
    req: FakeRequest,
    job: JobRecord,
    key: { result: string; details: { errorCode?: string; errorMessage?: string } },
    value: { readonly provisioningSteps?: object[]; readonly [field: string]: unknown },
  ): FakeResponse {
    const context = `${req.base}/${req.version}/$metadata#microsoft.graph.stringKeyStringValuePair`;
    if (job.template.factoryTag !== 'CustomSCIM') {
      return {
        status: 200,
        body: { '@odata.context': context, key: JSON.stringify(key), value: JSON.stringify(value) },
      };
    }
    const steps = value.provisioningSteps ?? [
      {
        name: key.result === 'Failure' ? 'EntryExportUpdate' : 'EntryImportObjectScoping',
        type: key.result === 'Failure' ? 'Export' : 'Scoping',
        status: key.result,
        description: key.details.errorMessage ?? '',
        timestamp: new Date(this.#tenant.now).toISOString(),
        details: { errorCode: key.details.errorCode ?? '' },
      },
    ];
    return {
      status: 200,
      body: {
        '@odata.context': context,
        key: 'Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo',
        value: JSON.stringify([{ provisioningSteps: steps }]),
      },
    };
  }

  #schema(req: FakeRequest, job: JobRecord, rest: readonly string[]): FakeResponse {
    const context = `servicePrincipals('${job.servicePrincipalId}')/synchronization/jobs('${job.id}')/schema`;
    const [first, directoryId, action, ...extra] = rest;
    if (first === 'directories') {
      if (directoryId === undefined || action !== 'discover' || extra.length > 0)
        throw unknownSegment(action ?? directoryId ?? first);
      only(req, 'POST');
      const directories = (job.schema as { directories?: unknown } | null)?.directories;
      const directory = Array.isArray(directories)
        ? (directories as unknown[]).find(
            (d): d is Record<string, unknown> =>
              typeof d === 'object' && d !== null && (d as { id?: unknown }).id === directoryId,
          )
        : undefined;
      if (directory === undefined) throw notFound(directoryId);
      // Discovery refreshes the definition from the target system: here, its timestamp.
      directory.discoveryDateTime = new Date(this.#tenant.now).toISOString();
      return ok(req, `${context}/directories/$entity`, directory);
    }
    if (rest.length === 0) {
      if (req.method === 'PATCH') throw schemaPatchRefused(req);
      if (req.method === 'PUT') {
        job.schema = schemaBody(req);
        // "A new initial cycle is triggered by a change in attribute mappings or scoping
        // filters" (Microsoft, How application provisioning works).
        job.fullNeeded = true;
        return { status: 204 };
      }
      if (req.method === 'DELETE') {
        const app = this.#tenant.applications.get(
          this.#tenant.servicePrincipals.get(job.servicePrincipalId)?.applicationId ?? '',
        );
        job.schema =
          app === undefined
            ? structuredClone(job.defaultSchema)
            : this.#tenant.templateSchema(app, job.template);
        job.fullNeeded = true;
        return { status: 204 };
      }
    }
    return schemaRead(req, context, job.schema, rest);
  }

  #jobJson(job: JobRecord): Record<string, unknown> {
    const tenant = this.#tenant;
    const sp = tenant.servicePrincipals.get(job.servicePrincipalId);
    const configured =
      sp !== undefined && tenant.credentialProblem(job.template, sp.secrets) === undefined;
    const code =
      job.quarantine !== undefined
        ? 'Quarantine'
        : job.scheduleState === 'Paused'
          ? 'Paused'
          : job.scheduleState === 'Active'
            ? 'Active'
            : configured
              ? 'NotRun'
              : 'NotConfigured';
    const cycle = job.current;
    const counts = new Map<string, number>();
    for (const id of job.provisioned) {
      const object = this.#tenant.directoryObject(id);
      if (object === undefined) continue;
      const mapping = job.template.objects.find((o) => o.source === object.type);
      const key = `${object.type} to ${mapping?.target ?? object.type}`.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const q = job.quarantine;
    return {
      id: job.id,
      templateId: job.template.id,
      schedule: {
        expiration: null,
        interval:
          job.scheduleState === 'Disabled'
            ? DISABLED_INTERVAL
            : isoDuration(tenant.settings.intervalMs),
        state: job.scheduleState,
      },
      status: {
        code,
        countSuccessiveCompleteFailures: job.countSuccessiveCompleteFailures,
        escrowsPruned: false,
        synchronizedEntryCountByType: [...counts].map(([key, value]) => ({ key, value })),
        lastExecution: job.lastExecution ?? null,
        lastSuccessfulExecution: job.lastSuccessfulExecution ?? null,
        lastSuccessfulExecutionWithExports: job.lastSuccessfulExecutionWithExports ?? null,
        progress:
          cycle === undefined || cycle.tasks.length === 0
            ? []
            : [
                {
                  completedUnits: cycle.done,
                  totalUnits: cycle.tasks.length,
                  units: 'Entries',
                  progressObservationDateTime: new Date(tenant.now).toISOString(),
                },
              ],
        steadyStateFirstAchievedTime: isoOrZero(job.steadyFirst),
        steadyStateLastAchievedTime: isoOrZero(job.steadyLast),
        quarantine:
          q === undefined
            ? null
            : {
                currentBegan: new Date(q.currentBegan).toISOString(),
                nextAttempt: new Date(q.nextAttempt).toISOString(),
                reason: q.reason,
                seriesBegan: new Date(q.seriesBegan).toISOString(),
                seriesCount: q.seriesCount,
                error: q.error,
              },
        troubleshootingUrl: null,
      },
      synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
    };
  }

  // ---- /auditLogs/provisioning ------------------------------------------------------------

  #auditLogs(req: FakeRequest, rest: readonly string[]): FakeResponse {
    const [nav, id, ...more] = rest;
    const isLog =
      nav === 'provisioning' || (nav === 'directoryProvisioning' && req.version === 'beta');
    if (!isLog || more.length > 0) throw unknownSegment(nav ?? 'auditLogs');
    only(req, 'GET');
    if (isCountSegment(rest.slice(1)))
      return countAnswer(req, COUNTING.provisioningLogs, this.#tenant.events.length);
    if (id !== undefined) {
      const event = this.#tenant.event(id);
      if (event === undefined) throw notFound(id);
      return ok(req, 'auditLogs/provisioning/$entity', eventJson(event, req.version));
    }
    for (const option of ['$count', '$expand', '$search', '$skip', '$select']) {
      if (req.query.has(option))
        throw badRequest(`Query option '${option}' is not supported on provisioning logs.`);
    }
    const top = pageSize(req.query, 1000);
    const order = (req.query.get('$orderby') ?? 'activityDateTime desc').trim();
    if (!/^activityDateTime( asc| desc)?$/.test(order)) {
      throw badRequest(
        `Sorting by '${order}' is not supported: only activityDateTime can be sorted.`,
      );
    }
    const filterText = req.query.get('$filter') ?? '';
    const token = req.query.get('$skiptoken');
    const state = token === null ? undefined : decodeToken(token);
    const snapshot = typeof state?.s === 'number' ? state.s : this.#tenant.lastSeq;
    const key = `${req.version}|${filterText}|${order}|${String(snapshot)}`;
    if (state !== undefined && state.k !== key)
      throw badRequest(
        'The $skiptoken does not belong to this query.',
        'Request_InvalidPagingToken',
      );
    let events = this.#logCache.get(key);
    if (events !== undefined) {
      this.#logCache.delete(key);
      this.#logCache.set(key, events);
    } else {
      const filter = filterOf(
        req.query,
        req.version === 'beta' ? LOG_RULES_BETA : LOG_RULES_V1,
        true,
        (item, path) => eventField(item as StoredEvent, path),
      );
      const matching = this.#tenant
        .sortedEvents()
        .filter((e) => e.seq <= snapshot && (filter === undefined || filter.matches(e)));
      events =
        order.endsWith('asc') || order === 'activityDateTime' ? matching : matching.reverse();
      this.#logCache.set(key, events);
      if (this.#logCache.size > LOG_CACHE_SIZE) {
        const [oldest] = this.#logCache.keys();
        if (oldest !== undefined) this.#logCache.delete(oldest);
      }
    }
    const offset = typeof state?.o === 'number' ? state.o : 0;
    const size = top ?? LOGS_PAGE_WITHOUT_TOP;
    const slice = events.slice(offset, offset + size);
    const more_ = top !== undefined && offset + size < events.length;
    const next = new URLSearchParams(req.query);
    next.set('$skiptoken', encodeToken({ s: snapshot, o: offset + size, k: key }));
    return {
      status: 200,
      body: {
        '@odata.context': `${req.base}/${req.version}/$metadata#auditLogs/provisioning`,
        value: slice.map((e) => eventJson(e, req.version)),
        ...(more_
          ? { '@odata.nextLink': `${req.base}/${req.version}/auditLogs/${nav}?${queryText(next)}` }
          : {}),
      },
    };
  }
}

/** `…/schema` reads: the schema itself, or one of its tools (functions, filterOperators, parseExpression). */
function schemaRead(
  req: FakeRequest,
  context: string,
  schema: unknown,
  rest: readonly string[],
): FakeResponse {
  const [segment, ...extra] = rest;
  if (extra.length > 0) throw unknownSegment(extra[0] ?? '');
  const tool = segment === undefined ? undefined : schemaTool(segment);
  switch (tool) {
    case undefined:
      only(req, 'GET');
      return ok(req, `${context}/$entity`, schema as object);
    case 'functions':
      only(req, 'GET');
      return ok(req, `${context}/functions`, { value: functionSchemas() });
    case 'filterOperators':
      only(req, 'GET');
      return ok(req, `${context}/filterOperators`, { value: filterOperatorSchemas() });
    case 'parseExpression': {
      only(req, 'POST');
      const body = objectBody(req);
      if (typeof body.expression !== 'string' || body.expression.trim() === '')
        throw badRequest("The parameter 'expression' is required.");
      const test = body.testInputObject;
      if (test !== undefined && test !== null && (typeof test !== 'object' || Array.isArray(test)))
        throw badRequest("'testInputObject' must be an expressionInputObject.");
      const properties = (test as { properties?: unknown } | null | undefined)?.properties;
      if (
        properties !== undefined &&
        properties !== null &&
        (!Array.isArray(properties) ||
          properties.some(
            (p) =>
              typeof p !== 'object' ||
              p === null ||
              typeof (p as { key?: unknown }).key !== 'string',
          ))
      ) {
        throw badRequest("'testInputObject.properties' must be an array of { key, value } pairs.");
      }
      return ok(
        req,
        'microsoft.graph.parseExpressionResponse',
        parseExpression({
          expression: body.expression,
          testInputObject: test,
        }),
      );
    }
    default:
      throw unknownSegment(tool);
  }
}

/** A schema a caller PUT, checked enough that later reads cannot trip on it. */
function schemaBody(req: FakeRequest): Record<string, unknown> {
  const body = objectBody(req);
  if (!Array.isArray(body.synchronizationRules) && !Array.isArray(body.directories)) {
    throw badRequest('A schema needs directories and synchronizationRules.');
  }
  for (const name of ['synchronizationRules', 'directories'] as const) {
    const list = body[name];
    if (
      list !== undefined &&
      (!Array.isArray(list) || list.some((r) => typeof r !== 'object' || r === null))
    ) {
      throw badRequest(`${name} must be an array of objects.`);
    }
  }
  return body;
}

/** `POST …/synchronization/acquireAccessToken`. */
function acquireAccessToken(req: FakeRequest): FakeResponse {
  only(req, 'POST');
  const credentials = objectBody(req).credentials;
  if (!Array.isArray(credentials) || credentials.length === 0) {
    throw badRequest("The parameter 'credentials' is required.");
  }
  return { status: 204 };
}

/** What a directory list reads of a record: when it was made and shows, and what `$search` reads. */
type DirectoryListed = Parameters<Tenant['listed']>[0] & {
  readonly displayName: string;
  readonly description?: string | null;
};

/**
 * `$search` on directory objects (`"displayName:AWS"`, clauses joined by AND/OR), which Graph
 * serves only with `ConsistencyLevel: eventual`.
 */
function searchOf(
  req: FakeRequest,
): ((item: { displayName: string; description?: string | null }) => boolean) | undefined {
  const search = req.query.get('$search');
  if (search === null) return undefined;
  if (req.headers.get('consistencylevel')?.toLowerCase() !== 'eventual') {
    throw badRequest(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      'Request_UnsupportedQuery',
    );
  }
  const clauses = [...search.matchAll(/"([A-Za-z]+):([^"]*)"/g)].map(([, property, term]) => ({
    property: property ?? '',
    term: (term ?? '').toLowerCase(),
  }));
  if (
    clauses.length === 0 ||
    clauses.some((c) => c.property !== 'displayName' && c.property !== 'description')
  ) {
    throw badRequest(
      `Invalid $search '${search}': expected "displayName:term" or "description:term".`,
      'BadRequest',
    );
  }
  const any = /"\s+OR\s+"/i.test(search);
  // Graph tokenizes display names and matches terms as word prefixes.
  const matches = (name: string, term: string): boolean =>
    name
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .some((word) => word.startsWith(term)) || name.toLowerCase().startsWith(term);
  const holds = (
    item: { displayName: string; description?: string | null },
    c: { property: string; term: string },
  ): boolean =>
    matches(c.property === 'description' ? (item.description ?? '') : item.displayName, c.term);
  return (item) =>
    any ? clauses.some((c) => holds(item, c)) : clauses.every((c) => holds(item, c));
}

interface RuleView {
  readonly id: unknown;
  readonly objectMappings: readonly { enabled: boolean; sourceObjectName: string }[];
}

/** The rules of a job schema as saved by the caller, read defensively (any JSON can be PUT). */
function schemaRules(schema: unknown): RuleView[] {
  const rules = (schema as { synchronizationRules?: unknown } | null)?.synchronizationRules;
  if (!Array.isArray(rules)) return [];
  return rules
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({
      id: r.id,
      objectMappings: (Array.isArray(r.objectMappings) ? (r.objectMappings as unknown[]) : [])
        .filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null)
        .map((m) => ({
          enabled: m.enabled !== false,
          sourceObjectName: typeof m.sourceObjectName === 'string' ? m.sourceObjectName : '',
        })),
    }));
}

function conflict(): Fault {
  return new Fault(
    409,
    'Conflict',
    'The operation could not be completed because of a conflicting change in progress. Retry the operation.',
  );
}

/**
 * Graph's answer to PATCH on a job's schema, which some generated metadata declares: a 404
 * `UnknownError` whose message is itself JSON naming the synchronization backend (field notes
 * §9; msgraph-sdk-python#820, msgraph-sdk-powershell#1134).
 */
function schemaPatchRefused(req: FakeRequest): Fault {
  const path = `/${req.segments.map(encodeURIComponent).join('/')}`;
  return new Fault(
    404,
    'UnknownError',
    JSON.stringify({
      Message: `No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api${path}?api-version=2.0'.`,
    }),
  );
}

// ---- JSON shapes ----------------------------------------------------------------------------

/** An application's or service principal's `info`, unset (fresh each time: callers may keep it). */
const emptyInfo = (): Record<string, null> => ({
  logoUrl: null,
  marketingUrl: null,
  privacyStatementUrl: null,
  supportUrl: null,
  termsOfServiceUrl: null,
});

const emptyPublisher = (): Record<string, null> => ({
  displayName: null,
  verifiedPublisherId: null,
  addedDateTime: null,
});

/** A synchronization template as its application (or service principal) serves it. */
function syncTemplateJson(
  template: SyncTemplateDefinition,
  owner: ApplicationRecord | ServicePrincipalRecord,
  version: string,
): Record<string, unknown> {
  const replaced = 'templates' in owner ? owner.templates.get(template.id) : undefined;
  if (replaced !== undefined) return replaced;
  const galleryId = 'gallery' in owner ? owner.gallery.id : owner.applicationTemplateId;
  // Graph spells the metadata keys in PascalCase in v1.0 and camelCase in beta.
  const key = (name: string): string =>
    version === 'beta' ? name.charAt(0).toLowerCase() + name.slice(1) : name;
  return {
    id: template.id,
    applicationId: owner.appId,
    default: true,
    description: `Provision users and groups from ${template.direction === 'inbound' ? template.targetName : 'Microsoft Entra ID'} to ${template.direction === 'inbound' ? 'Microsoft Entra ID' : template.targetName}.`,
    discoverable: true,
    factoryTag: template.factoryTag,
    metadata: [
      { key: key('GalleryApplicationIdentifier'), value: galleryId },
      { key: key('IsOAuthEnabled'), value: 'false' },
      { key: 'IsSynchronizationAgentAssignmentRequired', value: 'false' },
      ...(template.requiredSecrets.length === 0
        ? []
        : [{ key: key('ConfigurationFields'), value: configurationFieldsJson(template) }]),
    ],
    schema: { directories: [], synchronizationRules: [] },
  };
}

/**
 * The credentials form a template describes, as Microsoft's examples of templates show it: JSON
 * text of `{ name, secret? }`, names in lower case, `secret` on the keys Graph masks
 * (microsoftgraph/microsoft-graph-docs-contrib concepts/application-provisioning-configure-api.md).
 */
function configurationFieldsJson(template: SyncTemplateDefinition): string {
  return JSON.stringify(
    template.requiredSecrets.map((name) => ({
      name: name.toLowerCase(),
      ...(isShownInClear(name) ? {} : { secret: true }),
    })),
  );
}

function applicationJson(
  app: ApplicationRecord,
  gallery: GalleryApp | undefined,
  version: string,
): Record<string, unknown> {
  return {
    id: app.id,
    deletedDateTime: null,
    appId: app.appId,
    ...(version === 'v1.0' ? { applicationTemplateId: app.applicationTemplateId } : {}),
    createdDateTime: new Date(app.createdAt).toISOString(),
    displayName: app.displayName,
    description: null,
    groupMembershipClaims: null,
    identifierUris: [],
    isFallbackPublicClient: false,
    signInAudience: 'AzureADMyOrg',
    tags: [],
    tokenEncryptionKeyId: null,
    defaultRedirectUri: null,
    optionalClaims: null,
    ...(version === 'v1.0' ? { addIns: [] } : {}),
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: [],
    info: emptyInfo(),
    keyCredentials: [],
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    verifiedPublisher: emptyPublisher(),
    web: { homePageUrl: gallery?.homePageUrl ?? null, redirectUris: [] },
  };
}

function servicePrincipalJson(
  sp: ServicePrincipalRecord,
  tenant: Tenant,
  version: string,
): Record<string, unknown> {
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: true,
    appId: sp.appId,
    applicationTemplateId: sp.applicationTemplateId,
    appDisplayName: sp.displayName,
    appDescription: null,
    description: null,
    alternativeNames: [],
    appOwnerOrganizationId: tenant.settings.tenantId,
    appRoleAssignmentRequired: true,
    displayName: sp.displayName,
    homepage: sp.gallery.homePageUrl,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: [],
    servicePrincipalNames: [sp.appId],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMyOrg',
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    tokenEncryptionKeyId: null,
    samlSingleSignOnSettings: null,
    verifiedPublisher: emptyPublisher(),
    addIns: [],
    appRoles: sp.appRoles.map(appRoleJson),
    info: emptyInfo(),
    keyCredentials: [],
    passwordCredentials: [],
    ...(version === 'beta'
      ? { publishedPermissionScopes: [], publisherName: sp.gallery.publisher }
      : { oauth2PermissionScopes: [] }),
  };
}

/** beta's instantiate answers with AAD-Graph names (`objectId`, `homepage`…), as its example. */
function betaApplicationJson(app: ApplicationRecord, gallery: GalleryApp): Record<string, unknown> {
  return {
    objectId: app.id,
    appId: app.appId,
    applicationTemplateId: app.applicationTemplateId,
    displayName: app.displayName,
    homepage: gallery.homePageUrl,
    identifierUris: [],
    publicClient: null,
    replyUrls: [],
    logoutUrl: null,
    samlMetadataUrl: null,
    errorUrl: null,
    groupMembershipClaims: null,
    availableToOtherTenants: false,
  };
}

function betaServicePrincipalJson(
  sp: ServicePrincipalRecord,
  tenant: Tenant,
): Record<string, unknown> {
  return {
    objectId: sp.id,
    deletionTimestamp: null,
    accountEnabled: true,
    appId: sp.appId,
    appDisplayName: sp.displayName,
    applicationTemplateId: sp.applicationTemplateId,
    appOwnerTenantId: tenant.settings.tenantId,
    appRoleAssignmentRequired: true,
    displayName: sp.displayName,
    errorUrl: null,
    loginUrl: null,
    logoutUrl: null,
    homepage: sp.gallery.homePageUrl,
    samlMetadataUrl: null,
    microsoftFirstParty: null,
    publisherName: sp.gallery.publisher,
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    preferredTokenSigningKeyEndDateTime: null,
    replyUrls: [],
    servicePrincipalNames: [sp.appId],
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    notificationEmailAddresses: [],
    samlSingleSignOnSettings: null,
    keyCredentials: [],
    passwordCredentials: [],
  };
}
