/**
 * The steps that provision an app, and the one driver that runs them for a plan or for real.
 *
 * Each step has two halves. `plan` observes the tenant (reads only) and decides the actions
 * it needs, recording what it found in the shared state; `apply` carries out exactly those
 * actions, verifies them (replication-safe), and settles the state for the next step.
 * `planProvisioning` runs the `plan` halves only, so a later step plans against what an earlier
 * one would create (an app that does not exist yet has no job to read); `configureProvisioning`
 * runs both halves step by step, so each step plans against what the previous one made, and
 * reports the actions it carried out. A new step is a file and an entry in {@link STEPS}.
 */
import { coreOf } from '../client.js';
import { traced } from '../core/traced.js';
import type { Application, ServicePrincipal } from '../models/directory.js';
import type { ApplicationTemplate } from '../models/application-template.js';
import type { SynchronizationJob } from '../models/synchronization.js';
import type { ConfigurationAction } from './actions.js';
import type { ProvisioningSpec } from './configure.js';
import type { WorkflowRun } from './run.js';
import { applicationStep } from './steps/application.js';
import { assignmentsStep } from './steps/assignments.js';
import { credentialsStep } from './steps/credentials.js';
import { jobStep } from './steps/job.js';
import { schemaStep } from './steps/schema.js';
import { settingsStep } from './steps/settings.js';
import { startStep } from './steps/start.js';

/** How an app or a job came to be. */
export type Provenance = 'created' | 'reused' | 'recovered';

/** What the steps know about one app so far. */
export interface AppState {
  readonly spec: ProvisioningSpec;
  readonly template: ApplicationTemplate;
  /** What this run created (the rest existed). Shared with the error's `partial`. */
  readonly created: { application: boolean; job: boolean };
  application?: Application | undefined;
  servicePrincipal?: ServicePrincipal | undefined;
  appStatus?: Provenance;
  job?: SynchronizationJob | undefined;
  jobStatus?: Provenance;
  /** The synchronization template the job is (or would be) made from, once known. */
  syncTemplateId?: string;
  started: boolean;
}

/** One step: observe and decide (reads only), then act and verify. */
export interface Step {
  readonly name: string;
  /** Reads only: the actions this step needs, given the state. May record what it read. */
  plan(run: WorkflowRun, state: AppState): Promise<readonly ConfigurationAction[]>;
  /**
   * Carries out `actions` (what `plan` returned, possibly none) and settles the state. Returns
   * the actions it carried out (a create an earlier run had made, found rather than
   * sent, is not reported).
   */
  apply(
    run: WorkflowRun,
    state: AppState,
    actions: readonly ConfigurationAction[],
  ): Promise<readonly ConfigurationAction[]>;
}

/**
 * The steps, in order: the schema is edited before the credentials are saved and the job
 * started, so its first cycle already runs with the spec's mappings and scope; the settings
 * after the credentials, whose masked keys their PUT must carry.
 */
export const STEPS: readonly Step[] = [
  applicationStep,
  jobStep,
  schemaStep,
  credentialsStep,
  settingsStep,
  assignmentsStep,
  startStep,
];

/**
 * Runs the steps: `plan` mode only observes and decides; `apply` mode acts on each step's
 * decision before the next step observes. Returns the actions, in order. Each step is a span
 * named as the step (when the client traces).
 */
export async function runSteps(
  run: WorkflowRun,
  state: AppState,
  mode: 'plan' | 'apply',
): Promise<ConfigurationAction[]> {
  const all: ConfigurationAction[] = [];
  const core = coreOf(run.client);
  for (const step of STEPS) {
    const done = await traced(core, step.name, async () => {
      const actions = await step.plan(run, state);
      return mode === 'apply' ? step.apply(run, state, actions) : actions;
    });
    all.push(...done);
  }
  return all;
}
