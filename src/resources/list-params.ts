import type { PagingOptions } from '../core/paging.js';
import { invalidInput } from '../core/validation.js';

/**
 * Paging options from a list's `top` parameter: the most items it returns in total. It also
 * becomes the first page's `$top` (capped at Graph's page size limit), so a small list takes one
 * request.
 */
export function listLimit<T = unknown>(
  top: unknown,
  paging: PagingOptions<T> = {},
): PagingOptions<T> {
  if (top === undefined) return paging;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1) {
    invalidInput('top', 'must be a whole number >= 1');
  }
  return { ...paging, limit: top };
}
