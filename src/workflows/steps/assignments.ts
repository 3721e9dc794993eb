/**
 * The assignments step: the spec's users and groups assigned to the app (and, with
 * `assignmentsExclusive`, no others). Plan: `appRoleAssignedTo.ensure()` as a dry run (reads
 * only: the app's roles, each principal, the assignments); apply: exactly the planned adds (by
 * object id and role id) and removals (by assignment id), each idempotent.
 */
import { resolvePrincipal } from '../../assignments/assign.js';
import { coreOf } from '../../client.js';
import { assignAction, unassignAction, type ConfigurationAction } from '../actions.js';
import type { AppState, Step } from '../engine.js';
import { READ_RETRY, retryWhileReplicating } from '../replication.js';
import type { WorkflowRun } from '../run.js';

/** Waits out what a new app's reads and writes answer while it replicates (both idempotent). */
function replicated<T>(run: WorkflowRun, call: () => Promise<T>): Promise<T> {
  return retryWhileReplicating(call, {
    kinds: READ_RETRY,
    deadline: run.deadline(),
    signal: run.signal,
    onRetry: run.onReplicationRetry('assign'),
  });
}

export const assignmentsStep: Step = {
  name: 'assign',
  async plan(run, state) {
    run.step = 'assign';
    const { assignments, assignmentsExclusive } = state.spec;
    if (assignments === undefined) return [];
    const sp = state.servicePrincipal;
    if (sp === undefined) {
      // The app is still to create, its roles unknown; its users and groups are the tenant's:
      // a name that matches nobody (or several) is reported now, not after the app is made.
      const planned: ConfigurationAction[] = [];
      for (const a of assignments) {
        const principal = await resolvePrincipal(coreOf(run.client), a, run.call);
        planned.push(
          'user' in a
            ? assignAction('User', a.user, principal.id, null)
            : assignAction('Group', a.group, principal.id, null),
        );
      }
      return planned;
    }
    const assigned = run.client.servicePrincipals.byId(sp.id).appRoleAssignedTo;
    const planned = await replicated(run, () =>
      assigned.ensure(assignments, {
        ...run.call,
        exclusive: assignmentsExclusive === true,
        dryRun: true,
      }),
    );
    const named = new Map(assignments.map((a) => ['user' in a ? a.user : a.group, a] as const));
    const adds = planned.added.map((c) => {
      const type = c.principalType === 'Group' ? 'Group' : 'User';
      return assignAction(
        type,
        nameOf(named, c.principalDisplayName, c.principalId),
        c.principalId,
        c.appRoleId,
      );
    });
    const removals = planned.removed.map((c) =>
      unassignAction({
        assignmentId: c.assignmentId ?? '',
        principalType: c.principalType,
        principalId: c.principalId,
        principalDisplayName: c.principalDisplayName,
      }),
    );
    return [...adds, ...removals];
  },
  async apply(run, state, actions) {
    for (const action of actions) await carryOut(run, state, action);
    return actions;
  },
};

/** The principal as the spec named it when it named it by id, else its display name. */
function nameOf(
  named: ReadonlyMap<string, unknown>,
  displayName: string | null,
  id: string,
): string {
  return named.has(id) ? id : (displayName ?? id);
}

async function carryOut(
  run: WorkflowRun,
  state: AppState,
  action: ConfigurationAction,
): Promise<void> {
  const assigned = run.client.servicePrincipals.byId(
    state.servicePrincipal?.id ?? '',
  ).appRoleAssignedTo;
  if (action.type === 'assign' && action.principalId !== null && action.appRoleId !== null) {
    run.emit({ type: 'assign', principalId: action.principalId });
    const who =
      action.principalType === 'User'
        ? { user: action.principalId }
        : { group: action.principalId };
    const appRole = action.appRoleId;
    await replicated(run, () => assigned.add(who, { ...run.call, appRole }));
  } else if (action.type === 'unassign') {
    run.emit({ type: 'unassign', assignmentId: action.assignmentId });
    const id = action.assignmentId;
    await replicated(run, () => assigned.remove(id, run.call));
  }
}
