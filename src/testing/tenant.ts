/**
 * The fake tenant: applications, service principals, synchronization jobs and their secrets, and
 * the provisioning engine.
 *
 * Jobs run on the fake's clock without timers: whenever the fake handles a request it first
 * brings every job up to "now", processing the objects each cycle would have processed by then
 * and writing their provisioning events with the times they happened. So a test that moves a
 * manual clock an hour ahead sees an hour of provisioning, instantly and reproducibly.
 */
import {
  DEFAULT_ACCESS_ROLE,
  assignmentId,
  newUser,
  type AppRoleRecord,
  type AssignmentRecord,
  type GroupRecord,
  type UserRecord,
} from './directory.js';
import { draftOutcome, type EventDraft, type StoredEvent } from './events.js';
import {
  deleteThreshold,
  inScope,
  mappedProperties,
  recordOf,
  skipOutOfScopeDeletions,
} from './scope.js';
import { GALLERY, type GalleryApp, type SyncTemplateDefinition } from './gallery.js';
import { seededRandom, streamSeed, type Random } from './random.js';

/** Tunables of the simulation (see `CreateFakeGraphOptions`). */
export interface TenantSettings {
  readonly tenantId: string;
  /**
   * Seed of the tenant's random streams: one for directory objects (ids, assigned users), one
   * per job for everything its cycles decide, so what a job does never depends on how often it
   * was polled.
   */
  readonly seed: number;
  readonly now: () => number;
  readonly replicationDelayMs: number;
  /** How not-yet-replicated objects fail: always 404, or by operation as in the field. */
  readonly replicationErrors: 'notFound' | 'realistic';
  /** What a PUT of secrets does with saved keys it does not carry. */
  readonly secretsPut: 'merge' | 'replace';
  /** Lists miss a new object for this long after its creation. */
  readonly listLagMs: number;
  /** Time a full cycle spends per object. */
  readonly perObjectMs: number;
  /** Time between the end of a cycle and the start of the next (Graph: 40 minutes). */
  readonly intervalMs: number;
  /** Share of objects whose export fails in a full cycle. */
  readonly failureRate: number;
  /** How many users and groups are assigned to each new app: [min, max]. */
  readonly usersPerApp: readonly [number, number];
  readonly groupsPerApp: readonly [number, number];
}

/** A user or group in scope of an app. */
export interface DirectoryObject {
  readonly id: string;
  readonly displayName: string;
  readonly type: 'User' | 'Group';
}

/** An application registration. */
export interface ApplicationRecord {
  readonly id: string;
  readonly appId: string;
  displayName: string;
  readonly applicationTemplateId: string;
  readonly createdAt: number;
  readonly visibleAt: number;
  /** Object ids of its owners (none after instantiate, as in Graph). */
  readonly owners: string[];
  /** Synchronization templates as replaced by their owner (`PATCH …/templates/{id}`). */
  readonly templates: Map<string, Record<string, unknown>>;
  /** Template schemas as replaced by their owner (`PUT …/templates/{id}/schema`). */
  readonly templateSchemas: Map<string, unknown>;
}

/** One user of a bulkUpload request, waiting for the job to process it. */
export interface BulkItem {
  readonly requestId: string;
  readonly receivedAt: number;
  readonly externalId: string;
  readonly displayName: string;
}

/** A service principal and what provisioning needs of it. */
export interface ServicePrincipalRecord {
  readonly id: string;
  readonly appId: string;
  readonly applicationId: string;
  displayName: string;
  readonly applicationTemplateId: string;
  readonly gallery: GalleryApp;
  readonly createdAt: number;
  readonly visibleAt: number;
  /** Saved credentials (write-only through the API). */
  readonly secrets: Map<string, string>;
  /** How many times secrets were saved: lets tests see that a workflow re-applied them. */
  secretWrites: number;
  /** The app roles it defines (gallery apps with SAML: `User` and `msiam_access`). */
  readonly appRoles: readonly AppRoleRecord[];
  /** Users and groups assigned to the app (`appRoleAssignedTo`). */
  readonly assignments: AssignmentRecord[];
}

/** A task execution, as Graph reports it. */
export interface TaskExecution {
  readonly activityIdentifier: string;
  readonly countEntitled: number;
  readonly countEntitledForProvisioning: number;
  readonly countEscrowed: number;
  readonly countEscrowedRaw: number;
  readonly countExported: number;
  readonly countExports: number;
  readonly countImported: number;
  readonly countImportedDeltas: number;
  readonly countImportedReferenceDeltas: number;
  readonly error: { code: string; message: string; tenantActionable: boolean } | null;
  readonly state: 'Succeeded' | 'Failed' | 'EntryLevelErrors';
  readonly timeBegan: string;
  readonly timeEnded: string;
}

