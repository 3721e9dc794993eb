/**
 * `client.provisioningHealth()`: every provisioning job of a tenant, graded. Graph has no
 * tenant-wide list of jobs, so the scan lists the service principals (999 a page, a few
 * properties) and reads each one's jobs through JSON batches (20 reads a round trip), paced
 * under Graph's request budget; optionally it counts each job's failed provisioning events.
 */
import { coreOf, type ProvisioningClient } from '../client.js';
import { readBatched, type BatchRead } from '../core/batch.js';
import {
  AbortedError,
  InvalidInputError,
  InvalidResponseError,
  isGraphError,
  type AnyGraphError,
} from '../core/errors.js';
import type { HttpCore } from '../core/http.js';
import { traced } from '../core/traced.js';
import { scrubDeep, scrubTokens } from '../internal/token-shapes.js';
import type { RequestOptions } from '../core/options.js';
import { segment } from '../core/path.js';
import { OBSERVE, type RequestObserver } from '../core/request-options.js';
import type { SynchronizationJob } from '../models/synchronization.js';
import { ServicePrincipalSchema, type ServicePrincipal } from '../models/directory.js';
import type { Selected } from '../resources/select.js';
import { SP_READ } from '../resources/hints.js';
import { Pacer } from '../workflows/pacer.js';
import { GRAPH_REQUEST_QUOTA } from '../workflows/quota.js';
import { countFailures, type JobFailures } from './events.js';
import { allJobs, jobsPageRead, type JobsPage } from './jobs-read.js';
import { DEFAULT_THRESHOLDS, gradeJob } from './grade.js';
import {
  JOB_HEALTH_ORDER,
  type HealthServicePrincipal,
  type HealthSummary,
  type HealthThresholds,
  type JobHealthEntry,
  type ProvisioningHealthOptions,
  type ProvisioningHealthReport,
  type UnreadableServicePrincipal,
} from './types.js';

/**
 * Graph's time, from the `Date` of its answers (whole seconds): grades compare Graph's timestamps
 * with it, so a client clock off by minutes (or a fake on a clock of its own) grades the same.
 * The local clock when no answer had one.
 */
