/**
 * Which errors a replication wait sits out (kept apart from replication.ts, which loads with the
 * workflows or the first `waitUntilVisible()`).
 */
import type { GraphErrorKind } from '../core/errors.js';

/** Errors that, right after a create, mean "not replicated yet" rather than "wrong". */
export const REPLICATION_KINDS: ReadonlySet<GraphErrorKind> = new Set([
  'notFound',
  'badRequest',
  'unauthorized',
  'forbidden',
  'conflict',
]);

/** Failures that tell nothing of what Graph did (after the client's own retries). */
export const UNCERTAIN_KINDS: ReadonlySet<GraphErrorKind> = new Set([
  'server',
  'timeout',
  'network',
]);
