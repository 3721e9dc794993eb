/**
 * Step 4 of provisioning: test the credentials, then save them. Both are safe to
 * repeat (a test changes nothing; a PUT of the same values leaves the same values), so they are
 * retried through replication and failures that say nothing, and saved again on every run:
 * Graph never shows secret values back.
 */
import type { GraphErrorKind } from '../../core/errors.js';
import type { SynchronizationJob } from '../../models/synchronization.js';
import type { ServicePrincipal } from '../../models/directory.js';
import {
  normalizeCredentials,
  type Credentials,
} from '../../resources/synchronization/credentials.js';
import { credentialsActions } from '../actions.js';
import type { Step } from '../engine.js';
import { UNCERTAIN_KINDS, retryWhileReplicating } from '../replication.js';
import type { WorkflowRun } from '../run.js';

// validateCredentials answers 400 for credentials the target rejects: that is an answer.
const NOT_400: ReadonlySet<GraphErrorKind> = new Set([
  'notFound',
  'unauthorized',
  'forbidden',
  'conflict',
]);
const RETRIED: ReadonlySet<GraphErrorKind> = new Set([...NOT_400, ...UNCERTAIN_KINDS]);

/** Step 4: test (unless the spec says not to) and save the credentials, when given. */
export const credentialsStep: Step = {
  name: 'saveSecrets',
  plan(_run, state) {
    const { credentials, validateCredentials } = state.spec;
    if (credentials === undefined) return Promise.resolve([]);
    const keys = normalizeCredentials('credentials', credentials).pairs.map((p) => p.key);
    return Promise.resolve(credentialsActions(keys, validateCredentials !== false));
  },
  async apply(run, state, actions) {
    const { servicePrincipal, job } = state;
    const credentials = state.spec.credentials;
    if (actions.length === 0 || credentials === undefined) return actions;
    if (servicePrincipal === undefined || job === undefined) return actions;
    const validate = actions.some((a) => a.type === 'validateCredentials');
    await saveCredentials(run, servicePrincipal, job, credentials, validate);
    return actions;
  },
};

/** Tests (unless `validate` is false) and saves the credentials. */
async function saveCredentials(
  run: WorkflowRun,
  servicePrincipal: ServicePrincipal,
  job: SynchronizationJob,
  credentials: Credentials,
  validate: boolean,
): Promise<void> {
  const sync = run.client.servicePrincipals.byId(servicePrincipal.id).synchronization;
  const retried = (step: string) => ({
    kinds: RETRIED,
    deadline: run.deadline(),
    signal: run.signal,
    onRetry: run.onReplicationRetry(step),
  });
  if (validate) {
    run.step = 'validateCredentials';
    run.emit({ type: 'validateCredentials' });
    await retryWhileReplicating(
      () => sync.jobs.byId(job.id).validateCredentials({ credentials }, run.call),
      retried('validateCredentials'),
    );
  }
  run.step = 'saveSecrets';
  run.emit({
    type: 'saveSecrets',
    keys: normalizeCredentials('credentials', credentials).pairs.map((p) => p.key),
  });
  await retryWhileReplicating(
    () => sync.secrets.put(credentials, run.call),
    retried('saveSecrets'),
  );
}

/**
 * Tests the credentials saved for a job (`useSavedCredentials`), waiting out replication as
 * the test of given credentials does: a job made a moment ago may not be seen yet. Resolves when
 * the target accepts them; a refusal is Graph's {@link BadRequestError}.
 */
export async function testSavedCredentials(
  run: WorkflowRun,
  servicePrincipalId: string,
  jobId: string,
): Promise<void> {
  const job = run.client.servicePrincipals
    .byId(servicePrincipalId)
    .synchronization.jobs.byId(jobId);
  await retryWhileReplicating(
    () => job.validateCredentials({ useSavedCredentials: true }, run.call),
    {
      kinds: RETRIED,
      deadline: run.deadline(),
      signal: run.signal,
      onRetry: run.onReplicationRetry('validateCredentials'),
    },
  );
}
