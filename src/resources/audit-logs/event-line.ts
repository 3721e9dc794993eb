/**
 * How a list of provisioning events prints in a REPL: one line per event (time, action, status,
 * source → target, error code), as the CLI's `logs` table shows them. The line is computed when
 * the list is printed, never when events are decoded: listing 100,000 events costs nothing more.
 */
import type { ListDisplay } from '../../core/paging.js';
import { quoted } from '../../internal/inspect.js';
import type { ProvisionedIdentity, ProvisioningObjectSummary } from '../../models/index.js';

// The longest action (`stagedDelete`) and status (`success`, `failure`, `skipped`, `warning`).
const ACTION_WIDTH = 12;
const STATUS_WIDTH = 7;

// A target's id is '' while the object does not exist there (a failed create, for one).
function identity(who: ProvisionedIdentity | null | undefined): string {
  const name = who?.displayName || who?.id;
  return name ? quoted(name) : '(none)';
}

/**
 * One event on one line, e.g.
 * `2026-11-23T09:40:00Z  create       failure User 'Alice' → 'alice@contoso.com'  error SystemForCrossDomainIdentityManagementBadRequest`.
 * beta's deprecated `action` and `statusInfo` stand in when the v1.0 properties are absent.
 */
export function eventLine(event: ProvisioningObjectSummary): string {
  const action = event.provisioningAction ?? event.action?.toLowerCase() ?? '?';
  const info = event.provisioningStatusInfo;
  const status = info?.status ?? event.statusInfo?.status ?? '?';
  const errorCode = info?.errorInformation?.errorCode ?? event.statusInfo?.errorCode;
  const type = event.sourceIdentity?.identityType;
  return [
    `${event.activityDateTime}  ${action.padEnd(ACTION_WIDTH)} ${status.padEnd(STATUS_WIDTH)} `,
    `${type ? `${type} ` : ''}${identity(event.sourceIdentity)} → ${identity(event.targetIdentity)}`,
    errorCode ? `  error ${errorCode}` : '',
  ].join('');
}

/** How lists of provisioning events print. */
export const EVENT_LIST: ListDisplay<ProvisioningObjectSummary> = {
  noun: 'provisioning event',
  line: eventLine,
};
