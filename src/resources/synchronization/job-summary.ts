/**
 * How a synchronization job prints in a REPL: its id and template, then what people look for
 * first (`status.code`, the last run, the quarantine), then the whole job as Graph sent it.
 */
import { defineInspect, shownTime, summaryFirst } from '../../internal/inspect.js';
import type {
  SynchronizationJob,
  SynchronizationQuarantine,
  SynchronizationTaskExecution,
} from '../../models/synchronization.js';

/** `last run: <time> <state> (<error code>)`, or `last run: none yet`. */
export function lastRunText(run: SynchronizationTaskExecution | null | undefined): string {
  const time = shownTime(run?.timeEnded) ?? shownTime(run?.timeBegan);
  if (run === undefined || run === null || time === undefined) return 'last run: none yet';
  const state = run.state ? ` ${run.state}` : '';
  const code = run.error?.code ? ` (${run.error.code})` : '';
  return `last run: ${time}${state}${code}`;
}

function quarantineText(quarantine: SynchronizationQuarantine | null | undefined): string {
  if (quarantine === undefined || quarantine === null) return 'quarantine: none';
  const code = quarantine.error?.code;
  const since = shownTime(quarantine.currentBegan);
  const next = shownTime(quarantine.nextAttempt);
  return [
    `quarantine: ${quarantine.reason || 'yes'}`,
    code ? ` (${code})` : '',
    since === undefined ? '' : ` since ${since}`,
    next === undefined ? '' : `, next attempt ${next}`,
  ].join('');
}

/** The lines printed before the job itself: id and template, status and last run, quarantine. */
export function jobSummary(job: SynchronizationJob): string[] {
  const status = job.status;
  const template = job.templateId ? ` (template ${job.templateId})` : '';
  return [
    `SynchronizationJob ${job.id}${template}`,
    `  ${status?.code ?? 'no status'}, ${lastRunText(status?.lastExecution)}`,
    `  ${quarantineText(status?.quarantine)}`,
  ];
}

const printJob = summaryFirst<SynchronizationJob>(jobSummary);

/**
 * Makes `util.inspect` print `job` summary first (see {@link jobSummary}); one non-enumerable
 * property, so JSON, spreading and equality are unchanged. Returns the same object.
 */
export function withJobSummary<T extends SynchronizationJob>(job: T): T {
  if (typeof job !== 'object' || job === null) return job;
  return defineInspect(job, printJob);
}
