import type { TokenCredential } from '@azure/core-auth';
import { InvalidInputError } from './errors.js';

/** Graph API version. */
export type ApiVersion = 'v1.0' | 'beta';

/** National cloud: picks the Graph host and the token scope. */
export type GraphCloud = 'global' | 'usGov' | 'usGovDoD' | 'china';

/** Longest delay a timer can wait (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Graph root URL of each cloud (the token scope is this URL plus `/.default`). */
export const GRAPH_CLOUD_ROOTS: Readonly<Record<GraphCloud, string>> = {
  global: 'https://graph.microsoft.com',
  usGov: 'https://graph.microsoft.us',
  usGovDoD: 'https://dod-graph.microsoft.us',
  china: 'https://microsoftgraph.chinacloudapi.cn',
};

/** A `fetch`-compatible function: the transport seam for tests, proxies and the fake Graph. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Where the SDK reports what it does. Pass `console` to see everything. It never receives an
 * access token, an `Authorization` header or a secret value: only methods, paths, statuses,
 * timings and request ids.
 */
export interface Logger {
  /** Every request and response line (`→ GET …`, `← 200 … in 41 ms`). */
  debug(message: string, ...details: unknown[]): void;
  /** Notable events. */
  info(message: string, ...details: unknown[]): void;
  /** Retries and waits, responses that do not match the model under `validateResponses: 'warn'`. */
  warn(message: string, ...details: unknown[]): void;
  /** Failures worth attention. */
  error(message: string, ...details: unknown[]): void;
}

/**
 * A logger of `@azure/logger`'s shape (`createClientLogger('entra')`, and what Azure SDKs take):
 * `verbose` and `warning` where {@link Logger} has `debug` and `warn`. Accepted as it is by the
 * client's `logger` option: `debug` lines go to `verbose`, `warn` lines to `warning`.
 */
export interface AzureStyleLogger {
  /** Receives the SDK's `debug` lines. */
  verbose(message: string, ...details: unknown[]): void;
  /** Receives the SDK's `info` lines. */
  info(message: string, ...details: unknown[]): void;
  /** Receives the SDK's `warn` lines. */
  warning(message: string, ...details: unknown[]): void;
  /** Receives the SDK's `error` lines. */
  error(message: string, ...details: unknown[]): void;
}

/** What to do when a Graph response does not match the SDK's model. */
export type ResponseValidation = 'throw' | 'warn' | 'off';

/** An access token, or a function that returns one (called before every request). */
export type AccessTokenSource = string | (() => string | Promise<string>);

/**
 * The API version option: optional for a client typed with any version, required when the
 * client's type names one (`ProvisioningClient<'beta'>`), so the type never claims a version the
 * client does not use.
 */
export type ApiVersionOption<V extends ApiVersion> = [ApiVersion] extends [V]
  ? {
      /** Graph API version. Default `'v1.0'`. */
      apiVersion?: V;
    }
  : {
      /** Graph API version. */
      apiVersion: V;
    };

/**
 * Options of {@link ProvisioningClient}. Exactly one of `credential` / `accessToken` is
 * required. `V` is the API version, inferred from `apiVersion`.
 */
export type ProvisioningClientOptions<V extends ApiVersion = ApiVersion> =
  ProvisioningClientBaseOptions & ApiVersionOption<V>;

/** {@link ProvisioningClientOptions} but the API version. */
export interface ProvisioningClientBaseOptions {
  /** Any `TokenCredential`, e.g. `new DefaultAzureCredential()` from `@azure/identity`. */
  credential?: TokenCredential;
  /** A bearer token, or a function returning one: handy in scripts and a REPL. */
  accessToken?: AccessTokenSource;
  /**
   * National cloud: picks the Graph host and the token scope. Default `'global'`, or the cloud
   * whose Graph root `baseUrl` is.
   */
  cloud?: GraphCloud;
  /**
   * Explicit Graph root, e.g. a fake Graph's URL (`http://127.0.0.1:4010`). `https:` is required
   * except for loopback hosts. Default: the cloud's root.
   */
  baseUrl?: string;
  /** Retries per request, see the README's "Retries". Default 3. */
  maxRetries?: number;
  /** Timeout of each attempt, in milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Longest server-requested wait (`Retry-After`) honoured automatically. Default 120 000. */
  maxRetryAfterMs?: number;
  /** The transport. Default: the global `fetch`, looked up at call time. */
  fetch?: FetchLike;
  /**
   * What Graph returns is checked against the SDK's models and the checks some methods add
   * (instantiate's ids, provisionOnDemand's strings): `'throw'` (default) raises an
   * `InvalidResponseError`, `'warn'` logs the problem and returns what came, `'off'` checks
   * nothing. A body that is not JSON at all is an error whatever the setting.
   */
  validateResponses?: ResponseValidation;
  /**
   * Receives debug/info/warn/error lines. Default: silent. Any object with `debug`, `info`,
   * `warn` and `error` methods works as it is (`console`, pino, winston, bunyan: each line is one
   * string argument, called as a method of the logger), and so does an `@azure/logger` client
   * logger ({@link AzureStyleLogger}).
   */
  logger?: Logger | AzureStyleLogger;
  /**
   * OpenTelemetry spans: one per call to Graph (retries as its events) and one per workflow step
   * (docs/observability.md lists what they carry: no object id, query, token or secret; Graph's
   * request ids, GUID-shaped only).
   * Default `true`: spans go to the global tracer provider of `@opentelemetry/api` once one is
   * registered (nothing is loaded, and nothing traced, while none is, or when the package is not
   * installed). `false` traces
   * nothing and loads nothing; a tracer provider (e.g. your `NodeTracerProvider`) receives this
   * client's spans instead of the global one, without `@opentelemetry/api` being looked up.
   */
  tracing?: boolean | TracerProviderLike;
}

