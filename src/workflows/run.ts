/**
 * One run of `configureProvisioning`: what every step shares. The request options every call
 * carries (signal, pacing, the run's credentials as values no error may show), progress events
 * (scrubbed of those values too), the replication settings and their deadlines, and the record
 * of what exists so far.
 */
import { coreOf, type ProvisioningClient } from '../client.js';
import type { AnyGraphError, GraphErrorKind, ProvisioningPartial } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { OBSERVE, type RequestObserver } from '../core/request-options.js';
import { scrubber, secretScrubber } from '../internal/redact.js';
import { scrubDeep, scrubTokens } from '../internal/token-shapes.js';
import { pauseOrAbort, waitUntilVisible } from './replication.js';
import type { WorkflowRegistry } from './registry.js';
import { usable } from './usable.js';

const NAMES = {
  application: 'an application',
  servicePrincipal: 'a service principal',
  job: 'a job',
} as const;
import type { ProvisioningProgress, ReplicationOptions, WorkflowContext } from './configure.js';

/**
 * How long a create that failed ambiguously is looked for before it may be sent again, whatever
 * `replication.timeoutMs` says: replication can take minutes (field notes §2), and a create
 * sent again while the first one is still replicating makes a duplicate.
 */
export const MIN_VERIFY_MS = 300_000;

/** Progress without the spec's display name, which the run adds. */
export type ProgressEvent = ProgressWithoutName<ProvisioningProgress>;
type ProgressWithoutName<E> = E extends unknown ? Omit<E, 'displayName'> : never;

/** The members of a run's result whose `displayName` is an app's name. */
const NAMED = new Set(['application', 'servicePrincipal']);

/** The run of one spec. */
export class WorkflowRun {
  readonly client: ProvisioningClient;
  readonly displayName: string;
  readonly signal: AbortSignal | undefined;
  readonly replication: Required<ReplicationOptions>;
  readonly registry: WorkflowRegistry;
  /** Found or made so far, scrubbed: what a failure reports. */
  readonly partial: ProvisioningPartial;
  /** Request options of every call: signal, pacing, retries reported, secrets scrubbed. */
  readonly call: RequestOptions;
  /** The same, for a create or a start: sent once, whatever Graph answers (even 429). */
  readonly once: RequestOptions;
  /** A plan's run: observe only, and report what is seen now rather than wait for it. */
  readonly planning: boolean;
  /**
   * Test the saved credentials before a start that no credentials of this run were tested for
   * (the `testSavedCredentials` option of configureProvisioning).
   */
  readonly testSavedCredentials: boolean;
  /** The step running, for progress events. */
  step = 'template';
  readonly #onProgress: ((event: ProvisioningProgress) => void) | undefined;
  readonly #clean: (text: string) => string;
  readonly #cleanName: (text: string) => string;

