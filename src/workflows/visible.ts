/**
 * `waitUntilVisible()`, public: its work (replication.ts) loads on first use, as the workflows'.
 */
import { deferred } from '../internal/deferred.js';
import type { WaitUntilVisibleOptions } from './replication.js';

export { REPLICATION_KINDS } from './replication-kinds.js';

/** replication.ts, loaded with the first call (`primeGraphClient()` provides it up front). */
export const replicationModule = deferred(() => import('./replication.js'));

/**
 * Reads an object until it answers successfully `consecutive` times in a row, `intervalMs`
 * apart: Entra ID's directory replicates asynchronously, and one successful read is no proof
 * that the next call lands on a replica that has the object. Replication-class errors (404,
 * 400, 401, 403, 409) and failures that say nothing about the object (5xx, timeouts, dropped
 * connections, after the client's own retries) are waited out until `timeoutMs`; any other
 * error, or the last one at the deadline, is thrown.
 *
 * @returns The last successful read.
 * @throws The read's error once the deadline passes (with a hint that it persisted), or at
 *   once for an error that replication does not explain.
 * @throws {@link AbortedError} when `signal` fires.
 * @example
 * ```ts
 * const sp = await waitUntilVisible((o) => client.servicePrincipals.get(id, o), {
 *   consecutive: 5,
 *   intervalMs: 5_000,
 * });
 * ```
 */
export async function waitUntilVisible<T>(
  read: (options: { signal?: AbortSignal }) => Promise<T>,
  options: WaitUntilVisibleOptions = {},
): Promise<T> {
  const replication = await replicationModule.load();
  return replication.waitUntilVisible(read, options);
}
