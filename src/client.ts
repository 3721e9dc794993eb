import { HttpCore } from './core/http.js';
import { deferred } from './internal/deferred.js';
import { resolveOptions, type ApiVersion, type ProvisioningClientOptions } from './core/options.js';
import { ApplicationTemplates } from './resources/application-templates.js';
import { Applications } from './resources/applications.js';
import { AuditLogs } from './resources/audit-logs/provisioning.js';
import { ServicePrincipals } from './resources/service-principals.js';
import type {
  ConfigureProvisioningOptions,
  ConfigureProvisioningResult,
  ProvisioningSpec,
} from './workflows/configure.js';
import type { ConfigureProvisioningManyOptions, ProvisioningOutcome } from './workflows/many.js';
import type {
  PlanProvisioningManyOptions,
  PlanProvisioningOptions,
  ProvisioningPlan,
  ProvisioningPlanOutcome,
} from './workflows/plan.js';
import type * as WorkflowsModule from './workflows/entry.js';
import type { ExportProvisioningOptions, ExportedSpec } from './workflows/export.js';
import type { ProvisioningHealthOptions, ProvisioningHealthReport } from './health/types.js';

/**
 * The workflows, loaded on first use (`primeGraphClient()` in `entra-provisioning/testing`
 * provides them up front).
 */
export const workflowsModule = deferred<typeof WorkflowsModule>(
  () => import('./workflows/entry.js'),
);

/** Each client's HTTP core, for the workflows (internal: not a public property). */
const cores = new WeakMap<object, HttpCore>();

/** @internal The HTTP core behind a client. */
export function coreOf(client: ProvisioningClient): HttpCore {
  const core = cores.get(client);
  if (core === undefined) throw new TypeError('entra-provisioning: not a ProvisioningClient');
  return core;
}

/**
 * The entry point: a typed client for Microsoft Entra provisioning through Microsoft Graph.
 * Paths mirror Graph's URLs. `V` is the API version when `apiVersion` is a literal: operations
 * Microsoft deprecated in beta show as deprecated only on a client created with
 * `apiVersion: 'beta'`.
 *
 * @example
 * ```ts
 * import { ProvisioningClient } from 'entra-provisioning';
 * import { DefaultAzureCredential } from '@azure/identity';
 *
 * const client = new ProvisioningClient({ credential: new DefaultAzureCredential() });
 * const sp = client.servicePrincipals.byId(servicePrincipalId);
 * for await (const job of sp.synchronization.jobs.list()) console.log(job.id, job.status?.code);
 * ```
 */
export class ProvisioningClient<V extends ApiVersion = ApiVersion> {
  /** The Graph API version every request uses. */
  readonly apiVersion: V;
  /** The Graph root every request goes to (and the only origin that ever receives the token). */
  readonly baseUrl: string;
  /** `/applicationTemplates`: the gallery (step 1). */
  readonly applicationTemplates: ApplicationTemplates;
  /** `/applications`: the app registrations instantiate creates (owners, template editing). */
  readonly applications: Applications<V>;
  /** `/servicePrincipals`: where provisioning lives (steps 2 to 5). */
  readonly servicePrincipals: ServicePrincipals<V>;
  /** `/auditLogs`: provisioning events (step 5). */
  readonly auditLogs: AuditLogs;
  readonly #auth: 'credential' | 'accessToken';

  /**
   * @throws {@link InvalidInputError} when the options are invalid, or when not exactly one of
   *   `credential` / `accessToken` is given.
   */
  constructor(options: ProvisioningClientOptions<V>) {
    const resolved = resolveOptions(options);
    const core = new HttpCore(resolved);
    cores.set(this, core);
    this.apiVersion = resolved.apiVersion as V;
    this.baseUrl = resolved.baseUrl;
    this.#auth = resolved.auth.type;
    this.applicationTemplates = new ApplicationTemplates(core);
    this.applications = new Applications<V>(core);
    this.servicePrincipals = new ServicePrincipals<V>(core);
    this.auditLogs = new AuditLogs(core);
  }

