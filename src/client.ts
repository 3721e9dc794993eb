import { HttpCore } from './core/http.js';
import { resolveOptions, type ApiVersion, type ProvisioningClientOptions } from './core/options.js';
import { ApplicationTemplates } from './resources/application-templates.js';
import { AuditLogs } from './resources/audit-logs/provisioning.js';
import { ServicePrincipals } from './resources/service-principals.js';

/**
 * The entry point: a typed client for Microsoft Entra provisioning through Microsoft Graph.
 * Paths mirror Graph's URLs.
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
export class ProvisioningClient {
  /** The Graph API version every request uses. */
  readonly apiVersion: ApiVersion;
  /** The Graph root every request goes to (and the only origin that ever receives the token). */
  readonly baseUrl: string;
  /** `/applicationTemplates`: the gallery (step 1). */
  readonly applicationTemplates: ApplicationTemplates;
  /** `/servicePrincipals`: where provisioning lives (steps 2 to 5). */
  readonly servicePrincipals: ServicePrincipals;
  /** `/auditLogs`: provisioning events (step 5). */
  readonly auditLogs: AuditLogs;
  readonly #auth: 'credential' | 'accessToken';

  /**
   * @throws {@link InvalidInputError} when the options are invalid, or when not exactly one of
   *   `credential` / `accessToken` is given.
   */
  constructor(options: ProvisioningClientOptions) {
    const resolved = resolveOptions(options);
    const core = new HttpCore(resolved);
    this.apiVersion = resolved.apiVersion;
    this.baseUrl = resolved.baseUrl;
    this.#auth = resolved.auth.type;
    this.applicationTemplates = new ApplicationTemplates(core);
    this.servicePrincipals = new ServicePrincipals(core);
    this.auditLogs = new AuditLogs(core);
  }

  /** @internal Shows the configuration that matters, never the credential or token. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ProvisioningClient { apiVersion: '${this.apiVersion}', baseUrl: '${this.baseUrl}', auth: '${this.#auth}' }`;
  }
}
