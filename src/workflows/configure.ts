/**
 * `client.configureProvisioning()`: the five documented steps as one safe, re-runnable call.
 * Each step is its own module under `steps/`: the application (crash-safe instantiate, field
 * notes §1), the job, the credentials, the start; `verify.ts` holds the rule they share (a create
 * or a start is looked for, over several reads, before it is ever sent again) and `run.ts` what a
 * run carries (progress, replication windows, secrets no output may show).
 */
import { coreOf, type ProvisioningClient } from '../client.js';
import {
  InvalidInputError,
  NotFoundError,
  isGraphError,
  withPartial,
  type GraphErrorKind,
  type ProvisioningPartial,
} from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { traced } from '../core/traced.js';
import { isAbortSignal, type RequestObserver, type RetryNotice } from '../core/request-options.js';
import { DisplayNameSchema } from '../core/validation.js';
import { parseTypedInput } from '../internal/suggest-keys.js';
import type { ApplicationTemplate } from '../models/application-template.js';
import type { Application, ServicePrincipal } from '../models/directory.js';
import type { SynchronizationJob } from '../models/synchronization.js';
import type { Credentials } from '../resources/synchronization/credentials.js';
import {
  normalizeCredentials,
  redactCredentialsInOutput,
} from '../resources/synchronization/credentials.js';
import * as z from 'zod/mini';
import { WorkflowRegistry, registryOf } from './registry.js';
import { aborted, visibilityOptions, type WaitUntilVisibleOptions } from './replication.js';
import { WorkflowRun } from './run.js';
import type { ConfigurationAction } from './actions.js';
import { runSteps, type AppState } from './engine.js';
import { resolveTemplate } from './template.js';
import { Day2Shape, checkDay2, type Day2Spec } from './spec-day2.js';
import { SETTING_KEYS } from '../settings/settings.js';
import { withResultSummary } from './result-summary.js';

export type { ProvisioningPartial } from '../core/errors.js';

/**
 * What to configure: one gallery app instance with its provisioning job, and optionally its
 * attribute mappings, scoping filters, settings and assignments (what the spec leaves out is
 * left alone).
 */
export interface ProvisioningSpec extends Day2Spec {
  /** The gallery template: its id, or its exact display name (`'Amazon Web Services (AWS)'`). */
  template: string;
  /** Display name of the application and service principal; with the template, it identifies them. */
  displayName: string;
  /** The synchronization template to create the job from. Default: the app's only one. */
  syncTemplateId?: string;
  /** The target app's credentials (saved as the job's secrets). */
  credentials?: Credentials;
  /** Test the credentials before saving them. Default: `true` when credentials are given. */
  validateCredentials?: boolean;
  /**
   * Start the job (never one that is already running). Default `true`; `false` leaves a job that
   * runs running and one that does not stopped.
   */
  start?: boolean;
  /**
   * Whether the job should run on its schedule: `true` starts it as `start` does; `false` pauses
   * it when it is scheduled to run (running or in quarantine: the `pause` action) and never starts
   * it. Left out: as `start` says. Contradicting `start` is an error.
   */
  enabled?: boolean;
}

/** How long and how carefully to wait out directory replication. */
export type ReplicationOptions = Pick<
  WaitUntilVisibleOptions,
  'consecutive' | 'intervalMs' | 'timeoutMs'
>;

/** Options of {@link ProvisioningClient.configureProvisioning}. */
export interface ConfigureProvisioningOptions {
  /** Stops the workflow (with an {@link AbortedError}); what exists stays. */
  signal?: AbortSignal;
  /** Receives each step as it happens. */
  onProgress?: (event: ProvisioningProgress) => void;
  /**
   * Replication waits: successful reads in a row before a new object counts as there
   * (`consecutive`, default 3), their spacing (`intervalMs`, default 2 s), and how long
   * replication-class errors are waited out (`timeoutMs`, default 2 minutes).
   */
  replication?: ReplicationOptions;
  /**
   * Before starting a job, test the credentials saved for it (`validateCredentials` with
   * `useSavedCredentials: true`) when the spec gives none, and do not start it when the target
   * refuses them: a job started without working credentials only goes into quarantine ("The
   * credential 'ClientSecret' is required…"). The refusal is a {@link BadRequestError} whose
   * message says the job was not started (and, when the job's synchronization template lists
   * them, which credentials it asks for), with `partial` as for any failure. Graph does not
   * document which credentials a connector requires, so they are tested rather than predicted.
   * Default `false` (one more request before a start); the CLI turns it on.
   */
  testSavedCredentials?: boolean;
}

