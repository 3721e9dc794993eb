/**
 * The settings step: the spec's `settings` (SyncAll, notifications, deletion threshold,
 * out-of-scope deletions), compared with what is saved. Plan: the settings that would change
 * (reads only; the error `settings.update()` would give, such as a masked key the spec's
 * credentials lack, comes from the plan too); apply: `settings.update()`, one PUT of every key.
 */
import { pairsOf, settingChanges } from '../../settings/settings.js';
import { updateSettingsAction } from '../actions.js';
import type { Step } from '../engine.js';
import { READ_RETRY, retryWhileReplicating } from '../replication.js';

export const settingsStep: Step = {
  name: 'updateSettings',
  async plan(run, state) {
    run.step = 'updateSettings';
    const { settings, credentials } = state.spec;
    if (settings === undefined) return [];
    const sp = state.servicePrincipal;
    // An app still to create has nothing saved; the credentials step saves the spec's first.
    const saved =
      sp === undefined || state.created.application
        ? new Map<string, string>()
        : await retryWhileReplicating(
            async () =>
              pairsOf(
                await run.client.servicePrincipals
                  .byId(sp.id)
                  .synchronization.secrets.get(run.call),
              ),
            {
              kinds: READ_RETRY,
              deadline: run.deadline(),
              signal: run.signal,
              onRetry: run.onReplicationRetry('updateSettings'),
            },
          );
    const changes = settingChanges(saved, settings, credentials, 'spec.settings');
    return changes.length === 0 ? [] : [updateSettingsAction(changes)];
  },
  async apply(run, state, actions) {
    const { settings, credentials } = state.spec;
    const sp = state.servicePrincipal;
    if (actions.length === 0 || settings === undefined || sp === undefined) return actions;
    run.emit({ type: 'updateSettings' });
    await run.client.servicePrincipals.byId(sp.id).synchronization.settings.update(settings, {
      ...run.call,
      ...(credentials === undefined ? {} : { credentials }),
    });
    return actions;
  },
};