  /**
   * Configures provisioning for one gallery app, the five documented steps in one call: finds
   * the template (by id or exact name), reuses or instantiates the app, waits for replication,
   * reuses or creates the job, tests and saves the credentials, and starts the job. Safe to run
   * again: what exists is reused, secrets are re-applied, and a running job is never started
   * again. Never a duplicate: every create and start is treated as possibly done whatever Graph
   * answers, and is looked for (over several reads, since lists lag) before it is sent again;
   * runs of one client for one app never overlap (docs/bulk-configuration.md states the
   * residual window across processes). A failure carries `error.partial`: what exists.
   *
   * @throws {@link InvalidInputError} for a bad spec, or a template name that matches no
   *   template (with the closest names) or several.
   * @throws {@link AmbiguousMatchError} when several apps from the template already have the name.
   * @throws {@link BadRequestError} when the target app rejects the credentials.
   * @throws {@link AbortedError} when `signal` fires; other kinds as the steps raise them, after
   *   replication-class errors were waited out (`replication.timeoutMs`).
   * @example
   * ```ts
   * const { servicePrincipal, job, created, started } = await client.configureProvisioning(
   *   {
   *     template: 'Amazon Web Services (AWS)',
   *     displayName: 'AWS Contoso',
   *     credentials: { ClientSecret: secret, SecretToken: token },
   *   },
   *   { onProgress: (e) => console.log(e.type) },
   * );
   * ```
   * @see https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-configure-api
   */
  async configureProvisioning(
    spec: ProvisioningSpec,
    options?: ConfigureProvisioningOptions,
  ): Promise<ConfigureProvisioningResult> {
    // Loaded on first use: a script that only reads Graph neither loads nor bundles (with code
    // splitting) the workflows.
    const { configureProvisioning } = await workflowsModule.load();
    return configureProvisioning(this, spec, options);
  }

  /**
   * Configures many apps: {@link ProvisioningClient.configureProvisioning} for each spec, a few
   * at a time, paced under Graph's write quota (slowing down when Graph throttles anyway). One
   * failure never stops the others; the outcomes come back in the order of the specs, each
   * saying what exists.
   *
   * @throws {@link InvalidInputError} at once, before any request, when a spec or option is bad
   *   (the path starts with `specs`, index).
   * @example
   * ```ts
   * const outcomes = await client.configureProvisioningMany(
   *   Array.from({ length: 50 }, (_, i) => ({ template: 'Box', displayName: `Box ${i + 1}` })),
   *   { concurrency: 8 },
   * );
   * const failed = outcomes.filter((o) => !o.ok);
   * ```
   * @see https://learn.microsoft.com/graph/throttling-limits
   */
  async configureProvisioningMany(
    specs: readonly ProvisioningSpec[],
    options?: ConfigureProvisioningManyOptions,
  ): Promise<ProvisioningOutcome[]> {
    const { configureProvisioningMany } = await workflowsModule.load();
    return configureProvisioningMany(this, specs, options);
  }

  /**
   * What {@link ProvisioningClient.configureProvisioning} would do for `spec`, without doing it:
   * the same steps, each observing the tenant and deciding its actions, none carried out. Sends
   * GET requests only. An app or a job counts as missing only after several reads in a row
   * (`replication.consecutive`) show it missing, as when configuring. `configureProvisioning`
   * run just after carries out the same kinds of action, in order (its result's `actions`),
   * unless the tenant changed in between; for an app still to create, what needs the app to be
   * known (its synchronization template, schema changes, role ids) is `null` in the plan.
   * Credentials are planned on every run (`unconditional`: Graph never shows them back). The
   * plan keeps its own memory: it never changes what a later run trusts without reading.
   *
   * @throws {@link NotFoundError} when a user or group the spec assigns matches nobody.
   * @throws {@link InvalidInputError} as the step that would fail would throw it (e.g. a setting
   *   change without a masked key's value).
   * @throws {@link InvalidInputError} for a bad spec or a template name that matches no template.
   * @throws {@link AmbiguousMatchError} when several apps from the template have the name.
   * @throws {@link AbortedError} when `signal` fires; other kinds as the reads raise them.
   * @example
   * ```ts
   * const plan = await client.planProvisioning({ template: 'Amazon Web Services (AWS)', displayName: 'AWS Contoso' });
   * for (const action of plan.actions) console.log(action.summary);
   * ```
   * @see https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-configure-api
   */
  async planProvisioning(
    spec: ProvisioningSpec,
    options?: PlanProvisioningOptions,
  ): Promise<ProvisioningPlan> {
    const { planProvisioning } = await workflowsModule.load();
    return planProvisioning(this, spec, options);
  }

