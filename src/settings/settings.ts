/**
 * Provisioning settings kept among the synchronization secrets (loaded with the first
 * `settings.get()` / `.update()`): `SyncAll`, `SkipOutOfScopeDeletions`, and
 * `SyncNotificationSettings`, JSON in a string whose members Microsoft documents as `Enabled`,
 * `Recipients`, `DeleteThresholdEnabled` and `DeleteThresholdValue` (the accidental-deletion
 * threshold lives there: cloud-sync guide, "Accidental deletes").
 */
import * as z from 'zod/mini';
import { InvalidInputError, InvalidResponseError } from '../core/errors.js';
import type { HttpCore } from '../core/http.js';
import type { RequestOptions } from '../core/options.js';
import { parseInput } from '../core/validation.js';
import { normalizeCredentials } from '../resources/synchronization/credentials.js';
import { SynchronizationSecrets } from '../resources/synchronization/secrets.js';
import type {
  ProvisioningSettings,
  ProvisioningSettingsUpdate,
  SettingsUpdateOptions,
  SettingsUpdateResult,
} from '../resources/synchronization/settings.js';

/** What Graph returns for a key it masks. */
const MASKED = '*';

const NOTIFICATIONS = 'SyncNotificationSettings';

const UpdateSchema = z.strictObject({
  syncAll: z.optional(z.boolean()),
  notifications: z.optional(
    z.strictObject({
      enabled: z.boolean(),
      recipients: z.optional(
        z
          .array(z.string().check(z.trim(), z.minLength(3), z.regex(/^[^\s;,]+@[^\s;,]+$/)))
          .check(
            z.maxLength(
              1,
              "at most one recipient: the separator Graph uses between several in 'Recipients' is not documented",
            ),
          ),
      ),
    }),
  ),
  deleteThreshold: z.optional(
    z.strictObject({
      enabled: z.boolean(),
      value: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1_000_000))),
    }),
  ),
  skipOutOfScopeDeletions: z.optional(z.boolean()),
});

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
    const value = json.DeleteThresholdValue;
    if (value !== undefined && value !== null && !Number.isSafeInteger(Number(value)))
      throw unreadable(`${NOTIFICATIONS}.DeleteThresholdValue`, 'not a whole number');
    if (thresholdEnabled !== undefined || (value !== undefined && value !== null)) {
      settings.deleteThreshold = {
        enabled: thresholdEnabled ?? false,
        ...(value === undefined || value === null ? {} : { value: Number(value) }),
      };
    }
  }
  return settings;
}

/** The saved pairs, as Graph shows them (masked values as `*`). */
async function savedPairs(
  core: HttpCore,
  path: string,
  options: RequestOptions,
): Promise<Map<string, string>> {
  const saved = await new SynchronizationSecrets(core, path).get(options);
  return new Map(
    saved.flatMap((p) => (p.key === undefined ? [] : [[p.key, p.value ?? ''] as const])),
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

/** The saved pairs with the change applied (`SyncNotificationSettings` merged member by member). */
function applyChange(
  pairs: Map<string, string>,
  change: z.output<typeof UpdateSchema>,
): Map<string, string> {
  const next = new Map(pairs);
  if (change.syncAll !== undefined) next.set('SyncAll', String(change.syncAll));
  // Written as Microsoft's guide writes it ("True"); read either way.
  if (change.skipOutOfScopeDeletions !== undefined)
    next.set('SkipOutOfScopeDeletions', change.skipOutOfScopeDeletions ? 'True' : 'False');
  const { notifications, deleteThreshold } = change;
  if (notifications === undefined && deleteThreshold === undefined) return next;
  const json = notificationJson(pairs.get(NOTIFICATIONS));
  if (notifications !== undefined) {
    json.Enabled = notifications.enabled;
    if (notifications.recipients !== undefined) json.Recipients = notifications.recipients[0] ?? '';
  }
  if (deleteThreshold !== undefined) {
    json.DeleteThresholdEnabled = deleteThreshold.enabled;
    if (deleteThreshold.value !== undefined) json.DeleteThresholdValue = deleteThreshold.value;
  }
  next.set(NOTIFICATIONS, JSON.stringify(json));
  return next;
}

function sameSettings(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    const other = b.get(key);
    if (other === undefined) return false;
    // A re-serialised SyncNotificationSettings with the same members is the same setting.
    if (key === NOTIFICATIONS ? !sameJsonText(value, other) : value !== other) return false;
  }
  return true;
}

function sameJsonText(a: string, b: string): boolean {
  try {
    const [x, y] = [notificationJson(a), notificationJson(b)];
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    return [...keys].every((k) => JSON.stringify(x[k]) === JSON.stringify(y[k]));
  } catch {
    return a === b;
  }
}

/** `settings.update()`. */
export async function updateSettings(
  core: HttpCore,
  path: string,
  change: ProvisioningSettingsUpdate,
  options: SettingsUpdateOptions,
): Promise<SettingsUpdateResult> {
  const parsed = parseInput(UpdateSchema, change, 'settings.update() change');
  const { credentials, ...request } = options;
  const given =
    credentials === undefined ? undefined : normalizeCredentials('credentials', credentials);
  const saved = await savedPairs(core, path, request);
  const supplied = new Map<string, string>(given?.pairs.map((p) => [p.key, p.value]) ?? []);
  if (given === undefined && sameSettings(applyChange(saved, parsed), saved)) {
    return { settings: settingsOf(saved), saved: false };
  }
  const missing = [...saved]
    .filter(([key, value]) => value === MASKED && !supplied.has(key))
    .map(([key]) => key);
  if (missing.length > 0) {
    const message = `Graph returns ${missing.map((k) => `'${k}'`).join(', ')} masked, and a PUT of the secrets must carry every key: pass ${missing.length > 1 ? 'them' : 'it'} in credentials`;
    throw new InvalidInputError(`Invalid settings.update(): ${message}`, {
      issues: missing.map((key) => ({
        path: ['credentials', key],
        message: 'required (saved, and masked by Graph)',
      })),
    });
  }
  const next = applyChange(new Map([...saved, ...supplied]), parsed);
  const pairs = [...next].map(([key, value]) => ({ key: key, value }));
  await new SynchronizationSecrets(core, path).put(pairs, request);
  return { settings: settingsOf(next), saved: true };
}
