import { InvalidInputError, type ValidationIssue } from '../../core/errors.js';
import type { HttpCore, RequestSpec } from '../../core/http.js';
import { REDACTED } from '../../internal/redact.js';
import { SYNC_WRITE } from '../hints.js';
import { summarizeIssues } from '../../core/validation.js';
import {
  SynchronizationSecretValues,
  type SynchronizationSecret,
} from '../../models/synchronization.js';
import { closestSecretName } from './secret-name.js';

/** One credential: a `synchronizationSecret` key and its value (always a string on the wire). */
export interface CredentialPair {
  /** A `synchronizationSecret` member, e.g. `'BaseAddress'`, `'SecretToken'`. */
  readonly key: SynchronizationSecret;
  /** The value; booleans and structured settings are strings too (`"false"`, JSON text). */
  readonly value: string;
}

/**
 * Credentials as a list of pairs or as an object keyed by `synchronizationSecret` member.
 *
 * @example
 * ```ts
 * { BaseAddress: 'https://scim.example.com/v2', SecretToken: token }
 * [{ key: 'ClientSecret', value: secret }, { key: 'SecretToken', value: token }]
 * ```
 */
export type Credentials =
  readonly CredentialPair[] | { readonly [K in SynchronizationSecret]?: string };

const KNOWN: ReadonlySet<string> = new Set(SynchronizationSecretValues);

/**
 * Keys whose values are settings or addresses, not secrets: they stay readable when Graph
 * quotes them in an error ("cannot reach https://scim.example.com"). Every other value, and
 * the value of any key this SDK does not know, is treated as a secret and redacted.
 */
const NOT_SECRET: ReadonlySet<string> = new Set([
  'BaseAddress',
  'Url',
  'Domain',
  'Server',
  'InstanceName',
  'SandboxName',
  'CompanyId',
  'Sandbox',
  'SyncAll',
  'SingleSignOnType',
  'SyncNotificationSettings',
  'SkipOutOfScopeDeletions',
  'EnforceDomain',
  'ValidateDomain',
  'HardDeletesEnabled',
  'TestReferences',
  'SystemOfRecord',
  'SynchronizationSchedule',
  'UpdateKeyOnSoftDelete',
  'PerformInboundEntitlementGrants',
  'AuthenticationType',
  'TokenExpiration',
  'Oauth2AccessTokenCreationTime',
  'Oauth2RedirectUri',
  'Oauth2TokenExchangeUri',
  'Oauth2AuthorizationUri',
  'ApplicationTemplateIdentifier',
  'SyncAgentADContainer',
]);
const KEY = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Whether Graph shows the key's saved value in clear in `GET …/synchronization/secrets`: the
 * settings and addresses, and the user name; the value of every other key comes back as `*`.
 */
export function isShownInClear(key: string): boolean {
  return NOT_SECRET.has(key) || key === 'UserName';
}

/** Whether a key's value may be printed (a setting or an address); `UserName` may not. */
export function isPrintable(key: string): boolean {
  return NOT_SECRET.has(key);
}

/**
 * How a key may be named in a message: a `synchronizationSecret` member by name; any other key
 * not at all, since keys and values swapped would put a secret there.
 */
export function describeKey(key: string): string {
  return KNOWN.has(key) ? `'${key}'` : 'a key that is not a synchronizationSecret name';
}

/**
 * Credentials checked and normalised to Graph's pair list, plus the values to redact (every
 * value except those of keys known to hold settings or addresses, such as `BaseAddress`).
 */
export interface NormalizedCredentials {
  readonly pairs: { key: string; value: string }[];
  readonly secrets: string[];
  /** Keys that are not `synchronizationSecret` members today (sent anyway: the enum is open). */
  readonly unknownKeys: string[];
}

/**
 * Validates credentials without ever quoting a value in an error. `allowEmptyValues` is for
 * clearing secrets (Graph removes a secret when it receives an empty value).
 */