  /**
   * Plans many specs ({@link ProvisioningClient.planProvisioning} for each, a few at a time).
   * One failure never stops the others; the outcomes come back in the order of the specs.
   *
   * @throws {@link InvalidInputError} at once, before any request, when a spec or option is bad.
   * @example
   * ```ts
   * const plans = await client.planProvisioningMany(specs, { concurrency: 8 });
   * const drift = plans.filter((p) => !p.ok || p.plan.actions.length > 0);
   * ```
   * @see https://learn.microsoft.com/graph/throttling-limits
   */
  async planProvisioningMany(
    specs: readonly ProvisioningSpec[],
    options?: PlanProvisioningManyOptions,
  ): Promise<ProvisioningPlanOutcome[]> {
    const { planProvisioningMany } = await workflowsModule.load();
    return planProvisioningMany(this, specs, options);
  }

  /**
   * A spec that reproduces an app as it is: its template, display name and synchronization
   * template; its job's attribute mappings and scoping filters as the difference from that
   * template's schema (an untouched app has none); its settings; its user and group
   * assignments (by object id, with their app role); and its credentials, as the values Graph
   * shows in clear and, for each key it masks, an environment variable to read it from (never a
   * value). `start: false` when the job is not running. Reads only. Planning the spec with the
   * credentials' values on the same tenant reports no drift (docs/provisioning-as-code.md lists
   * what a spec cannot say, and so what an export leaves out).
   *
   * @throws {@link InvalidInputError} for an app not made from an application template, or a
   *   malformed `jobId`.
   * @throws {@link AmbiguousMatchError} when the app has several jobs and `jobId` is left out.
   * @throws {@link NotFoundError} when the service principal, or the `jobId` given, does not exist.
   * @example
   * ```ts
   * const spec = await client.exportProvisioning(servicePrincipalId);
   * console.log(spec.mappings, spec.credentials); // { SecretToken: { env: 'AWS_CONTOSO_5E2F1A3B_SECRETTOKEN' } }
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-get
   */
  async exportProvisioning(
    servicePrincipalId: string,
    options?: ExportProvisioningOptions,
  ): Promise<ExportedSpec> {
    const { exportProvisioning } = await workflowsModule.load();
    return exportProvisioning(this, servicePrincipalId, options);
  }

  /**
   * Every provisioning job of the tenant, graded worst first: `quarantined`, `unhealthy`,
   * `warning`, `notStarted`, `disabled` or `healthy`, each with its reasons in words a person
   * acts on and the page where to fix it. Graph has no tenant-wide list of jobs: the scan lists
   * the service principals (999 a page: `id`, `appId`, `displayName`, `applicationTemplateId`),
   * then reads each one's jobs in JSON batches of 20, paced under Graph's request budget (3,500
   * per 10 s). A service principal whose jobs cannot be read (e.g. 401 without
   * `Synchronization.Read.All`) is listed in `unreadable`, never counted as "no job". With
   * `logs`, each job's failed provisioning events since `logs.since` are counted too, paced
   * under the reports limit (5 requests per 10 s: about 500 events a second). Reads only.
   *
   * @throws {@link InvalidInputError} for bad options (a `servicePrincipalIds` entry that is not
   *   a GUID, `logs.since` in the future, an unknown threshold), before any request.
   * @throws {@link AbortedError} when `signal` fires; the listing's errors (e.g.
   *   {@link ForbiddenError} without `Application.Read.All`) as `servicePrincipals.list()` raises them.
   * @example
   * ```ts
   * const report = await client.provisioningHealth({ logs: { since: new Date(Date.now() - 86_400_000) } });
   * console.log(report.summary); // { quarantined: 1, unhealthy: 0, warning: 2, ..., jobs: 41 }
   * for (const entry of report.jobs.filter((j) => j.health !== 'healthy')) {
   *   console.log(entry.servicePrincipal.displayName, entry.health, entry.reasons.join('; '));
   * }
   * ```
   * @see https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status
   */
  async provisioningHealth(options?: ProvisioningHealthOptions): Promise<ProvisioningHealthReport> {
    const { provisioningHealth } = await workflowsModule.load();
    return provisioningHealth(this, options);
  }

  /** @internal Shows the configuration that matters, never the credential or token. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ProvisioningClient { apiVersion: '${this.apiVersion}', baseUrl: '${this.baseUrl}', auth: '${this.#auth}' }`;
  }
}
