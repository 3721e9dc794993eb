/**
 * `client.configureProvisioningMany()`: hundreds of apps in one run, under Graph's write quota,
 * with one outcome per spec whatever fails.
 */
import { coreOf, type ProvisioningClient } from '../client.js';
import { traced } from '../core/traced.js';
import {
  AbortedError,
  InvalidInputError,
  ThrottledError,
  isGraphError,
  type AnyGraphError,
  type ValidationIssue,
} from '../core/errors.js';
import type { ApplicationTemplate } from '../models/application-template.js';
import type { RetryNotice } from '../core/request-options.js';
import {
  checkSpec,
  checkWorkflowOptions,
  configureProvisioning,
  type ProvisioningPartial,
  type ProvisioningProgress,
  type ConfigureProvisioningResult,
  type ProvisioningSpec,
  type ReplicationOptions,
} from './configure.js';
import { Pacer } from './pacer.js';
import { GRAPH_REQUEST_QUOTA, GRAPH_WRITE_QUOTA, checkQuota, type RequestQuota } from './quota.js';

/** Options of {@link ProvisioningClient.configureProvisioningMany}. */
export interface ConfigureProvisioningManyOptions {
  /** Specs configured at the same time. Default 8. */
  concurrency?: number;
  /** Stops the run: no spec starts after it fires; running ones stop at their next request. */
  signal?: AbortSignal;
  /** Each step of each spec, with the spec's index. */
  onProgress?: (event: ProvisioningProgress & { readonly index: number }) => void;
  /** Each spec's outcome as soon as it settles (a progress bar counts them); input order at the end. */
  onOutcome?: (outcome: ProvisioningOutcome, index: number) => void;
  /**
   * The write budget the run paces itself under: Graph's 3,000 identity writes per 150 s per
   * app and tenant by default. Lower it when other tools write with the same app.
   */
  writeQuota?: RequestQuota;
  /**
   * The budget of all requests, reads included: Graph's 3,500 resource units per 10 s per app
   * and tenant (a small tenant's) by default.
   */
  requestQuota?: RequestQuota;
  /** Replication waits, as in {@link ConfigureProvisioningOptions.replication}. */
  replication?: ReplicationOptions;
  /** Test saved credentials before a start, as {@link ConfigureProvisioningOptions.testSavedCredentials} says. */
  testSavedCredentials?: boolean;
}

/** What happened to one spec of a run. */
export type ProvisioningOutcome =
  | {
      readonly spec: ProvisioningSpec;
      readonly ok: true;
      readonly result: ConfigureProvisioningResult;
    }
  | {
      readonly spec: ProvisioningSpec;
      readonly ok: false;
      readonly error: AnyGraphError;
      /** What exists for this spec despite the failure (found or made before it). */
      readonly partial: ProvisioningPartial;
    };

/** `concurrency`: 1 to 64, default 8. */
export function checkConcurrency(value: unknown): number {
  if (value === undefined) return 8;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 64) {
    const message = 'must be a whole number from 1 to 64';
    throw new InvalidInputError(`Invalid concurrency: ${message}`, {
      issues: [{ path: ['concurrency'], message }],
    });
  }
  return value;
}

/** Checks every spec before anything is sent; an issue's path starts with `specs`, index. */
export function checkManySpecs(specs: readonly ProvisioningSpec[]): ProvisioningSpec[] {
  // JavaScript callers pass anything; checked through `unknown` so that `specs` keeps its type.
  const given: unknown = specs;
  if (!Array.isArray(given)) {
    throw new InvalidInputError('Invalid specs: expected an array of provisioning specs', {
      issues: [{ path: ['specs'], message: 'expected an array' }],
    });
  }
  // Every spec is checked before anything is sent.
  return specs.map((spec, i) => {
    try {
      return checkSpec(spec, `specs[${String(i)}]`);
    } catch (error) {
      if (error instanceof InvalidInputError) {
        const issues: ValidationIssue[] = error.issues.map((issue) => ({
          ...issue,
          path: ['specs', i, ...issue.path],
        }));
        throw new InvalidInputError(error.message, { issues });
      }
      throw error;
    }
  });
}

/**
 * The many-app workflow (see {@link ProvisioningClient.configureProvisioningMany}): one span,
 * with each spec's `configureProvisioning` span in it, when the client traces.
 */
