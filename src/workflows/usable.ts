/**
 * What the workflows decide from must be objects with an id. Under `validateResponses: 'warn'`
 * or `'off'` a read returns what Graph sent (a `null` in a list, a job without an id); the
 * workflows then stop with an {@link InvalidResponseError} rather than a `TypeError`, or a
 * decision (create, start) taken on something they could not read.
 */
import { InvalidResponseError } from '../core/errors.js';

/** `value`, when it is an object with a string `id`; an {@link InvalidResponseError} otherwise. */
export function usable<T>(value: T, what: string): T {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string';
  if (!ok) {
    throw new InvalidResponseError(
      `Graph answered with ${what} that is not an object with an id; the workflow cannot go on from it.`,
      { issues: [{ path: ['id'], message: 'expected an object with a string id' }] },
    );
  }
  return value;
}

/** Every item of a list read, when each is {@link usable}. */
export function usableAll<T>(items: readonly T[], what: string): T[] {
  return items.map((item) => usable(item, what));
}
