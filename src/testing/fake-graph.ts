import { ProvisioningClient } from '../client.js';
import type {
  ApiVersion,
  ApiVersionOption,
  ProvisioningClientBaseOptions,
  ProvisioningClientOptions,
} from '../core/options.js';
import { eventJson, draftOutcome, type StoredEvent } from './events.js';
import {
  Fault,
  Routes,
  handlers,
  handlersLoaded,
  provideHandlers,
  type FakeHandlers,
  type FakeRequest,
  type FakeResponse,
  type RequestClass,
} from './routes.js';
import { seededRandom, streamSeed, type Random } from './random.js';
import { newUser } from './directory.js';
import { Tenant } from './tenant.js';
import type { BatchItem } from './batch.js';

/** A throttling budget of Graph, as the fake enforces it. */
export type ThrottleScope =
  | 'resourceUnitsPerAppTenant'
  | 'writesPerAppTenant'
  | 'writesPerTenant'
  | 'reports'
  | 'provisionOnDemand';

/** One limit: at most `requests` per `windowMs`. */
export interface ThrottleLimit {
  readonly requests: number;
  readonly windowMs: number;
}

/**
 * Graph's documented limits (field notes §7; small tenant), each request counting as one unit.
 * They change over time: treat them as defaults.
 */
export const GRAPH_THROTTLE_LIMITS: Readonly<Record<ThrottleScope, ThrottleLimit>> = {
  resourceUnitsPerAppTenant: { requests: 3_500, windowMs: 10_000 },
  writesPerAppTenant: { requests: 3_000, windowMs: 150_000 },
  writesPerTenant: { requests: 18_000, windowMs: 300_000 },
  reports: { requests: 5, windowMs: 10_000 },
  provisionOnDemand: { requests: 5, windowMs: 10_000 },
};

/**
 * Throttling of the fake (off unless asked for). Budgets refill in real time (`Date.now`, which
 * vitest's fake timers control), not on the fake's `clock`: clients wait out `Retry-After` in
 * real time. They are kept per app and tenant: the `appid`/`azp` and `tid` claims when the
 * bearer token is a JWT, otherwise the token itself.
 */
export interface ThrottleOptions {
  /**
   * Multiplies every limit's requests and window alike (`0.1`: 10 times smaller bursts at the
   * same rate), so tests meet throttling without sending thousands of requests. Default 1.
   */
  readonly scale?: number;
  /** Replaces some of {@link GRAPH_THROTTLE_LIMITS}. */
  readonly limits?: Partial<Readonly<Record<ThrottleScope, ThrottleLimit>>>;
}

/**
 * Probabilities (0 to 1) of injected failures, drawn per request from the fake's seed. The four
 * that answer before the request is handled exclude each other (one draw picks at most one of
 * them), so their sum must not exceed 1.
 */
export interface FaultOptions {
  /** 500 Internal Server Error before the request is handled. */
  readonly serverError?: number;
  /** 503 Service Unavailable (with `Retry-After: 1`) before the request is handled. */
  readonly serviceUnavailable?: number;
  /** 504 Gateway Timeout before the request is handled. */
  readonly gatewayTimeout?: number;
  /**
   * 429 Too Many Requests (with `Retry-After: 1` and Graph's `x-ms-throttle-*` headers) before
   * the request is handled, whatever the throttling budgets say: a share of 429s that does not
   * depend on how fast the client sends, for tests that must meet throttling on any machine.
   */
  readonly throttled?: number;
  /** The connection drops before any response (fetch rejects; the socket is destroyed). */
  readonly connectionReset?: number;
  /** A 2xx JSON answer cut in the middle. */
  readonly truncatedJson?: number;
  /** instantiate creates the application and its service principal, then answers 404 (field notes §1). */
  readonly instantiateNotFound?: number;
  /**
   * A create or a start (instantiate, job create, job start, an app role assignment) is carried out, then its answer is
   * lost: replaced by one of `lostAnswers`, drawn from the seed. What a client must survive
   * without a duplicate app or job, or a second start ("assume every write may have happened").
   */
  readonly lostAnswer?: number;
  /**
   * The answers a lost answer is replaced by: an HTTP status (an error of Graph's shape, with
   * `Retry-After: 1` on 429 and 503), `'reset'` (the connection drops) or `'truncated'` (the 2xx
   * body cut in the middle; a dropped connection for a start, which has no body). Default: all of
   * 400, 403, 404, 409, 429, 500, 503, 504, `'reset'` and `'truncated'`.
   */
  readonly lostAnswers?: readonly LostAnswer[];
  /** Only requests whose path (after the version, e.g. `/servicePrincipals/…`) matches are affected. Default: all. */
  readonly paths?: RegExp;
}

/** What replaces the answer of a create or start that was carried out (see `faults.lostAnswer`). */
export type LostAnswer = 400 | 403 | 404 | 409 | 429 | 500 | 503 | 504 | 'reset' | 'truncated';

const LOST_ANSWERS: readonly LostAnswer[] = [
  400,
  403,
  404,
  409,
  429,
  500,
  503,
  504,
  'reset',
  'truncated',
];

