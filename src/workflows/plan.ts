/**
 * `client.planProvisioning()` and `planProvisioningMany()`: what configuring an app would do,
 * from the same steps `configureProvisioning` runs, reading only.
 */
import { coreOf, type ProvisioningClient } from '../client.js';
import { traced } from '../core/traced.js';
import { AbortedError, isGraphError, type AnyGraphError } from '../core/errors.js';
import type { ConfigurationAction } from './actions.js';
import {
  checkSpec,
  checkWorkflowOptions,
  specSecrets,
  templateOf,
  type ProvisioningSpec,
  type ReplicationOptions,
  type WorkflowContext,
} from './configure.js';
import { runSteps, type AppState } from './engine.js';
import { checkConcurrency, checkManySpecs } from './many.js';
import { WorkflowRegistry } from './registry.js';
import { WorkflowRun } from './run.js';
import type { ApplicationTemplate } from '../models/application-template.js';

/** Options of {@link ProvisioningClient.planProvisioning}. */
export interface PlanProvisioningOptions {
  /** Stops the plan (with an {@link AbortedError}). */
  signal?: AbortSignal;
  /**
   * How absences are confirmed, as in {@link ConfigureProvisioningOptions.replication}: an app
   * or a job counts as missing only after `consecutive` reads in a row show it missing.
   */
  replication?: ReplicationOptions;
}

/** Options of {@link ProvisioningClient.planProvisioningMany}. */
export interface PlanProvisioningManyOptions extends PlanProvisioningOptions {
  /** Specs planned at the same time. Default 8. */
  concurrency?: number;
}

/** What configuring one app would do. */
export interface ProvisioningPlan {
  readonly displayName: string;
  /** The gallery template the spec names, resolved. */
  readonly template: { readonly id: string; readonly displayName: string };
  /**
   * The app's application id (`appId`, the portal's "Application (client) ID"), or `null` when
   * it would be created.
   */
  readonly appId: string | null;
  /** The app's service principal, or `null` when it would be created. */
  readonly servicePrincipalId: string | null;
  /** The job, or `null` when it would be created. */
  readonly jobId: string | null;
  /** The actions, in order; empty when the app is as the spec says. */
  readonly actions: readonly ConfigurationAction[];
}

/** The plan of one spec of {@link ProvisioningClient.planProvisioningMany}. */
export type ProvisioningPlanOutcome =
  | { readonly spec: ProvisioningSpec; readonly ok: true; readonly plan: ProvisioningPlan }
  | { readonly spec: ProvisioningSpec; readonly ok: false; readonly error: AnyGraphError };

/** The plan of one spec (see {@link ProvisioningClient.planProvisioning}): a span when traced. */
export async function planProvisioning(
  client: ProvisioningClient,
  specInput: ProvisioningSpec,
  options: PlanProvisioningOptions = {},
  context: WorkflowContext = {},
): Promise<ProvisioningPlan> {
  return traced(coreOf(client), 'planProvisioning', () =>
    plan(client, specInput, options, context),
  );
}

async function plan(
  client: ProvisioningClient,
  specInput: ProvisioningSpec,
  options: PlanProvisioningOptions,
  context: WorkflowContext,
): Promise<ProvisioningPlan> {
  const spec = checkSpec(specInput);
  const replication = checkWorkflowOptions(options);
  const run = new WorkflowRun({
    client,
    displayName: spec.displayName,
    signal: options.signal,
    replication,
    // Its own memory: what a plan finds or misses must not change what a later configure
    // trusts without reading (a remembered job skips the list and its ambiguity check).
    registry: new WorkflowRegistry(),
    secrets: specSecrets(spec),
    onProgress: undefined,
    context,
    planning: true,
  });
  const template = await templateOf(client, spec.template, run.call, context.templates);
  return planApp(run, spec, template);
}

async function planApp(
  run: WorkflowRun,
  spec: ProvisioningSpec,
  template: ApplicationTemplate,
): Promise<ProvisioningPlan> {
  const state: AppState = {
    spec,
    template,
    created: { application: false, job: false },
    started: false,
  };
  const actions = await runSteps(run, state, 'plan');
  return {
    displayName: spec.displayName,
    template: { id: template.id, displayName: template.displayName ?? template.id },
    appId: state.servicePrincipal?.appId ?? state.application?.appId ?? null,
    servicePrincipalId: state.servicePrincipal?.id ?? null,
    jobId: state.job?.id ?? null,
    actions,
  };
}

/** The plans of many specs (see {@link ProvisioningClient.planProvisioningMany}): a span when traced. */
export async function planProvisioningMany(
  client: ProvisioningClient,
  specs: readonly ProvisioningSpec[],
  options: PlanProvisioningManyOptions = {},
): Promise<ProvisioningPlanOutcome[]> {
  return traced(coreOf(client), 'planProvisioningMany', () => planMany(client, specs, options));
}

async function planMany(
  client: ProvisioningClient,
  specs: readonly ProvisioningSpec[],
  options: PlanProvisioningManyOptions,
): Promise<ProvisioningPlanOutcome[]> {
  const checked = checkManySpecs(specs);
  checkWorkflowOptions(options);
  const concurrency = checkConcurrency(options.concurrency);
  const templates = new Map<string, Promise<ApplicationTemplate>>();
  const one = {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.replication === undefined ? {} : { replication: options.replication }),
  };
  const outcomes: ProvisioningPlanOutcome[] = [];
  let next = 0;
  let unexpected: unknown;
  const worker = async (): Promise<void> => {
    // After an error that is not Graph's, no spec starts; those running finish.
    for (let i = next; i < checked.length && unexpected === undefined; i = next) {
      next += 1;
      try {
        outcomes[i] = await planOne(client, checked[i] as ProvisioningSpec, one, templates);
      } catch (error) {
        unexpected ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, checked.length) }, () => worker()));
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- what was thrown, as is
  if (unexpected !== undefined) throw unexpected;
  return outcomes;
}

async function planOne(
  client: ProvisioningClient,
  spec: ProvisioningSpec,
  options: PlanProvisioningOptions,
  templates: Map<string, Promise<ApplicationTemplate>>,
): Promise<ProvisioningPlanOutcome> {
  try {
    if (options.signal?.aborted)
      throw new AbortedError('Not planned: the run was aborted.', { cause: options.signal.reason });
    return { spec, ok: true, plan: await planProvisioning(client, spec, options, { templates }) };
  } catch (error) {
    if (isGraphError(error)) return { spec, ok: false, error };
    throw error;
  }
}
