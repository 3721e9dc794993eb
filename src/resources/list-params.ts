import { invalidInput } from '../core/validation.js';

/**
 * Validates a `top` parameter: the most items a list returns in total. It also becomes the
 * first page's `$top` (capped at Graph's page size limit) so small lists take one request.
 */
export function listLimit(top: unknown): number | undefined {
  if (top === undefined) return undefined;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1) {
    invalidInput('top', 'must be a whole number >= 1');
  }
  return top;
}
