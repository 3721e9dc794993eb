import { HttpCore } from './core/http.js';
import { resolveOptions, type ApiVersion, type ProvisioningClientOptions } from './core/options.js';
import { ApplicationTemplates } from './resources/application-templates.js';
import { Applications } from './resources/applications.js';
import { AuditLogs } from './resources/audit-logs/provisioning.js';
import { ServicePrincipals } from './resources/service-principals.js';

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
    this.apiVersion = resolved.apiVersion as V;
    this.baseUrl = resolved.baseUrl;
    this.#auth = resolved.auth.type;
    this.applicationTemplates = new ApplicationTemplates(core);
    this.applications = new Applications<V>(core);
    this.servicePrincipals = new ServicePrincipals<V>(core);
    this.auditLogs = new AuditLogs(core);
  }

  /** @internal Shows the configuration that matters, never the credential or token. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ProvisioningClient { apiVersion: '${this.apiVersion}', baseUrl: '${this.baseUrl}', auth: '${this.#auth}' }`;
  }
}
