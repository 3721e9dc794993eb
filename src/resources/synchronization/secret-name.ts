import { editDistance } from '../../internal/closest.js';
import { SynchronizationSecretValues } from '../../models/synchronization.js';

/**
 * The `synchronizationSecret` member closest to an unknown key (a misspelling, most likely), for
 * a message that must not quote the key itself; `undefined` when none is close.
 */
export function closestSecretName(key: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of SynchronizationSecretValues) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(key.length / 4))
    ? best.name
    : undefined;
}