interface Cycle {
  readonly id: string;
  /** Shifted forward while the job is paused. */
  start: number;
  readonly perObjectMs: number;
  readonly tasks: readonly DirectoryObject[];
  readonly full: boolean;
  readonly credentialsOk: boolean;
  /** Objects in scope when the cycle began (`countEntitled`). */
  readonly entitled: number;
  /** Tasks that take an object out of the target (disable, delete, or skip it). */
  readonly deprovisions: ReadonlySet<string>;
  /** Whether objects leaving the scope are left as they are (`SkipOutOfScopeDeletions`). */
  readonly skipDeletions: boolean;
  /** Deletions held back by the accidental-deletion threshold, and the threshold. */
  readonly held: { readonly count: number; readonly threshold: number } | undefined;
  /** Whether this cycle applies deletions whatever the threshold (after `ForceDeletes`). */
  readonly forced: boolean;
  done: number;
  failures: number;
  skips: number;
  exports: number;
}

/** A synchronization job and its simulated state. */
export interface JobRecord {
  readonly id: string;
  readonly servicePrincipalId: string;
  readonly template: SyncTemplateDefinition;
  /** The job's own random stream (cycles, outcomes, event ids). */
  readonly rng: Random;
  readonly createdAt: number;
  readonly visibleAt: number;
  schema: unknown;
  readonly defaultSchema: unknown;
  scheduleState: 'Disabled' | 'Active' | 'Paused';
  pausedAt: number | undefined;
  nextCycleAt: number | undefined;
  current: Cycle | undefined;
  lastExecution: TaskExecution | undefined;
  lastSuccessfulExecution: TaskExecution | undefined;
  lastSuccessfulExecutionWithExports: TaskExecution | undefined;
  steadyFirst: number | undefined;
  steadyLast: number | undefined;
  quarantine:
    | {
        currentBegan: number;
        seriesBegan: number;
        seriesCount: number;
        nextAttempt: number;
        reason: string;
        error: { code: string; message: string; tenantActionable: boolean };
      }
    | undefined;
  countSuccessiveCompleteFailures: number;
  /** Objects already provisioned in the target. */
  readonly provisioned: Set<string>;
  /** Objects whose export failed, retried by later cycles. */
  readonly escrows: Set<string>;
  /** Objects a cycle has evaluated while in scope (whatever the outcome). */
  readonly seen: Set<string>;
  /** `restart` with `ForceDeletes`: the next cycle applies held-back deletions. */
  forceDeletes: boolean;
  /** When the last finished cycle began: changes after it are the next cycle's deltas. */
  lastCycleStart: number | undefined;
  /** The next cycle re-evaluates every object. */
  fullNeeded: boolean;
  /**
   * The job completes no more cycles and reports no error (`FakeGraph.stallJob`): a job whose
   * target token expired can go quiet like this (MicrosoftDocs/azure-docs#96063).
   */
  stalled: boolean;
  /** Times start() was called, including on a running job (which Microsoft warns against). */
  startCalls: number;
  redundantStarts: number;
  /** Users uploaded through bulkUpload, processed while the job is active. */
  readonly bulkQueue: BulkItem[];
  /** When the job last became active (uploads wait for it). */
  activeSince: number | undefined;
}

const FIRST_NAMES = [
  'Adele',
  'Alex',
  'Allan',
  'Bianca',
  'Christie',
  'Debra',
  'Diego',
  'Emily',
  'Enrico',
  'Grady',
  'Henrietta',
  'Irvin',
  'Isaiah',
  'Johanna',
  'Joni',
  'Lee',
  'Lidia',
  'Lynne',
  'Megan',
  'Miriam',
  'Nestor',
  'Patti',
  'Pradeep',
  'Raul',
  'Sakura',
  'Tomas',
  'Yuki',
  'Zara',
];
const LAST_NAMES = [
  'Vance',
  'Wilber',
  'Deyoung',
  'Pai',
  'Cline',
  'Berger',
  'Soto',
  'Braun',
  'Rossi',
  'Archie',
  'Cerrato',
  'Sink',
  'Langer',
  'Lauer',
  'Sherman',
  'Gu',
  'Holloway',
  'Robbins',
  'Bowen',
  'Kaur',
  'Wilke',
  'Fernandez',
  'Gupta',
  'Razo',
  'Tanaka',
  'Novak',
  'Sato',
  'Okafor',
];
const GROUP_NAMES = [
  'Sales',
  'Engineering',
  'Finance',
  'Self-service Pilot',
  'Marketing',
  'Support',
  'Legal',
  'Operations',
  'Design',
  'IT Admins',
];

export const ZERO_TIME = '0001-01-01T00:00:00Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Field notes §6: after 4 weeks in quarantine the job is disabled. */
const QUARANTINE_DISABLES_AFTER_MS = 28 * DAY;
/**
 * A running job left unobserved for longer than this many cycles runs only the last ones (the
 * ones before would be near-idle incremental cycles), so one request never simulates months of
 * minutes.
 */
const MAX_CATCH_UP_CYCLES = 1_000;

/**
 * The roles of a non-gallery or SAML gallery app, with the fixed ids Microsoft's provisioning
 * article shows (`GET /servicePrincipals/{id}/appRoles`): `User` and `msiam_access`.
 */
const SAML_APP_ROLES: readonly AppRoleRecord[] = [
  {
    id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
    displayName: 'User',
    value: null,
    description: 'User',
    allowedMemberTypes: ['User'],
    isEnabled: true,
  },
  {
    id: 'b9632174-c057-4f7e-951b-be3adc52bfe6',
    displayName: 'msiam_access',
    value: null,
    description: 'msiam_access',
    allowedMemberTypes: ['User'],
    isEnabled: true,
  },
];

