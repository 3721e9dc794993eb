/**
 * Step 3 of `configureProvisioning`: the provisioning job. Reused when one exists from the
 * synchronization template (from this client's memory, or the service principal's jobs over
 * several reads), created otherwise, never twice.
 */
import { AmbiguousMatchError, InvalidInputError, NotFoundError } from '../../core/errors.js';
import type { ApplicationTemplate } from '../../models/application-template.js';
import type { ServicePrincipal } from '../../models/directory.js';
import type { SynchronizationJob } from '../../models/synchronization.js';
import { WorkflowRegistry } from '../registry.js';
import { READ_RETRY, retryWhileReplicating } from '../replication.js';
import type { WorkflowRun } from '../run.js';
import { usableAll } from '../usable.js';
import { classifyJobCreate, confirmAbsent, createVerified } from '../verify.js';

/** What the job step leaves. */
export interface JobStep {
  readonly job: SynchronizationJob;
  readonly syncTemplateId: string;
  readonly created: boolean;
  readonly status: 'created' | 'reused' | 'recovered';
}

/**
 * Makes sure the job exists. `spFresh`: this run made the service principal, so it has no job
 * yet and one read of its jobs will do.
 */
export async function ensureJob(
  run: WorkflowRun,
  template: ApplicationTemplate,
  servicePrincipal: ServicePrincipal,
  syncTemplateId: string | undefined,
  spFresh: boolean,
): Promise<JobStep> {
  run.step = 'createJob';
  const jobs = run.client.servicePrincipals.byId(servicePrincipal.id).synchronization.jobs;
  const templateId = syncTemplateId ?? (await onlySyncTemplate(run, template, servicePrincipal));
  const key = WorkflowRegistry.jobKey(servicePrincipal.id, templateId);
  const known = await fromMemory(run, key, servicePrincipal);
  if (known !== undefined)
    return { job: known, syncTemplateId: templateId, created: false, status: 'reused' };

  const find = async (): Promise<SynchronizationJob | undefined> => {
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
  };
  const first = await find();
  const existing = spFresh ? first : await confirmAbsent(run, find, 'job', first);
  if (existing !== undefined) {
    run.registry.rememberJob(key, existing.id);
    return { job: existing, syncTemplateId: templateId, created: false, status: 'reused' };
  }

  const made = await createVerified(run, {
    create: async () => {
      const job = await jobs.create({ templateId }, run.once);
      // With validateResponses 'off' or 'warn', a body without an id comes through: it is
      // looked up over the verification window, never created again.
      return typeof job.id === 'string' ? job : undefined;
    },
    find,
    classify: classifyJobCreate,
    key,
    what: `a job from the synchronization template '${templateId}'`,
    object: 'job',
  });
  const job = run.found('job', made.value);
  run.registry.rememberJob(key, job.id);
  // Found after an earlier run's create: that run made it, this one reuses it.
  return made.status === 'earlier'
    ? { job, syncTemplateId: templateId, created: false, status: 'reused' }
    : { job, syncTemplateId: templateId, created: true, status: made.status };
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