/** What exists after a run, and what the run created. */
export interface ConfigureProvisioningResult {
  /** The application. */
  readonly application: Application;
  /** Its service principal. */
  readonly servicePrincipal: ServicePrincipal;
  /** The provisioning job, as read at the end. */
  readonly job: SynchronizationJob;
  /** What this run created (the rest already existed and was reused). */
  readonly created: { readonly application: boolean; readonly job: boolean };
  /** Whether this run started the job (`false` when it was running already, or `start: false`). */
  readonly started: boolean;
  /**
   * What this run did, in order: the same kinds of action
   * {@link ProvisioningClient.planProvisioning} would have reported just before it, with what
   * became known while carrying them out (the job's id, its synchronization template). A
   * create an earlier run had made (its answer lost) is found, not sent, and not listed.
   * Empty when everything was as the spec says.
   */
  readonly actions: readonly ConfigurationAction[];
}

/** A step of {@link ProvisioningClient.configureProvisioning}, for progress displays. */
export type ProvisioningProgress = { readonly displayName: string } & (
  | { readonly type: 'template'; readonly templateId: string; readonly templateName: string }
  | {
      readonly type: 'instantiate';
      /** `reused`: it existed; `recovered`: instantiate failed but had created it (field notes §1). */
      readonly status: 'created' | 'reused' | 'recovered';
      readonly servicePrincipalId: string;
    }
  | {
      readonly type: 'waitForReplication';
      /** What is read again: a new object until it shows, or an absence until it is sure. */
      readonly object: 'application' | 'servicePrincipal' | 'job';
      readonly attempt: number;
      readonly elapsedMs: number;
    }
  | {
      readonly type: 'createJob';
      readonly status: 'created' | 'reused' | 'recovered';
      readonly jobId: string;
      readonly templateId: string;
    }
  | { readonly type: 'editSchema' }
  | {
      readonly type: 'validateCredentials';
      /** `true`: the credentials saved earlier are tested, before a start (none were given). */
      readonly saved?: boolean;
    }
  | { readonly type: 'saveSecrets'; readonly keys: readonly string[] }
  | { readonly type: 'updateSettings' }
  | { readonly type: 'assign'; readonly principalId: string }
  | { readonly type: 'unassign'; readonly assignmentId: string }
  | {
      readonly type: 'start';
      readonly status: 'started' | 'alreadyRunning' | 'skipped' | 'paused';
    }
  | {
      readonly type: 'retry';
      /** The step that is retried. */
      readonly step: string;
      /** Why: an HTTP failure the client retries, or an error replication explains. */
      readonly reason: GraphErrorKind;
      readonly attempt: number;
      readonly delayMs: number;
    }
  | { readonly type: 'throttled'; readonly step: string; readonly delayMs: number }
  | { readonly type: 'done'; readonly result: ConfigureProvisioningResult }
);

const SpecSchema = z.strictObject({
  template: z.string().check(z.refine((s) => s.trim() !== '', 'must not be blank')),
  displayName: DisplayNameSchema,
  syncTemplateId: z.optional(z.string().check(z.minLength(1))),
  credentials: z.optional(z.unknown()),
  validateCredentials: z.optional(z.boolean()),
  start: z.optional(z.boolean()),
  enabled: z.optional(z.boolean()),
  ...Day2Shape,
});

