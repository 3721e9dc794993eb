/**
 * `apps list` and `apps show`: the tenant's gallery app instances (service principals made from
 * an application template, the custom non-gallery app included), their applications, jobs and
 * the keys of their saved secrets. Reads only. Also how `apps show` and `apps delete` find the
 * app a command line names.
 */
import { coreOf, type ProvisioningClient } from '../../client.js';
import { readBatched } from '../../core/batch.js';
import { AmbiguousMatchError, isGraphError, NotFoundError } from '../../core/errors.js';
import { isGuid, segment } from '../../core/path.js';
import { allJobs, jobsPageRead } from '../../health/jobs-read.js';
import type { Application, ServicePrincipal, SynchronizationJob } from '../../models/index.js';
import type { Selected } from '../../resources/select.js';
import { ZERO_TIME_PREFIX } from '../../workflows/job-status.js';
import type { Output } from '../io.js';

/** What `apps show` and `apps delete` name: an application object id, an appId, a service principal id or a display name. */
export const APP_ARG = 'application object id, appId, service principal id, or display name';

/** An app as the tenant holds it: its application and its service principal (either may be missing). */
export interface FoundApp {
  readonly application: Application | undefined;
  readonly servicePrincipal: ServicePrincipal | undefined;
}

type Call = { signal?: AbortSignal };

const call = (signal: AbortSignal | undefined): Call => (signal === undefined ? {} : { signal });

/** `read()`, or `undefined` when Graph answers 404. */
async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * The app `ref` names, or `undefined` when nothing does (already deleted, or never there). A
 * GUID is tried as an application object id, an appId, then a service principal id; anything
 * else as an exact display name, of an application first, then of a service principal.
 *
 * @throws {@link AmbiguousMatchError} when several apps have the name; its message lists them.
 */
export async function resolveApp(
  client: ProvisioningClient,
  ref: string,
  signal: AbortSignal | undefined,
): Promise<FoundApp | undefined> {
  const options = call(signal);
  if (!isGuid(ref)) return byName(client, ref, options);
  const application =
    (await unlessNotFound(() => client.applications.get(ref, options))) ??
    (await unlessNotFound(() => client.applications.byAppId(ref).get(options)));
  if (application !== undefined) {
    const appId = application.appId;
    const servicePrincipal =
      typeof appId === 'string' && appId !== ''
        ? await unlessNotFound(() => client.servicePrincipals.byAppId(appId).get(options))
        : undefined;
    return { application, servicePrincipal };
  }
  const servicePrincipal = await unlessNotFound(() => client.servicePrincipals.get(ref, options));
  return servicePrincipal === undefined ? undefined : withOwner(client, servicePrincipal, options);
}

/**
 * The app a display name names. Applications and service principals are both searched: an
 * enterprise app's name can differ from its registration's, so an application named X and the
 * service principal of another app named X are two apps, and the name is refused as ambiguous.
 */
async function byName(
  client: ProvisioningClient,
  name: string,
  options: Call,
): Promise<FoundApp | undefined> {
  const [application, servicePrincipal] = await Promise.all([
    named(() => client.applications.findByDisplayName(name, {}, options), name),
    named(() => client.servicePrincipals.findByDisplayName(name, {}, options), name),
  ]);
  if (
    application !== undefined &&
    servicePrincipal !== undefined &&
    servicePrincipal.appId !== application.appId
  ) {
    const matches = [application, servicePrincipal].map((m) => ({
      id: m.id,
      displayName: m.displayName,
      appId: m.appId,
    }));
    throw new AmbiguousMatchError(
      `2 apps are named '${name}' (an application, and the service principal of another app): name one by its id instead: ${matches.map((m) => `${m.id} (appId ${String(m.appId)})`).join(', ')}`,
      { matches },
    );
  }
  if (application !== undefined) {
    const appId = application.appId;
    return {
      application,
      servicePrincipal:
        servicePrincipal ??
        (typeof appId === 'string' && appId !== ''
          ? await unlessNotFound(() => client.servicePrincipals.byAppId(appId).get(options))
          : undefined),
    };
  }
  return servicePrincipal === undefined ? undefined : withOwner(client, servicePrincipal, options);
}

