/**
 * `client.configureProvisioning()`: the five documented steps as one safe, re-runnable call.
 * Crash-safe instantiate (field notes §1), replication waits (§2), idempotent re-runs, and a
 * typed progress stream.
 */
import type { ProvisioningClient } from '../client.js';
import {
  AmbiguousMatchError,
  InvalidInputError,
  NotFoundError,
  appendHint,
  isGraphError,
  type AnyGraphError,
  type GraphErrorKind,
} from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { isGuid } from '../core/path.js';
import {
  OBSERVE,
  isAbortSignal,
  type RequestObserver,
  type RetryNotice,
} from '../core/request-options.js';
import { DisplayNameSchema, parseInput } from '../core/validation.js';
import type { ApplicationTemplate } from '../models/application-template.js';
import type { Application, ServicePrincipal } from '../models/directory.js';
import type { SynchronizationJob } from '../models/synchronization.js';
import type { Credentials } from '../resources/synchronization/credentials.js';
import {
  normalizeCredentials,
  redactCredentialsInOutput,
} from '../resources/synchronization/credentials.js';
import * as z from 'zod/mini';
import {
  REPLICATION_KINDS,
  pauseOrAbort,
  retryWhileReplicating,
  visibilityOptions,
  waitUntilVisible,
  type WaitUntilVisibleOptions,
} from './replication.js';

/** What to configure: one gallery app instance with its provisioning job. */
export interface ProvisioningSpec {
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
  /** Start the job (never one that is already running). Default `true`. */
  start?: boolean;
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
      readonly object: 'servicePrincipal' | 'job';
      readonly attempt: number;
      readonly elapsedMs: number;
    }
  | {
      readonly type: 'createJob';
      readonly status: 'created' | 'reused' | 'recovered';
      readonly jobId: string;
      readonly templateId: string;
    }
  | { readonly type: 'validateCredentials' }
  | { readonly type: 'saveSecrets'; readonly keys: readonly string[] }
  | { readonly type: 'start'; readonly status: 'started' | 'alreadyRunning' | 'skipped' }
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

/** Objects found or made so far; a failed run reports them. */
export interface ProvisioningPartial {
  application?: Application;
  servicePrincipal?: ServicePrincipal;
  job?: SynchronizationJob;
}

const SpecSchema = z.strictObject({
  template: z.string().check(z.refine((s) => s.trim() !== '', 'must not be blank')),
  displayName: DisplayNameSchema,
  syncTemplateId: z.optional(z.string().check(z.minLength(1))),
  credentials: z.optional(z.unknown()),
  validateCredentials: z.optional(z.boolean()),
  start: z.optional(z.boolean()),
});

