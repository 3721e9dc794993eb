import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { onDemandModule } from '../deferred.js';
import type { Credentials } from './credentials.js';

/**
 * The provisioning settings Graph keeps among the synchronization secrets, typed. Each is
 * `undefined` when the service principal has no such key saved.
 */
export interface ProvisioningSettings {
  /**
   * `SyncAll`: provision every user and group of the tenant (`true`), or only those assigned to
   * the app (`false`).
   */
  readonly syncAll?: boolean | undefined;
  /**
   * E-mail when the job goes into quarantine (`SyncNotificationSettings`: `Enabled`,
   * `Recipients`). `recipients` holds Graph's `Recipients` string as one entry, unsplit: the
   * separator Graph uses between several addresses is not documented.
   */
  readonly notifications?:
    { readonly enabled: boolean; readonly recipients: readonly string[] } | undefined;
  /**
   * The accidental-deletion threshold (`DeleteThresholdEnabled`, `DeleteThresholdValue` inside
   * `SyncNotificationSettings`): when a cycle would delete `value` objects or more, the job
   * holds the deletions back and goes into quarantine until `job.restart({ resetScope:
   * ['ForceDeletes'] })` releases them.
   */
  readonly deleteThreshold?:
    { readonly enabled: boolean; readonly value?: number | undefined } | undefined;
  /**
   * `SkipOutOfScopeDeletions`: leave accounts that go out of scope as they are in the target
   * (`true`), or disable them there (`false`).
   */
  readonly skipOutOfScopeDeletions?: boolean | undefined;
}

/** What {@link SynchronizationSettings.update} may change: any of the settings. */
export interface ProvisioningSettingsUpdate {
  syncAll?: boolean | undefined;
  /**
   * At most one recipient: Graph keeps them in one string whose separator for several is not
   * documented.
   */
  notifications?: { enabled: boolean; recipients?: readonly string[] | undefined } | undefined;
  /** `value`: a whole number from 1 (deletions at or over it are held back). */
  deleteThreshold?: { enabled: boolean; value?: number | undefined } | undefined;
  skipOutOfScopeDeletions?: boolean | undefined;
}

/** Options of {@link SynchronizationSettings.update}. */
export interface SettingsUpdateOptions extends RequestOptions {
  /**
   * Values for the keys Graph returns masked (`*`: `SecretToken`, `ClientSecret`…), which the
   * PUT must carry, and any credentials to save with the settings. Never printed.
   */
  credentials?: Credentials;
}

/** What {@link SynchronizationSettings.update} did. */
export interface SettingsUpdateResult {
  /** The settings as saved (or as they were, when nothing changed). */
  readonly settings: ProvisioningSettings;
  /** Whether a PUT was sent (`false`: the settings already were so, and no credentials given). */
  readonly saved: boolean;
}

/**
 * `servicePrincipals/{id}/synchronization` settings (`sp.synchronization.settings`): the
 * provisioning settings Graph keeps among the synchronization secrets, read and changed as
 * typed values without dropping any other saved key.
 */
export class SynchronizationSettings {
  readonly #core: HttpCore;
  readonly #path: string;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
  }

  /**
   * Reads the settings (`GET …/synchronization/secrets`, settings come back in clear).
   *
   * @throws {@link InvalidResponseError} when a saved setting is not in the format Graph
   *   documents (its key named; e.g. `SyncAll` neither true nor false).
   * @throws {@link ForbiddenError} without Synchronization.Read.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const { syncAll, deleteThreshold } = await sp.synchronization.settings.get();
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/synchronization-secretkeystringvaluepair
   */
  async get(options?: RequestOptions): Promise<ProvisioningSettings> {
    const settings = await onDemandModule.load();
    return settings.readSettings(this.#core, this.#path, options ?? {});
  }

  /**
   * Changes some settings and keeps every other saved key: reads the saved secrets, merges the
   * change (inside `SyncNotificationSettings` too, keeping its members this SDK does not model),
   * and PUTs every key (Graph has no PATCH for secrets). Keys Graph returns masked (`*`) must be
   * given in `credentials`: the update stops before any write otherwise, naming them. Nothing is
   * sent when the settings already are so and no credentials are given. On a beta client this
   * uses the secrets PUT Microsoft deprecated in beta (removal planned 2027-07-06); v1.0 keeps it.
   *
   * @throws {@link InvalidInputError} before any request for a bad setting (several recipients
   *   included), and after the read, before any write, naming the masked keys `credentials`
   *   lacks.
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * await sp.synchronization.settings.update(
   *   { syncAll: false, notifications: { enabled: true, recipients: ['ops@contoso.com'] } },
   *   { credentials: { SecretToken: token } }, // the masked keys, re-supplied
   * );
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization
   */
  async update(
    change: ProvisioningSettingsUpdate,
    options: SettingsUpdateOptions = {},
  ): Promise<SettingsUpdateResult> {
    const settings = await onDemandModule.load();
    return settings.updateSettings(this.#core, this.#path, change, options);
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SynchronizationSettings { path: '${this.#path}' }`;
  }
}
