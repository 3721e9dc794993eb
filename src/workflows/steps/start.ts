/**
 * Step 5 of `configureProvisioning`: start the job, unless it runs already (Microsoft warns that
 * starting a running job can stop it), and never twice: a job is declared stopped only from
 * several reads in a row, and a start whose answer was lost is looked for before it is sent again.
 */
import type { SynchronizationJob } from '../../models/synchronization.js';
import type { ServicePrincipal } from '../../models/directory.js';
import { READ_RETRY, retryWhileReplicating } from '../replication.js';
import type { WorkflowRun } from '../run.js';
import { runningOnSomeRead, startVerified } from '../verify.js';

/**
 * Whether the job runs on its schedule: started (its first cycle may not have run yet) and not
 * in quarantine. Starting such a job again is what Microsoft warns against; a quarantined one
 * is started again on purpose (start clears quarantine, after its secrets were saved again).
 */
export function isRunning(job: SynchronizationJob): boolean {
  const code = job.status?.code;
  return code === 'Active' || (job.schedule?.state === 'Active' && code !== 'Quarantine');
}

/**
 * Whether a job read after a start shows the start took: it runs, or it ran a cycle since
 * `before` and went into quarantine (a job without working credentials does so at once, and
 * is started; starting it again is the second start this step must never send).
 */
export function startTookEffect(before: SynchronizationJob, after: SynchronizationJob): boolean {
  if (isRunning(after)) return true;
  if (after.status?.code !== 'Quarantine') return false;
  return cycleMark(before) !== cycleMark(after);
}

/** What changes when a job runs a cycle or enters a quarantine. */
function cycleMark(job: SynchronizationJob): string {
  const status = job.status;
  return JSON.stringify([
    status?.code,
    status?.quarantine?.currentBegan,
    status?.quarantine?.seriesCount,
    status?.lastExecution?.timeBegan,
  ]);
}

/** What the start step did. */
export interface StartStep {
  readonly job: SynchronizationJob;
  readonly started: boolean;
}

/**
 * Starts the job if it is not running. `job` is the job as last read; `fresh`: this run made
 * it (its reads so far, several in a row, all showed it new and stopped).
 */
export async function ensureStarted(
  run: WorkflowRun,
  servicePrincipal: ServicePrincipal,
  job: SynchronizationJob,
  fresh: boolean,
): Promise<StartStep> {
  run.step = 'start';
  const resource = run.client.servicePrincipals
    .byId(servicePrincipal.id)
    .synchronization.jobs.byId(job.id);
  const read = (): Promise<SynchronizationJob> =>
    retryWhileReplicating(() => resource.get(run.call), {
      kinds: READ_RETRY,
      deadline: run.deadline(),
      signal: run.signal,
      onRetry: run.onReplicationRetry('start'),
    });
  // Started by this client a moment ago: reads that show it stopped may be stale.
  if (run.registry.startedRecently(job.id, run.verifyMs) || isRunning(job)) {
    run.emit({ type: 'start', status: 'alreadyRunning' });
    return { job, started: false };
  }
  // One read that shows it stopped is no proof: a job this run did not make is read again.
  const again = { reads: run.replication.consecutive - 1, afterRead: true };
  if (!fresh && (await runningOnSomeRead(run, read, isRunning, again))) {
    run.emit({ type: 'start', status: 'alreadyRunning' });
    return { job: run.partial.job ?? job, started: false };
  }
  const before = run.partial.job ?? job;
  await startVerified(
    run,
    () => resource.start(run.once),
    read,
    (after) => startTookEffect(before, after),
  );
  run.registry.rememberStart(job.id);
  run.emit({ type: 'start', status: 'started' });
  return { job: run.found('job', await read()), started: true };
}