export async function configureProvisioningMany(
  client: ProvisioningClient,
  specs: readonly ProvisioningSpec[],
  options: ConfigureProvisioningManyOptions = {},
): Promise<ProvisioningOutcome[]> {
  return traced(coreOf(client), 'configureProvisioningMany', () =>
    configureMany(client, specs, options),
  );
}

async function configureMany(
  client: ProvisioningClient,
  specs: readonly ProvisioningSpec[],
  options: ConfigureProvisioningManyOptions,
): Promise<ProvisioningOutcome[]> {
  const checked = checkManySpecs(specs);
  checkWorkflowOptions(options);
  if (options.onOutcome !== undefined && typeof options.onOutcome !== 'function') {
    throw new InvalidInputError('Invalid onOutcome: must be a function', {
      issues: [{ path: ['onOutcome'], message: 'must be a function' }],
    });
  }
  const settled = (index: number): void => {
    const outcome = outcomes[index];
    if (outcome === undefined) return;
    try {
      options.onOutcome?.(outcome, index);
    } catch {
      // A display must not break the run.
    }
  };
  const concurrency = checkConcurrency(options.concurrency);
  // A Retry-After longer than the client waits out ends the specs still waiting with a
  // ThrottledError, rather than holding the run for days.
  const maxPauseMs = coreOf(client).maxRetryAfterMs;
  const writes = new Pacer(
    checkQuota('writeQuota', options.writeQuota, GRAPH_WRITE_QUOTA),
    Date.now,
    maxPauseMs,
  );
  const requests = new Pacer(
    checkQuota('requestQuota', options.requestQuota, GRAPH_REQUEST_QUOTA),
    Date.now,
    maxPauseMs,
  );
  const { signal } = options;
  const templates = new Map<string, Promise<ApplicationTemplate>>();
  const outcomes: (ProvisioningOutcome | undefined)[] = checked.map(() => undefined);
  let next = 0;
  let unexpected: unknown;

  const beforeAttempt = async (method: string, attemptSignal: AbortSignal | undefined) => {
    if (method !== 'GET') await writes.acquire(attemptSignal);
    await requests.acquire(attemptSignal);
  };
  // Whichever budget Graph meant, both hold back for its Retry-After.
  const throttled = (retryAfterMs: number): void => {
    writes.throttled(retryAfterMs);
    requests.throttled(retryAfterMs);
  };
  const onRetry = (notice: RetryNotice): void => {
    if (notice.reason === 'throttled') throttled(notice.delayMs);
  };

  const runOne = async (index: number): Promise<void> => {
    const spec = checked[index] as ProvisioningSpec;
    const partial: ProvisioningPartial = {};
    try {
      if (signal?.aborted)
        throw new AbortedError('Not started: the run was aborted.', { cause: signal.reason });
      // Specs that name one app (by template id or name, in any case) run one after the other:
      // configureProvisioning takes a lock per app, and the second finds what the first made.
      const result = await configureProvisioning(
        client,
        spec,
        {
          ...(signal === undefined ? {} : { signal }),
          ...(options.replication === undefined ? {} : { replication: options.replication }),
          ...(options.testSavedCredentials === undefined
            ? {}
            : { testSavedCredentials: options.testSavedCredentials }),
          onProgress: (event) => options.onProgress?.({ ...event, index }),
        },
        { templates, partial, beforeAttempt, onRetry },
      );
      outcomes[index] = { spec, ok: true, result };
    } catch (error) {
      // A 429 the client gave up on (Retry-After too long, retries spent) still slows the run.
      if (error instanceof ThrottledError) throttled(error.retryAfterMs);
      if (isGraphError(error)) {
        outcomes[index] = { spec, ok: false, error, partial: error.partial ?? partial };
      } else unexpected ??= error;
    } finally {
      settled(index);
    }
  };

  const worker = async (): Promise<void> => {
    while (unexpected === undefined) {
      const index = next;
      if (index >= checked.length) return;
      next += 1;
      await runOne(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, checked.length) }, () => worker()));
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a callback threw, as is
  if (unexpected !== undefined) throw unexpected;
  return outcomes.map(
    (outcome, i) =>
      outcome ?? {
        spec: checked[i] as ProvisioningSpec,
        ok: false,
        error: new AbortedError('Not started: the run was aborted.'),
        partial: {},
      },
  );
}