/** Options of {@link createFakeGraph}. Everything is optional. */
export interface CreateFakeGraphOptions {
  /** The fake tenant's id (used in job ids and events). */
  readonly tenantId?: string;
  /**
   * Seed of every random choice. The same seed and the same requests give the same ids, users
   * and outcomes, however often jobs are polled and whatever the latency. Default 1.
   */
  readonly seed?: number;
  /**
   * The fake's clock, in epoch milliseconds: provisioning cycles, timestamps and replication
   * delays follow it. Default `Date.now` (so vitest's fake timers drive it too).
   */
  readonly clock?: () => number;
  /** Latency of every answer: fixed, or a `[min, max]` range. Default `[1, 3]`. */
  readonly latencyMs?: number | readonly [number, number];
  /** New objects answer 404 `Request_ResourceNotFound` for this long (field notes §2). Default 0. */
  readonly replicationDelayMs?: number;
  /**
   * How not-yet-replicated objects fail (field notes §2). `'notFound'` (default): 404 on every
   * call. `'realistic'`: what people meet in the field, by operation: creating a job answers 400
   * ("The appId … does not reference a valid application object"), saving secrets and validating
   * credentials 403 `Authorization_RequestDenied`, starting or deleting a new job 409, the rest 404.
   */
  readonly replicationErrors?: 'notFound' | 'realistic';
  /**
   * Lists (`$filter` queries of applications and service principals, a service principal's
   * jobs) miss a new object for this long after it was created, even once reads by id find it:
   * Graph's list views lag behind its writes. Default 0.
   */
  readonly listLagMs?: number;
  /**
   * The permissions (application roles or delegated scopes) the caller's token carries; a JWT
   * bearer token with `roles` or `scp` claims carries those instead, so tests can have several
   * callers. When set, a request that needs another permission answers 403
   * `Authorization_RequestDenied`, per Microsoft's permission map. `Application.ReadWrite.OwnedBy` acts only on applications
   * whose owners include the caller (the `oid` claim of a JWT bearer token; a service principal
   * is owned with its application): instantiate leaves none, so it cannot manage what it just
   * created until an owner is added (field notes §5). Default: not checked.
   */
  readonly permissions?: readonly string[];
  /**
   * How a request without the permission it needs fails: `'forbidden'` (default) 403
   * `Authorization_RequestDenied` everywhere; `'realistic'`, as Graph answers a synchronization
   * call (jobs, templates, secrets, schema): 401 `UnknownError` with an empty message (field
   * notes §9), 403 elsewhere.
   */
  readonly permissionErrors?: 'forbidden' | 'realistic';
  /**
   * What a PUT of secrets does with saved keys it does not carry. Microsoft documents both:
   * `'merge'` keeps them (a key is deleted by sending it empty, as Terraform and
   * msgraph-metadata#347 do), `'replace'` drops them (the cloud-sync guide sends every key "in
   * order to preserve the other values"). Default `'merge'`.
   */
  readonly secretsPut?: 'merge' | 'replace';
  /** Enforce Graph's throttling limits (`true` for the documented ones). Default off. */
  readonly throttle?: boolean | ThrottleOptions;
  /** Injected failures. Default none. */
  readonly faults?: FaultOptions;
  /** How provisioning cycles run on the fake's clock. */
  readonly provisioning?: {
    /** Time a cycle spends per object (at least 1). Default 400 ms. */
    readonly perObjectMs?: number;
    /** Time between two cycles (at least 1 second). Default 40 minutes (Graph's schedule). */
    readonly intervalMs?: number;
    /** Share of objects whose export fails in a full cycle. Default 0.08. */
    readonly failureRate?: number;
    /** Users assigned to each new app: `[min, max]`. Default `[12, 30]`. */
    readonly usersPerApp?: readonly [number, number];
    /** Groups assigned to each new app: `[min, max]`. Default `[1, 4]`. */
    readonly groupsPerApp?: readonly [number, number];
  };
}

/** An application of the fake tenant. */
export interface FakeApplication {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly applicationTemplateId: string;
  readonly createdDateTime: string;
}

/** A service principal of the fake tenant. */
export interface FakeServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly applicationId: string;
  readonly displayName: string;
  readonly applicationTemplateId: string;
  /** Keys of the saved secrets (values stay write-only, even here). */
  readonly secretKeys: readonly string[];
  /** How many times secrets were saved. */
  readonly secretWrites: number;
  /**
   * Users and groups assigned to the app: what its jobs provision (with the groups' direct
   * members) unless `SyncAll` is "true", then filtered by each object mapping's scope.
   */
  readonly assigned: readonly {
    readonly id: string;
    readonly displayName: string;
    readonly type: 'User' | 'Group';
  }[];
}

/** A synchronization job of the fake tenant. */
export interface FakeJob {
  readonly id: string;
  readonly servicePrincipalId: string;
  readonly templateId: string;
  readonly scheduleState: 'Disabled' | 'Active' | 'Paused';
  readonly quarantined: boolean;
  /** Objects provisioned in the target. */
  readonly provisionedCount: number;
  /** Times start() was called. */
  readonly startCalls: number;
  /** Times start() was called on a job that was already running (Microsoft warns against it). */
  readonly redundantStarts: number;
}

/** A user of the fake tenant: what {@link FakeGraph.addUser} takes and the state shows. */
export interface FakeUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly mail: string | null;
  readonly department: string | null;
  readonly jobTitle: string | null;
  readonly employeeId: string | null;
  readonly accountEnabled: boolean;
}

/** What {@link FakeGraph.addUser} needs: a display name; the rest derived when left out. */
export type FakeUserInit = Partial<Omit<FakeUser, 'id'>> & { readonly displayName: string };

/** A group of the fake tenant. */
export interface FakeGroup {
  readonly id: string;
  readonly displayName: string;
  /** Object ids of its direct members (users). */
  readonly members: readonly string[];
}

/** Read-only views of the fake tenant, taken when read. */
export interface FakeGraphState {
  /** The tenant's users (each new app brings a few, assigned to it). */
  readonly users: readonly FakeUser[];
  readonly groups: readonly FakeGroup[];
  readonly applications: readonly FakeApplication[];
  readonly servicePrincipals: readonly FakeServicePrincipal[];
  readonly jobs: readonly FakeJob[];
  /** Number of provisioning events. */
  readonly eventCount: number;
  /** Every provisioning event as Graph's v1.0 JSON, oldest first (materialised on each read). */
  readonly events: readonly Record<string, unknown>[];
}

/** What the fake has answered so far. */
export interface FakeGraphStats {
  /** Requests answered (throttled and faulted ones included); a JSON batch counts as one. */
  readonly requests: number;
  /** Requests answered inside JSON batches (`POST /$batch`), each counted. */
  readonly batched: number;
  /**
   * Requests received, answered or not: a test can wait until a request is in flight by
   * watching this rather than the clock.
   */
  readonly received: number;
  /** Requests whose caller went away (aborted, or closed the connection) before the answer. */
  readonly abandoned: number;
  /** Answers by HTTP status. */
  readonly byStatus: Readonly<Record<number, number>>;
  /** 429 answers. */
  readonly throttled: number;
  /** Injected faults. */
  readonly faults: number;
}

/** Options of {@link FakeGraph.seedProvisioningEvents}. */
export interface SeedEventsOptions {
  /** Attach the events to this existing job (and its service principal). */
  readonly jobId?: string;
  /** Earliest event time. Default: 7 days before now. */
  readonly since?: Date | number;
  /** Latest event time. Default: now. */
  readonly until?: Date | number;
  /** Share of failed events. Default 0.08. */
  readonly failureRate?: number;
}

/** What {@link FakeGraph.seedProvisioningEvents} created. */
export interface SeededEvents {
  readonly count: number;
  readonly jobId: string;
  readonly servicePrincipalId: string;
  readonly since: string;
  readonly until: string;
}

