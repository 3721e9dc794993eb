/**
 * How a `configureProvisioning()` result prints in a REPL: what the run created and started, the
 * ids to copy, the job's state and the actions taken come first; the whole result (application,
 * service principal and job as Graph sent them) follows, so nothing is hidden.
 */
import { defineInspect, quoted, summaryFirst } from '../internal/inspect.js';
import type { SynchronizationJob } from '../models/synchronization.js';
import { lastRunText, withJobSummary } from '../resources/synchronization/job-summary.js';
import type { ConfigureProvisioningResult } from './configure.js';

function outcome(result: ConfigureProvisioningResult): string {
  return [
    `application ${result.created.application ? 'created' : 'reused'}`,
    `job ${result.created.job ? 'created' : 'reused'}`,
    result.started ? 'started' : 'not started by this run',
  ].join(', ');
}

/** Status code, last run and the quarantine's reason, on one line. */
function jobStatusLine(job: SynchronizationJob): string {
  const status = job.status;
  const quarantine = status?.quarantine;
  return [
    status?.code ?? 'no status',
    lastRunText(status?.lastExecution),
    `quarantine: ${quarantine ? quarantine.reason || 'yes' : 'none'}`,
  ].join(', ');
}

// Labels padded to one column, as the CLI's `jobs show` prints a job.
const label = (name: string): string => `  ${name.padEnd(17)}`;

function actionLines(result: ConfigureProvisioningResult): string[] {
  const [first, ...rest] = result.actions.map((action) => action.summary);
  if (first === undefined) return [`${label('did')}nothing (everything was as the spec says)`];
  return [`${label('did')}${first}`, ...rest.map((summary) => `${label('')}${summary}`)];
}

/** The lines printed before the result itself. */
export function resultSummary(result: ConfigureProvisioningResult): string[] {
  const { servicePrincipal: sp, job } = result;
  return [
    `ConfigureProvisioningResult ${quoted(sp.displayName ?? '')}: ${outcome(result)}`,
    `${label('servicePrincipal')}${sp.id} (appId ${sp.appId ?? '?'})`,
    `${label('job')}${job.id}`,
    `${label('job status')}${jobStatusLine(job)}`,
    ...actionLines(result),
  ];
}

// The job inside prints plainly: the summary above already says what its own would.
const printResult = summaryFirst<ConfigureProvisioningResult>(resultSummary, (result) => ({
  ...result,
  job: { ...result.job },
}));

/**
 * Makes `util.inspect` print `result` summary first, and its job too when printed alone; each is
 * one non-enumerable property, so JSON, spreading and equality are unchanged. Returns `result`.
 */
export function withResultSummary(
  result: ConfigureProvisioningResult,
): ConfigureProvisioningResult {
  withJobSummary(result.job);
  return defineInspect(result, printResult);
}
