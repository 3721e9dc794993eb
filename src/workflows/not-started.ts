/**
 * The mark of a workflow error that left a job stopped because its target refused the saved
 * credentials (`testSavedCredentials`). Its own small module, keyed by `Symbol.for`: the CLI
 * recognises the error without loading the workflows, and across two copies of the package.
 */
import type { GraphError } from '../core/errors.js';

const NOT_STARTED: unique symbol = Symbol.for(
  'entra-provisioning.notStartedForCredentials',
) as never;

/** Marks `error` as "the job was not started: its saved credentials were refused". */
export function markNotStarted<E extends GraphError>(error: E): E {
  Object.defineProperty(error, NOT_STARTED, { value: true });
  return error;
}

/** Whether a workflow left the job stopped because the target refused its saved credentials. */
export function isNotStartedForCredentials(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [NOT_STARTED]?: unknown })[NOT_STARTED] === true
  );
}