/** The fake tenant. */
export class Tenant {
  readonly settings: TenantSettings;
  readonly applications = new Map<string, ApplicationRecord>();
  readonly servicePrincipals = new Map<string, ServicePrincipalRecord>();
  readonly jobs = new Map<string, JobRecord>();
  /** The tenant's users and groups. */
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  /** When each user was last changed (`fake.updateUser`): incremental cycles see it. */
  readonly changedAt = new Map<string, number>();
  /**
   * Apps that called with a JWT carrying an `oid` (their service principal's object id): real
   * directory objects, which can be made owners.
   */
  readonly callers = new Map<string, { readonly appId: string | undefined }>();
  readonly events: StoredEvent[] = [];
  readonly #eventsById = new Map<string, StoredEvent>();
  #eventsSorted = true;
  #seq = 0;
  /** Ids and names of directory objects. */
  readonly rng: Random;

  constructor(settings: TenantSettings) {
    this.settings = settings;
    this.rng = seededRandom(streamSeed(settings.seed, 'directory'));
  }

  get now(): number {
    return this.settings.now();
  }

  /** Whether a user, service principal or known caller has this object id. */
  directoryObjectExists(id: string): boolean {
    return (
      this.servicePrincipals.has(id) ||
      this.callers.has(id) ||
      this.users.has(id) ||
      this.groups.has(id)
    );
  }

  /** The user or group with this object id, as a {@link DirectoryObject}. */
  directoryObject(id: string): DirectoryObject | undefined {
    const user = this.users.get(id);
    if (user !== undefined) return { id, displayName: user.displayName, type: 'User' };
    const group = this.groups.get(id);
    if (group !== undefined) return { id, displayName: group.displayName, type: 'Group' };
    return undefined;
  }

  /** The users and groups assigned to a service principal, each once, in assignment order. */
  assigned(sp: ServicePrincipalRecord): DirectoryObject[] {
    const seen = new Set<string>();
    const out: DirectoryObject[] = [];
    for (const a of sp.assignments) {
      if (seen.has(a.principalId)) continue;
      seen.add(a.principalId);
      const object = this.directoryObject(a.principalId);
      if (object !== undefined) out.push(object);
    }
    return out;
  }

  /** Assigns a user or group to a service principal with an app role. */
  assign(
    sp: ServicePrincipalRecord,
    principal: DirectoryObject,
    appRoleId: string,
  ): AssignmentRecord {
    const assignment: AssignmentRecord = {
      id: assignmentId(this.settings.seed, `assignment:${sp.id}:${principal.id}:${appRoleId}`),
      principalId: principal.id,
      principalType: principal.type,
      appRoleId,
      createdAt: this.now,
    };
    sp.assignments.push(assignment);
    return assignment;
  }

  /** Whether an object created at `visibleAt` has replicated yet. */
  visible(record: { readonly visibleAt: number }): boolean {
    return this.now >= record.visibleAt;
  }

  /**
   * Whether lists show the object yet: Graph's list views (`$filter` queries, a service
   * principal's jobs) lag behind its writes, longer than reads by id (`listLagMs`).
   */
  listed(record: { readonly createdAt: number; readonly visibleAt: number }): boolean {
    return this.visible(record) && this.now >= record.createdAt + this.settings.listLagMs;
  }

  /** Creates an application and its service principal from a gallery template. */
  instantiate(
    gallery: GalleryApp,
    displayName: string,
  ): { app: ApplicationRecord; sp: ServicePrincipalRecord } {
    const rng = this.rng;
    const now = this.now;
    const visibleAt = now + this.settings.replicationDelayMs;
    const appId = rng.guid();
    const app: ApplicationRecord = {
      id: rng.guid(),
      appId,
      displayName,
      applicationTemplateId: gallery.id,
      createdAt: now,
      visibleAt,
      owners: [],
      templates: new Map(),
      templateSchemas: new Map(),
    };
    const sp: ServicePrincipalRecord = {
      id: rng.guid(),
      appId,
      applicationId: app.id,
      displayName,
      applicationTemplateId: gallery.id,
      gallery,
      createdAt: now,
      visibleAt,
      secrets: new Map(),
      secretWrites: 0,
      appRoles: gallery.supportedSingleSignOnModes.includes('saml') ? SAML_APP_ROLES : [],
      assignments: [],
    };
    // API-driven provisioning takes its users from uploads, not from assignments.
    const assignees = gallery.sync.some((t) => t.bulkUpload === true) ? [] : this.#assignees();
    const role = sp.appRoles.find((r) => r.displayName === 'User')?.id ?? DEFAULT_ACCESS_ROLE;
    for (const object of assignees) this.assign(sp, object, role);
    this.applications.set(app.id, app);
    this.servicePrincipals.set(sp.id, sp);
    return { app, sp };
  }

  readonly #autoUserNames = new Set<string>();
  #autoGroups = 0;

