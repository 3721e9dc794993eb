import * as z from 'zod/mini';
import type { HttpCore } from '../../core/http.js';
import type { ApiVersion, RequestOptions } from '../../core/options.js';
import { invalidInput } from '../../core/validation.js';
import {
  SynchronizationSecretKeyStringValuePairSchema,
  type SynchronizationSecret,
  type SynchronizationSecretKeyStringValuePair,
} from '../../models/synchronization.js';
import { SYNC_READ } from '../hints.js';
import type { Credentials } from './credentials.js';
import type { RotateOptions, RotateResult } from '../../settings/rotate.js';
import { onDemandModule } from '../deferred.js';
import { lazySchema } from '../../internal/lazy-schema.js';

const SecretsSchema = lazySchema(() =>
  z.looseObject({
    value: z.array(SynchronizationSecretKeyStringValuePairSchema),
  }),
);

/**
 * `…/synchronization/secrets`: the credentials and settings the provisioning service uses to
 * reach the target app. Sensitive values are write-only (Graph shows them as `*`), so treat what
 * you PUT as "last applied"; settings and addresses come back in clear.
 */
export class SynchronizationSecrets<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  readonly #path: string;
  /** The API version of the client this came from. */
  readonly apiVersion: V;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.apiVersion = core.apiVersion as V;
  }

  /**
   * Lists the saved secrets: their keys, with the values Graph shows. It masks the value of
   * every sensitive key (`SecretToken`, `ClientSecret`, `Password`…) as `*`, and returns the
   * others in clear: settings and addresses such as `BaseAddress`, `UserName`, `Domain`,
   * `SyncAll`, and `SyncNotificationSettings` (JSON in a string). A masked value cannot be read
   * back: its drift cannot be detected.
   *
   * @throws {@link ForbiddenError} without Synchronization.Read.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const saved = await sp.synchronization.secrets.get();
   * const keys = saved.map((s) => s.key);
   * const baseAddress = saved.find((s) => s.key === 'BaseAddress')?.value; // in clear
   * const token = saved.find((s) => s.key === 'SecretToken')?.value; // '*'
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/synchronization-synchronization
   */
  get(
    this: SynchronizationSecrets<'v1.0'>,
    options?: RequestOptions,
  ): Promise<SynchronizationSecretKeyStringValuePair[]>;
  /**
   * Lists the saved secrets: their keys, with the values Graph shows. It masks the value of
   * every sensitive key (`SecretToken`, `ClientSecret`, `Password`…) as `*`, and returns the
   * others in clear: settings and addresses such as `BaseAddress`, `UserName`, `Domain`,
   * `SyncAll`, and `SyncNotificationSettings` (JSON in a string). A masked value cannot be read
   * back: its drift cannot be detected.
   *
   * @deprecated In beta since 2026-02-06, removal planned 2027-07-06, like {@link SynchronizationSecrets.put}.
   *   Not deprecated in v1.0.
   * @throws {@link ForbiddenError} without Synchronization.Read.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const saved = await sp.synchronization.secrets.get();
   * const keys = saved.map((s) => s.key);
   * const baseAddress = saved.find((s) => s.key === 'BaseAddress')?.value; // in clear
   * const token = saved.find((s) => s.key === 'SecretToken')?.value; // '*'
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/synchronization-synchronization
   */
  get(
    this: SynchronizationSecrets<'beta'>,
    options?: RequestOptions,
  ): Promise<SynchronizationSecretKeyStringValuePair[]>;
  /**
   * Lists the saved secrets: their keys, with the values Graph shows. It masks the value of
   * every sensitive key (`SecretToken`, `ClientSecret`, `Password`…) as `*`, and returns the
   * others in clear: settings and addresses such as `BaseAddress`, `UserName`, `Domain`,
   * `SyncAll`, and `SyncNotificationSettings` (JSON in a string). A masked value cannot be read
   * back: its drift cannot be detected.
   *
   * Microsoft deprecated this operation in beta on 2026-02-06 (removal planned 2027-07-06);
   * v1.0 keeps it. The signature of a client created with `apiVersion: 'beta'` says so.
   *
   * @throws {@link ForbiddenError} without Synchronization.Read.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const saved = await sp.synchronization.secrets.get();
   * const keys = saved.map((s) => s.key);
   * const baseAddress = saved.find((s) => s.key === 'BaseAddress')?.value; // in clear
   * const token = saved.find((s) => s.key === 'SecretToken')?.value; // '*'
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/synchronization-synchronization
   */
  get(options?: RequestOptions): Promise<SynchronizationSecretKeyStringValuePair[]>;
  async get(options?: RequestOptions): Promise<SynchronizationSecretKeyStringValuePair[]> {
    const { value } = await this.#core.json(
      {
        method: 'GET',
        path: this.#path,
        hints: SYNC_READ,
        model: 'synchronizationSecretKeyStringValuePair collection',
      },
      SecretsSchema,
      options,
    );
    return value;
  }

  /**
   * Saves credentials (step 3), replacing the stored value of each key sent, and keeps every
   * other saved key Graph shows in clear (settings such as `SyncAll`, addresses): it reads the
   * saved secrets first and sends those keys again with the PUT, since Microsoft documents a
   * secrets PUT both as a merge and as a replacement. Keys Graph masks (`*`) cannot be sent
   * again: give all the credentials together. Sent as `GET`, then
   * `PUT {"value":[{key,value},…]}`. Values never appear in errors or logs.
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
  put(
    this: SynchronizationSecrets<'v1.0'>,
    credentials: Credentials,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Saves credentials (step 3), replacing the stored value of each key sent, and keeps every
   * other saved key Graph shows in clear (settings such as `SyncAll`, addresses): it reads the
   * saved secrets first and sends those keys again with the PUT, since Microsoft documents a
   * secrets PUT both as a merge and as a replacement. Keys Graph masks (`*`) cannot be sent
   * again: give all the credentials together. Sent as `GET`, then
   * `PUT {"value":[{key,value},…]}`. Values never appear in errors or logs.
   *
   * @deprecated In beta since 2026-02-06, removal planned 2027-07-06: Graph names
   *   `connectivityParameters` (OAuth and SCIM endpoint settings) and `synchronizationJobSettings`
   *   (job settings) as the replacements; connectivity parameters are not in its metadata yet.
   *   Not deprecated in v1.0.
   * @throws {@link InvalidInputError} for an empty list, a duplicate key or a non-string value.
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * await sp.synchronization.secrets.put({ BaseAddress: 'https://scim.example.com/v2', SecretToken: token });
   * await sp.synchronization.secrets.put([{ key: 'SyncAll', value: 'false' }]);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization
   */
  put(
    this: SynchronizationSecrets<'beta'>,
    credentials: Credentials,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Saves credentials (step 3), replacing the stored value of each key sent, and keeps every
   * other saved key Graph shows in clear (settings such as `SyncAll`, addresses): it reads the
   * saved secrets first and sends those keys again with the PUT, since Microsoft documents a
   * secrets PUT both as a merge and as a replacement. Keys Graph masks (`*`) cannot be sent
   * again: give all the credentials together. Sent as `GET`, then
   * `PUT {"value":[{key,value},…]}`. Values never appear in errors or logs.
   *
   * Microsoft deprecated this operation in beta on 2026-02-06 (removal planned 2027-07-06);
   * v1.0 keeps it. The signature of a client created with `apiVersion: 'beta'` says so.
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
  put(credentials: Credentials, options?: RequestOptions): Promise<void>;
  async put(credentials: Credentials, options?: RequestOptions): Promise<void> {
    const { normalizeCredentials, warnUnknownKeys, putKeeping } = await onDemandModule.load();
    const { pairs, secrets, unknownKeys } = normalizeCredentials('credentials', credentials);
    warnUnknownKeys(this.#core, unknownKeys);
    await putKeeping(this.#core, this.#path, pairs, secrets, 'secrets.put()', options);
  }

  /**
   * Removes saved secrets: Graph deletes a key when it receives it with an empty value, so this
   * PUTs each key with `""` (how Terraform deletes them too), with the other saved keys Graph
   * shows in clear sent again (read first, as `put()` does). Keys Graph masks (tokens, client
   * secrets) cannot be read back: where a PUT replaces the whole set, they are lost, so give
   * them to `put()` again after a `clear()`.
   *
   * @throws {@link InvalidInputError} for an empty list, a duplicate or a malformed key.
   * @example
   * ```ts
   * await sp.synchronization.secrets.clear(['SecretToken', 'BaseAddress']);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization
   */
  clear(
    this: SynchronizationSecrets<'v1.0'>,
    keys: readonly SynchronizationSecret[],
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Removes saved secrets: Graph deletes a key when it receives it with an empty value, so this
   * PUTs each key with `""` (how Terraform deletes them too), with the other saved keys Graph
   * shows in clear sent again (read first, as `put()` does). Keys Graph masks (tokens, client
   * secrets) cannot be read back: where a PUT replaces the whole set, they are lost, so give
   * them to `put()` again after a `clear()`.
   *
   * @deprecated In beta since 2026-02-06, removal planned 2027-07-06, like {@link SynchronizationSecrets.put}.
   *   Not deprecated in v1.0.
   * @throws {@link InvalidInputError} for an empty list, a duplicate or a malformed key.
   * @example
   * ```ts
   * await sp.synchronization.secrets.clear(['SecretToken', 'BaseAddress']);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization
   */
  clear(
    this: SynchronizationSecrets<'beta'>,
    keys: readonly SynchronizationSecret[],
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Removes saved secrets: Graph deletes a key when it receives it with an empty value, so this
   * PUTs each key with `""` (how Terraform deletes them too), with the other saved keys Graph
   * shows in clear sent again (read first, as `put()` does). Keys Graph masks (tokens, client
   * secrets) cannot be read back: where a PUT replaces the whole set, they are lost, so give
   * them to `put()` again after a `clear()`.
   *
   * Microsoft deprecated this operation in beta on 2026-02-06 (removal planned 2027-07-06);
   * v1.0 keeps it. The signature of a client created with `apiVersion: 'beta'` says so.
   *
   * @throws {@link InvalidInputError} for an empty list, a duplicate or a malformed key.
   * @example
   * ```ts
   * await sp.synchronization.secrets.clear(['SecretToken', 'BaseAddress']);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization
   */
  clear(keys: readonly SynchronizationSecret[], options?: RequestOptions): Promise<void>;
  async clear(keys: readonly SynchronizationSecret[], options?: RequestOptions): Promise<void> {
    if (!Array.isArray(keys))
      invalidInput('keys', 'expected an array of synchronizationSecret keys');
    const { normalizeCredentials, warnUnknownKeys, putKeeping } = await onDemandModule.load();
    const { pairs, unknownKeys } = normalizeCredentials(
      'keys',
      keys.map((key: unknown) => ({ key, value: '' })),
      true,
    );
    warnUnknownKeys(this.#core, unknownKeys);
    await putKeeping(this.#core, this.#path, pairs, [], 'secrets.clear()', options);
  }

  /**
   * Rotates credentials safely: tests the new ones against the target app first
   * (`validateCredentials` on the job, with every saved connection key plus the new values),
   * saves them only when the target accepted them, with every other saved key kept (one PUT of
   * the whole set), then reads the job and reports a quarantine. Keys Graph returns masked must
   * be given too (they are part of the set tested and saved).
   *
   * @throws {@link InvalidInputError} before any write for malformed credentials, a setting key
   *   (use `settings.update()`), Graph's mask `*` as a value, a masked key not given, or no single
   *   job to test with (pass `jobId`).
   * @throws {@link BadRequestError} when the target refuses the credentials: nothing was saved.
   * @example
   * ```ts
   * const { quarantine } = await sp.synchronization.secrets.rotate({ SecretToken: newToken });
   * if (quarantine) await sp.synchronization.jobs.byId(jobId).restart({ resetScope: ['QuarantineState'] });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-validatecredentials
   */
  async rotate(credentials: Credentials, options?: RotateOptions): Promise<RotateResult> {
    const { rotateSecrets } = await onDemandModule.load();
    return rotateSecrets(this.#core, this.#path, credentials, options);
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SynchronizationSecrets { path: '${this.#path}' }`;
  }
}