/** The service principal with its application, when the application is in this tenant. */
async function withOwner(
  client: ProvisioningClient,
  servicePrincipal: ServicePrincipal,
  options: Call,
): Promise<FoundApp> {
  const appId = servicePrincipal.appId;
  // A service principal of an application registered in another tenant has none here.
  const owner =
    typeof appId === 'string' && appId !== ''
      ? await unlessNotFound(() => client.applications.byAppId(appId).get(options))
      : undefined;
  return { application: owner, servicePrincipal };
}

/** A lookup by display name; several matches are refused with their ids listed. */
async function named<T>(find: () => Promise<T | undefined>, name: string): Promise<T | undefined> {
  try {
    return await find();
  } catch (error) {
    if (!(error instanceof AmbiguousMatchError)) throw error;
    const listed = error.matches
      .map((m) => `${m.id}${m.appId == null ? '' : ` (appId ${m.appId})`}`)
      .join(', ');
    throw new AmbiguousMatchError(
      `${/^More than/.test(error.message) ? 'More than ' : ''}${String(error.matches.length)} apps are named '${name}': name one by its id instead: ${listed}`,
      { matches: error.matches },
    );
  }
}

/** The jobs of a service principal, every page. */
export async function jobsOf(
  client: ProvisioningClient,
  servicePrincipalId: string,
  signal: AbortSignal | undefined,
): Promise<SynchronizationJob[]> {
  return client.servicePrincipals
    .byId(servicePrincipalId)
    .synchronization.jobs.list(call(signal))
    .toArray();
}

/** A job in one line's worth of JSON: what `apps list` and `apps delete` print of it. */
export function jobSummary(job: SynchronizationJob) {
  return { id: job.id, templateId: job.templateId ?? null, status: job.status?.code ?? null };
}

/** One row of `apps list --json`. */
export interface AppListRow {
  displayName: string | null;
  applicationId: string | null;
  appId: string | null;
  servicePrincipalId: string;
  applicationTemplateId: string;
  jobs: ReturnType<typeof jobSummary>[];
}

/** The service principal properties `apps list` reads (999 a page). */
const SP_PROPERTIES = ['id', 'appId', 'displayName', 'applicationTemplateId'] as const;
const APP_PROPERTIES = ['id', 'appId', 'displayName'] as const;
/** A service principal as the listing reads it. */
type ListedPrincipal = Selected<ServicePrincipal, (typeof SP_PROPERTIES)[number]>;

/**
 * Every gallery app instance of the tenant (optionally those whose name contains `name`), by
 * name, with its application's object id and its jobs. Pages through every service principal
 * and every application (Graph has no list of jobs across a tenant); a job list that cannot be
 * read fails the command rather than show an app as having none.
 */
export async function listApps(
  client: ProvisioningClient,
  name: string | undefined,
  signal: AbortSignal | undefined,
): Promise<AppListRow[]> {
  const options = call(signal);
  const wanted = name?.trim().toLowerCase();
  const principals = new Map<string, ListedPrincipal>();
  const pages = client.servicePrincipals
    .list({ select: SP_PROPERTIES }, options)
    .byPage({ maxPageSize: 999 });
  for await (const page of pages) {
    for (const sp of page.items) {
      const template = sp.applicationTemplateId;
      if (typeof template !== 'string' || template === '') continue;
      if (wanted !== undefined && !(sp.displayName ?? '').toLowerCase().includes(wanted)) continue;
      // Pages that shift under writes can show one twice: kept once.
      principals.set(sp.id, sp);
    }
  }
  if (principals.size === 0) return [];
  const applications = new Map<string, Selected<Application, (typeof APP_PROPERTIES)[number]>>();
  const appPages = client.applications
    .list({ select: APP_PROPERTIES }, options)
    .byPage({ maxPageSize: 999 });
  for await (const page of appPages) {
    for (const app of page.items)
      if (typeof app.appId === 'string') applications.set(app.appId, app);
  }
  const list = [...principals.values()];
  const jobs = await jobsOfMany(client, list, options);
  return list
    .map((sp, i) => ({
      displayName: sp.displayName ?? null,
      applicationId: applications.get(sp.appId ?? '')?.id ?? null,
      appId: sp.appId ?? null,
      servicePrincipalId: sp.id,
      applicationTemplateId: sp.applicationTemplateId ?? '',
      jobs: (jobs[i] ?? []).map(jobSummary),
    }))
    .sort(
      (a, b) =>
        (a.displayName ?? '').localeCompare(b.displayName ?? '') ||
        a.servicePrincipalId.localeCompare(b.servicePrincipalId),
    );
}

