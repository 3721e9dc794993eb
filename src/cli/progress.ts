/** One line per workflow step, on stderr: what `apps create` shows while it works. */
import type { ProvisioningProgress } from '../workflows/configure.js';
import type { Output } from './io.js';

/** Renders a progress event as one human line (never a secret: events carry key names only). */
export function describeProgress(event: ProvisioningProgress): string {
  switch (event.type) {
    case 'template':
      return `template ${event.templateName} (${event.templateId})`;
    case 'instantiate':
      return `application ${event.status}: service principal ${event.servicePrincipalId}`;
    case 'waitForReplication':
      return `waiting for the new ${event.object} to replicate (read ${String(event.attempt)}, ${String(Math.round(event.elapsedMs / 1000))} s)`;
    case 'createJob':
      return `job ${event.status}: ${event.jobId}`;
    case 'editSchema':
      return 'editing the schema (mappings, scope)';
    case 'validateCredentials':
      return event.saved === true
        ? 'testing the saved credentials before the start (none given)'
        : 'validating credentials';
    case 'saveSecrets':
      return `saving secrets: ${event.keys.join(', ')}`;
    case 'updateSettings':
      return 'updating settings';
    case 'assign':
      return `assigning ${event.principalId}`;
    case 'unassign':
      return `removing assignment ${event.assignmentId}`;
    case 'start':
      return event.status === 'started'
        ? 'job started'
        : event.status === 'alreadyRunning'
          ? 'job already running: not started again'
          : 'job not started (--no-start)';
    case 'retry':
      return `retrying ${event.step} (${event.reason}, attempt ${String(event.attempt)}) in ${String(Math.round(event.delayMs / 100) / 10)} s`;
    case 'throttled':
      return `throttled during ${event.step}: waiting ${String(Math.round(event.delayMs / 100) / 10)} s`;
    case 'done':
      return 'done';
  }
}

/** Prints each event as a dimmed line on stderr (nothing with --json). */
export function progressPrinter(out: Output): (event: ProvisioningProgress) => void {
  return (event) => {
    out.note(out.colors.dim(`  ${describeProgress(event)}`));
  };
}
