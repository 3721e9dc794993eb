/**
 * The checks of `job.restart()` and `validateCredentials()`, loaded with their first call (both
 * are async, so input is still refused before any request).
 */
import { lazySchema } from '../../internal/lazy-schema.js';
import * as z from 'zod/mini';
import type { HttpCore, RequestSpec } from '../../core/http.js';
import { checkString } from '../../core/path.js';
import { invalidInput, parseInput } from '../../core/validation.js';
import { SynchronizationJobRestartScopeValues } from '../../models/synchronization.js';
import { SYNC_WRITE } from '../hints.js';
import {
  normalizeCredentials,
  warnUnknownKeys,
  type NormalizedCredentials,
} from './credentials.js';
import type {
  SynchronizationJobRestartParams,
  SynchronizationJobValidateCredentialsParams,
} from './jobs.js';

const RestartParamsSchema = lazySchema(() =>
  z.strictObject({
    resetScope: z.optional(z.union([z.string(), z.array(z.string())])),
    allowDiscouragedScopes: z.optional(z.boolean()),
  }),
);

const ValidateParamsSchema = lazySchema(() =>
  z.strictObject({
    credentials: z.optional(z.unknown()),
    useSavedCredentials: z.optional(z.boolean()),
    templateId: z.optional(z.string().check(z.minLength(1))),
    applicationIdentifier: z.optional(z.string().check(z.minLength(1))),
  }),
);

const DISCOURAGED: ReadonlySet<string> = new Set(['None', 'ConnectorDataStore']);
const KNOWN_SCOPES: ReadonlySet<string> = new Set(SynchronizationJobRestartScopeValues);

/**
 * Compiles `resetScope` flags to Graph's comma-separated form, refusing the discouraged ones.
 * Flags this SDK does not know are sent (the enum is open) and reported to `onUnknown`.
 */
export function resetScopeString(
  scope: string | readonly string[],
  allowDiscouraged: boolean,
  onUnknown: (flag: string) => void = () => undefined,
): string | undefined {
  const flags = typeof scope === 'string' ? [scope] : scope;
  const seen = new Set<string>();
  flags.forEach((flag, i) => {
    const field = typeof scope === 'string' ? 'resetScope' : `resetScope[${String(i)}]`;
    if (!/^[A-Za-z]+$/.test(flag)) invalidInput(field, 'must be a flag name such as "Watermark"');
    if (seen.has(flag)) invalidInput(field, `duplicate flag '${flag}'`);
    seen.add(flag);
    if (DISCOURAGED.has(flag) && !allowDiscouraged) {
      invalidInput(
        field,
        `'${flag}' is documented as "do not use" (${flag === 'None' ? 'call start() instead' : 'only with Microsoft support'}); pass allowDiscouragedScopes: true to send it anyway`,
      );
    }
    if (!KNOWN_SCOPES.has(flag)) onUnknown(flag);
  });
  return flags.length === 0 ? undefined : flags.join(', ');
}

/** The body of `restart()`: `{ criteria: { resetScope } }`, or `{}` without a scope. */
export function restartBody(core: HttpCore, params: SynchronizationJobRestartParams): object {
  const p = parseInput(RestartParamsSchema, params, 'restart() params');
  const resetScope =
    p.resetScope === undefined
      ? undefined
      : resetScopeString(p.resetScope, p.allowDiscouragedScopes ?? false, (flag) =>
          core.logger?.warn(
            `resetScope flag '${flag}' is not one this SDK knows (${[...KNOWN_SCOPES].join(', ')}); sent anyway.`,
          ),
        );
  return resetScope === undefined ? {} : { criteria: { resetScope } };
}

/**
 * The request of a job-bound or collection-bound validateCredentials, checked: either
 * credentials or `useSavedCredentials: true`.
 */
export function validateCredentialsSpec(
  core: HttpCore,
  path: string,
  params: SynchronizationJobValidateCredentialsParams,
): RequestSpec {
  const p = parseInput(ValidateParamsSchema, params, 'validateCredentials() params');
  const useSaved = p.useSavedCredentials === true;
  if (useSaved === (p.credentials !== undefined)) {
    invalidInput(
      'credentials',
      useSaved
        ? 'pass either credentials or useSavedCredentials: true, not both (Graph would ignore the credentials)'
        : 'pass credentials to test, or useSavedCredentials: true',
    );
  }
  let normalized: NormalizedCredentials | undefined;
  if (p.credentials !== undefined) {
    normalized = normalizeCredentials('credentials', p.credentials);
    warnUnknownKeys(core, normalized.unknownKeys);
  }
  const body: Record<string, unknown> = {};
  if (normalized !== undefined) body.credentials = normalized.pairs;
  if (p.useSavedCredentials !== undefined) body.useSavedCredentials = p.useSavedCredentials;
  if (p.templateId !== undefined) body.templateId = checkString('templateId', p.templateId);
  if (p.applicationIdentifier !== undefined) {
    body.applicationIdentifier = checkString('applicationIdentifier', p.applicationIdentifier);
  }
  return {
    method: 'POST',
    path,
    body,
    secrets: normalized?.secrets ?? [],
    hints: SYNC_WRITE,
  };
}
