/**
 * Step 3 of provisioning: the job. Reused when one exists from the
 * synchronization template (from this client's memory, or the service principal's jobs over
 * several reads), created otherwise, never twice.
 */
import { AmbiguousMatchError, InvalidInputError, NotFoundError } from '../../core/errors.js';
import type { ApplicationTemplate } from '../../models/application-template.js';
import type { ServicePrincipal } from '../../models/directory.js';
import type { SynchronizationJob } from '../../models/synchronization.js';
import { createJobAction } from '../actions.js';
import type { AppState, Step } from '../engine.js';
import { WorkflowRegistry } from '../registry.js';
import { READ_RETRY, retryWhileReplicating } from '../replication.js';
import type { WorkflowRun } from '../run.js';
import { usableAll } from '../usable.js';
import { classifyJobCreate, confirmAbsent, createVerified } from '../verify.js';

/**
 * Step 3: the job. Plan: reuse one from the synchronization template (remembered, or listed
 * over several reads unless this run just made the app), else create it. Apply: create it
 * (never twice), then read it until it shows.
 */
export const jobStep: Step = {
  name: 'createJob',
  async plan(run, state) {
    run.step = 'createJob';
    const servicePrincipal = state.servicePrincipal;
    // Planned with the app still to create: which template is known only once it exists.
    if (servicePrincipal === undefined) return [createJobAction(state.spec.syncTemplateId ?? null)];
    const templateId =
      state.spec.syncTemplateId ?? (await onlySyncTemplate(run, state.template, servicePrincipal));
    state.syncTemplateId = templateId;
    const key = WorkflowRegistry.jobKey(servicePrincipal.id, templateId);
    const known = await fromMemory(run, key, servicePrincipal);
    if (known !== undefined) return reuse(state, known);
    const find = (): Promise<SynchronizationJob | undefined> =>
      findJob(run, servicePrincipal, templateId);
    const first = await find();
    // A service principal this run made has no job yet: one read will do.
    const existing = state.created.application
      ? first
      : await confirmAbsent(run, find, 'job', first);
    if (existing === undefined) return [createJobAction(templateId)];
    run.registry.rememberJob(key, existing.id);
    return reuse(state, existing);
  },
  async apply(run, state, actions) {
    const servicePrincipal = state.servicePrincipal;
    const templateId = state.syncTemplateId;
    if (servicePrincipal === undefined || templateId === undefined) return actions;
    if (actions.some((a) => a.type === 'createJob')) {
      await createJob(run, state, servicePrincipal, templateId);
    }
    // An earlier run's create, found rather than sent: not this run's action.
    const done =
      state.jobStatus === 'reused' ? actions.filter((a) => a.type !== 'createJob') : actions;
    const made = state.job;
    if (made === undefined) throw new NotFoundError(`'${run.displayName}' has no job.`);
    run.emit({
      type: 'createJob',
      status: state.jobStatus ?? 'reused',
      jobId: made.id,
      templateId,
    });
    const job = run.client.servicePrincipals
      .byId(servicePrincipal.id)
      .synchronization.jobs.byId(made.id);
    state.job = run.found('job', await run.visible('job', (o) => job.get(o), state.created.job));
    return done;
  },
};

function reuse(state: AppState, job: SynchronizationJob): [] {
  state.job = job;
  state.jobStatus = 'reused';
  return [];
}

/** The service principal's job from the template; several are an AmbiguousMatchError. */
async function findJob(
  run: WorkflowRun,
  servicePrincipal: ServicePrincipal,
  templateId: string,
): Promise<SynchronizationJob | undefined> {
  const jobs = run.client.servicePrincipals.byId(servicePrincipal.id).synchronization.jobs;
  const all = usableAll(
    await readWhileReplicating(run, () => jobs.list(run.call).toArray()),
    'a job',
  );
  const found = all.filter((j) => j.templateId === templateId);
  if (found.length > 1) {
    throw new AmbiguousMatchError(
      `'${run.displayName}' has ${String(found.length)} jobs from the synchronization template '${templateId}': pick one by id, or delete the extras.`,
      { matches: found.map((j) => ({ id: j.id })) },
    );
  }
  return found[0] === undefined ? undefined : run.found('job', found[0]);
}

/** Creates the job, verified: a lost answer is looked for, never sent twice. */
async function createJob(
  run: WorkflowRun,
  state: AppState,
  servicePrincipal: ServicePrincipal,
  templateId: string,
): Promise<void> {
  const jobs = run.client.servicePrincipals.byId(servicePrincipal.id).synchronization.jobs;
  const key = WorkflowRegistry.jobKey(servicePrincipal.id, templateId);
  const made = await createVerified(run, {
    create: async () => {
      const job = await jobs.create({ templateId }, run.once);
      // With validateResponses 'off' or 'warn', a body without an id comes through: it is
      // looked up over the verification window, never created again.
      return typeof job.id === 'string' ? job : undefined;
    },
    find: () => findJob(run, servicePrincipal, templateId),
    classify: classifyJobCreate,
    key,
    what: `a job from the synchronization template '${templateId}'`,
    object: 'job',
  });
  const job = run.found('job', made.value);
  run.registry.rememberJob(key, job.id);
  state.job = job;
  // Found after an earlier run's create: that run made it, this one reuses it.
  state.created.job = made.status !== 'earlier';
  state.jobStatus = made.status === 'earlier' ? 'reused' : made.status;
}

/** The job this client's workflows made or found before, if it still exists. */
async function fromMemory(
  run: WorkflowRun,
  key: string,
  servicePrincipal: ServicePrincipal,
): Promise<SynchronizationJob | undefined> {
  const jobId = run.registry.job(key);
  if (jobId === undefined) return undefined;
  const job = run.client.servicePrincipals
    .byId(servicePrincipal.id)
    .synchronization.jobs.byId(jobId);
  try {
    // One read shows it still exists; a 404 meanwhile is waited out like replication.
    return run.found('job', await run.visible('job', (o) => job.get(o), false));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    run.registry.forgetJob(key);
    return undefined;
  }
}

/** The service principal's only synchronization template: what the job is made from. */
async function onlySyncTemplate(
  run: WorkflowRun,
  template: ApplicationTemplate,
  servicePrincipal: ServicePrincipal,
): Promise<string> {
  const templates = usableAll(
    await readWhileReplicating(run, () =>
      run.client.servicePrincipals
        .byId(servicePrincipal.id)
        .synchronization.templates.list(run.call)
        .toArray(),
    ),
    'a synchronization template',
  );
  const [only] = templates;
  if (templates.length !== 1 || only === undefined) {
    throw new InvalidInputError(
      templates.length === 0
        ? `'${template.displayName ?? template.id}' has no provisioning connector (no synchronization template).`
        : `'${template.displayName ?? template.id}' has several synchronization templates (${templates.map((t) => t.id).join(', ')}): pass syncTemplateId.`,
      { issues: [{ path: ['syncTemplateId'], message: 'needed to pick the job template' }] },
    );
  }
  return only.id;
}

function readWhileReplicating<T>(run: WorkflowRun, read: () => Promise<T>): Promise<T> {
  return retryWhileReplicating(read, {
    kinds: READ_RETRY,
    deadline: run.deadline(),
    signal: run.signal,
    onRetry: run.onReplicationRetry(run.step),
  });
}