export function normalizeCredentials(
  field: string,
  input: unknown,
  allowEmptyValues = false,
): NormalizedCredentials {
  const issues: ValidationIssue[] = [];
  const entries: [string | number, unknown, unknown][] = [];
  if (Array.isArray(input)) {
    input.forEach((pair: unknown, i) => {
      if (typeof pair !== 'object' || pair === null) {
        issues.push({ path: [field, i], message: 'expected an object { key, value }' });
        return;
      }
      const { key, value, ...rest } = pair as Record<string, unknown>;
      const extra = Object.keys(rest).filter((k) => k !== '@odata.type');
      if (extra.length > 0)
        issues.push({
          path: [field, i],
          message: `unknown field ${extra.map((k) => `'${k}'`).join(', ')}`,
        });
      entries.push([i, key, value]);
    });
  } else if (typeof input === 'object' && input !== null) {
    for (const [key, value] of Object.entries(input)) entries.push([key, key, value]);
  } else {
    issues.push({
      path: [field],
      message: 'expected an array of { key, value } or an object of key: value',
    });
  }
  if (issues.length === 0 && entries.length === 0) {
    issues.push({ path: [field], message: 'must contain at least one credential' });
  }

  const seen = new Set<string>();
  const pairs: { key: string; value: string }[] = [];
  for (const [at, key, value] of entries) {
    if (typeof key !== 'string' || !KEY.test(key)) {
      // An object's key is not echoed in the path: keys and values swapped put a secret there.
      issues.push({
        path: typeof at === 'number' ? [field, at, 'key'] : [field],
        message: 'a key is not a synchronizationSecret name such as "SecretToken"',
      });
      continue;
    }
    // The path names an object's key only when it is a known name (see describeKey).
    const where = typeof at === 'number' || KNOWN.has(key) ? [field, at] : [field];
    if (seen.has(key)) issues.push({ path: where, message: `duplicate ${describeKey(key)}` });
    seen.add(key);
    if (typeof value !== 'string') {
      issues.push({
        path: [...where, ...(typeof at === 'number' ? ['value'] : [])],
        message: `the value of ${describeKey(key)} must be a string`,
      });
    } else if (value === '' && !allowEmptyValues) {
      issues.push({
        path: [...where, ...(typeof at === 'number' ? ['value'] : [])],
        message: `the value of ${describeKey(key)} must not be empty`,
      });
    } else {
      pairs.push({ key, value });
    }
  }
  if (issues.length > 0) {
    throw new InvalidInputError(`Invalid ${field}: ${summarizeIssues(issues)}`, { issues });
  }
  const unknownKeys = pairs.map((p) => p.key).filter((k) => !KNOWN.has(k));
  return {
    pairs,
    // An unknown key may be a value typed where its key belongs: scrubbed like a value.
    secrets: [...pairs.filter((p) => !NOT_SECRET.has(p.key)).map((p) => p.value), ...unknownKeys],
    unknownKeys,
  };
}

/** Credentials as they may be shown: every value redacted except settings and addresses. */
function redactedCredentials(input: unknown): unknown {
  const shown = (key: unknown, value: unknown): unknown =>
    typeof key === 'string' && NOT_SECRET.has(key) ? value : REDACTED;
  if (Array.isArray(input)) {
    return input.map((pair: unknown) =>
      typeof pair === 'object' && pair !== null
        ? {
            ...pair,
            value: shown((pair as { key?: unknown }).key, (pair as { value?: unknown }).value),
          }
        : pair,
    );
  }
  if (typeof input === 'object' && input !== null) {
    return Object.fromEntries(
      Object.entries(input).map(([key, value]) => [key, shown(key, value)]),
    );
  }
  return input;
}

/**
 * Makes `util.inspect` and `JSON.stringify` of an object holding `credentials` (a checked
 * spec that outcomes hand back) show them redacted, while the property keeps the real values.
 * Both hooks are non-enumerable: spreading or iterating the object is unaffected.
 */
export function redactCredentialsInOutput<T extends { readonly credentials?: unknown }>(
  holder: T,
): T {
  if (holder.credentials === undefined) return holder;
  const shown = (): Record<string, unknown> => ({
    ...holder,
    credentials: redactedCredentials(holder.credentials),
  });
  Object.defineProperty(holder, 'toJSON', { value: shown, configurable: true, writable: true });
  // Node's util.inspect hook (a symbol, so no Node import is needed).
  Object.defineProperty(holder, Symbol.for('nodejs.util.inspect.custom'), {
    value: shown,
    configurable: true,
    writable: true,
  });
  return holder;
}

/**
 * Logs keys that are not `synchronizationSecret` members today (they are still sent), without
 * quoting them: a key may be a secret typed where its name belongs. The closest known names
 * are given instead, for the misspelling it most likely is.
 */
export function warnUnknownKeys(core: HttpCore, keys: readonly string[]): void {
  if (keys.length === 0) return;
  const closest = [
    ...new Set(keys.map(closestSecretName).filter((n): n is string => n !== undefined)),
  ];
  core.logger?.warn(
    `${String(keys.length)} credential key${keys.length > 1 ? 's are' : ' is'} not among the synchronizationSecret members this SDK knows (not shown: ` +
      `a key may be a secret typed in its place); sent anyway${
        closest.length > 0 ? `. Did you mean ${closest.map((n) => `'${n}'`).join(' or ')}?` : '.'
      }`,
  );
}

/** The request of an `acquireAccessToken` (on a service principal or an application). */
export function acquireAccessTokenSpec(
  core: HttpCore,
  path: string,
  credentials: Credentials,
): RequestSpec {
  const { pairs, secrets, unknownKeys } = normalizeCredentials('credentials', credentials);
  warnUnknownKeys(core, unknownKeys);
  return { method: 'POST', path, body: { credentials: pairs }, secrets, hints: SYNC_WRITE };
}
