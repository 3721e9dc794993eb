/**
 * The schema step: the spec's attribute mappings and scoping filters, as one `schema.edit()`
 * of the job's schema. Plan: the same edit as a dry run (reads only), its changes the action;
 * apply: the edit itself, which sends one full-replacement PUT only when something changes.
 */
import type { GraphErrorKind } from '../../core/errors.js';
import { editSchemaAction } from '../actions.js';
import type { AppState, Step } from '../engine.js';
import { UNCERTAIN_KINDS, retryWhileReplicating } from '../replication.js';
import type { WorkflowRun } from '../run.js';
import { editedObjectMappings, editsSchema, schemaEdit } from '../spec-day2.js';

/**
 * Errors after which the edit runs again: a new job's schema may answer 404 for a while, and
 * an edit whose PUT answer was lost finds its change saved (nothing left to send).
 */
const RETRIED: ReadonlySet<GraphErrorKind> = new Set<GraphErrorKind>([
  'notFound',
  'conflict',
  ...UNCERTAIN_KINDS,
]);

export const schemaStep: Step = {
  name: 'editSchema',
  async plan(run, state) {
    run.step = 'editSchema';
    if (!editsSchema(state.spec)) return [];
    if (state.job === undefined) return [editSchemaAction(null, editedObjectMappings(state.spec))];
    const { changes } = await edit(run, state, true);
    return changes.length === 0 ? [] : [editSchemaAction(changes, [])];
  },
  async apply(run, state, actions) {
    if (actions.length === 0) return actions;
    run.emit({ type: 'editSchema' });
    await edit(run, state, false);
    return actions;
  },
};

function edit(run: WorkflowRun, state: AppState, dryRun: boolean) {
  const job = run.client.servicePrincipals
    .byId(state.servicePrincipal?.id ?? '')
    .synchronization.jobs.byId(state.job?.id ?? '');
  return retryWhileReplicating(
    () => job.schema.edit(schemaEdit(state.spec), { ...run.call, dryRun }),
    {
      kinds: RETRIED,
      deadline: run.deadline(),
      signal: run.signal,
      onRetry: run.onReplicationRetry('editSchema'),
    },
  );
}
