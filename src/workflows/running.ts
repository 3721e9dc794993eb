import type { SynchronizationJob } from '../models/synchronization.js';

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
 * Whether the job is scheduled to run: running, in quarantine (the service retries it), or
 * started and waiting for its first cycle; `false` once paused or never started.
 */
export function isScheduled(job: SynchronizationJob): boolean {
  return job.schedule?.state === 'Active' || job.status?.code === 'Active';
}
