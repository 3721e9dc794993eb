/**
 * What the workflows of one client made, and what they are making now: Graph's lists lag behind
 * its writes (field notes §2), so an app or a job created a moment ago may not show in the
 * `$filter` query that looks for it. Within one client (one process), the workflows never need
 * that query to find their own work: they remember it here, and they never work on one app from
 * two runs at once.
 */
import { Turns } from '../internal/turns.js';

/** An app this client's workflows instantiated (or found after a lost answer). */
export interface KnownApp {
  readonly servicePrincipalId: string;
  readonly applicationId?: string | undefined;
  readonly appId?: string | undefined;
}

/** How long what a run made is remembered: far longer than replication takes (minutes). */
const REMEMBER_MS = 3_600_000;
/** Entries kept at most, oldest dropped first: a bound for long-lived services. */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  readonly value: T;
  readonly at: number;
}

class Memory<T> {
  readonly #entries = new Map<string, Entry<T>>();

  get(key: string, now: number): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now - entry.at > REMEMBER_MS) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, now: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, at: now });
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

/** The memory of one client's workflows. */
export class WorkflowRegistry {
  readonly #apps = new Memory<KnownApp>();
  readonly #jobs = new Memory<string>();
  readonly #starts = new Memory<number>();
  readonly #pending = new Memory<number>();
  readonly #turns = new Turns();

  /** The key of an app: its template and display name (Graph compares names without case). */
  static appKey(templateId: string, displayName: string): string {
    return `${templateId.toLowerCase()}\u0000${displayName.toLowerCase()}`;
  }

  /** The key of a job: its service principal and synchronization template. */
  static jobKey(servicePrincipalId: string, syncTemplateId: string): string {
    return `${servicePrincipalId.toLowerCase()}\u0000${syncTemplateId}`;
  }

  app(key: string, now = Date.now()): KnownApp | undefined {
    return this.#apps.get(key, now);
  }

  rememberApp(key: string, app: KnownApp, now = Date.now()): void {
    this.#apps.set(key, app, now);
  }

  forgetApp(key: string): void {
    this.#apps.delete(key);
  }

  job(key: string, now = Date.now()): string | undefined {
    return this.#jobs.get(key, now);
  }

  rememberJob(key: string, jobId: string, now = Date.now()): void {
    this.#jobs.set(key, jobId, now);
  }

  forgetJob(key: string): void {
    this.#jobs.delete(key);
  }

  /** Whether this client started the job within the last `withinMs`. */
  startedRecently(jobId: string, withinMs: number, now = Date.now()): boolean {
    const at = this.#starts.get(jobId, now);
    return at !== undefined && now - at <= withinMs;
  }

  rememberStart(jobId: string, now = Date.now()): void {
    this.#starts.set(jobId, now, now);
  }

  /** This client paused the job: a start it sent before no longer says the job runs. */
  forgetStart(jobId: string): void {
    this.#starts.delete(jobId);
  }

  /**
   * When this client last sent a create for `key` (an app or job key) whose answer was not a
   * clean success and whose object it has not found since: a later run looks for that object
   * until the verification window after this moment has passed before it sends the create again.
   */
  pendingSince(key: string, now = Date.now()): number | undefined {
    return this.#pending.get(key, now);
  }

  rememberPending(key: string, sentAt: number): void {
    this.#pending.set(key, sentAt, sentAt);
  }

  forgetPending(key: string): void {
    this.#pending.delete(key);
  }

  /**
   * Waits until no other run of this client works on `key`, and takes it; call the returned
   * function to let the next one in. Runs for one app go one after the other, whatever started
   * them (one bulk run naming the app twice, or two calls at once). A `signal` that fires while
   * waiting rejects with its reason at once; the turn it held is passed on when it comes.
   */
  lock(key: string, signal?: AbortSignal): Promise<() => void> {
    return this.#turns.take(key, signal);
  }
}

const registries = new WeakMap<object, WorkflowRegistry>();

/** The registry of a client's workflows (made on first use, gone with the client). */
export function registryOf(client: object): WorkflowRegistry {
  let registry = registries.get(client);
  if (registry === undefined) {
    registry = new WorkflowRegistry();
    registries.set(client, registry);
  }
  return registry;
}