/** A running HTTP or HTTPS server in front of the fake. See {@link FakeGraph.listen}. */
export interface FakeGraphServer {
  /** Its Graph root, e.g. `http://127.0.0.1:49152`, or `https://127.0.0.1:49152` with `tls`. */
  readonly url: string;
  /**
   * With `tls`, the server's self-signed certificate (PEM), which is its own CA: give it to a
   * client as `ca`, or write it to a file and start Node with `NODE_EXTRA_CA_CERTS=<file>`.
   * Public; the private key never leaves the server. `undefined` over plain HTTP.
   */
  readonly ca?: string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** Options of {@link FakeGraph.listen}. */
export interface FakeListenOptions {
  /** Port on 127.0.0.1; 0, the default, picks a free one. */
  readonly port?: number;
  /** The root the fake writes into its links instead of the server's URL. */
  readonly publicUrl?: string;
  /**
   * HTTPS with a self-signed certificate made at start for `127.0.0.1` and `localhost` (valid a
   * week), handed back as {@link FakeGraphServer.ca}. Clients that send a token only to
   * `https:` hosts (Microsoft's Graph client, even with `customHosts`) need it. Default `false`.
   */
  readonly tls?: boolean;
}

/** Options of {@link FakeGraph.client}: any client option; the fake supplies the rest. */
export type FakeClientOptions<V extends ApiVersion = ApiVersion> =
  Partial<ProvisioningClientBaseOptions> & ApiVersionOption<V>;

/** A fetch-compatible function. */
export type FakeFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The fake Graph. See {@link createFakeGraph}. */
export interface FakeGraph {
  /** Graph root the in-process fake answers as (`https://graph.microsoft.com`). */
  readonly baseUrl: string;
  /** Answers requests in-process: pass it as the `fetch` of any Graph client. */
  readonly fetch: FakeFetch;
  /** A {@link ProvisioningClient} wired to {@link FakeGraph.fetch}; `options` override the defaults. */
  client<V extends ApiVersion = ApiVersion>(
    ...options: [ApiVersion] extends [V]
      ? [options?: FakeClientOptions<V>]
      : [options: FakeClientOptions<V>]
  ): ProvisioningClient<V>;
  /**
   * Serves the fake over HTTP on 127.0.0.1, or over HTTPS with `tls: true`; its links (nextLinks
   * included) use the server's URL.
   *
   * @throws `Error` (`EADDRINUSE`) when `port` is taken.
   * @example
   * ```ts
   * const server = await fake.listen({ tls: true });
   * // server.url: 'https://127.0.0.1:49152'; server.ca: the certificate to trust (PEM)
   * await server.close();
   * ```
   */
  listen(options?: FakeListenOptions): Promise<FakeGraphServer>;
  /** Read-only views of the tenant. */
  readonly state: FakeGraphState;
  /** Counters of what was answered. */
  readonly stats: FakeGraphStats;
  /** Adds `count` provisioning events quickly (benchmarks need 100,000 and more). */
  seedProvisioningEvents(count: number, options?: SeedEventsOptions): SeededEvents;
  /** Adds a user to the tenant (not assigned to any app). */
  addUser(user: FakeUserInit): FakeUser;
  /**
   * Changes a user's attributes, as an administrator would in Entra ID: the next cycle of each
   * job sees the change (scoping filters are evaluated again).
   *
   * @throws `RangeError` when no user has this id.
   */
  updateUser(id: string, changes: Partial<Omit<FakeUser, 'id'>>): FakeUser;
  /** Adds a security group whose direct members are the users `members` (object ids). */
  addGroup(group: {
    readonly displayName: string;
    readonly members?: readonly string[];
  }): FakeGroup;
  /**
   * Makes a job go quiet (`stalled: true`, the default): from now on it completes no cycle and
   * reports no error, its status still `Active`, as a job whose target token expired can
   * (MicrosoftDocs/azure-docs#96063); only its last successful execution ages. `false` lets it
   * run again from the next due cycle.
   *
   * @throws `RangeError` when no job has this id.
   */
  stallJob(jobId: string, stalled?: boolean): void;
  /** Empties the tenant and the counters. */
  reset(): void;
}

const DEFAULT_BASE = 'https://graph.microsoft.com';
const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** The connection dropped: `fetch` rejects, the socket is destroyed. */
class ConnectionReset extends Error {}

function checkProbability(name: string, value: unknown, fallback = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`createFakeGraph: ${name} must be a probability from 0 to 1`);
  }
  return value;
}

function checkNumber(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RangeError(`createFakeGraph: ${name} must be a number >= ${String(min)}`);
  }
  return value;
}

function checkRange(
  name: string,
  value: unknown,
  fallback: readonly [number, number],
  max: number,
): readonly [number, number] {
  if (value === undefined) return fallback;
  const [low, high] = Array.isArray(value) ? (value as unknown[]) : [];
  if (
    !Number.isInteger(low) ||
    !Number.isInteger(high) ||
    (low as number) < 0 ||
    (low as number) > (high as number) ||
    (high as number) > max
  ) {
    throw new RangeError(
      `createFakeGraph: ${name} must be [min, max], whole numbers with 0 <= min <= max <= ${String(max)}`,
    );
  }
  return [low as number, high as number];
}