/**
 * What the client needs of an OpenTelemetry `TracerProvider` (from `@opentelemetry/api` 1.x):
 * any tracer provider of the OpenTelemetry SDK fits. Typed here so that this package's types
 * need no OpenTelemetry package.
 */
export interface TracerProviderLike {
  /** Returns the tracer of an instrumentation scope (`'entra-provisioning'`, the package version). */
  getTracer(name: string, version?: string): object;
}

/** Per-call options, accepted as the last argument of every method. */
export interface RequestOptions {
  /** Cancels the call, including any retry wait. */
  signal?: AbortSignal;
  /** Timeout of each attempt of this call, in milliseconds (overrides the client's). */
  timeoutMs?: number;
  /**
   * Extra request headers, e.g. `{ 'client-request-id': myId }` to correlate with your logs.
   * `Authorization` is refused: authentication comes from the client's options.
   */
  headers?: Record<string, string>;
}

/** The client's options after validation and defaults. */
export interface ResolvedOptions {
  readonly apiVersion: ApiVersion;
  readonly cloud: GraphCloud;
  /** Graph root without a trailing slash, e.g. `https://graph.microsoft.com`. */
  readonly baseUrl: string;
  /** Token scope, from the cloud. */
  readonly scope: string;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly maxRetryAfterMs: number;
  readonly fetch: FetchLike;
  readonly validateResponses: ResponseValidation;
  readonly logger: Logger | undefined;
  /** `'global'`: `@opentelemetry/api`'s global provider, when installed. */
  readonly tracing: false | 'global' | TracerProviderLike;
  readonly auth:
    | { readonly type: 'credential'; readonly credential: TokenCredential }
    | { readonly type: 'accessToken'; readonly accessToken: AccessTokenSource };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function fail(field: string, message: string): never {
  throw new InvalidInputError(`Invalid ProvisioningClient option ${field}: ${message}`, {
    issues: [{ path: [field], message }],
  });
}

function wholeNumber(
  field: string,
  value: unknown,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `must be a whole number from ${String(min)} to ${String(max)}`);
  }
  return value;
}

/** Validates a Graph root URL: absolute, `https:` unless loopback, no credentials, query or fragment. */
export function checkBaseUrl(value: unknown): string {
  if (typeof value !== 'string') fail('baseUrl', 'must be a URL string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('baseUrl', 'is not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    fail('baseUrl', 'must use https: (plain http: is allowed only for loopback hosts)');
  }
  if (url.username !== '' || url.password !== '') fail('baseUrl', 'must not contain credentials');
  if (url.search !== '' || url.hash !== '') fail('baseUrl', 'must not have a query or a fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function isTokenCredential(value: unknown): value is TokenCredential {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { getToken?: unknown }).getToken === 'function'
  );
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  // An @azure/logger client logger is itself a function (a `debug` instance) with methods.
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const l = value as Record<string, unknown>;
  return names.every((m) => typeof l[m] === 'function');
}

/**
 * The logger the core calls: the user's own when it has `debug/info/warn/error`, else an adapter
 * over an `@azure/logger`-style one that calls its methods as methods (loggers such as pino's
 * need their `this`). Undefined for anything else.
 */
function toLogger(value: unknown): Logger | undefined {
  if (hasMethods(value, ['debug', 'info', 'warn', 'error'])) return value as Logger;
  if (!hasMethods(value, ['verbose', 'info', 'warning', 'error'])) return undefined;
  const azure = value as AzureStyleLogger;
  return {
    debug: (message, ...details) => {
      azure.verbose(message, ...details);
    },
    info: (message, ...details) => {
      azure.info(message, ...details);
    },
    warn: (message, ...details) => {
      azure.warning(message, ...details);
    },
    error: (message, ...details) => {
      azure.error(message, ...details);
    },
  };
}