/**
 * The jobs of each service principal, in input order: read in JSON batches of 20, as the health
 * scan reads them (a tenant of 1,000 apps is about 50 round trips, not 1,000). The first read
 * that fails fails the listing: an app is never shown without the jobs it has.
 */
async function jobsOfMany(
  client: ProvisioningClient,
  principals: readonly ListedPrincipal[],
  options: Call,
): Promise<SynchronizationJob[][]> {
  const core = coreOf(client);
  const reads = principals.map((sp) => jobsPageRead(core, segment('servicePrincipalId', sp.id)));
  const outcomes = await readBatched(core, reads, { ...options, requestOptions: options });
  return Promise.all(
    outcomes.map((outcome) => {
      if (!outcome.ok) throw outcome.error;
      return allJobs(core, outcome.value, options);
    }),
  );
}

/** Prints `apps list`: one line per app, full ids (copy them into other commands). */
export function printAppList(out: Output, rows: readonly AppListRow[], name: string | undefined) {
  out.result(rows, () => {
    if (rows.length === 0) {
      out.line(
        name === undefined
          ? 'no gallery apps in this tenant'
          : `no gallery app's name contains '${name}'`,
      );
      return;
    }
    out.table(
      ['name', 'application', 'appId', 'service principal', 'jobs'],
      rows.map((r) => [
        r.displayName,
        r.applicationId ?? '(none in this tenant)',
        r.appId,
        r.servicePrincipalId,
        r.jobs.length === 0
          ? 'none'
          : r.jobs.map((j) => `${j.id} (${j.status ?? 'unknown'})`).join(', '),
      ]),
    );
    out.line(`${String(rows.length)} app${rows.length === 1 ? '' : 's'}`);
  });
}

/** A time Graph gives, or `undefined` for one that never happened (`0001-01-01…`). */
function when(time: string | null | undefined): string | undefined {
  return typeof time === 'string' && time !== '' && !time.startsWith(ZERO_TIME_PREFIX)
    ? time
    : undefined;
}

/** What `apps show` prints of a job: status, last run, last success, quarantine. */
export function jobDetails(job: SynchronizationJob) {
  const status = job.status;
  const last = status?.lastExecution;
  const quarantine = status?.quarantine;
  const ran = last == null ? undefined : (when(last.timeEnded) ?? when(last.timeBegan));
  return {
    id: job.id,
    templateId: job.templateId ?? null,
    status: status?.code ?? null,
    schedule: job.schedule?.state ?? null,
    lastExecution:
      last == null || ran === undefined
        ? null
        : {
            state: last.state ?? null,
            timeBegan: when(last.timeBegan) ?? null,
            timeEnded: when(last.timeEnded) ?? null,
            error:
              last.error?.code == null || last.error.code === 'None'
                ? null
                : { code: last.error.code, message: last.error.message ?? null },
          },
    lastSuccessfulExecution:
      when(status?.lastSuccessfulExecution?.timeEnded) === undefined
        ? null
        : { timeEnded: when(status?.lastSuccessfulExecution?.timeEnded) ?? null },
    quarantine:
      quarantine == null
        ? null
        : {
            reason: quarantine.reason ?? null,
            currentBegan: when(quarantine.currentBegan) ?? null,
            seriesBegan: when(quarantine.seriesBegan) ?? null,
            nextAttempt: when(quarantine.nextAttempt) ?? null,
            error:
              quarantine.error == null
                ? null
                : {
                    code: quarantine.error.code ?? null,
                    message: quarantine.error.message ?? null,
                  },
          },
  };
}

/** What `apps show --json` prints. */
export interface AppDetails {
  application: {
    id: string;
    appId: string | null;
    displayName: string | null;
    applicationTemplateId: string | null;
    createdDateTime: string | null;
  } | null;
  servicePrincipal: {
    id: string;
    appId: string | null;
    displayName: string | null;
    applicationTemplateId: string | null;
  } | null;
  /** The keys of the saved secrets (never a value), or why they could not be read. */
  secrets: { keys: string[] } | { error: { kind: string; message: string } } | null;
  jobs: ReturnType<typeof jobDetails>[];
}