  #assignees(): DirectoryObject[] {
    const { usersPerApp, groupsPerApp } = this.settings;
    const rng = this.rng;
    const users = rng.int(usersPerApp[0], usersPerApp[1]);
    const groups = rng.int(groupsPerApp[0], groupsPerApp[1]);
    const out: DirectoryObject[] = [];
    // Names (and so user principal names) are unique in the tenant, not only in one app: a
    // lookup by name or UPN must find one object.
    const names = this.#autoUserNames;
    for (let i = 0; i < users; i += 1) {
      // Only 784 first/last pairs exist: a taken name gets a number, so any count terminates.
      const base = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      let name = base;
      for (let n = 2; names.has(name); n += 1) name = `${base} ${String(n)}`;
      names.add(name);
      const id = rng.guid();
      this.users.set(id, newUser(id, name, this.users.size));
      out.push({ id, displayName: name, type: 'User' });
    }
    const userIds = out.map((o) => o.id);
    for (let i = 0; i < groups; i += 1) {
      const n = this.#autoGroups;
      this.#autoGroups += 1;
      const base = GROUP_NAMES[n % GROUP_NAMES.length] as string;
      const round = Math.floor(n / GROUP_NAMES.length);
      const displayName = round === 0 ? base : `${base} ${String(round + 1)}`;
      const id = rng.guid();
      // The app's own users, shared out among its groups (no draws: ids stay as they were).
      const members = userIds.filter((_, u) => u % groups === i);
      this.groups.set(id, { id, displayName, members });
      out.push({ id, displayName, type: 'Group' });
    }
    return out;
  }

  /** Creates a job from one of a service principal's synchronization templates. */
  createJob(sp: ServicePrincipalRecord, template: SyncTemplateDefinition): JobRecord {
    const now = this.now;
    const { tenantId, seed } = this.settings;
    const id = `${template.id}.${tenantId.replace(/-/g, '')}.${this.rng.guid()}`;
    const rng = seededRandom(streamSeed(seed, id));
    const app = this.applications.get(sp.applicationId);
    // A job starts from its template's schema, as the application's owner left it.
    const schema =
      app === undefined ? defaultSchema(template, rng) : this.templateSchema(app, template);
    const job: JobRecord = {
      id,
      servicePrincipalId: sp.id,
      template,
      rng,
      createdAt: now,
      visibleAt: now + this.settings.replicationDelayMs,
      // Each job owns its copies: a change to one never reaches the template or another job.
      schema: structuredClone(schema),
      defaultSchema: schema,
      scheduleState: 'Disabled',
      pausedAt: undefined,
      nextCycleAt: undefined,
      current: undefined,
      lastExecution: undefined,
      lastSuccessfulExecution: undefined,
      lastSuccessfulExecutionWithExports: undefined,
      steadyFirst: undefined,
      steadyLast: undefined,
      quarantine: undefined,
      countSuccessiveCompleteFailures: 0,
      provisioned: new Set(),
      escrows: new Set(),
      fullNeeded: true,
      stalled: false,
      startCalls: 0,
      redundantStarts: 0,
      bulkQueue: [],
      activeSince: undefined,
      seen: new Set(),
      forceDeletes: false,
      lastCycleStart: undefined,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  /** The schema of an application's synchronization template: its owner's, or the default. */
  templateSchema(app: ApplicationRecord, template: SyncTemplateDefinition): unknown {
    // A copy: callers keep and change what they get.
    const saved = app.templateSchemas.get(template.id);
    if (saved !== undefined) return structuredClone(saved);
    // Deterministic per application and template, whatever else the tenant did before.
    const rng = seededRandom(streamSeed(this.settings.seed, `template:${app.id}:${template.id}`));
    return defaultSchema(template, rng);
  }

  /** Which required credentials are missing or rejected, per the job's connector. */
  credentialProblem(
    template: SyncTemplateDefinition,
    credentials: ReadonlyMap<string, string>,
  ): string | undefined {
    for (const key of template.requiredSecrets) {
      const value = credentials.get(key);
      if (value === undefined || value === '')
        return `The credential '${key}' is required to connect to ${template.targetName}.`;
      if (/^(bad|invalid|wrong)/i.test(value)) {
        return `${template.targetName} rejected the value of '${key}' (authentication failed, HTTP 401).`;
      }
    }
    return undefined;
  }

  /** start(): runs the job on its schedule; resumes a paused job and clears quarantine. */
  start(job: JobRecord): void {
    this.advance(job);
    const now = this.now;
    job.startCalls += 1;
    if (job.scheduleState === 'Active' && job.quarantine === undefined) job.redundantStarts += 1;
    if (job.scheduleState === 'Paused' && job.pausedAt !== undefined) {
      // Nothing ran while paused: the current cycle resumes where it stopped, and cycles that
      // were due during the pause are not replayed (the next one runs now).
      if (job.current !== undefined) job.current.start += now - job.pausedAt;
      else if (job.nextCycleAt !== undefined && job.nextCycleAt < now) job.nextCycleAt = now;
    }
    job.pausedAt = undefined;
    if (job.scheduleState !== 'Active') job.activeSince = now;
    job.scheduleState = 'Active';
    if (job.quarantine !== undefined) {
      job.quarantine = undefined;
      job.nextCycleAt = now;
    }
    // A job that never ran starts its first cycle now; otherwise it keeps its schedule.
    if (
      job.current === undefined &&
      (job.lastExecution === undefined || job.nextCycleAt === undefined)
    ) {
      job.nextCycleAt = now;
    }
  }

  /** pause(): stops at the current object; start() continues from there. */
  pause(job: JobRecord): void {
    this.advance(job);
    if (job.scheduleState === 'Active') {
      job.scheduleState = 'Paused';
      job.pausedAt = this.now;
    }
  }

  /** restart(): applies the reset scope, then runs a cycle now. */
  restart(job: JobRecord, scopes: ReadonlySet<string>): void {
    this.advance(job);
    const all = scopes.size === 0 || scopes.has('Full');
    if (all || scopes.has('Escrows')) job.escrows.clear();
    if (all || scopes.has('QuarantineState')) job.quarantine = undefined;
    if (all || scopes.has('Watermark')) job.fullNeeded = true;
    if (scopes.has('Full') || scopes.has('ConnectorDataStore')) job.provisioned.clear();
    if (scopes.has('ForceDeletes')) job.forceDeletes = true;
    job.current = undefined;
    job.pausedAt = undefined;
    if (job.scheduleState !== 'Active') job.activeSince = this.now;
    job.scheduleState = 'Active';
    job.nextCycleAt = this.now;
  }

  /** Brings every job up to now. */
  advanceAll(): void {
    for (const job of this.jobs.values()) this.advance(job);
  }

  /** Brings one job up to now: finishes due cycles, starts scheduled ones, writes their events. */
  advance(job: JobRecord): void {
    const now = this.now;
    if (job.stalled) return;
    this.#processUploads(job, now);
    for (;;) {
      const cycle = job.current;
      if (cycle !== undefined) {
        const until =
          job.scheduleState === 'Paused' && job.pausedAt !== undefined ? job.pausedAt : now;
        this.#process(job, cycle, until);
        if (cycle.done < cycle.tasks.length || until < cycleEnd(cycle)) return;
        this.#finish(job, cycle);
        continue;
      }
      if (job.scheduleState !== 'Active' || job.nextCycleAt === undefined || now < job.nextCycleAt)
        return;
      // Every cycle takes at least `period`, so a long unobserved stretch of a job in its steady
      // schedule is skipped in one step. A job's first cycle and quarantine retries (at most
      // daily) always run when due.
      if (job.lastExecution !== undefined && job.quarantine === undefined) {
        const period = this.settings.intervalMs + MIN_CYCLE_OBJECTS * this.settings.perObjectMs;
        const behind = Math.floor((now - job.nextCycleAt) / period);
        if (behind > MAX_CATCH_UP_CYCLES)
          job.nextCycleAt += (behind - MAX_CATCH_UP_CYCLES) * period;
      }
      this.#begin(job, job.nextCycleAt);
    }
  }

  /** Provisions uploaded users, one every `perObjectMs` from when they arrived or the job started. */
  #processUploads(job: JobRecord, now: number): void {
    if (job.scheduleState !== 'Active' || job.bulkQueue.length === 0) return;
    let previous = 0;
    let done = 0;
    for (const item of job.bulkQueue) {
      const time =
        Math.max(item.receivedAt, job.activeSince ?? 0, previous) + this.settings.perObjectMs;
      if (time > now) break;
      previous = time;
      done += 1;
      const known = job.provisioned.has(item.externalId);
      job.provisioned.add(item.externalId);
      this.addEvent(job, item.requestId, time, {
        action: known ? 'update' : 'create',
        status: 'success',
        reason: undefined,
        identityType: 'User',
        targetType: 'User',
        sourceId: item.externalId,
        sourceName: item.displayName,
        targetId: job.rng.guid(),
      });
    }
    job.bulkQueue.splice(0, done);
  }

  #begin(job: JobRecord, at: number): void {
    const sp = this.servicePrincipals.get(job.servicePrincipalId);
    const credentialsOk =
      sp !== undefined && this.credentialProblem(job.template, sp.secrets) === undefined;
    const full = job.fullNeeded;
    const scoped = sp === undefined ? [] : inScope(this, sp, job);
    const ids = new Set(scoped.map((o) => o.id));
    for (const id of job.seen) if (!ids.has(id) && !job.provisioned.has(id)) job.seen.delete(id);
    // Provisioned objects that left the scope (uploaded users are not directory objects: kept).
    const leaving = [...job.provisioned]
      .filter((id) => !ids.has(id))
      .map((id) => this.directoryObject(id))
      .filter((o): o is DirectoryObject => o !== undefined);
    const skipDeletions = sp !== undefined && skipOutOfScopeDeletions(sp);
    const threshold = sp === undefined ? undefined : deleteThreshold(sp);
    const hold =
      !skipDeletions && !job.forceDeletes && threshold !== undefined && leaving.length >= threshold;
    const deprovision = hold ? [] : leaving;
    let tasks: DirectoryObject[];
    if (!credentialsOk) tasks = [];
    else if (full) tasks = [...scoped, ...deprovision];
    else {
      // An incremental cycle sees the escrowed failures again, objects new to the scope, the
      // changes made in Entra ID since the last cycle, and the odd other change.
      const since = job.lastCycleStart ?? 0;
      const changed = scoped.filter(
        (o) =>
          job.provisioned.has(o.id) &&
          (job.rng.chance(0.08) || (this.changedAt.get(o.id) ?? -1) >= since),
      );
      const fresh = scoped.filter(
        (o) => !job.seen.has(o.id) && !job.provisioned.has(o.id) && !job.escrows.has(o.id),
      );
      tasks = [
        ...scoped.filter((o) => job.escrows.has(o.id)),
        ...fresh,
        ...changed,
        ...deprovision,
      ];
    }
    job.current = {
      id: job.rng.guid(),
      start: at,
      perObjectMs: this.settings.perObjectMs,
      tasks,
      full,
      credentialsOk,
      entitled: scoped.length,
      deprovisions: new Set(credentialsOk ? deprovision.map((o) => o.id) : []),
      skipDeletions,
      held:
        hold && credentialsOk && threshold !== undefined
          ? { count: leaving.length, threshold }
          : undefined,
      forced: job.forceDeletes,
      done: 0,
      failures: 0,
      skips: 0,
      exports: 0,
    };
  }

  #process(job: JobRecord, cycle: Cycle, until: number): void {
    const due = Math.min(cycle.tasks.length, Math.floor((until - cycle.start) / cycle.perObjectMs));
    for (; cycle.done < due; cycle.done += 1) {
      const object = cycle.tasks[cycle.done] as DirectoryObject;
      const time = cycle.start + (cycle.done + 1) * cycle.perObjectMs;
      const draft = this.#outcome(job, cycle, object);
      if (cycle.deprovisions.has(object.id)) {
        job.provisioned.delete(object.id);
        job.seen.delete(object.id);
        if (draft.status === 'skipped') cycle.skips += 1;
        else cycle.exports += 1;
      } else if (draft.status === 'failure') {
        cycle.failures += 1;
        job.escrows.add(object.id);
        job.seen.add(object.id);
      } else {
        job.escrows.delete(object.id);
        job.seen.add(object.id);
        if (draft.status === 'skipped') cycle.skips += 1;
        else {
          cycle.exports += 1;
          job.provisioned.add(object.id);
        }
      }
      this.addEvent(job, cycle.id, time, draft);
    }
  }

  #outcome(job: JobRecord, cycle: Cycle, object: DirectoryObject): EventDraft {
    const rng = job.rng;
    const mapping =
      job.template.objects.find((o) => o.source === object.type) ?? job.template.objects[0];
    const base = {
      identityType: object.type,
      targetType: mapping?.target ?? object.type,
      sourceId: object.id,
      sourceName: object.displayName,
      targetId: rng.guid(),
    };
    if (cycle.deprovisions.has(object.id)) {
      // Out of scope: disabled in the target (a group is deleted), or left as it is.
      if (cycle.skipDeletions)
        return { ...base, action: 'other', status: 'skipped', reason: 'notEntitled' };
      return object.type === 'User'
        ? {
            ...base,
            action: 'disable',
            status: 'success',
            reason: undefined,
            modified: [['accountEnabled', 'False']],
          }
        : { ...base, action: 'delete', status: 'success', reason: undefined, modified: [] };
    }
    const draft = this.#provisionOutcome(job, cycle, object, base);
    const record = recordOf(this, object);
    if (draft.status !== 'success' || record === undefined) return draft;
    return { ...draft, modified: mappedProperties(job, record, object.type) };
  }

  #provisionOutcome(
    job: JobRecord,
    cycle: Cycle,
    object: DirectoryObject,
    base: Pick<EventDraft, 'identityType' | 'targetType' | 'sourceId' | 'sourceName' | 'targetId'>,
  ): EventDraft {
    const { failureRate } = this.settings;
    const rng = job.rng;
    if (job.escrows.has(object.id)) {
      // A retried failure mostly goes through the second time.
      return rng.chance(0.6)
        ? { ...base, action: 'create', status: 'success', reason: undefined }
        : { ...base, action: 'create', status: 'failure', reason: 'entryConflict' };
    }
    if (job.provisioned.has(object.id)) {
      return cycle.full
        ? { ...base, action: 'other', status: 'skipped', reason: 'redundantExport' }
        : { ...base, action: 'update', status: 'success', reason: undefined };
    }
    return { ...base, ...draftOutcome(rng, failureRate) };
  }

  #finish(job: JobRecord, cycle: Cycle): void {
    const end = cycleEnd(cycle);
    const sp = this.servicePrincipals.get(job.servicePrincipalId);
    job.current = undefined;
    job.lastCycleStart = cycle.start;
    if (cycle.forced) job.forceDeletes = false;
    job.nextCycleAt = end + this.settings.intervalMs;
    if (!cycle.credentialsOk) {
      const error = {
        code: `${job.template.errorPrefix}InvalidCredentials`,
        message: `The credentials for ${job.template.targetName} are missing or invalid. ${
          (sp === undefined ? undefined : this.credentialProblem(job.template, sp.secrets)) ?? ''
        } Save valid credentials, then restart the job.`
          .replace(/\s+/g, ' ')
          .trim(),
        tenantActionable: true,
      };
      job.lastExecution = execution(cycle, end, 0, 'Failed', error);
      job.countSuccessiveCompleteFailures += 1;
      const series = job.quarantine;
      const count = (series?.seriesCount ?? 0) + 1;
      // Quarantined jobs are retried less and less often, up to once a day.
      const backoff = Math.min(DAY, HOUR * 2 ** (count - 1));
      const seriesBegan = series?.seriesBegan ?? end;
      job.quarantine = {
        currentBegan: series?.currentBegan ?? end,
        seriesBegan,
        seriesCount: count,
        nextAttempt: end + backoff,
        reason: 'EncounteredQuarantineException',
        error,
      };
      job.nextCycleAt = end + backoff;
      if (end - seriesBegan >= QUARANTINE_DISABLES_AFTER_MS) {
        // The quarantine stays visible (it says why); start() clears it and runs the job again.
        job.scheduleState = 'Disabled';
        job.nextCycleAt = undefined;
      }
      return;
    }
    const state = cycle.failures > 0 ? 'EntryLevelErrors' : 'Succeeded';
    job.lastExecution = execution(cycle, end, cycle.entitled, state, null);
    job.lastSuccessfulExecution = job.lastExecution;
    if (cycle.exports > 0) job.lastSuccessfulExecutionWithExports = job.lastExecution;
    job.steadyFirst ??= end;
    job.steadyLast = end;
    job.quarantine = undefined;
    job.countSuccessiveCompleteFailures = 0;
    job.fullNeeded = false;
    if (cycle.held !== undefined) this.#holdDeletes(job, cycle.held, end);
  }

  /**
   * The accidental-deletion threshold was reached: the deletions are held back and the job goes
   * into quarantine (`TooManyDeletes`) until `restart` with `ForceDeletes` applies them.
   */
  #holdDeletes(job: JobRecord, held: NonNullable<Cycle['held']>, end: number): void {
    const backoff = HOUR;
    job.quarantine = {
      currentBegan: end,
      seriesBegan: end,
      seriesCount: 1,
      nextAttempt: end + backoff,
      reason: 'TooManyDeletes',
      error: {
        code: 'TooManyDeletes',
        message: `This cycle would delete or disable ${String(held.count)} objects, at or over the accidental-deletion threshold of ${String(held.threshold)}: the deletions are held back. Restart the job with resetScope ForceDeletes to apply them, or change the scope.`,
        tenantActionable: true,
      },
    };
    job.nextCycleAt = end + backoff;
  }

  /** Records one provisioning event of a job. */
  addEvent(job: JobRecord, cycleId: string, time: number, draft: EventDraft): void {
    const sp = this.servicePrincipals.get(job.servicePrincipalId);
    const { tenantId } = this.settings;
    const rng = job.rng;
    this.pushEvent({
      seq: 0,
      id: rng.guid(),
      time,
      tenantId,
      jobId: job.id,
      cycleId,
      changeId: rng.guid(),
      servicePrincipalId: job.servicePrincipalId,
      servicePrincipalName: sp?.displayName ?? job.template.targetName,
      applicationId: sp?.appId ?? '',
      targetName: job.template.targetName,
      errorPrefix: job.template.errorPrefix,
      inbound: job.template.direction === 'inbound',
      durationMs: rng.int(180, 4_200),
      ...draft,
    });
  }

  /** Appends an event (the tenant keeps it, so pass a fresh object), numbering it. */
  pushEvent(event: StoredEvent): void {
    this.#seq += 1;
    event.seq = this.#seq;
    const last = this.events.at(-1);
    if (last !== undefined && last.time > event.time) this.#eventsSorted = false;
    this.events.push(event);
    this.#eventsById.set(event.id, event);
  }

  /** The event with this id. */
  event(id: string): StoredEvent | undefined {
    return this.#eventsById.get(id);
  }

  /** The last sequence number given (paging snapshots are taken against it). */
  get lastSeq(): number {
    return this.#seq;
  }

  /** Events in time order (oldest first). */
  sortedEvents(): readonly StoredEvent[] {
    if (!this.#eventsSorted) {
      this.events.sort((a, b) => a.time - b.time || a.seq - b.seq);
      this.#eventsSorted = true;
    }
    return this.events;
  }

  /** Forgets everything. */
  clear(): void {
    this.applications.clear();
    this.servicePrincipals.clear();
    this.callers.clear();
    this.jobs.clear();
    this.users.clear();
    this.groups.clear();
    this.events.length = 0;
    this.#eventsById.clear();
    this.#eventsSorted = true;
  }
}