/** Checks a spec (before anything is sent). */
export function checkSpec(spec: ProvisioningSpec, field = 'spec'): ProvisioningSpec {
  const checked = parseInput(SpecSchema, spec, field) as ProvisioningSpec;
  if (checked.credentials !== undefined)
    normalizeCredentials(`${field}.credentials`, checked.credentials);
  if (checked.validateCredentials === true && checked.credentials === undefined) {
    throw new InvalidInputError(`Invalid ${field}: validateCredentials needs credentials`, {
      issues: [{ path: ['validateCredentials'], message: 'needs credentials' }],
    });
  }
  // A copy (zod's output): outcomes hand it back, and printing them must not show secrets.
  return redactCredentialsInOutput(checked);
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
 * Creates (and starts) attempted per object, each only after verifying that the previous one
 * did nothing: safe to repeat, so enough tries that a 5 % fault rate almost never fails a spec.
 */
const MAX_CREATE_ATTEMPTS = 5;
/**
 * How long a create that failed ambiguously is looked for before it may be sent again, whatever
 * `replication.timeoutMs` says: replication can take minutes (field notes §2), and a create
 * sent again while the first one is still replicating makes a duplicate.
 */
const MIN_VERIFY_MS = 300_000;

/**
 * Whether the job runs on its schedule: started (its first cycle may not have run yet) and not
 * in quarantine. Starting such a job again is what Microsoft warns against; a quarantined one
 * is started again on purpose (start clears quarantine, after its secrets were saved again).
 */
export function isRunning(job: SynchronizationJob): boolean {
  const code = job.status?.code;
  return code === 'Active' || (job.schedule?.state === 'Active' && code !== 'Quarantine');
}

// Errors that may hide a write Graph carried out: look before writing again.
const AMBIGUOUS: ReadonlySet<GraphErrorKind> = new Set([
  'notFound',
  'server',
  'timeout',
  'network',
]);
const AFTER_CREATE: ReadonlySet<GraphErrorKind> = REPLICATION_KINDS;
// validateCredentials answers 400 for credentials the target rejects: that is an answer.
const NOT_400: ReadonlySet<GraphErrorKind> = new Set([
  'notFound',
  'unauthorized',
  'forbidden',
  'conflict',
]);
// A failure that tells nothing of what Graph did.
const UNCERTAIN: ReadonlySet<GraphErrorKind> = new Set(['server', 'timeout', 'network']);
const VALIDATION_RETRY: ReadonlySet<GraphErrorKind> = new Set([...NOT_400, ...UNCERTAIN]);
// Reads are safe to repeat whatever went wrong, until the window closes.
const READ_RETRY: ReadonlySet<GraphErrorKind> = new Set([...REPLICATION_KINDS, ...UNCERTAIN]);
const START_REPLICATION: ReadonlySet<GraphErrorKind> = new Set([
  'conflict',
  'forbidden',
  'notFound',
  'unauthorized',
]);

function similarity(a: string, b: string): number {
  const words = (s: string): Set<string> =>
    new Set(
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 1),
    );
  const x = words(a);
  const y = words(b);
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  const prefix = a.toLowerCase().startsWith(b.toLowerCase().slice(0, 3)) ? 0.5 : 0;
  return shared / Math.max(1, Math.max(x.size, y.size)) + prefix;
}

/** Finds the gallery template by id or exact display name. */
export async function resolveTemplate(
  client: ProvisioningClient,
  template: string,
  options: RequestOptions,
): Promise<ApplicationTemplate> {
  if (isGuid(template)) {
    try {
      return await client.applicationTemplates.get(template, options);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new InvalidInputError(`No gallery application template has the id ${template}.`, {
          issues: [{ path: ['template'], message: 'no template has this id' }],
        });
      }
      throw error;
    }
  }
  const quoted = template.replace(/'/g, "''");
  const exact = (
    await client.applicationTemplates
      .list({ filter: `displayName eq '${quoted}'` }, options)
      .toArray({ max: 10 })
  ).filter((t) => t.displayName?.toLowerCase() === template.toLowerCase());
  if (exact.length === 1 && exact[0] !== undefined) return exact[0];
  if (exact.length > 1) {
    throw new InvalidInputError(
      `Several gallery templates are named '${template}': ${exact.map((t) => t.id).join(', ')}. Pass the id.`,
      { issues: [{ path: ['template'], message: 'ambiguous display name' }] },
    );
  }
  // Closest names, for the message: templates sharing the name's longest word.
  const word =
    [...template.split(/[^\p{L}\p{N}]+/u)].sort((a, b) => b.length - a.length)[0] ?? template;
  const candidates = await client.applicationTemplates
    .list({ filter: `contains(displayName,'${word.replace(/'/g, "''")}')` }, options)
    .toArray({ max: 50 });
  const closest = candidates
    .map((t) => t.displayName ?? '')
    .filter((name) => name !== '')
    .sort((a, b) => similarity(b, template) - similarity(a, template))
    .slice(0, 5);
  throw new InvalidInputError(
    `No gallery application template is named '${template}'.${
      closest.length > 0 ? ` Closest: ${closest.map((n) => `'${n}'`).join(', ')}.` : ''
    }`,
    { issues: [{ path: ['template'], message: 'no template has this display name' }] },
  );
}

