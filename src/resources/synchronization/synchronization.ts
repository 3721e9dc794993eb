import type { HttpCore } from '../../core/http.js';
import type { ApiVersion, RequestOptions } from '../../core/options.js';
import { onDemandModule } from '../deferred.js';
import type { Credentials } from './credentials.js';
import { SynchronizationJobs } from './jobs.js';
import { SynchronizationSecrets } from './secrets.js';
import { SynchronizationSettings } from './settings.js';
import { SynchronizationTemplates } from './templates.js';

/** `servicePrincipals/{id}/synchronization`: provisioning of one service principal. */
export class Synchronization<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  readonly #path: string;
  /** The API version of the client this came from. */
  readonly apiVersion: V;
  /** Synchronization templates (the connectors this app offers). */
  readonly templates: SynchronizationTemplates;
  /** Synchronization jobs. */
  readonly jobs: SynchronizationJobs<V>;
  /** Write-only credentials of the target app. */
  readonly secrets: SynchronizationSecrets<V>;
  /** The provisioning settings kept among the secrets (`SyncAll`, notifications…), typed. */
  readonly settings: SynchronizationSettings;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.apiVersion = core.apiVersion as V;
    this.templates = new SynchronizationTemplates(core, `${path}/templates`);
    this.jobs = new SynchronizationJobs<V>(core, `${path}/jobs`);
    this.secrets = new SynchronizationSecrets<V>(core, `${path}/secrets`);
    this.settings = new SynchronizationSettings(core, `${path}/secrets`);
  }

  /**
   * Asks the provisioning service to obtain an OAuth access token for the target app (OAuth
   * code-grant connectors).
   *
   * @throws {@link InvalidInputError} for missing or malformed credentials.
   * @example
   * ```ts
   * await sp.synchronization.acquireAccessToken({ Oauth2AuthorizationCode: code });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-acquireaccesstoken
   */
  acquireAccessToken(
    this: Synchronization<'v1.0'>,
    credentials: Credentials,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Asks the provisioning service to obtain an OAuth access token for the target app (OAuth
   * code-grant connectors).
   *
   * @deprecated In beta since 2026-02-06, removal planned 2027-07-06: the OAuth code-grant
   *   flow it relies on is being retired, with no replacement action. Not deprecated in v1.0.
   * @throws {@link InvalidInputError} for missing or malformed credentials.
   * @example
   * ```ts
   * await sp.synchronization.acquireAccessToken({ Oauth2AuthorizationCode: code });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-acquireaccesstoken
   */
  acquireAccessToken(
    this: Synchronization<'beta'>,
    credentials: Credentials,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Asks the provisioning service to obtain an OAuth access token for the target app (OAuth
   * code-grant connectors).
   *
   * Microsoft deprecated this operation in beta on 2026-02-06 (removal planned 2027-07-06);
   * v1.0 keeps it. The signature of a client created with `apiVersion: 'beta'` says so.
   *
   * @throws {@link InvalidInputError} for missing or malformed credentials.
   * @example
   * ```ts
   * await sp.synchronization.acquireAccessToken({ Oauth2AuthorizationCode: code });
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
    return `Synchronization { path: '${this.#path}' }`;
  }
}