/** A cycle takes at least this many objects' time, even with nothing to do. */
const MIN_CYCLE_OBJECTS = 3;

function cycleEnd(cycle: Cycle): number {
  return cycle.start + Math.max(cycle.tasks.length, MIN_CYCLE_OBJECTS) * cycle.perObjectMs;
}

function execution(
  cycle: Cycle,
  end: number,
  entitled: number,
  state: TaskExecution['state'],
  error: TaskExecution['error'],
): TaskExecution {
  return {
    activityIdentifier: cycle.id,
    countEntitled: entitled,
    countEntitledForProvisioning: entitled,
    countEscrowed: cycle.failures,
    countEscrowedRaw: cycle.failures,
    countExported: cycle.exports,
    countExports: cycle.exports,
    countImported: cycle.tasks.length,
    countImportedDeltas: cycle.full ? 0 : cycle.tasks.length,
    countImportedReferenceDeltas: 0,
    error,
    state,
    timeBegan: new Date(cycle.start).toISOString(),
    timeEnded: new Date(end).toISOString(),
  };
}

const ENTRA_ATTRIBUTES = [
  'userPrincipalName',
  'displayName',
  'mail',
  'givenName',
  'surname',
  'accountEnabled',
  'department',
  'jobTitle',
  'employeeId',
  'mailNickname',
  'objectId',
];

