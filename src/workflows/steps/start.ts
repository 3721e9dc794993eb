/**
 * Step 5 of provisioning: start the job, unless it runs already (Microsoft warns that
 * starting a running job can stop it), and never twice: a job is declared stopped only from
 * several reads in a row, and a start whose answer was lost is looked for before it is sent again.
 */
import { BadRequestError, type GraphErrorDetails } from '../../core/errors.js';
import type { SynchronizationJob } from '../../models/synchronization.js';
import { pauseAction, startAction, type ConfigurationAction } from '../actions.js';
import { configurationFields } from '../credential-fields.js';
import type { AppState, Step } from '../engine.js';
import { markNotStarted } from '../not-started.js';
import { READ_RETRY, retryWhileReplicating } from '../replication.js';
import type { WorkflowRun } from '../run.js';
import { runningOnSomeRead, startVerified } from '../verify.js';
import { isRunning, isScheduled } from '../running.js';
import { testSavedCredentials } from './credentials.js';

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

/**
 * Step 5: start the job unless the spec says not to or it runs already. Plan: a job this run
 * did not make counts as stopped only from several reads in a row (one read may be stale),
 * and one this client started a moment ago counts as running. Apply: start it, verified (a
 * start whose answer was lost is looked for before it is sent again), then read it.
 */
export const startStep: Step = {
  name: 'start',
  async plan(run, state) {
    run.step = 'start';
    if (state.spec.enabled === false) return planPause(state);
    if (state.spec.start === false) return [];
    const job = state.job;
    if (job === undefined) return [startAction(null)];
    if (run.registry.startedRecently(job.id, run.verifyMs) || isRunning(job)) return [];
    const again = { reads: run.replication.consecutive - 1, afterRead: true };
    if (
      !state.created.job &&
      (await runningOnSomeRead(run, reader(run, state), isRunning, again))
    ) {
      state.job = run.partial.job ?? job;
      return [];
    }
    return [startAction(job.id)];
  },
  async apply(run, state, actions) {
    if (state.spec.enabled === false) return applyPause(run, state, actions);
    if (state.spec.start === false) {
      run.emit({ type: 'start', status: 'skipped' });
      return actions;
    }
    const job = state.job;
    if (actions.length === 0 || job === undefined) {
      run.emit({ type: 'start', status: 'alreadyRunning' });
      return actions;
    }
    if (run.testSavedCredentials && state.spec.credentials === undefined) {
      await refuseWithoutWorkingCredentials(run, state, job);
    }
    const read = reader(run, state);
    const before = run.partial.job ?? job;
    const resource = jobResource(run, state);
    await startVerified(
      run,
      () => resource.start(run.once),
      read,
      (after) => startTookEffect(before, after),
    );
    run.registry.rememberStart(job.id);
    run.emit({ type: 'start', status: 'started' });
    state.job = run.found('job', await read());
    state.started = true;
    return actions;
  },
};

/**
 * `testSavedCredentials`: before a start that no credentials of this run were tested for, the
 * target tests the saved ones. A refusal stops the run before the start, with an error that says
 * the job was not started and, when its synchronization template lists them, which credentials
 * it asks for: started, the job would only go into quarantine.
 */
async function refuseWithoutWorkingCredentials(
  run: WorkflowRun,
  state: AppState,
  job: SynchronizationJob,
): Promise<void> {
  const servicePrincipalId = state.servicePrincipal?.id ?? '';
  run.step = 'validateCredentials';
  run.emit({ type: 'validateCredentials', saved: true });
  try {
    await testSavedCredentials(run, servicePrincipalId, job.id);
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    const fields = await listedCredentials(run, servicePrincipalId, job.templateId);
    throw markNotStarted(
      new BadRequestError(
        `Job ${job.id} ${state.created.job ? 'created' : 'found'} but not started: the target app refused the credentials saved for it (${graphMessage(error)})${
          fields === undefined ? '' : `; its synchronization template asks for ${fields.join(', ')}`
        }.`,
        {
          ...detailsOf(error),
          hint: 'Give the credentials and run again (they are tested and saved before the start), or leave the job stopped (start: false).',
          cause: error,
        },
      ),
    );
  } finally {
    run.step = 'start';
  }
}

/** The credential keys the job's synchronization template lists, if it can be read and does. */
async function listedCredentials(
  run: WorkflowRun,
  servicePrincipalId: string,
  templateId: string | null | undefined,
): Promise<string[] | undefined> {
  if (typeof templateId !== 'string' || templateId === '') return undefined;
  try {
    const template = await run.client.servicePrincipals
      .byId(servicePrincipalId)
      .synchronization.templates.get(templateId, run.call);
    return configurationFields(template);
  } catch {
    // Only a better message is lost: the refusal itself is the error to report.
    return undefined;
  }
}

/**
 * Graph's own words in an error's message, without the status, request and request-id the SDK
 * adds after them (the error that replaces it keeps those as fields).
 */
function graphMessage(error: BadRequestError): string {
  const at =
    error.status === undefined ? -1 : error.message.lastIndexOf(` (${String(error.status)}`);
  return (at > 0 ? error.message.slice(0, at) : error.message).replace(/[\s.]+$/, '');
}

/** The HTTP details of Graph's answer, for the error that replaces it. */
function detailsOf(error: BadRequestError): GraphErrorDetails {
  const { status, code, requestId, clientRequestId, date, method, url } = error;
  return {
    attempts: error.attempts,
    ...(status === undefined ? {} : { status }),
    ...(code === undefined ? {} : { code }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(clientRequestId === undefined ? {} : { clientRequestId }),
    ...(date === undefined ? {} : { date }),
    ...(method === undefined ? {} : { method }),
    ...(url === undefined ? {} : { url }),
  };
}

/**
 * `enabled: false`: pause a job scheduled to run, as the last read shows it (a stale read costs
 * one pause more, which Graph takes again, or one run's delay). A job still to be created is
 * never started, so it needs nothing.
 */
function planPause(state: AppState): ConfigurationAction[] {
  const job = state.job;
  return job !== undefined && isScheduled(job) ? [pauseAction(job.id)] : [];
}

async function applyPause(
  run: WorkflowRun,
  state: AppState,
  actions: readonly ConfigurationAction[],
): Promise<readonly ConfigurationAction[]> {
  if (actions.length === 0) {
    run.emit({ type: 'start', status: 'skipped' });
    return actions;
  }
  const job = state.job;
  await jobResource(run, state).pause(run.call);
  if (job !== undefined) run.registry.forgetStart(job.id);
  state.job = run.found('job', await reader(run, state)());
  run.emit({ type: 'start', status: 'paused' });
  return actions;
}

function jobResource(run: WorkflowRun, state: AppState) {
  return run.client.servicePrincipals
    .byId(state.servicePrincipal?.id ?? '')
    .synchronization.jobs.byId(state.job?.id ?? '');
}

/** Reads the job, waiting out replication-class errors. */
function reader(run: WorkflowRun, state: AppState): () => Promise<SynchronizationJob> {
  const resource = jobResource(run, state);
  return () =>
    retryWhileReplicating(() => resource.get(run.call), {
      kinds: READ_RETRY,
      deadline: run.deadline(),
      signal: run.signal,
      onRetry: run.onReplicationRetry('start'),
    });
}