/** Checks a spec (before anything is sent). */
export function checkSpec(spec: ProvisioningSpec, field = 'spec'): ProvisioningSpec {
  const checked = parseTypedInput(SpecSchema, spec, field) as ProvisioningSpec;
  if (checked.credentials !== undefined)
    normalizeCredentials(`${field}.credentials`, checked.credentials);
  checkDay2Fields(checked, field);
  if (checked.validateCredentials === true && checked.credentials === undefined) {
    throw new InvalidInputError(`Invalid ${field}: validateCredentials needs credentials`, {
      issues: [{ path: ['validateCredentials'], message: 'needs credentials' }],
    });
  }
  if (checked.enabled !== undefined && checked.start !== undefined) {
    if (checked.enabled !== checked.start) {
      throw new InvalidInputError(
        `Invalid ${field}: enabled: ${String(checked.enabled)} contradicts start: ${String(checked.start)}`,
        { issues: [{ path: ['enabled'], message: 'contradicts start' }] },
      );
    }
  }
  // A copy (zod's output): outcomes hand it back, and printing them must not show secrets.
  return redactCredentialsInOutput(checked);
}

/** The Day-2 fields, deeper than the schema checks them (paths under `field`). */
function checkDay2Fields(spec: ProvisioningSpec, field: string): void {
  try {
    checkDay2(spec);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(`Invalid ${field}.${error.message.replace(/^Invalid /, '')}`, {
      issues: error.issues,
    });
  }
  if (spec.assignmentsExclusive !== undefined && spec.assignments === undefined) {
    throw new InvalidInputError(
      `Invalid ${field}.assignmentsExclusive: it needs assignments (the list to keep)`,
      { issues: [{ path: ['assignmentsExclusive'], message: 'needs assignments' }] },
    );
  }
  if (spec.settings !== undefined && spec.credentials !== undefined) {
    const keys = normalizeCredentials(`${field}.credentials`, spec.credentials).pairs.map(
      (p) => p.key,
    );
    const setting = keys.find((k) => SETTING_KEYS.has(k));
    if (setting !== undefined) {
      throw new InvalidInputError(
        `Invalid ${field}.credentials: '${setting}' is a setting; with settings given, set it there`,
        { issues: [{ path: ['credentials', setting], message: 'a setting: set it in settings' }] },
      );
    }
  }
}

/** Run-wide services the many-app workflow shares with each run. */
export interface WorkflowContext {
  /** Resolves a template once per run. */
  readonly templates?: Map<string, Promise<ApplicationTemplate>>;
  /** Awaited before each HTTP attempt (pacing). */
  readonly beforeAttempt?: RequestObserver['beforeAttempt'];
  /** Sees every retry, e.g. to slow down on 429. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Filled in as objects are found or made. */
  readonly partial?: ProvisioningPartial;
}

/**
 * The template a spec names, looked up once per run (`cache`); a failed lookup is not kept. The
 * `template` step's span (when the client traces).
 */
export async function templateOf(
  client: ProvisioningClient,
  template: string,
  call: RequestOptions,
  cache: Map<string, Promise<ApplicationTemplate>> | undefined,
): Promise<ApplicationTemplate> {
  return traced(coreOf(client), 'template', () => lookUpTemplate(client, template, call, cache));
}

async function lookUpTemplate(
  client: ProvisioningClient,
  template: string,
  call: RequestOptions,
  cache: Map<string, Promise<ApplicationTemplate>> | undefined,
): Promise<ApplicationTemplate> {
  let pending = cache?.get(template);
  if (pending === undefined) {
    const mine = resolveTemplate(client, template, call);
    pending = mine;
    cache?.set(template, mine);
    // The specs after this one try again rather than inherit a transient failure.
    mine.catch(() => {
      if (cache !== undefined && cache.get(template) === mine) cache.delete(template);
    });
  }
  return pending;
}

/**
 * Checks the options shared by both workflows, before anything is sent: `replication` values,
 * that `signal` is an AbortSignal and `onProgress` a function.
 */
