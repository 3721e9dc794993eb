import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { SYNC_WRITE } from '../hints.js';
import { normalizeCredentials, type Credentials } from './credentials.js';
import { SynchronizationJobs } from './jobs.js';
import { warnUnknownKeys } from './secrets.js';
import { SynchronizationSecrets } from './secrets.js';
import { SynchronizationTemplates } from './templates.js';

/** `servicePrincipals/{id}/synchronization`: provisioning of one service principal. */
export class Synchronization {
  readonly #core: HttpCore;
  readonly #path: string;
  /** Synchronization templates (the connectors this app offers). */
  readonly templates: SynchronizationTemplates;
  /** Synchronization jobs. */
  readonly jobs: SynchronizationJobs;
  /** Write-only credentials of the target app. */
  readonly secrets: SynchronizationSecrets;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.templates = new SynchronizationTemplates(core, `${path}/templates`);
    this.jobs = new SynchronizationJobs(core, `${path}/jobs`);
    this.secrets = new SynchronizationSecrets(core, `${path}/secrets`);
  }

  /**
   * Asks the provisioning service to obtain an OAuth access token for the target app (OAuth
   * code-grant connectors). In beta, marked deprecated since 2026-02-06: the code-grant flow
   * it relies on is being retired (removal planned 2027-07-06).
   *
   * @throws {@link InvalidInputError} for missing or malformed credentials.
   * @example
   * ```ts
   * await sp.synchronization.acquireAccessToken({ Oauth2AuthorizationCode: code });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-acquireaccesstoken
   */
  async acquireAccessToken(credentials: Credentials, options?: RequestOptions): Promise<void> {
    const { pairs, secrets, unknownKeys } = normalizeCredentials('credentials', credentials);
    warnUnknownKeys(this.#core, unknownKeys);
    await this.#core.empty(
      {
        method: 'POST',
        path: `${this.#path}/acquireAccessToken`,
        body: { credentials: pairs },
        secrets,
        hints: SYNC_WRITE,
      },
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Synchronization { path: '${this.#path}' }`;
  }
}