class GraphClock {
  #latest: number | undefined;
  seen(date: string | null): void {
    const ms = date === null ? Number.NaN : Date.parse(date);
    if (!Number.isNaN(ms) && (this.#latest === undefined || ms > this.#latest)) this.#latest = ms;
  }
  now(): number {
    return this.#latest ?? Date.now();
  }
}

/** The properties the scan reads of each service principal. */
const SP_PROPERTIES = ['id', 'appId', 'displayName', 'applicationTemplateId'] as const;

interface Checked {
  readonly concurrency: number;
  readonly ids: readonly string[] | undefined;
  readonly since: Date | undefined;
  readonly thresholds: Required<HealthThresholds>;
}

/** The scan's reads of one service principal: its jobs, and itself when only its id is known. */
interface Target {
  servicePrincipal: HealthServicePrincipal;
  jobs?: SynchronizationJob[];
  error?: AnyGraphError;
}

/**
 * Scans the tenant (or `servicePrincipalIds`) and grades every provisioning job. When the client
 * traces: a `provisioningHealth` span, with a span for each phase its progress events name
 * (`servicePrincipals`, `jobs`, `logs`).
 *
 * @throws {@link InvalidInputError} for bad options, before any request.
 * @throws {@link AbortedError} when `signal` fires; the listing's errors as `list()` raises them.
 */
export async function provisioningHealth(
  client: ProvisioningClient,
  options: ProvisioningHealthOptions = {},
): Promise<ProvisioningHealthReport> {
  return traced(coreOf(client), 'provisioningHealth', () => scan(client, options));
}

async function scan(
  client: ProvisioningClient,
  options: ProvisioningHealthOptions,
): Promise<ProvisioningHealthReport> {
  const checked = checkOptions(options);
  const core = coreOf(client);
  const pacer = new Pacer(GRAPH_REQUEST_QUOTA, Date.now, core.maxRetryAfterMs);
  let requests = 0;
  const observer: RequestObserver = {
    beforeAttempt: async (_method, signal) => {
      requests += 1;
      await pacer.acquire(signal);
    },
    onRetry: (notice) => {
      if (notice.reason === 'throttled') pacer.throttled(notice.delayMs);
    },
  };
  const call = {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    [OBSERVE]: observer,
  } as unknown as RequestOptions;
  const targets =
    checked.ids === undefined
      ? await traced(core, 'servicePrincipals', () => listServicePrincipals(client, call))
      : checked.ids.map((id) => ({ servicePrincipal: { id } }));
  options.onProgress?.({ type: 'servicePrincipals', found: targets.length });
  const clock = new GraphClock();
  await traced(core, 'jobs', () =>
    readTargets(core, targets, checked, call, pacer, options, clock),
  );
  let failures: JobFailures | undefined;
  const since = checked.since;
  if (since !== undefined) {
    failures = await traced(core, 'logs', () => countFailures(client, since, options));
    requests += failures.requests;
  }
  // The report shows none of the tokens the client sent, wherever Graph echoed one (jobs are
  // scrubbed of token shapes too where they are read).
  return scrubDeep(report(targets, checked, requests, failures, clock.now()), core.tokensOut);
}

async function listServicePrincipals(
  client: ProvisioningClient,
  call: RequestOptions,
): Promise<Target[]> {
  // A list read while apps are added can show one twice (pages shift): each is read once.
  const targets = new Map<string, Target>();
  const pages = client.servicePrincipals
    .list({ select: SP_PROPERTIES }, call)
    .byPage({ maxPageSize: 999 });
  for await (const page of pages) {
    for (const sp of page.items) {
      if (!targets.has(sp.id)) targets.set(sp.id, { servicePrincipal: principalOf(sp) });
    }
  }
  return [...targets.values()];
}

type Read =
  | {
      readonly kind: 'jobs';
      readonly page: JobsPage;
    }
  | { readonly kind: 'servicePrincipal'; readonly value: HealthServicePrincipal };

/** Reads every target's jobs (and, for a bare id, the service principal) in JSON batches. */
async function readTargets(
  core: HttpCore,
  targets: Target[],
  checked: Checked,
  call: RequestOptions,
  pacer: Pacer,
  options: ProvisioningHealthOptions,
  clock: GraphClock,
): Promise<void> {
  const reads: BatchRead<Read>[] = [];
  const owners: Target[] = [];
  for (const target of targets) {
    const id = usableId(target);
    if (id === undefined) continue;
    reads.push(jobsRead(core, id));
    owners.push(target);
    if (checked.ids !== undefined) {
      reads.push(servicePrincipalRead(core, id));
      owners.push(target);
    }
  }
  const outcomes = await readBatched(core, reads, {
    concurrency: checked.concurrency,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    requestOptions: call,
    beforeRequest: (signal) => pacer.acquire(signal),
    onThrottled: (ms) => {
      pacer.throttled(ms);
    },
    onBatch: (_size, response) => {
      clock.seen(response.headers.get('date'));
    },
    onProgress: (read, of) => options.onProgress?.({ type: 'jobs', read, of }),
  });
  for (const [i, outcome] of outcomes.entries()) {
    const target = owners[i] as Target;
    if (!outcome.ok) {
      // The first error is the one reported; a missing service principal says so in both reads.
      target.error ??= outcome.error;
      continue;
    }
    const value = outcome.value;
    if (value.kind === 'servicePrincipal') target.servicePrincipal = value.value;
    else {
      try {
        // Graph can echo a token in a job's status (an error message: the client's, or a bearer
        // token the provisioning service sent the app); a job has no names to mistake for one.
        target.jobs = scrubDeep(await allJobs(core, value.page, call), (text) =>
          scrubTokens(core, text),
        );
      } catch (error) {
        // A later page of one app's jobs that cannot be read leaves that app unread, not the scan.
        if (!isGraphError(error) || error instanceof AbortedError) throw error;
        target.error ??= error;
      }
    }
  }
}

/** What the report says of a service principal. */
function principalOf(
  sp: Selected<ServicePrincipal, (typeof SP_PROPERTIES)[number]>,
): HealthServicePrincipal {
  return {
    id: sp.id,
    displayName: sp.displayName ?? null,
    appId: sp.appId ?? null,
    applicationTemplateId: sp.applicationTemplateId ?? null,
  };
}

/**
 * A listed service principal's id as a path segment; a service principal Graph listed with an
 * id that cannot be one is reported unreadable, and the scan goes on.
 */
function usableId(target: Target): string | undefined {
  try {
    return segment('servicePrincipalId', target.servicePrincipal.id);
  } catch {
    target.error = new InvalidResponseError(
      'Graph listed a service principal whose id cannot be used in a URL',
      { issues: [{ path: ['id'], message: 'not a usable id' }] },
    );
    return undefined;
  }
}

function jobsRead(core: HttpCore, id: string): BatchRead<Read> {
  const read = jobsPageRead(core, id);
  return { spec: read.spec, decode: (response) => ({ kind: 'jobs', page: read.decode(response) }) };
}

function servicePrincipalRead(core: HttpCore, id: string): BatchRead<Read> {
  return {
    spec: {
      method: 'GET',
      path: `/servicePrincipals/${id}`,
      query: { $select: SP_PROPERTIES.join(',') },
      hints: SP_READ,
      model: 'ServicePrincipal',
    },
    decode: (response) => {
      const sp = core.validate(
        response.body,
        ServicePrincipalSchema,
        response,
        'ServicePrincipal',
        [],
      );
      return { kind: 'servicePrincipal', value: principalOf(sp) };
    },
  };
}

function report(
  targets: readonly Target[],
  checked: Checked,
  requests: number,
  failures: JobFailures | undefined,
  now: number,
): ProvisioningHealthReport {
  const jobs: JobHealthEntry[] = [];
  const unreadable: UnreadableServicePrincipal[] = [];
  for (const target of targets) {
    if (target.error !== undefined || target.jobs === undefined) {
      if (target.error !== undefined) {
        unreadable.push({ servicePrincipal: target.servicePrincipal, error: target.error });
      }
      continue;
    }
    for (const job of target.jobs) {
      const counts = failures?.byJob.get(job.id);
      const since = checked.since?.toISOString();
      const grade = gradeJob(
        job,
        now,
        checked.thresholds,
        since === undefined ? undefined : { failedEvents: counts?.failedEvents ?? 0, since },
      );
      jobs.push({
        servicePrincipal: target.servicePrincipal,
        job,
        ...grade,
        ...(since === undefined
          ? {}
          : { counts: counts ?? { since, failedEvents: 0, byErrorCode: {}, cycles: [] } }),
      });
    }
  }
  jobs.sort(worstFirst);
  const summary = Object.fromEntries(JOB_HEALTH_ORDER.map((h) => [h, 0])) as Record<string, number>;
  for (const entry of jobs) summary[entry.health] = (summary[entry.health] ?? 0) + 1;
  return {
    generatedAt: new Date(now).toISOString(),
    jobs,
    summary: {
      ...summary,
      jobs: jobs.length,
      servicePrincipals: targets.length - unreadable.length,
      unreadable: unreadable.length,
    } as HealthSummary,
    unreadable,
    requests,
    ...(failures === undefined || checked.since === undefined
      ? {}
      : {
          logs: {
            since: checked.since.toISOString(),
            failedEvents: failures.total,
            byErrorCode: failures.byErrorCode,
          },
        }),
  };
}

function worstFirst(a: JobHealthEntry, b: JobHealthEntry): number {
  return (
    JOB_HEALTH_ORDER.indexOf(a.health) - JOB_HEALTH_ORDER.indexOf(b.health) ||
    (a.servicePrincipal.displayName ?? '').localeCompare(b.servicePrincipal.displayName ?? '') ||
    a.job.id.localeCompare(b.job.id)
  );
}

function invalid(field: string, message: string): never {
  throw new InvalidInputError(`Invalid ${field}: ${message}`, {
    issues: [{ path: field.split('.'), message }],
  });
}

/** Checks the options before any request. */
function checkOptions(options: ProvisioningHealthOptions): Checked {
  if (typeof options !== 'object' || (options as unknown) === null) {
    invalid('options', 'must be an object');
  }
  const { concurrency = 4, servicePrincipalIds, logs, thresholds = {}, onProgress } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    invalid('onProgress', 'must be a function');
  }
  if (typeof thresholds !== 'object' || (thresholds as unknown) === null) {
    invalid('thresholds', 'must be an object');
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    invalid('concurrency', 'must be a whole number from 1 to 64');
  }
  let ids: string[] | undefined;
  if (servicePrincipalIds !== undefined) {
    if (!Array.isArray(servicePrincipalIds))
      invalid('servicePrincipalIds', 'must be an array of object ids');
    ids = [...new Set(servicePrincipalIds as readonly unknown[])].map((id, i) => {
      segment(`servicePrincipalIds.${String(i)}`, id, { guid: true });
      return id as string;
    });
  }
  let since: Date | undefined;
  if (logs !== undefined) {
    const raw = (logs as { since?: unknown } | null)?.since;
    since = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : undefined;
    if (since === undefined || Number.isNaN(since.getTime())) {
      invalid('logs.since', 'must be a Date or an ISO 8601 date-time');
    }
    if (since.getTime() > Date.now()) invalid('logs.since', 'must not be in the future');
  }
  const merged = { ...DEFAULT_THRESHOLDS };
  for (const [key, value] of Object.entries(thresholds as Record<string, unknown>)) {
    if (!(key in DEFAULT_THRESHOLDS)) {
      invalid(
        `thresholds.${key}`,
        `is not a threshold (${Object.keys(DEFAULT_THRESHOLDS).join(', ')})`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      invalid(`thresholds.${key}`, 'must be a positive number');
    }
    merged[key as keyof HealthThresholds] = value;
  }
  return { concurrency, ids, since, thresholds: merged };
}
