/**
 * The hints attached to errors, by key: a 401/403 names the permission likely missing, a 404
 * says which id was probably confused. The words are in src/core/hint-texts.ts, loaded with the
 * first failure (like the rest of the failure wording), so the package does not carry them.
 */
import type { HintKey, RequestHints } from '../core/http.js';

/** GET on a service principal's synchronization (jobs, templates). */
export const SYNC_READ = 'SYNC_READ' satisfies HintKey;

/** Writes and actions on a service principal's synchronization. */
export const SYNC_WRITE = 'SYNC_WRITE' satisfies HintKey;

/** Service principal reads. */
export const SP_READ = 'SP_READ' satisfies HintKey;

/** Instantiating a gallery template. */
export const INSTANTIATE = 'INSTANTIATE' satisfies HintKey;

/** Provisioning logs. */
export const LOGS = 'LOGS' satisfies HintKey;

/** API-driven inbound provisioning uploads. */
export const BULK_UPLOAD = 'BULK_UPLOAD' satisfies HintKey;

/** Application reads. */
export const APP_READ = 'APP_READ' satisfies HintKey;

/** Application writes: delete, owners. */
export const APP_WRITE = 'APP_WRITE' satisfies HintKey;

/** The hints of `base`, with some replaced. */
export function hintsWith(base: HintKey, changes: Omit<RequestHints, 'base'>): RequestHints {
  return { base, ...changes };
}