  constructor(init: {
    client: ProvisioningClient;
    displayName: string;
    signal: AbortSignal | undefined;
    replication: Required<ReplicationOptions>;
    registry: WorkflowRegistry;
    secrets: readonly string[];
    onProgress: ((event: ProvisioningProgress) => void) | undefined;
    context: WorkflowContext;
    planning?: boolean;
    testSavedCredentials?: boolean;
  }) {
    this.planning = init.planning === true;
    this.testSavedCredentials = init.testSavedCredentials === true;
    this.client = init.client;
    this.displayName = init.displayName;
    this.signal = init.signal;
    this.replication = init.replication;
    this.registry = init.registry;
    this.partial = init.context.partial ?? {};
    this.#onProgress = init.onProgress;
    // The credentials, and the tokens the client sent (Graph can echo one in a job's status).
    const secretsOut = scrubber(init.secrets);
    const core = coreOf(init.client);
    this.#clean = (text) => scrubTokens(core, secretsOut(text));
    // A name only of those values: an app named `Bearer Auth Gateway` is shown as named.
    const valuesOut = secretScrubber(init.secrets);
    this.#cleanName = (text) => core.tokensOut(valuesOut(text));
    const { context } = init;
    const observer: RequestObserver = {
      ...(context.beforeAttempt === undefined ? {} : { beforeAttempt: context.beforeAttempt }),
      secrets: init.secrets,
      onRetry: (notice) => {
        context.onRetry?.(notice);
        this.emit(
          notice.reason === 'throttled'
            ? { type: 'throttled', step: this.step, delayMs: notice.delayMs }
            : {
                type: 'retry',
                step: this.step,
                reason: notice.reason,
                attempt: notice.attempt,
                delayMs: notice.delayMs,
              },
        );
      },
    };
    const signal = init.signal === undefined ? {} : { signal: init.signal };
    // The observer travels under a symbol key: not a public option of RequestOptions.
    this.call = { ...signal, [OBSERVE]: observer } as unknown as RequestOptions;
    this.once = { ...signal, [OBSERVE]: { ...observer, once: true } } as unknown as RequestOptions;
    this.#throttledNotice = (delayMs) => {
      context.onRetry?.({
        reason: 'throttled',
        status: 429,
        delayMs,
        attempt: 1,
        method: 'POST',
        display: this.step,
      });
    };
  }

  readonly #throttledNotice: (delayMs: number) => void;

  /** The longest `Retry-After` the client waits out. */
  get maxRetryAfterMs(): number {
    return coreOf(this.client).maxRetryAfterMs;
  }

  /** How long an ambiguous create is looked for before it may be sent again. */
  get verifyMs(): number {
    return Math.max(this.replication.timeoutMs, MIN_VERIFY_MS);
  }

  /** When the replication window that starts now closes. */
  deadline(): number {
    return Date.now() + this.replication.timeoutMs;
  }

  /**
   * A copy of `value` without the run's secrets (in any encoding) or anything token-shaped; the
   * `displayName` of its application or service principal, and its own when `named` (a progress
   * event, an application: not a job, which has none of its own), without the secrets and the
   * client's tokens only.
   */
  scrubbed<T>(value: T, named = true): T {
    return scrubDeep(value, this.#clean, (key, parent) =>
      key === 'displayName' && (parent === undefined ? named : NAMED.has(parent))
        ? this.#cleanName
        : undefined,
    );
  }

  /** Records what exists, scrubbed. */
  found<K extends 'application' | 'servicePrincipal' | 'job'>(
    key: K,
    value: NonNullable<ProvisioningPartial[K]>,
  ): NonNullable<ProvisioningPartial[K]> {
    const clean = this.scrubbed(usable(value, NAMES[key]), key !== 'job');
    this.partial[key] = clean;
    return clean;
  }

  /** Reports a step (scrubbed); a display that throws never breaks the run. */
  emit(event: ProgressEvent): void {
    try {
      // `type` first, then the spec's name: how events print in a log or a REPL.
      const { type, ...fields } = event;
      const named = { type, displayName: this.displayName, ...fields };
      this.#onProgress?.(this.scrubbed(named as ProvisioningProgress));
    } catch {
      // A progress display must not break the run.
    }
  }

  /** Reports a retry of `step` the workflow itself makes (not the HTTP client). */
  readonly onReplicationRetry =
    (step: string) =>
    (state: { attempt: number; delayMs: number; error: AnyGraphError }): void => {
      this.emit({
        type: 'retry',
        step,
        reason: state.error.kind,
        attempt: state.attempt,
        delayMs: state.delayMs,
      });
    };

  /** Reports a retry of the current step, then waits one replication interval. */
  async pauseBeforeRetry(reason: GraphErrorKind, attempt: number, what: string): Promise<void> {
    this.emit({
      type: 'retry',
      step: this.step,
      reason,
      attempt,
      delayMs: this.replication.intervalMs,
    });
    await pauseOrAbort(this.replication.intervalMs, this.signal, what);
  }

  /** Waits out a `Retry-After` Graph gave a create or a start, slowing a bulk run's pacer too. */
  async waitThrottled(retryAfterMs: number, what: string): Promise<void> {
    this.#throttledNotice(retryAfterMs);
    this.emit({ type: 'throttled', step: this.step, delayMs: retryAfterMs });
    await pauseOrAbort(retryAfterMs, this.signal, what);
  }

  /**
   * Reads an object until it is seen `consecutive` times in a row (objects this run did not
   * make have long replicated: one read will do for them).
   */
  async visible<T>(
    object: 'servicePrincipal' | 'job',
    read: (o: RequestOptions) => Promise<T>,
    fresh: boolean,
  ): Promise<T> {
    return waitUntilVisible((o) => read({ ...this.call, ...o }), {
      ...this.replication,
      consecutive: fresh ? this.replication.consecutive : 1,
      ...(this.signal === undefined ? {} : { signal: this.signal }),
      onWait: ({ attempt, elapsedMs }) => {
        this.emit({ type: 'waitForReplication', object, attempt, elapsedMs });
      },
    });
  }
}