/** The template a spec names, looked up once per run (`cache`); a failed lookup is not kept. */
export async function templateOf(
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

/** The configuration workflow (see {@link ProvisioningClient.configureProvisioning}). */
export async function configureProvisioning(
  client: ProvisioningClient,
  specInput: ProvisioningSpec,
  options: ConfigureProvisioningOptions = {},
  context: WorkflowContext = {},
): Promise<ConfigureProvisioningResult> {
  const spec = checkSpec(specInput);
  const replication = checkWorkflowOptions(options);
  const { signal } = options;
  const displayName = spec.displayName;
  const emit = (event: ProvisioningProgress): void => {
    try {
      options.onProgress?.(event);
    } catch {
      // A progress display must not break the run.
    }
  };
  let step = 'template';
  const observer: RequestObserver = {
    ...(context.beforeAttempt === undefined ? {} : { beforeAttempt: context.beforeAttempt }),
    onRetry: (notice) => {
      context.onRetry?.(notice);
      emit(
        notice.reason === 'throttled'
          ? { type: 'throttled', displayName, step, delayMs: notice.delayMs }
          : {
              type: 'retry',
              displayName,
              step,
              reason: notice.reason,
              attempt: notice.attempt,
              delayMs: notice.delayMs,
            },
      );
    },
  };
  const call: RequestOptions = {
    ...(signal === undefined ? {} : { signal }),
    [OBSERVE]: observer,
  } as RequestOptions;
  const partial = context.partial ?? {};
  const deadline = (): number => Date.now() + replication.timeoutMs;
  const onReplicationRetry =
    (name: string) =>
    (state: { attempt: number; delayMs: number; error: AnyGraphError }): void => {
      emit({
        type: 'retry',
        displayName,
        step: name,
        reason: state.error.kind,
        attempt: state.attempt,
        delayMs: state.delayMs,
      });
    };
  const visible = async <T>(
    object: 'servicePrincipal' | 'job',
    read: (o: RequestOptions) => Promise<T>,
    fresh: boolean,
  ): Promise<T> =>
    waitUntilVisible((o) => read({ ...call, ...o }), {
      ...replication,
      // Objects this run did not create have long replicated: one read will do.
      consecutive: fresh ? replication.consecutive : 1,
      ...(signal === undefined ? {} : { signal }),
      onWait: ({ attempt, elapsedMs }) => {
        emit({ type: 'waitForReplication', displayName, object, attempt, elapsedMs });
      },
    });

  /** Reports a retry of the current step, then waits one replication interval. */
  const pauseBeforeRetry = async (
    reason: GraphErrorKind,
    attempt: number,
    what: string,
  ): Promise<void> => {
    emit({ type: 'retry', displayName, step, reason, attempt, delayMs: replication.intervalMs });
    await pauseOrAbort(replication.intervalMs, signal, what);
  };

  /**
   * Creates with a POST that must never run twice for one object: after an answer that may
   * hide a success (field notes §1: even a 404), it looks for the object for the whole
   * replication window (at least 5 minutes), and posts again only once it has seen nothing
   * appear in all that time.
   */
  const createVerified = async <T>(
    create: () => Promise<T>,
    find: () => Promise<T | undefined>,
    ambiguous: ReadonlySet<GraphErrorKind>,
    what: string,
  ): Promise<{ value: T; status: 'created' | 'recovered' }> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return { value: await create(), status: 'created' };
      } catch (error) {
        if (!isGraphError(error) || !ambiguous.has(error.kind)) throw error;
        const until = Date.now() + Math.max(replication.timeoutMs, MIN_VERIFY_MS);
        for (;;) {
          const found = await find();
          if (found !== undefined) return { value: found, status: 'recovered' };
          if (Date.now() + replication.intervalMs > until) break;
          await pauseBeforeRetry(error.kind, attempt, what);
        }
        if (attempt >= MAX_CREATE_ATTEMPTS) {
          throw appendHint(
            error,
            `No ${what} appeared within ${String(Math.round(Math.max(replication.timeoutMs, MIN_VERIFY_MS) / 1000))} s of each of ${String(attempt)} attempts; if one appears later, a re-run picks it up.`,
          );
        }
        // Nothing appeared in a whole replication window: it was not created; try again.
      }
    }
  };

  /**
   * Starts the job once. After a failure that may hide a success (5xx, timeout, dropped
   * connection), it reads the job: running means started; otherwise it starts again. Never on a
   * job it saw running (Microsoft warns that it can stop the service).
   */
  const startVerified = async (): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await retryWhileReplicating(() => jobResource.start(call), {
          kinds: START_REPLICATION,
          deadline: deadline(),
          signal,
          onRetry: onReplicationRetry('start'),
        });
        return;
      } catch (error) {
        if (!isGraphError(error) || !UNCERTAIN.has(error.kind) || attempt >= MAX_CREATE_ATTEMPTS)
          throw error;
        const now = await jobResource.get(call);
        if (isRunning(now)) return;
        await pauseBeforeRetry(error.kind, attempt, 'start');
      }
    }
  };

  // 1. The template.
  const template = await templateOf(client, spec.template, call, context.templates);
  emit({
    type: 'template',
    displayName,
    templateId: template.id,
    templateName: template.displayName ?? '',
  });

  // 2. The application and service principal: reuse, or instantiate crash-safely.
  step = 'instantiate';
  const findServicePrincipal = async (): Promise<ServicePrincipal | undefined> => {
    const found = await retryWhileReplicating(
      () =>
        client.servicePrincipals
          .list({ filter: { applicationTemplateId: template.id, displayName } }, call)
          .toArray({ max: 11 }),
      { kinds: READ_RETRY, deadline: deadline(), signal, onRetry: onReplicationRetry(step) },
    );
    if (found.length > 1) {
      throw new AmbiguousMatchError(
        `${String(found.length)} service principals from template ${template.id} are named '${displayName}': pick one by id, or delete the extras.`,
        {
          matches: found
            .slice(0, 10)
            .map((sp) => ({ id: sp.id, displayName: sp.displayName, appId: sp.appId })),
        },
      );
    }
    return found[0];
  };
  let servicePrincipal = await findServicePrincipal();
  let application: Application | undefined;
  let createdApplication = false;
  let instantiateStatus: 'created' | 'reused' | 'recovered' = 'reused';
  if (servicePrincipal === undefined) {
    const made = await createVerified(
      async () => {
        const result = await client.applicationTemplates.instantiate(
          template.id,
          { displayName },
          call,
        );
        application = result.application;
        return result.servicePrincipal;
      },
      findServicePrincipal,
      AMBIGUOUS,
      `an application named '${displayName}' from this template`,
    );
    servicePrincipal = made.value;
    createdApplication = true;
    instantiateStatus = made.status;
  }
  partial.servicePrincipal = servicePrincipal;
  if (application !== undefined) partial.application = application;
  emit({
    type: 'instantiate',
    displayName,
    status: instantiateStatus,
    servicePrincipalId: servicePrincipal.id,
  });
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const fresh = createdApplication;
  servicePrincipal = await visible('servicePrincipal', (o) => sp.get(o), fresh);
  partial.servicePrincipal = servicePrincipal;
  if (application === undefined) {
    const appId = servicePrincipal.appId;
    if (typeof appId !== 'string')
      throw new NotFoundError(`Service principal ${servicePrincipal.id} has no appId.`);
    application = await retryWhileReplicating(() => client.applications.byAppId(appId).get(call), {
      kinds: READ_RETRY,
      deadline: deadline(),
      signal,
      onRetry: onReplicationRetry('instantiate'),
    });
    partial.application = application;
  }

  // 3. The job: reuse the one from this synchronization template, or create it.
  step = 'createJob';
  const jobs = sp.synchronization.jobs;
  let syncTemplateId = spec.syncTemplateId;
  if (syncTemplateId === undefined) {
    const templates = await retryWhileReplicating(
      () => sp.synchronization.templates.list(call).toArray(),
      { kinds: READ_RETRY, deadline: deadline(), signal, onRetry: onReplicationRetry('createJob') },
    );
    if (templates.length !== 1 || templates[0] === undefined) {
      throw new InvalidInputError(
        templates.length === 0
          ? `'${template.displayName ?? template.id}' has no provisioning connector (no synchronization template).`
          : `'${template.displayName ?? template.id}' has several synchronization templates (${templates.map((t) => t.id).join(', ')}): pass syncTemplateId.`,
        { issues: [{ path: ['syncTemplateId'], message: 'needed to pick the job template' }] },
      );
    }
    syncTemplateId = templates[0].id;
  }
  const findJob = async (): Promise<SynchronizationJob | undefined> => {
    const all = await retryWhileReplicating(() => jobs.list(call).toArray(), {
      kinds: READ_RETRY,
      deadline: deadline(),
      signal,
      onRetry: onReplicationRetry('createJob'),
    });
    const found = all.filter((j) => j.templateId === syncTemplateId);
    if (found.length > 1) {
      throw new AmbiguousMatchError(
        `'${displayName}' has ${String(found.length)} jobs from the synchronization template '${syncTemplateId ?? ''}': pick one by id, or delete the extras.`,
        { matches: found.map((j) => ({ id: j.id })) },
      );
    }
    return found[0];
  };
  let job = await findJob();
  let createdJob = false;
  let jobStatus: 'created' | 'reused' | 'recovered' = 'reused';
  if (job === undefined) {
    const templateId = syncTemplateId;
    const made = await createVerified(
      () =>
        retryWhileReplicating(() => jobs.create({ templateId }, call), {
          kinds: AFTER_CREATE,
          deadline: deadline(),
          signal,
          onRetry: onReplicationRetry('createJob'),
        }),
      findJob,
      new Set<GraphErrorKind>(['server', 'timeout', 'network']),
      `a job from the synchronization template '${templateId}'`,
    );
    job = made.value;
    jobStatus = made.status;
    createdJob = true;
  }
  partial.job = job;
  emit({
    type: 'createJob',
    displayName,
    status: jobStatus,
    jobId: job.id,
    templateId: syncTemplateId,
  });
  const jobResource = jobs.byId(job.id);
  job = await visible('job', (o) => jobResource.get(o), createdJob);
  partial.job = job;

  // 4. Credentials: test, then save (re-applied on every run: Graph never shows them back).
  const credentials = spec.credentials;
  if (credentials !== undefined) {
    if (spec.validateCredentials !== false) {
      step = 'validateCredentials';
      emit({ type: 'validateCredentials', displayName });
      // Validation changes nothing: safe to repeat after a failure that tells nothing.
      await retryWhileReplicating(() => jobResource.validateCredentials({ credentials }, call), {
        kinds: VALIDATION_RETRY,
        deadline: deadline(),
        signal,
        onRetry: onReplicationRetry('validateCredentials'),
      });
    }
    step = 'saveSecrets';
    emit({
      type: 'saveSecrets',
      displayName,
      keys: normalizeCredentials('credentials', credentials).pairs.map((p) => p.key),
    });
    // A PUT of the same values: safe to repeat.
    await retryWhileReplicating(() => sp.synchronization.secrets.put(credentials, call), {
      kinds: VALIDATION_RETRY,
      deadline: deadline(),
      signal,
      onRetry: onReplicationRetry('saveSecrets'),
    });
  }

  // 5. Start, unless it runs already (Microsoft warns that starting a running job can stop it).
  step = 'start';
  let started = false;
  if (spec.start === false) {
    emit({ type: 'start', displayName, status: 'skipped' });
  } else if (isRunning(job)) {
    emit({ type: 'start', displayName, status: 'alreadyRunning' });
  } else {
    await startVerified();
    started = true;
    emit({ type: 'start', displayName, status: 'started' });
    job = await jobResource.get(call);
    partial.job = job;
  }

  const result: ConfigureProvisioningResult = {
    application,
    servicePrincipal,
    job,
    created: { application: createdApplication, job: createdJob },
    started,
  };
  emit({ type: 'done', displayName, result });
  return result;
}
