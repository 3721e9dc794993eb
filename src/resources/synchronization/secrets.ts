import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { invalidInput } from '../../core/validation.js';
import type { SynchronizationSecret } from '../../models/synchronization.js';
import { SYNC_WRITE } from '../hints.js';
import { normalizeCredentials, type Credentials } from './credentials.js';

/**
 * `…/synchronization/secrets`: the credentials the provisioning service uses to reach the
 * target app. Write-only: Graph never returns the values, so treat what you PUT as "last applied".
 */
export class SynchronizationSecrets {
  readonly #core: HttpCore;
  readonly #path: string;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
  }

  /**
   * Saves credentials (step 3), replacing the stored value of each key sent. Sent as
   * `PUT {"value":[{key,value},…]}`. Values never appear in errors or logs.
   *
   * In beta, `secrets` is marked deprecated since 2026-02-06 (removal planned 2027-07-06) in
   * favour of connectivity parameters, which Graph does not expose yet.
   *
   * @throws {@link InvalidInputError} for an empty list, a duplicate key or a non-string value.
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * await sp.synchronization.secrets.put({ BaseAddress: 'https://scim.example.com/v2', SecretToken: token });
   * await sp.synchronization.secrets.put([{ key: 'SyncAll', value: 'false' }]);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization
   */
  async put(credentials: Credentials, options?: RequestOptions): Promise<void> {
    const { pairs, secrets, unknownKeys } = normalizeCredentials('credentials', credentials);
    warnUnknownKeys(this.#core, unknownKeys);
    await this.#core.empty(
      { method: 'PUT', path: this.#path, body: { value: pairs }, secrets, hints: SYNC_WRITE },
      options,
    );
  }

  /**
   * Removes saved secrets: Graph deletes a key when it receives it with an empty value, so this
   * PUTs each key with `""` (how Terraform deletes them too).
   *
   * @throws {@link InvalidInputError} for an empty list, a duplicate or a malformed key.
   * @example
   * ```ts
   * await sp.synchronization.secrets.clear(['SecretToken', 'BaseAddress']);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization
   */
  async clear(keys: readonly SynchronizationSecret[], options?: RequestOptions): Promise<void> {
    if (!Array.isArray(keys))
      invalidInput('keys', 'expected an array of synchronizationSecret keys');
    const { pairs, unknownKeys } = normalizeCredentials(
      'keys',
      keys.map((key: unknown) => ({ key, value: '' })),
      true,
    );
    warnUnknownKeys(this.#core, unknownKeys);
    await this.#core.empty(
      { method: 'PUT', path: this.#path, body: { value: pairs }, hints: SYNC_WRITE },
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SynchronizationSecrets { path: '${this.#path}' }`;
  }
}

/** Logs keys that are not `synchronizationSecret` members today; they are still sent. */
export function warnUnknownKeys(core: HttpCore, keys: readonly string[]): void {
  if (keys.length === 0) return;
  core.logger?.warn(
    `Credential key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')} ` +
      'not among the synchronizationSecret members this SDK knows; sent anyway (check the spelling if Graph rejects them).',
  );
}