/** An app's user attributes, named as SCIM apps' directories name them. */
const APP_USER_ATTRIBUTES = [
  'userName',
  'active',
  'displayName',
  'title',
  'externalId',
  'emails[type eq "work"].value',
  'name.givenName',
  'name.familyName',
  'name.formatted',
  'phoneNumbers[type eq "fax"].value',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
];

const APP_GROUP_ATTRIBUTES = ['displayName', 'externalId', 'members'];

const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set(['accountEnabled', 'active']);

/** The attributes the fake's directory `directory` defines for `object`. */
function attributesOf(directory: string, object: string): readonly string[] {
  if (directory === 'Azure Active Directory') return ENTRA_ATTRIBUTES;
  return object === 'Group' ? APP_GROUP_ATTRIBUTES : APP_USER_ATTRIBUTES;
}

/** A job's default schema: Entra ID and the target directory, one rule per object type. */
function defaultSchema(template: SyncTemplateDefinition, rng: Random): unknown {
  const entra = 'Azure Active Directory';
  const [sourceName, targetName] =
    template.direction === 'inbound' ? [template.targetName, entra] : [entra, template.targetName];
  const objects = (directory: string, names: readonly string[]): unknown[] =>
    names.map((name) => ({
      name,
      attributes: attributesOf(directory, name).map((attribute) => ({
        name: attribute,
        type: BOOLEAN_ATTRIBUTES.has(attribute) ? 'Boolean' : 'String',
        anchor: attribute === 'userPrincipalName' || attribute === 'userName',
        caseExact: false,
        flowNullValues: false,
        multivalued: false,
        mutability: 'ReadWrite',
        required: attribute === 'userPrincipalName' || attribute === 'userName',
        referencedObjects: [],
        metadata: [],
        apiExpressions: [],
        defaultValue: null,
      })),
      metadata: [],
      supportedApis: [],
    }));
  // Graph sends flags joined with and without spaces: the fake uses both, as a client must read both.
  const directory = (name: string, objectNames: readonly string[]): unknown => ({
    id: rng.guid(),
    name,
    discoverabilities:
      name === sourceName
        ? 'AttributeNames, AttributeDataTypes'
        : 'AttributeNames,AttributeDataTypes,AttributeReadOnly',
    discoveryDateTime: null,
    readOnly: name === entra && template.direction === 'outbound',
    version: null,
    objects: objects(name, objectNames),
  });
  return {
    id: template.id,
    version: 'Date:2026-11-01T00:00:00Z~Version:1',
    directories: [
      directory(
        sourceName,
        template.objects.map((o) => o.source),
      ),
      directory(
        targetName,
        template.objects.map((o) => o.target),
      ),
    ],
    synchronizationRules: [
      {
        id: rng.guid(),
        name: `${template.objects.map((o) => o.source).join('')}_TO_${template.objects.map((o) => o.target).join('')}`.toUpperCase(),
        editable: true,
        priority: 1,
        sourceDirectoryName: sourceName,
        targetDirectoryName: targetName,
        containerFilter: { includedContainers: [] },
        groupFilter: { includedGroups: [] },
        metadata: [],
        objectMappings: template.objects.map((o, i) => ({
          name: `Provision ${o.source}s`,
          enabled: true,
          flowTypes: i % 2 === 0 ? 'Add, Update, Delete' : 'Add,Update,Delete',
          sourceObjectName: o.source,
          targetObjectName: o.target,
          metadata: [],
          scope: null,
          attributeMappings: [
            {
              targetAttributeName: o.source === 'User' ? 'userName' : 'displayName',
              source: {
                type: 'Attribute',
                name: o.source === 'User' ? 'userPrincipalName' : 'displayName',
                expression: null,
                parameters: [],
              },
              defaultValue: null,
              exportMissingReferences: false,
              flowBehavior: 'FlowWhenChanged',
              flowType: 'Always',
              matchingPriority: 1,
            },
          ],
        })),
      },
    ],
  };
}

/** The gallery entry with this template id. */
export function galleryApp(id: string): GalleryApp | undefined {
  return GALLERY.find((app) => app.id === id);
}
