/**
 * Provisioning settings kept among the synchronization secrets (loaded with the first
 * `settings.get()` / `.update()`): `SyncAll`, `SkipOutOfScopeDeletions`, and
 * `SyncNotificationSettings`, JSON in a string whose members Microsoft documents as `Enabled`,
 * `Recipients`, `DeleteThresholdEnabled` and `DeleteThresholdValue` (the accidental-deletion
 * threshold lives there: cloud-sync guide, "Accidental deletes").
 */
import type * as z from 'zod/mini';
import { InvalidInputError, InvalidResponseError } from '../core/errors.js';
import type { HttpCore } from '../core/http.js';
import type { RequestOptions } from '../core/options.js';
import { parseInput } from '../core/validation.js';
import { withSecrets } from './with-secrets.js';
import { scrubber } from '../internal/redact.js';
import { turnsOf } from '../internal/turns.js';
import { normalizeCredentials } from '../resources/synchronization/credentials.js';
import { SynchronizationSecrets } from '../resources/synchronization/secrets.js';
import { putWhole } from '../resources/synchronization/secrets-keep.js';
import type {
  ProvisioningSettings,
  ProvisioningSettingsUpdate,
  SettingsUpdateOptions,
  SettingsUpdateResult,
} from '../resources/synchronization/settings.js';

/** What Graph returns for a key it masks. */
export const MASKED = '*';

const NOTIFICATIONS = 'SyncNotificationSettings';

export { UpdateSchema } from './update-schema.js';
import { UpdateSchema } from './update-schema.js';

function unreadable(key: string, why: string): InvalidResponseError {
  return new InvalidResponseError(`The saved ${key} is not in the format Graph documents: ${why}`, {
    issues: [{ path: [key], message: why }],
  });
}

/** `"true"`/`"True"`/`"1"` and `"false"`/`"False"`/`"0"`, as Graph's examples write them. */
function readBoolean(key: string, value: string): boolean {
  if (/^(true|1)$/i.test(value.trim())) return true;
  if (/^(false|0)$/i.test(value.trim())) return false;
  throw unreadable(key, 'neither true nor false');
}