/** Reads what `apps show` prints: the app's jobs and the keys of its saved secrets. */
export async function appDetails(
  client: ProvisioningClient,
  found: FoundApp,
  signal: AbortSignal | undefined,
): Promise<AppDetails> {
  const { application: app, servicePrincipal: sp } = found;
  const jobs = sp === undefined ? [] : await jobsOf(client, sp.id, signal);
  return {
    application:
      app === undefined
        ? null
        : {
            id: app.id,
            appId: app.appId ?? null,
            displayName: app.displayName ?? null,
            applicationTemplateId: app.applicationTemplateId ?? null,
            createdDateTime: app.createdDateTime ?? null,
          },
    servicePrincipal:
      sp === undefined
        ? null
        : {
            id: sp.id,
            appId: sp.appId ?? null,
            displayName: sp.displayName ?? null,
            applicationTemplateId: sp.applicationTemplateId ?? null,
          },
    secrets: sp === undefined ? null : await secretKeys(client, sp.id, signal),
    jobs: jobs.map(jobDetails),
  };
}

/**
 * The keys of the saved secrets. Only the keys: Graph masks sensitive values, but shows others
 * (BaseAddress, UserName…) in clear, and none of them is printed. One that cannot be read (a
 * permission missing) is said, not fatal: the rest of the app is still shown.
 */
async function secretKeys(
  client: ProvisioningClient,
  servicePrincipalId: string,
  signal: AbortSignal | undefined,
): Promise<AppDetails['secrets']> {
  try {
    const saved = await client.servicePrincipals
      .byId(servicePrincipalId)
      .synchronization.secrets.get(call(signal));
    return { keys: saved.map((s) => s.key).filter((k): k is string => typeof k === 'string') };
  } catch (error) {
    if (!isGraphError(error) || error.kind === 'aborted') throw error;
    return { error: { kind: error.kind, message: error.message } };
  }
}

/** Prints `apps show`. */
export function printAppDetails(out: Output, details: AppDetails): void {
  out.result(details, () => {
    const { bold, red, yellow } = out.colors;
    const row = (name: string, value: string | null | undefined, indent = ''): void => {
      if (value !== undefined && value !== null && value !== '')
        out.line(`${indent}${bold(name.padEnd(19 - indent.length))}${value}`);
    };
    const { application: app, servicePrincipal: sp, secrets } = details;
    out.line(bold(app?.displayName ?? sp?.displayName ?? ''));
    row(
      'application',
      app === null ? '(none in this tenant)' : `${app.id} (appId ${app.appId ?? ''})`,
    );
    row('template', app?.applicationTemplateId ?? sp?.applicationTemplateId);
    row('created', app?.createdDateTime);
    row('service principal', sp === null ? '(none)' : sp.id);
    if (secrets !== null) {
      row(
        'secrets',
        'keys' in secrets
          ? secrets.keys.length === 0
            ? 'none saved'
            : `${secrets.keys.join(', ')} (keys only: values are never shown)`
          : `not readable (${secrets.error.kind}: ${secrets.error.message})`,
      );
    }
    if (sp !== null && details.jobs.length === 0) row('jobs', 'none');
    for (const job of details.jobs) {
      row('job', job.id);
      row('template', job.templateId, '  ');
      row(
        'status',
        job.status === 'Quarantine'
          ? red(job.status)
          : `${job.status ?? 'unknown'}${job.schedule === null ? '' : ` (schedule ${job.schedule})`}`,
        '  ',
      );
      const last = job.lastExecution;
      if (last !== null) {
        row(
          'last run',
          `${last.state ?? ''} ${last.timeEnded ?? last.timeBegan ?? ''}`.trim(),
          '  ',
        );
        if (last.error !== null)
          row('last error', `${last.error.code}: ${last.error.message ?? ''}`, '  ');
      }
      row('last success', job.lastSuccessfulExecution?.timeEnded, '  ');
      const q = job.quarantine;
      if (q !== null) {
        row(
          'quarantine',
          yellow(
            `${q.reason ?? 'yes'}${q.currentBegan === null ? '' : ` since ${q.currentBegan}`}${q.nextAttempt === null ? '' : `, next attempt ${q.nextAttempt}`}${q.error?.message == null ? '' : `: ${q.error.message}`}`,
          ),
          '  ',
        );
      }
    }
  });
}