/** A regular expression without the flags that make `test()` stateful. */
function stateless(pattern: RegExp | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  if (!(pattern instanceof RegExp))
    throw new TypeError('createFakeGraph: faults.paths must be a RegExp');
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

/** Who calls, from the bearer token. */
interface Caller {
  /** Throttling key: the app and tenant when the token is a JWT, else the token itself. */
  readonly key: string;
  /** The `appid`/`azp` claim. */
  readonly appId: string | undefined;
  /** The `oid` claim: the caller's object id, which ownership is checked against. */
  readonly objectId: string | undefined;
  /** The `roles` and `scp` claims, when the token has either. */
  readonly permissions: ReadonlySet<string> | undefined;
}

function callerOf(token: string): Caller {
  const [, payload] = token.split('.');
  let claims: Record<string, unknown> | undefined;
  if (payload !== undefined) {
    try {
      const parsed: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
      if (typeof parsed === 'object' && parsed !== null) claims = parsed as Record<string, unknown>;
    } catch {
      // not a JWT: the token is the key
    }
  }
  if (claims === undefined)
    return { key: token, appId: undefined, objectId: undefined, permissions: undefined };
  const app = claims.appid ?? claims.azp;
  const appId = typeof app === 'string' ? app : undefined;
  const objectId = typeof claims.oid === 'string' ? claims.oid.toLowerCase() : undefined;
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((r): r is string => typeof r === 'string')
    : undefined;
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : undefined;
  const permissions =
    roles === undefined && scopes === undefined
      ? undefined
      : new Set([...(roles ?? []), ...(scopes ?? [])]);
  const tid = typeof claims.tid === 'string' ? claims.tid : '';
  return {
    key: appId === undefined ? token : `${appId}/${tid}`,
    appId,
    objectId,
    permissions,
  };
}

/**
 * The fake, without loading up front what the SDK otherwise loads on first use: for the CLI's
 * `--fake`, which runs on the real clock and should start as fast as a real run. Its handlers
 * beyond the gallery's reads come from `loadHandlers` (`() => import('./handlers.js')`), called
 * by the first request that needs them. Tests and users get {@link createFakeGraph}, which loads
 * it all first.
 * @internal
 */
export function createUnprimedFakeGraph(
  options: CreateFakeGraphOptions,
  loadHandlers: () => Promise<FakeHandlers>,
): FakeGraph {
  return new FakeGraphImpl(options, loadHandlers);
}

class FakeGraphImpl implements FakeGraph {
  readonly baseUrl = DEFAULT_BASE;
  readonly fetch: FakeFetch;
  readonly #options: CreateFakeGraphOptions;
  readonly #loadHandlers: () => Promise<FakeHandlers>;
  readonly #now: () => number;
  /** Latency, request ids: never shared with what the tenant decides. */
  #transport: Random;
  #faultRng: Random;
  #seedCalls = 0;
  #tenant: Tenant;
  #routes: Routes;
  #buckets = new Map<string, Bucket>();
  #limits: Readonly<Record<ThrottleScope, ThrottleLimit>> | undefined;
  #faults: Required<Omit<FaultOptions, 'paths' | 'lostAnswers'>> & {
    paths: RegExp | undefined;
    lostAnswers: readonly LostAnswer[];
  };
  #granted: ReadonlySet<string> | undefined;
  #stats = {
    requests: 0,
    batched: 0,
    received: 0,
    abandoned: 0,
    byStatus: {} as Record<number, number>,
    throttled: 0,
    faults: 0,
  };

  constructor(options: CreateFakeGraphOptions, loadHandlers: () => Promise<FakeHandlers>) {
    this.#options = options;
    this.#loadHandlers = loadHandlers;
    this.#now = options.clock ?? (() => Date.now());
    const f = options.faults ?? {};
    this.#faults = {
      serverError: checkProbability('faults.serverError', f.serverError),
      serviceUnavailable: checkProbability('faults.serviceUnavailable', f.serviceUnavailable),
      gatewayTimeout: checkProbability('faults.gatewayTimeout', f.gatewayTimeout),
      throttled: checkProbability('faults.throttled', f.throttled),
      connectionReset: checkProbability('faults.connectionReset', f.connectionReset),
      truncatedJson: checkProbability('faults.truncatedJson', f.truncatedJson),
      instantiateNotFound: checkProbability('faults.instantiateNotFound', f.instantiateNotFound),
      lostAnswer: checkProbability('faults.lostAnswer', f.lostAnswer),
      lostAnswers: checkLostAnswers(f.lostAnswers),
      paths: stateless(f.paths),
    };
    const { serverError, serviceUnavailable, gatewayTimeout, connectionReset, throttled } =
      this.#faults;
    if (
      serverError + serviceUnavailable + gatewayTimeout + connectionReset + throttled >
      1 + 1e-9
    ) {
      throw new RangeError(
        'createFakeGraph: faults.serverError, serviceUnavailable, gatewayTimeout, connectionReset and throttled must add up to at most 1',
      );
    }
    if (options.seed !== undefined && !Number.isInteger(options.seed))
      throw new RangeError('createFakeGraph: seed must be a whole number');
    const latency = options.latencyMs;
    if (typeof latency === 'number') checkNumber('latencyMs', latency, 0, 0);
    else if (latency !== undefined) checkRange('latencyMs', latency, [0, 0], 60_000);
    checkNumber('replicationDelayMs', options.replicationDelayMs, 0, 0);
    checkNumber('listLagMs', options.listLagMs, 0, 0);
    const { replicationErrors, permissions, permissionErrors, secretsPut } = options;
    if (secretsPut !== undefined && !['merge', 'replace'].includes(secretsPut))
      throw new RangeError("createFakeGraph: secretsPut must be 'merge' or 'replace'");
    if (permissionErrors !== undefined && !['forbidden', 'realistic'].includes(permissionErrors))
      throw new RangeError("createFakeGraph: permissionErrors must be 'forbidden' or 'realistic'");
    if (replicationErrors !== undefined && !['notFound', 'realistic'].includes(replicationErrors))
      throw new RangeError("createFakeGraph: replicationErrors must be 'notFound' or 'realistic'");
    if (permissions !== undefined) {
      if (!Array.isArray(permissions) || permissions.some((p) => typeof p !== 'string'))
        throw new TypeError('createFakeGraph: permissions must be an array of permission names');
      this.#granted = new Set(permissions);
    }
    const throttle = options.throttle;
    if (throttle !== undefined && throttle !== false) {
      const scale = (throttle === true ? undefined : throttle.scale) ?? 1;
      if (!(scale > 0))
        throw new RangeError('createFakeGraph: throttle.scale must be greater than 0');
      const merged = { ...GRAPH_THROTTLE_LIMITS, ...(throttle === true ? {} : throttle.limits) };
      this.#limits = Object.fromEntries(
        Object.entries(merged).map(([scope, limit]) => [
          scope,
          {
            requests: Math.max(1, Math.round(limit.requests * scale)),
            windowMs: limit.windowMs * scale,
          },
        ]),
      ) as Record<ThrottleScope, ThrottleLimit>;
    }
    [this.#transport, this.#faultRng, this.#tenant, this.#routes] = this.#fresh();
    this.fetch = (input, init) => this.#fetch(input, init);
  }

  #fresh(): [Random, Random, Tenant, Routes] {
    const seed = this.#options.seed ?? 1;
    const p = this.#options.provisioning ?? {};
    const tenant = new Tenant({
      tenantId: this.#options.tenantId ?? '7928d5b5-7442-4a97-9e2d-66f9b9972ec1',
      seed,
      now: this.#now,
      replicationDelayMs: this.#options.replicationDelayMs ?? 0,
      replicationErrors: this.#options.replicationErrors ?? 'notFound',
      secretsPut: this.#options.secretsPut ?? 'merge',
      listLagMs: this.#options.listLagMs ?? 0,
      perObjectMs: checkNumber('provisioning.perObjectMs', p.perObjectMs, 400, 1),
      intervalMs: checkNumber('provisioning.intervalMs', p.intervalMs, 40 * 60_000, 1_000),
      failureRate: checkProbability('provisioning.failureRate', p.failureRate, 0.08),
      usersPerApp: checkRange('provisioning.usersPerApp', p.usersPerApp, [12, 30], 10_000),
      groupsPerApp: checkRange('provisioning.groupsPerApp', p.groupsPerApp, [1, 4], 1_000),
    });
    this.#seedCalls = 0;
    return [
      seededRandom(streamSeed(seed, 'transport')),
      seededRandom(streamSeed(seed, 'faults')),
      tenant,
      new Routes(tenant),
    ];
  }

  client<V extends ApiVersion = ApiVersion>(
    ...args: [ApiVersion] extends [V]
      ? [options?: FakeClientOptions<V>]
      : [options: FakeClientOptions<V>]
  ): ProvisioningClient<V> {
    const options: Partial<ProvisioningClientBaseOptions> & { apiVersion?: V } = args[0] ?? {};
    const auth =
      options.credential === undefined
        ? { accessToken: options.accessToken ?? 'fake-graph-token' }
        : {};
    // The options carry the version the type promises (ApiVersionOption requires it).
    return new ProvisioningClient<V>({
      baseUrl: this.baseUrl,
      fetch: this.fetch,
      ...auth,
      ...options,
    } as ProvisioningClientOptions<V>);
  }

  get state(): FakeGraphState {
    const tenant = this.#tenant;
    tenant.advanceAll();
    return {
      users: [...tenant.users.values()].map((u) => ({ ...u })),
      groups: [...tenant.groups.values()].map((g) => ({ ...g, members: [...g.members] })),
      applications: [...tenant.applications.values()].map((a) => ({
        id: a.id,
        appId: a.appId,
        displayName: a.displayName,
        applicationTemplateId: a.applicationTemplateId,
        createdDateTime: new Date(a.createdAt).toISOString(),
      })),
      servicePrincipals: [...tenant.servicePrincipals.values()].map((sp) => ({
        id: sp.id,
        appId: sp.appId,
        applicationId: sp.applicationId,
        displayName: sp.displayName,
        applicationTemplateId: sp.applicationTemplateId,
        secretKeys: [...sp.secrets.keys()],
        secretWrites: sp.secretWrites,
        assigned: tenant.assigned(sp),
      })),
      jobs: [...tenant.jobs.values()].map((job) => ({
        id: job.id,
        servicePrincipalId: job.servicePrincipalId,
        templateId: job.template.id,
        scheduleState: job.scheduleState,
        quarantined: job.quarantine !== undefined,
        provisionedCount: job.provisioned.size,
        startCalls: job.startCalls,
        redundantStarts: job.redundantStarts,
      })),
      eventCount: tenant.events.length,
      get events() {
        return tenant.sortedEvents().map((e) => eventJson(e, 'v1.0'));
      },
    };
  }

  get stats(): FakeGraphStats {
    return { ...this.#stats, byStatus: { ...this.#stats.byStatus } };
  }

  reset(): void {
    [this.#transport, this.#faultRng, this.#tenant, this.#routes] = this.#fresh();
    this.#buckets.clear();
    this.#stats = {
      requests: 0,
      batched: 0,
      received: 0,
      abandoned: 0,
      byStatus: {},
      throttled: 0,
      faults: 0,
    };
  }

  addUser(init: FakeUserInit): FakeUser {
    const tenant = this.#tenant;
    if (typeof init.displayName !== 'string' || init.displayName.trim() === '')
      throw new TypeError('addUser: displayName must be a non-empty string');
    const id = tenant.rng.guid();
    const user = { ...newUser(id, init.displayName, tenant.users.size), ...init, id };
    tenant.users.set(id, user);
    return { ...user };
  }

  updateUser(id: string, changes: Partial<Omit<FakeUser, 'id'>>): FakeUser {
    const user = this.#tenant.users.get(id);
    if (user === undefined) throw new RangeError(`updateUser: no user has the id '${id}'`);
    this.#tenant.advanceAll();
    Object.assign(user, changes, { id });
    this.#tenant.changedAt.set(id, this.#tenant.now);
    return { ...user };
  }

  stallJob(jobId: string, stalled = true): void {
    const job = this.#tenant.jobs.get(jobId);
    if (job === undefined) throw new RangeError(`stallJob: no job has the id '${jobId}'`);
    this.#tenant.advance(job);
    job.stalled = stalled;
  }

  addGroup(init: {
    readonly displayName: string;
    readonly members?: readonly string[];
  }): FakeGroup {
    const tenant = this.#tenant;
    if (typeof init.displayName !== 'string' || init.displayName.trim() === '')
      throw new TypeError('addGroup: displayName must be a non-empty string');
    for (const member of init.members ?? []) {
      if (!tenant.users.has(member))
        throw new RangeError(`addGroup: no user has the id '${member}'`);
    }
    const id = tenant.rng.guid();
    const group = { id, displayName: init.displayName, members: [...(init.members ?? [])] };
    tenant.groups.set(id, group);
    return { ...group, members: [...group.members] };
  }

  seedProvisioningEvents(count: number, options: SeedEventsOptions = {}): SeededEvents {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError('seedProvisioningEvents: count must be a whole number >= 0');
    const tenant = this.#tenant;
    this.#seedCalls += 1;
    const rng = seededRandom(
      streamSeed(tenant.settings.seed, `seeded-events:${String(this.#seedCalls)}`),
    );
    const now = this.#now();
    const time = (value: Date | number | undefined, fallback: number): number =>
      value === undefined ? fallback : value instanceof Date ? value.getTime() : value;
    const until = time(options.until, now);
    const since = time(options.since, until - 7 * 24 * 3_600_000);
    if (!(since <= until))
      throw new RangeError('seedProvisioningEvents: since must not be after until');
    const job = options.jobId === undefined ? undefined : tenant.jobs.get(options.jobId);
    if (options.jobId !== undefined && job === undefined)
      throw new RangeError(`seedProvisioningEvents: no job '${options.jobId}'`);
    const sp = job === undefined ? undefined : tenant.servicePrincipals.get(job.servicePrincipalId);
    const jobId = job?.id ?? `scim.${tenant.settings.tenantId.replace(/-/g, '')}.${rng.guid()}`;
    const servicePrincipalId = sp?.id ?? rng.guid();
    const failureRate = options.failureRate ?? 0.08;
    const names = Array.from({ length: 200 }, (_, i) => ({
      id: rng.guid(),
      name: `Seeded User ${String(i + 1)}`,
    }));
    let cycleId = rng.guid();
    const step = count === 0 ? 0 : (until - since) / count;
    for (let i = 0; i < count; i += 1) {
      if (i % 500 === 0) cycleId = rng.guid();
      const who = names[i % names.length] as { id: string; name: string };
      const outcome = draftOutcome(rng, failureRate);
      const event: StoredEvent = {
        seq: 0,
        id: rng.guid(),
        time: Math.floor(since + i * step),
        tenantId: tenant.settings.tenantId,
        jobId,
        cycleId,
        changeId: rng.guid(),
        servicePrincipalId,
        servicePrincipalName: sp?.displayName ?? 'Seeded SCIM App',
        applicationId: sp?.appId ?? servicePrincipalId,
        targetName: job?.template.targetName ?? 'Seeded SCIM App',
        errorPrefix: job?.template.errorPrefix ?? 'SystemForCrossDomainIdentityManagement',
        inbound: job?.template.direction === 'inbound',
        durationMs: 200 + (i % 3_000),
        ...outcome,
        identityType: 'User',
        targetType: 'User',
        sourceId: who.id,
        sourceName: who.name,
        targetId: who.id,
      };
      tenant.pushEvent(event);
    }
    return {
      count,
      jobId,
      servicePrincipalId,
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
    };
  }

  async listen(options: FakeListenOptions = {}): Promise<FakeGraphServer> {
    const { startServer } = await import('./server.js');
    return startServer((request, base) => this.#serve(request, options.publicUrl ?? base), {
      port: options.port ?? 0,
      tls: options.tls === true,
    });
  }

  async #fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const response = await this.#serve(request, url.origin);
    if (response instanceof ConnectionReset) {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      });
    }
    return response;
  }

  /** Answers one request, or reports a dropped connection. */
  async #serve(request: Request, base: string): Promise<Response | ConnectionReset> {
    this.#stats.received += 1;
    try {
      await this.#latency(request.signal);
    } catch (error) {
      this.#stats.abandoned += 1;
      throw error;
    }
    const clientRequestId = request.headers.get('client-request-id') ?? this.#transport.guid();
    const respond = (r: FakeResponse): Response => this.#encode(r, clientRequestId);
    this.#stats.requests += 1;

    const auth = request.headers.get('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    if (token === undefined) {
      return respond(
        errorResponse(new Fault(401, 'InvalidAuthenticationToken', 'Access token is empty.')),
      );
    }
    let req: FakeRequest;
    try {
      req = await this.#decode(request, base);
    } catch (error) {
      if (error instanceof Fault) return respond(errorResponse(error));
      throw error;
    }
    // Only the gallery's reads are answered without the handlers loaded on demand (routes.ts);
    // once loaded (or handed over by createFakeGraph), a request waits on nothing more.
    if (!handlersLoaded() && (this.#granted !== undefined || Routes.needsHandlers(req))) {
      provideHandlers(await this.#loadHandlers());
    }
    const caller = callerOf(token);
    if (caller.objectId !== undefined)
      this.#tenant.callers.set(caller.objectId, { appId: caller.appId });
    if (req.segments.length === 1 && req.segments[0] === '$batch') {
      const answer = this.#batch(req, caller);
      return answer instanceof ConnectionReset ? answer : respond(answer);
    }
    const result = this.#answer(req, caller);
    if (result === 'reset') return new ConnectionReset();
    const faults = this.#faults;
    const inScope = faults.paths === undefined || faults.paths.test(`/${req.segments.join('/')}`);
    if (
      inScope &&
      isCreateOrStart(req) &&
      result.status < 300 &&
      this.#faultRng.chance(faults.lostAnswer)
    ) {
      this.#stats.faults += 1;
      return this.#lostAnswer(result, caller, respond);
    }
    const response = respond(result);
    if (
      inScope &&
      result.body !== undefined &&
      result.status < 300 &&
      this.#faultRng.chance(faults.truncatedJson)
    ) {
      this.#stats.faults += 1;
      const text = await response.text();
      return new Response(text.slice(0, Math.floor(text.length / 2)), {
        status: response.status,
        headers: response.headers,
      });
    }
    return response;
  }

  /**
   * The answer to one request, authenticated and decoded (alone or inside a batch): refused for a
   * missing permission, throttled, faulted, or handled; `'reset'` when the connection drops.
   */
  #answer(req: FakeRequest, caller: Caller): FakeResponse | 'reset' {
    const path = `/${req.segments.join('/')}`;
    const granted = this.#granted === undefined ? undefined : (caller.permissions ?? this.#granted);
    const requirement = granted === undefined ? undefined : handlers().requirementOf(req);
    const owns = (): boolean =>
      caller.objectId !== undefined && this.#routes.ownersOf(req).includes(caller.objectId);
    if (
      requirement !== undefined &&
      granted !== undefined &&
      !handlers().allows(requirement, granted, owns)
    ) {
      const silent =
        this.#options.permissionErrors === 'realistic' && req.segments.includes('synchronization');
      return errorResponse(
        silent
          ? new Fault(401, 'UnknownError', '')
          : new Fault(
              403,
              'Authorization_RequestDenied',
              'Insufficient privileges to complete the operation.',
            ),
      );
    }
    const throttled = this.#throttle(this.#routes.classify(req), caller);
    if (throttled !== undefined) {
      this.#stats.throttled += 1;
      return errorResponse(throttled);
    }
    const faults = this.#faults;
    const inScope = faults.paths === undefined || faults.paths.test(path);
    if (inScope) {
      const fault = this.#preFault(caller);
      if (fault !== undefined) {
        this.#stats.faults += 1;
        if (fault === 'reset') return 'reset';
        if (fault.status === 429) this.#stats.throttled += 1;
        return errorResponse(fault);
      }
    }
    let result: FakeResponse;
    try {
      result = this.#routes.handle(req);
    } catch (error) {
      if (error instanceof Fault) return errorResponse(error);
      // A bug of the fake answers like a server bug, in-process and over HTTP alike.
      return errorResponse(
        new Fault(
          500,
          'InternalServerError',
          `The fake Graph failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
    if (
      inScope &&
      /\/instantiate$/.test(path) &&
      result.status === 201 &&
      this.#faultRng.chance(faults.instantiateNotFound)
    ) {
      this.#stats.faults += 1;
      return errorResponse(
        new Fault(
          404,
          'Request_ResourceNotFound',
          `Resource '${req.segments[1] ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
        ),
      );
    }
    return result;
  }

  /**
   * `POST /$batch`: each request answered as if sent alone (permissions, throttling and faults
   * apply to each), in order, an answer of 424 for one whose dependency failed; a dropped
   * connection drops the whole batch, after the requests before it were carried out.
   */
  #batch(req: FakeRequest, caller: Caller): FakeResponse | ConnectionReset {
    if (req.method !== 'POST') {
      return errorResponse(new Fault(405, 'BadRequest', 'The batch endpoint only takes POST.'));
    }
    const batch = handlers();
    let items: BatchItem[];
    try {
      items = batch.parseBatch(req.body);
    } catch (error) {
      if (error instanceof Fault) return errorResponse(error);
      throw error;
    }
    const statuses = new Map<string, number>();
    const responses: Record<string, unknown>[] = [];
    for (const item of items) {
      const failed = item.dependsOn.find(
        (dependency) => (statuses.get(dependency.toLowerCase()) ?? 200) >= 400,
      );
      let answer: FakeResponse | 'reset';
      if (failed !== undefined) answer = batch.failedDependency(item, failed);
      else {
        try {
          answer = this.#answer(batch.innerRequest(item, req), caller);
        } catch (error) {
          if (!(error instanceof Fault)) throw error;
          answer = errorResponse(error);
        }
      }
      if (answer === 'reset') return new ConnectionReset();
      this.#stats.batched += 1;
      statuses.set(item.id.toLowerCase(), answer.status);
      responses.push(this.#innerAnswer(item.id, answer));
    }
    return { status: 200, body: { responses: batch.shuffle(responses, this.#transport) } };
  }

  /** One answer inside a batch's body: its headers as an object, an error with Graph's envelope. */
  #innerAnswer(id: string, answer: FakeResponse): Record<string, unknown> {
    const headers: Record<string, string> = { ...answer.headers };
    // Graph base64-encodes an inner body that is not JSON (Microsoft Q&A 1352007: "by design").
    if (answer.text !== undefined)
      return { id, status: answer.status, headers, body: base64(answer.text) };
    if (answer.body === undefined) return { id, status: answer.status, headers };
    headers['Content-Type'] = JSON_TYPE;
    this.#stampError(answer, { 'request-id': this.#transport.guid() });
    return { id, status: answer.status, headers, body: answer.body };
  }

  /** The answer of a create or start that was carried out, lost: what replaces it. */
  async #lostAnswer(
    result: FakeResponse,
    caller: Caller,
    respond: (r: FakeResponse) => Response,
  ): Promise<Response | ConnectionReset> {
    const answers = this.#faults.lostAnswers;
    const answer = answers[this.#faultRng.int(0, answers.length - 1)] ?? 'reset';
    if (answer === 'reset' || (answer === 'truncated' && result.body === undefined)) {
      return new ConnectionReset();
    }
    if (answer === 'truncated') {
      const whole = respond(result);
      const text = await whole.text();
      return new Response(text.slice(0, Math.floor(text.length / 2)), {
        status: whole.status,
        headers: whole.headers,
      });
    }
    if (answer === 429) this.#stats.throttled += 1;
    return respond(
      errorResponse(
        answer === 429
          ? this.#throttleFault('writesPerAppTenant', caller, 1)
          : new Fault(
              answer,
              LOST_CODES[answer],
              LOST_MESSAGES[answer],
              answer === 503 ? { 'Retry-After': '1' } : {},
            ),
      ),
    );
  }

  #preFault(caller: Caller): Fault | 'reset' | undefined {
    const f = this.#faults;
    if (
      f.connectionReset + f.serverError + f.serviceUnavailable + f.gatewayTimeout + f.throttled ===
      0
    )
      return undefined;
    // One draw, so each fault fires at exactly its stated rate.
    let roll = this.#faultRng.next();
    if ((roll -= f.connectionReset) < 0) return 'reset';
    if ((roll -= f.serverError) < 0)
      return new Fault(500, 'InternalServerError', 'An internal server error occurred.');
    if ((roll -= f.serviceUnavailable) < 0) {
      return new Fault(
        503,
        'serviceNotAvailable',
        'The service is temporarily unavailable. Please retry.',
        { 'Retry-After': '1' },
      );
    }
    if ((roll -= f.gatewayTimeout) < 0)
      return new Fault(504, 'GatewayTimeout', 'The gateway did not receive a response in time.');
    if ((roll -= f.throttled) < 0)
      return this.#throttleFault('resourceUnitsPerAppTenant', caller, 1);
    return undefined;
  }

  async #latency(signal: AbortSignal): Promise<void> {
    const setting = this.#options.latencyMs ?? [1, 3];
    const ms = typeof setting === 'number' ? setting : this.#transport.int(setting[0], setting[1]);
    if (signal.aborted) throw signal.reason;
    if (ms <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #throttle(kind: RequestClass, caller: Caller): Fault | undefined {
    const limits = this.#limits;
    if (limits === undefined) return undefined;
    const key = caller.key;
    const scopes: [ThrottleScope, string][] = [['resourceUnitsPerAppTenant', key]];
    if (kind === 'reports') scopes.push(['reports', key]);
    if (kind === 'onDemand') scopes.push(['provisionOnDemand', key]);
    if (kind === 'write' || kind === 'onDemand')
      scopes.push(['writesPerAppTenant', key], ['writesPerTenant', '']);
    // Real time: the client waits Retry-After in real time, whatever the fake's clock does.
    const now = Date.now();
    const buckets = scopes.map(([scope, key]) => {
      const limit = limits[scope];
      const id = `${scope}:${key}`;
      const bucket = this.#buckets.get(id) ?? { tokens: limit.requests, updatedAt: now };
      const rate = limit.requests / limit.windowMs;
      bucket.tokens = Math.min(
        limit.requests,
        bucket.tokens + Math.max(0, now - bucket.updatedAt) * rate,
      );
      bucket.updatedAt = now;
      this.#buckets.set(id, bucket);
      return { scope, bucket, rate };
    });
    const empty = buckets.filter((b) => b.bucket.tokens < 1);
    if (empty.length === 0) {
      for (const b of buckets) b.bucket.tokens -= 1;
      return undefined;
    }
    const waitMs = Math.max(...empty.map((b) => (1 - b.bucket.tokens) / b.rate));
    const scope = empty[0]?.scope as ThrottleScope;
    return this.#throttleFault(scope, caller, Math.max(1, Math.ceil(waitMs / 1000)));
  }

  /** A 429 as Graph sends it, asking for a wait of `seconds`. */
  #throttleFault(scope: ThrottleScope, caller: Caller, seconds: number): Fault {
    // Graph's format: {scope}/{limit}/{application id}/{tenant id}.
    const appId = caller.appId ?? seededRandom(streamSeed(0, caller.key)).guid();
    const [level, limit] = THROTTLE_SCOPE[scope];
    return new Fault(
      429,
      'TooManyRequests',
      'Too many requests, please retry after the time in the Retry-After header.',
      {
        'Retry-After': String(seconds),
        'x-ms-throttle-scope': `${level}/${limit}/${appId}/${this.#tenant.settings.tenantId}`,
        'x-ms-throttle-information': THROTTLE_INFORMATION[scope],
      },
    );
  }

  async #decode(request: Request, base: string): Promise<FakeRequest> {
    const url = new URL(request.url);
    const root = new URL(base);
    const prefix = root.pathname.replace(/\/+$/, '');
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const [, version, ...raw] = path.split('/');
    if (version !== 'v1.0' && version !== 'beta') {
      throw new Fault(400, 'BadRequest', `Invalid version: '${version ?? ''}'.`);
    }
    let segments: string[];
    try {
      segments = raw
        .filter((s, i) => s !== '' || i < raw.length - 1)
        .map((s) => decodeURIComponent(s));
    } catch {
      throw new Fault(400, 'BadRequest', 'The request URL is not valid.');
    }
    if (segments.some((s) => s === ''))
      throw new Fault(400, 'BadRequest', 'The request URL has an empty segment.');
    let body: unknown;
    const text =
      request.method === 'GET' || request.method === 'DELETE' ? '' : await request.text();
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new Fault(
          400,
          'BadRequest',
          'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        );
      }
    }
    return {
      method: request.method,
      version,
      segments,
      query: url.searchParams,
      base: `${root.origin}${prefix}`,
      headers: request.headers,
      body,
    };
  }

  #encode(result: FakeResponse, clientRequestId: string): Response {
    const status = result.status;
    this.#stats.byStatus[status] = (this.#stats.byStatus[status] ?? 0) + 1;
    const headers = new Headers({
      'request-id': this.#transport.guid(),
      'client-request-id': clientRequestId,
      date: new Date(this.#now()).toUTCString(),
      ...result.headers,
    });
    if (result.text !== undefined) return new Response(result.text, { status, headers });
    if (status === 204 || result.body === undefined) return new Response(null, { status, headers });
    headers.set('content-type', JSON_TYPE);
    this.#stampError(result, {
      'request-id': headers.get('request-id'),
      'client-request-id': clientRequestId,
    });
    return new Response(JSON.stringify(result.body), { status, headers });
  }

  /** Fills an error answer's `innerError` as Graph does: its date, and the ids given. */
  #stampError(answer: FakeResponse, ids: Readonly<Record<string, string | null>>): void {
    const body = answer.body as { error?: { innerError?: Record<string, unknown> } } | undefined;
    const inner = body?.error?.innerError;
    // Only error answers carry the envelope (a parseExpression result has an `error` member too).
    if (answer.status < 400 || inner === undefined || inner === null) return;
    Object.assign(inner, { date: new Date(this.#now()).toISOString().slice(0, 19), ...ids });
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `FakeGraph { applications: ${String(this.#tenant.applications.size)}, jobs: ${String(this.#tenant.jobs.size)}, events: ${String(this.#tenant.events.length)} }`;
  }
}

const THROTTLE_SCOPE: Readonly<Record<ThrottleScope, readonly [string, string]>> = {
  resourceUnitsPerAppTenant: ['Tenant_Application', 'ReadWrite'],
  writesPerAppTenant: ['Tenant_Application', 'Write'],
  writesPerTenant: ['Tenant', 'Write'],
  reports: ['Tenant_Application', 'Read'],
  provisionOnDemand: ['Tenant_Application', 'Write'],
};

const THROTTLE_INFORMATION: Readonly<Record<ThrottleScope, string>> = {
  resourceUnitsPerAppTenant: 'ResourceUnitLimitExceeded',
  writesPerAppTenant: 'WriteLimitExceeded',
  writesPerTenant: 'TenantWriteLimitExceeded',
  reports: 'ReportsLimitExceeded',
  provisionOnDemand: 'ProvisionOnDemandLimitExceeded',
};

const LOST_CODES: Readonly<Record<Exclude<LostAnswer, 429 | 'reset' | 'truncated'>, string>> = {
  400: 'BadRequest',
  403: 'Authorization_RequestDenied',
  404: 'Request_ResourceNotFound',
  409: 'Conflict',
  500: 'InternalServerError',
  503: 'serviceNotAvailable',
  504: 'GatewayTimeout',
};

const LOST_MESSAGES: Readonly<Record<Exclude<LostAnswer, 429 | 'reset' | 'truncated'>, string>> = {
  400: 'The request could not be completed.',
  403: 'Insufficient privileges to complete the operation.',
  404: 'Resource does not exist or one of its queried reference-property objects are not present.',
  409: 'The operation conflicts with the current state of the object.',
  500: 'An internal server error occurred.',
  503: 'The service is temporarily unavailable. Please retry.',
  504: 'The gateway did not receive a response in time.',
};

/** The writes whose lost answer makes duplicates: instantiate, job create, job start, assignments. */
function isCreateOrStart(req: FakeRequest): boolean {
  if (req.method !== 'POST') return false;
  const [collection = '', ...rest] = req.segments;
  if (collection === 'applicationTemplates') return rest.at(-1) === 'instantiate';
  // `/servicePrincipals/{id}/…`, or `/servicePrincipals(appId='…')/…` without the id segment.
  const path =
    collection === 'servicePrincipals'
      ? rest.slice(1)
      : /^servicePrincipals\(appId=/.test(collection)
        ? rest
        : undefined;
  if (path === undefined) return false;
  if (path[0] === 'appRoleAssignedTo') return path.length === 1;
  const [nav, child, jobId, action, ...more] = path;
  if (nav !== 'synchronization' || child !== 'jobs' || more.length > 0) return false;
  return jobId === undefined || action === 'start';
}

function checkLostAnswers(value: unknown): readonly LostAnswer[] {
  if (value === undefined) return LOST_ANSWERS;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((v) => !(LOST_ANSWERS as readonly unknown[]).includes(v))
  ) {
    throw new RangeError(
      `createFakeGraph: faults.lostAnswers must be a non-empty list of ${LOST_ANSWERS.join(', ')}`,
    );
  }
  return value as readonly LostAnswer[];
}

function errorResponse(fault: Fault): FakeResponse {
  return {
    status: fault.status,
    headers: fault.headers,
    body: {
      error: {
        code: fault.code,
        message: fault.message,
        innerError: {},
      },
    },
  };
}

/** Base64 of UTF-8 text, without Buffer (the fake also runs where Node's APIs do not). */
function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}