/** The JSON object inside `SyncNotificationSettings` (`{}` when the key is absent). */
function notificationJson(value: string | undefined): Record<string, unknown> {
  if (value === undefined || value.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw unreadable(NOTIFICATIONS, 'not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw unreadable(NOTIFICATIONS, 'not a JSON object');
  return parsed as Record<string, unknown>;
}

function optionalBoolean(json: Record<string, unknown>, member: string): boolean | undefined {
  const value = json[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return readBoolean(`${NOTIFICATIONS}.${member}`, value);
  throw unreadable(`${NOTIFICATIONS}.${member}`, 'not a boolean');
}

/** `DeleteThresholdValue`: a whole number, as a JSON number or a string of digits. */
function thresholdValue(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value.trim())) return Number(value);
  throw unreadable(`${NOTIFICATIONS}.DeleteThresholdValue`, 'not a whole number');
}

/** The typed settings of a set of saved pairs. */
export function settingsOf(pairs: ReadonlyMap<string, string>): ProvisioningSettings {
  const settings: {
    -readonly [K in keyof ProvisioningSettings]: ProvisioningSettings[K];
  } = {};
  const syncAll = pairs.get('SyncAll');
  if (syncAll !== undefined) settings.syncAll = readBoolean('SyncAll', syncAll);
  const skip = pairs.get('SkipOutOfScopeDeletions');
  if (skip !== undefined) {
    settings.skipOutOfScopeDeletions = readBoolean('SkipOutOfScopeDeletions', skip);
  }
  const raw = pairs.get(NOTIFICATIONS);
  if (raw !== undefined) {
    const json = notificationJson(raw);
    const enabled = optionalBoolean(json, 'Enabled');
    const recipients = json.Recipients;
    if (recipients !== undefined && recipients !== null && typeof recipients !== 'string')
      throw unreadable(`${NOTIFICATIONS}.Recipients`, 'not a string');
    if (enabled !== undefined || typeof recipients === 'string') {
      settings.notifications = {
        enabled: enabled ?? false,
        recipients: typeof recipients === 'string' && recipients.trim() !== '' ? [recipients] : [],
      };
    }
    const thresholdEnabled = optionalBoolean(json, 'DeleteThresholdEnabled');
    const value = thresholdValue(json.DeleteThresholdValue);
    if (thresholdEnabled !== undefined || value !== undefined) {
      settings.deleteThreshold = {
        enabled: thresholdEnabled ?? false,
        ...(value === undefined ? {} : { value }),
      };
    }
  }
  return settings;
}

/** The saved pairs, as Graph shows them: masked values, and values Graph sent none of, as `*`. */
export async function savedPairs(
  core: HttpCore,
  path: string,
  options: RequestOptions | undefined,
): Promise<Map<string, string>> {
  return pairsOf(await new SynchronizationSecrets(core, path).get(options));
}

/** Saved secrets as a map, as Graph shows them: masked values, and values it sent none of, as `*`. */
export function pairsOf(
  saved: readonly { key?: string | undefined; value?: string | null | undefined }[],
): Map<string, string> {
  return new Map(
    saved.flatMap((p) => (p.key === undefined ? [] : [[p.key, p.value ?? MASKED] as const])),
  );
}

/** `settings.get()`. */
export async function readSettings(
  core: HttpCore,
  path: string,
  options: RequestOptions,
): Promise<ProvisioningSettings> {
  return settingsOf(await savedPairs(core, path, options));
}

/** A saved boolean setting, or `undefined` when absent or unreadable (then rewritten). */
function savedBoolean(pairs: ReadonlyMap<string, string>, key: string): boolean | undefined {
  const value = pairs.get(key);
  if (value === undefined) return undefined;
  try {
    return readBoolean(key, value);
  } catch {
    return undefined;
  }
}

/** The notification JSON with the change applied, or `undefined` when no member changes. */
function changedNotifications(
  saved: string | undefined,
  change: z.output<typeof UpdateSchema>,
): string | undefined {
  const { notifications, deleteThreshold } = change;
  if (notifications === undefined && deleteThreshold === undefined) return undefined;
  const json = notificationJson(saved);
  let changed = false;
  const set = (member: string, value: unknown, same: boolean): void => {
    if (same) return;
    json[member] = value;
    changed = true;
  };
  if (notifications !== undefined) {
    set(
      'Enabled',
      notifications.enabled,
      optionalBoolean(json, 'Enabled') === notifications.enabled,
    );
    const recipient = notifications.recipients?.[0] ?? '';
    if (notifications.recipients !== undefined)
      set('Recipients', recipient, (json.Recipients ?? '') === recipient);
  }
  if (deleteThreshold !== undefined) {
    const { enabled, value } = deleteThreshold;
    set(
      'DeleteThresholdEnabled',
      enabled,
      optionalBoolean(json, 'DeleteThresholdEnabled') === enabled,
    );
    if (value !== undefined)
      set('DeleteThresholdValue', value, thresholdValue(json.DeleteThresholdValue) === value);
  }
  return changed ? JSON.stringify(json) : undefined;
}

/**
 * The saved pairs with the change applied: a key is rewritten only when its typed value changes
 * (`"True"` saved is already `syncAll: true`), `SyncNotificationSettings` member by member.
 */
function applyChange(
  pairs: ReadonlyMap<string, string>,
  change: z.output<typeof UpdateSchema>,
): { next: Map<string, string>; changed: boolean } {
  const next = new Map(pairs);
  let changed = false;
  const { syncAll, skipOutOfScopeDeletions: skip } = change;
  if (syncAll !== undefined && savedBoolean(pairs, 'SyncAll') !== syncAll) {
    next.set('SyncAll', String(syncAll));
    changed = true;
  }
  // Written as Microsoft's guide writes it ("True"); read either way.
  if (skip !== undefined && savedBoolean(pairs, 'SkipOutOfScopeDeletions') !== skip) {
    next.set('SkipOutOfScopeDeletions', skip ? 'True' : 'False');
    changed = true;
  }
  const notifications = changedNotifications(pairs.get(NOTIFICATIONS), change);
  if (notifications !== undefined) {
    next.set(NOTIFICATIONS, notifications);
    changed = true;
  }
  return { next, changed };
}

/** Keys a change sets: they may not come in `credentials` too, where no check would see them. */
export const SETTING_KEYS: ReadonlySet<string> = new Set([
  'SyncAll',
  'SkipOutOfScopeDeletions',
  NOTIFICATIONS,
]);

/** The credentials given, checked: no setting key, no masked `*` written back as a value. */
function checkCredentials(credentials: SettingsUpdateOptions['credentials']) {
  if (credentials === undefined) return undefined;
  const given = normalizeCredentials('credentials', credentials);
  const issues = given.pairs.flatMap((p) =>
    SETTING_KEYS.has(p.key)
      ? [
          {
            path: ['credentials', p.key],
            message: 'a setting: change it with the change, not in credentials',
          },
        ]
      : p.value === MASKED
        ? [
            {
              path: ['credentials', p.key],
              message: "'*' is Graph's mask, not a value: give the real one",
            },
          ]
        : [],
  );
  if (issues.length > 0) {
    throw new InvalidInputError(
      `Invalid settings.update() credentials: ${issues[0]?.message ?? ''}`,
      {
        issues,
      },
    );
  }
  return given;
}

/**
 * The keys a PUT of `pairs` would write Graph's mask into (masked when read, not supplied), as
 * the error to throw; `undefined` when there is none.
 */
export function maskedIssues(
  pairs: ReadonlyMap<string, string>,
  supplied: ReadonlySet<string>,
  secrets: readonly string[],
): InvalidInputError | undefined {
  // Key names as Graph returned them: a hostile one may name a key after a given value.
  const clean = scrubber(secrets);
  const missing = [...pairs]
    .filter(([key, value]) => value === MASKED && !supplied.has(key))
    .map(([key]) => clean(key));
  if (missing.length === 0) return undefined;
  const message = `Graph returns ${missing.map((k) => `'${k}'`).join(', ')} masked (or without a value), and a PUT of the secrets must carry every key: pass ${missing.length > 1 ? 'them' : 'it'} in credentials`;
  return new InvalidInputError(`Invalid secrets update: ${message}`, {
    issues: missing.map((key) => ({
      path: ['credentials', key],
      message: 'required (saved, and masked by Graph)',
    })),
  });
}

/** `settings.update()`. */
export async function updateSettings(
  core: HttpCore,
  path: string,
  change: ProvisioningSettingsUpdate,
  options: SettingsUpdateOptions,
): Promise<SettingsUpdateResult> {
  const parsed = parseInput(UpdateSchema, change, 'settings.update() change');
  const { credentials, ...rest } = options;
  const given = checkCredentials(credentials);
  // The given values are what Graph has saved: its read of them may echo them, as its PUT may.
  const request = withSecrets(rest, given?.secrets ?? []);
  // A read, a merge and a PUT of the whole set: another update of this client between this one's
  // read and its PUT would be undone by it, so they take turns.
  return turnsOf(core).run(path, rest.signal, 'settings.update()', () =>
    updateSaved(core, path, parsed, given, request),
  );
}

/** The read, merge and PUT of `settings.update()`, in its turn. */
async function updateSaved(
  core: HttpCore,
  path: string,
  parsed: z.output<typeof UpdateSchema>,
  given: ReturnType<typeof checkCredentials>,
  request: RequestOptions,
): Promise<SettingsUpdateResult> {
  const saved = await savedPairs(core, path, request);
  const supplied = new Map<string, string>(given?.pairs.map((p) => [p.key, p.value]) ?? []);
  const { next, changed } = applyChange(new Map([...saved, ...supplied]), parsed);
  if (given === undefined && !changed) return { settings: settingsOf(saved), saved: false };
  const missing = maskedIssues(next, new Set(supplied.keys()), given?.secrets ?? []);
  if (missing !== undefined) throw missing;
  // Read before the write: a saved setting in no documented format stops the update unwritten.
  const settings = settingsOf(next);
  const pairs = [...next].map(([key, value]) => ({ key, value }));
  await putWhole(core, path, pairs, request);
  return { settings, saved: true };
}

/** One setting a change would change, typed before and after (`null`: not saved). */
export interface SettingChange {
  readonly setting: keyof ProvisioningSettings;
  readonly before: ProvisioningSettings[keyof ProvisioningSettings] | null;
  readonly after: ProvisioningSettings[keyof ProvisioningSettings] | null;
}

const SETTINGS: readonly (keyof ProvisioningSettings)[] = [
  'syncAll',
  'notifications',
  'deleteThreshold',
  'skipOutOfScopeDeletions',
];

/**
 * What `settings.update(change, { credentials })` would change, reading only; throws what the
 * update would throw before its write (a masked key `credentials` lacks). `saved`: the pairs
 * as read, or `undefined` for an app that does not exist yet (nothing saved).
 */
export function settingChanges(
  saved: ReadonlyMap<string, string>,
  change: ProvisioningSettingsUpdate,
  credentials: SettingsUpdateOptions['credentials'],
  field = 'settings',
): SettingChange[] {
  const parsed = parseInput(UpdateSchema, change, field);
  const given = checkCredentials(credentials);
  const supplied = new Map<string, string>(given?.pairs.map((p) => [p.key, p.value]) ?? []);
  const { next, changed } = applyChange(new Map([...saved, ...supplied]), parsed);
  if (!changed) return [];
  // Compared as typed values: a setting saved in another spelling ("True", a member left out)
  // that reads the same is no change, and needs no write (nor the masked keys a write needs).
  const before = settingsOf(saved);
  const after = settingsOf(next);
  const changes = SETTINGS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changes.length === 0) return [];
  const missing = maskedIssues(next, new Set(supplied.keys()), given?.secrets ?? []);
  if (missing !== undefined) throw missing;
  return changes.map((setting) => ({
    setting,
    before: before[setting] ?? null,
    after: after[setting] ?? null,
  }));
}