export function checkWorkflowOptions(options: {
  readonly signal?: unknown;
  readonly onProgress?: unknown;
  readonly replication?: unknown;
  readonly testSavedCredentials?: unknown;
}): Required<ReplicationOptions> {
  const fail = (path: string[], message: string): never => {
    throw new InvalidInputError(`Invalid ${path.join('.')}: ${message}`, {
      issues: [{ path, message }],
    });
  };
  if (typeof options !== 'object' || options === null) fail(['options'], 'must be an object');
  if (options.signal !== undefined && !isAbortSignal(options.signal))
    fail(['signal'], 'must be an AbortSignal');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    fail(['onProgress'], 'must be a function');
  if (
    options.testSavedCredentials !== undefined &&
    typeof options.testSavedCredentials !== 'boolean'
  )
    fail(['testSavedCredentials'], 'must be a boolean');
  const replication: unknown = options.replication ?? {};
  if (typeof replication !== 'object' || replication === null)
    fail(['replication'], 'must be an object');
  try {
    return visibilityOptions(replication as ReplicationOptions);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const issues = error.issues.map((i) => ({ ...i, path: ['replication', ...i.path] }));
    throw new InvalidInputError(`Invalid replication.${error.message.replace(/^Invalid /, '')}`, {
      issues,
    });
  }
}

/**
 * The configuration workflow (see {@link ProvisioningClient.configureProvisioning}): one span,
 * with the steps' spans in it, when the client traces.
 */
export async function configureProvisioning(
  client: ProvisioningClient,
  specInput: ProvisioningSpec,
  options: ConfigureProvisioningOptions = {},
  context: WorkflowContext = {},
): Promise<ConfigureProvisioningResult> {
  return traced(coreOf(client), 'configureProvisioning', () =>
    configure(client, specInput, options, context),
  );
}

/**
 * The values no error, log line, event or result of a run for `spec` may show: its credentials.
 * Every request of the run carries them, since any read (a start, a job read, the saved secrets)
 * may echo them; a plan's reads as much as a configure's writes.
 */
export function specSecrets(spec: ProvisioningSpec): readonly string[] {
  return spec.credentials === undefined
    ? []
    : normalizeCredentials('credentials', spec.credentials).secrets;
}

async function configure(
  client: ProvisioningClient,
  specInput: ProvisioningSpec,
  options: ConfigureProvisioningOptions,
  context: WorkflowContext,
): Promise<ConfigureProvisioningResult> {
  const spec = checkSpec(specInput);
  const replication = checkWorkflowOptions(options);
  const secrets = specSecrets(spec);
  const registry = registryOf(client);
  const run = new WorkflowRun({
    client,
    displayName: spec.displayName,
    signal: options.signal,
    replication,
    registry,
    secrets,
    onProgress: options.onProgress,
    context,
    testSavedCredentials: options.testSavedCredentials === true,
  });
  const created = { application: false, job: false };
  try {
    const template = await templateOf(client, spec.template, run.call, context.templates);
    run.emit({
      type: 'template',
      templateId: template.id,
      templateName: template.displayName ?? '',
    });
    // One run at a time per app in this client: a second one finds what the first made.
    const release = await registry
      .lock(WorkflowRegistry.appKey(template.id, spec.displayName), run.signal)
      .catch((reason: unknown) => {
        throw run.signal?.aborted ? aborted(run.signal, 'another run of this app') : reason;
      });
    try {
      return await configureApp(run, spec, template, created);
    } finally {
      release();
    }
  } catch (error) {
    if (isGraphError(error)) throw withPartial(error, { ...run.partial, created: { ...created } });
    throw error;
  }
}

/** Steps 2 to 5, for a spec whose template is known: each step planned, then carried out. */
async function configureApp(
  run: WorkflowRun,
  spec: ProvisioningSpec,
  template: ApplicationTemplate,
  created: { application: boolean; job: boolean },
): Promise<ConfigureProvisioningResult> {
  const state: AppState = { spec, template, created, started: false };
  const actions = await runSteps(run, state, 'apply');
  const { application, servicePrincipal, job } = state;
  if (application === undefined || servicePrincipal === undefined || job === undefined) {
    throw new NotFoundError(`'${spec.displayName}' is not complete after its steps.`);
  }
  // Printed summary first in a REPL (a hook only util.inspect sees, added after the scrub's copy).
  const result = withResultSummary(
    run.scrubbed({
      application,
      servicePrincipal,
      job,
      created: { ...created },
      started: state.started,
      actions,
    }),
  );
  run.emit({ type: 'done', result });
  return result;
}