function checkTracing(value: unknown): ResolvedOptions['tracing'] {
  if (value === undefined || value === true) return 'global';
  if (value === false) return false;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as Record<string, unknown>).getTracer !== 'function'
  ) {
    fail('tracing', 'must be true, false or a tracer provider (an object with getTracer())');
  }
  return value as TracerProviderLike;
}

/** Validates the client's options and applies defaults; throws {@link InvalidInputError}. */
export function resolveOptions(options: ProvisioningClientOptions | undefined): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    fail('options', 'pass an options object with a credential or an accessToken');
  }
  const known = new Set([
    'credential',
    'accessToken',
    'apiVersion',
    'cloud',
    'baseUrl',
    'maxRetries',
    'timeoutMs',
    'maxRetryAfterMs',
    'fetch',
    'validateResponses',
    'logger',
    'tracing',
  ]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) fail(key, 'is not an option of ProvisioningClient');
  }
  const { credential, accessToken } = options;
  if ((credential === undefined) === (accessToken === undefined)) {
    fail('credential', 'pass exactly one of credential or accessToken');
  }
  let auth: ResolvedOptions['auth'];
  if (credential !== undefined) {
    if (!isTokenCredential(credential))
      fail('credential', 'must be a TokenCredential (an object with getToken())');
    auth = { type: 'credential', credential };
  } else if (typeof accessToken === 'function') {
    auth = { type: 'accessToken', accessToken };
  } else {
    // A token read from a file or an environment variable often ends with a newline.
    const token = typeof accessToken === 'string' ? accessToken.trim() : '';
    if (!/^[\x21-\x7e]+$/.test(token)) {
      fail(
        'accessToken',
        'must be a token (one word of visible ASCII) or a function returning one',
      );
    }
    auth = { type: 'accessToken', accessToken: token };
  }

  const apiVersion = options.apiVersion ?? 'v1.0';
  if (apiVersion !== 'v1.0' && apiVersion !== 'beta')
    fail('apiVersion', "must be 'v1.0' or 'beta'");
  const baseUrl = options.baseUrl === undefined ? undefined : checkBaseUrl(options.baseUrl);
  // A national cloud's Graph root as baseUrl implies that cloud's token scope.
  const impliedCloud = (Object.keys(GRAPH_CLOUD_ROOTS) as GraphCloud[]).find(
    (c) => GRAPH_CLOUD_ROOTS[c] === baseUrl,
  );
  if (options.cloud !== undefined && impliedCloud !== undefined && impliedCloud !== options.cloud) {
    fail('baseUrl', `is the Graph root of the '${impliedCloud}' cloud, not of '${options.cloud}'`);
  }
  const cloud = options.cloud ?? impliedCloud ?? 'global';
  if (!Object.hasOwn(GRAPH_CLOUD_ROOTS, cloud)) {
    fail(
      'cloud',
      `must be one of ${Object.keys(GRAPH_CLOUD_ROOTS)
        .map((c) => `'${c}'`)
        .join(', ')}`,
    );
  }
  const cloudRoot = GRAPH_CLOUD_ROOTS[cloud];

  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    fail('fetch', 'must be a function');
  const validateResponses = options.validateResponses ?? 'throw';
  if (!['throw', 'warn', 'off'].includes(validateResponses)) {
    fail('validateResponses', "must be 'throw', 'warn' or 'off'");
  }
  const logger = options.logger === undefined ? undefined : toLogger(options.logger);
  if (options.logger !== undefined && logger === undefined) {
    fail(
      'logger',
      'must have debug, info, warn and error methods (console, pino, winston) or verbose, info, warning and error (@azure/logger)',
    );
  }
  const customFetch = options.fetch;
  return {
    tracing: checkTracing(options.tracing),
    apiVersion,
    cloud,
    baseUrl: baseUrl ?? cloudRoot,
    scope: `${cloudRoot}/.default`,
    maxRetries: wholeNumber('maxRetries', options.maxRetries, 0, 20, 3),
    timeoutMs: wholeNumber('timeoutMs', options.timeoutMs, 1, MAX_TIMER_MS, 60_000),
    maxRetryAfterMs: wholeNumber(
      'maxRetryAfterMs',
      options.maxRetryAfterMs,
      0,
      MAX_TIMER_MS,
      120_000,
    ),
    // Looked up per call, so a fetch patched after construction (msw, a proxy agent) is used.
    fetch: customFetch ?? ((input, init) => globalThis.fetch(input, init)),
    validateResponses,
    logger,
    auth,
  };
}
