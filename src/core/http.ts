/**
 * The one place that talks HTTP. Requests are built and sent through the Microsoft Graph client
 * (`@microsoft/microsoft-graph-client`), with its middleware chain replaced by two handlers of
 * ours: authentication that only ever sends the token to the client's own Graph root, and a
 * transport that applies the per-attempt timeout and reads the body. Its RetryHandler is left
 * out on purpose: it replays POSTs. The retry loop below decides, with the pure policy of
 * `retry.ts`.
 */
import {
  Client,
  ResponseType,
  type AuthenticationProvider,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type * as z from 'zod/mini';
import { raceAbort, sleep } from '../internal/abort.js';
import { redact, redactBearer } from '../internal/redact.js';
import {
  AbortedError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  HttpError,
  InvalidInputError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  ServerError,
  ThrottledError,
  TimeoutError,
  UnauthorizedError,
  type AnyGraphError,
  type GraphErrorDetails,
  type GraphErrorKind,
  type ValidationIssue,
} from './errors.js';
import { queryString } from './odata.js';
import type { FetchLike, Logger, RequestOptions, ResolvedOptions } from './options.js';
import {
  DEFAULT_BACKOFF,
  backoffDelayMs,
  decideRetry,
  parseRetryAfterMs,
  type HttpMethod,
  type ReplayPolicy,
  type RetryPolicy,
} from './retry.js';
import { summarizeIssues, toIssues } from './validation.js';

/** A request as resources describe it; the core adds version, auth, ids, retries. */
export interface RequestSpec {
  readonly method: HttpMethod;
  /** Path under the version root, ids already encoded, e.g. `/servicePrincipals/…/synchronization/jobs`. */
  readonly path: string;
  /** Query parameters, unencoded. */
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** JSON body. */
  readonly body?: unknown;
  /** Extra headers Graph needs for this call (e.g. `ConsistencyLevel`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** How the request may be replayed; default `'auto'`. */
  readonly replay?: ReplayPolicy;
  /** Values in the body that must never appear in an error or a log line. */
  readonly secrets?: readonly string[];
  /** Hints added to errors of a kind, e.g. the permission a 403 most likely lacks. */
  readonly hints?: Partial<Readonly<Record<GraphErrorKind, string>>>;
  /** Model name for validation messages, e.g. `'SynchronizationJob'`. */
  readonly model?: string;
}

/** A response, body read. */
interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** A 2xx response, body read, with what errors about its body should report. */
export interface GraphResponse extends RawResponse {
  /** `GET /v1.0/servicePrincipals/…` (no query), for messages. */
  readonly display: string;
  /** Request context for errors raised while decoding the body. */
  readonly details: GraphErrorDetails;
}

/** A validated `nextLink` (or continuation token), split for the request builder. */
export interface ResolvedLink {
  readonly url: string;
  readonly version: string;
  /** Path and query under the version root. */
  readonly relative: string;
}

/** A page of a collection response. */
export interface RawPage<T> {
  readonly items: T[];
  readonly nextLink: ResolvedLink | undefined;
}

/** Per-attempt state shared with the middleware (the Graph client passes it through). */
class AttemptState implements MiddlewareOptions {
  result?: RawResponse;
  failure?: { readonly type: 'auth' | 'transport'; readonly error: unknown };
  constructor(
    readonly fetch: FetchLike,
    readonly signal: AbortSignal,
  ) {}
}

function attemptState(context: Context): AttemptState {
  const state = context.middlewareControl?.getMiddlewareOptions(AttemptState);
  if (!(state instanceof AttemptState))
    throw new Error('entra-provisioning: missing attempt state');
  return state;
}

function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

/** True when `url` is under the Graph root `root` (same origin, same path prefix, no userinfo). */
export function isUnderRoot(url: string, root: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const base = new URL(root);
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.origin !== base.origin) return false;
  const prefix = base.pathname.replace(/\/+$/, '');
  return parsed.pathname.startsWith(`${prefix}/`);
}

/**
 * Adds `Authorization: Bearer …`, and only for URLs under the client's Graph root: a request
 * anywhere else is refused before a token is even fetched.
 */
class AuthMiddleware implements Middleware {
  #next: Middleware | undefined;
  readonly #provider: AuthenticationProvider;
  readonly #root: string;

  constructor(provider: AuthenticationProvider, root: string) {
    this.#provider = provider;
    this.#root = root;
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    const state = attemptState(context);
    const url = requestUrl(context);
    if (!isUnderRoot(url, this.#root)) {
      const error = new InvalidResponseError(
        `Refusing to send a request outside the Graph root ${this.#root}`,
      );
      state.failure = { type: 'auth', error };
      throw error;
    }
    let token: unknown;
    try {
      token = await raceAbort(this.#provider.getAccessToken(), state.signal);
    } catch (error) {
      state.failure = { type: state.signal.aborted ? 'transport' : 'auth', error };
      throw error;
    }
    // A token with whitespace could smuggle extra header lines; a token is one opaque word.
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
      const error = new InvalidInputError(
        'The access token source returned an empty or malformed token (expected one non-empty word).',
      );
      state.failure = { type: 'auth', error };
      throw error;
    }
    const options = (context.options ??= {});
    const headers = new Headers(options.headers);
    headers.set('Authorization', `Bearer ${token}`);
    options.headers = headers;
    if (this.#next === undefined) throw new Error('entra-provisioning: broken middleware chain');
    await this.#next.execute(context);
  }
}

/** Sends the request with the attempt's signal and reads the whole body before the timeout. */
class TransportMiddleware implements Middleware {
  async execute(context: Context): Promise<void> {
    const state = attemptState(context);
    try {
      const init: RequestInit = {
        method: context.options?.method ?? 'GET',
        headers: context.options?.headers as HeadersInit,
        body: context.options?.body ?? null,
        // Redirects are never followed: the token must not travel to wherever one points.
        redirect: 'manual',
        signal: state.signal,
      };
      const response = await state.fetch(requestUrl(context), init);
      const text = await response.text();
      state.result = { status: response.status, headers: response.headers, text };
      context.response = response;
    } catch (error) {
      state.failure = { type: 'transport', error };
      throw error;
    }
  }
}

/** Wraps an `accessToken` string or function as the Graph client's AuthenticationProvider. */
function accessTokenProvider(
  source: string | (() => string | Promise<string>),
): AuthenticationProvider {
  return {
    getAccessToken: async () => (typeof source === 'string' ? source : await source()),
  };
}

const TIMEOUT = Symbol('timeout');

type AttemptResult =
  | { readonly type: 'response'; readonly response: RawResponse }
  | { readonly type: 'timeout'; readonly cause: unknown }
  | { readonly type: 'network'; readonly cause: unknown }
  | { readonly type: 'aborted'; readonly cause: unknown }
  | { readonly type: 'error'; readonly error: AnyGraphError };

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

interface ODataErrorInfo {
  code?: string;
  message?: string;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
}

/** Reads Graph's OData error envelope; tolerant of `innerError`/`innererror` and `request-id`/`requestId`. */
export function parseODataError(text: string): ODataErrorInfo {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return {};
  const e = error as Record<string, unknown>;
  const inner = (e.innerError ?? e.innererror) as Record<string, unknown> | undefined;
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' && v !== '' ? v : undefined;
  const info: ODataErrorInfo = {};
  const code = str(e.code);
  const message = str(e.message);
  if (code !== undefined) info.code = code;
  if (message !== undefined) info.message = message;
  if (typeof inner === 'object' && inner !== null) {
    const requestId = str(inner['request-id']) ?? str(inner.requestId);
    const clientRequestId = str(inner['client-request-id']);
    const date = str(inner.date);
    if (requestId !== undefined) info.requestId = requestId;
    if (clientRequestId !== undefined) info.clientRequestId = clientRequestId;
    if (date !== undefined) info.date = date;
  }
  return info;
}

/** Everything the SDK needs to talk to Graph: one per client. */
export class HttpCore {
  readonly #options: ResolvedOptions;
  readonly #graph: Client;
  readonly #retry: RetryPolicy;
  readonly #random: () => number;

  constructor(options: ResolvedOptions, random: () => number = Math.random) {
    this.#options = options;
    this.#random = random;
    this.#retry = {
      maxRetries: options.maxRetries,
      maxRetryAfterMs: options.maxRetryAfterMs,
      ...DEFAULT_BACKOFF,
    };
    const provider =
      options.auth.type === 'credential'
        ? new TokenCredentialAuthenticationProvider(options.auth.credential, {
            scopes: [options.scope],
          })
        : accessTokenProvider(options.auth.accessToken);
    this.#graph = Client.initWithMiddleware({
      baseUrl: options.baseUrl,
      defaultVersion: options.apiVersion,
      middleware: [new AuthMiddleware(provider, options.baseUrl), new TransportMiddleware()],
    });
  }

  /** The client's API version. */
  get apiVersion(): string {
    return this.#options.apiVersion;
  }

  /** The client's Graph root. */
  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** The logger, if any. */
  get logger(): Logger | undefined {
    return this.#options.logger;
  }

  /**
   * Checks a `nextLink` (or a caller's continuation token) and splits it for the request
   * builder. A link outside the client's Graph root is refused: following it would send the
   * access token to another host.
   */
  resolveLink(link: unknown, source: 'response' | 'input'): ResolvedLink {
    const reject = (message: string): never => {
      const issues: ValidationIssue[] = [
        { path: [source === 'response' ? '@odata.nextLink' : 'continuationToken'], message },
      ];
      if (source === 'input')
        throw new InvalidInputError(`Invalid continuationToken: ${message}`, { issues });
      throw new InvalidResponseError(`Graph returned an unusable @odata.nextLink: ${message}`, {
        issues,
      });
    };
    if (typeof link !== 'string' || link === '') return reject('expected a non-empty URL string');
    if (!isUnderRoot(link, this.#options.baseUrl)) {
      return reject(
        `it does not point under the client's Graph root ${this.#options.baseUrl}; it is not followed so the access token cannot leave Graph`,
      );
    }
    const url = new URL(link);
    const prefix = new URL(this.#options.baseUrl).pathname.replace(/\/+$/, '');
    const rest = url.pathname.slice(prefix.length + 1);
    const slash = rest.indexOf('/');
    if (slash <= 0) return reject('it has no API version segment');
    // The Graph client's request builder takes any "https://" in a path for the host; a URL
    // inside a query value must stay encoded.
    const search = url.search.replace(/:\/\//g, '%3A//');
    return {
      url: url.href,
      version: rest.slice(0, slash),
      relative: `${rest.slice(slash)}${search}`,
    };
  }

  /** Sends `spec`, retrying per policy, and returns the 2xx response or throws a {@link GraphError}. */
  async send(
    spec: RequestSpec,
    options: RequestOptions = {},
    link?: ResolvedLink,
  ): Promise<GraphResponse> {
    const { signal } = options;
    const headers = this.#headers(spec, options);
    const clientRequestId = headers['client-request-id'] ?? crypto.randomUUID();
    headers['client-request-id'] = clientRequestId;
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      throw new InvalidInputError('Invalid timeoutMs: must be a whole number >= 1', {
        issues: [{ path: ['timeoutMs'], message: 'must be a whole number >= 1' }],
      });
    }
    const version = link?.version ?? this.#options.apiVersion;
    const relative = link?.relative ?? `${spec.path}${queryString(spec.query ?? {})}`;
    const url = link?.url ?? `${this.#options.baseUrl}/${version}${relative}`;
    const display = `${spec.method} /${version}${relative.split('?')[0] ?? ''}`;
    const base: GraphErrorDetails = { method: spec.method, url, clientRequestId };
    const secrets = spec.secrets ?? [];

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted)
        throw this.#aborted(display, signal.reason, { ...base, attempts: attempt - 1 });
      const started = Date.now();
      this.#options.logger?.debug(
        `→ ${display} (attempt ${String(attempt)}, client-request-id ${clientRequestId})`,
      );
      const result = await this.#attempt(spec, version, relative, headers, timeoutMs, signal);
      const details: GraphErrorDetails = { ...base, attempts: attempt };

      if (result.type === 'response') {
        const { status } = result.response;
        this.#options.logger?.debug(
          `← ${String(status)} ${display} in ${String(Date.now() - started)} ms`,
        );
        if (status >= 200 && status < 300) {
          const { headers } = result.response;
          const requestId = headers.get('request-id');
          const date = headers.get('date');
          return {
            ...result.response,
            display,
            details: {
              ...details,
              status,
              ...(requestId === null ? {} : { requestId }),
              ...(date === null ? {} : { date }),
            },
          };
        }
      }
      if (result.type === 'aborted') throw this.#aborted(display, result.cause, details);
      if (result.type === 'error') throw this.#withContext(result.error, details, secrets);

      const outcome =
        result.type === 'response'
          ? ({
              type: 'response',
              status: result.response.status,
              headers: result.response.headers,
            } as const)
          : ({ type: result.type } as const);
      const decision = decideRetry(outcome, {
        method: spec.method,
        replay: spec.replay ?? 'auto',
        attempt,
        policy: this.#retry,
        nowMs: Date.now(),
        random: this.#random,
      });
      if (decision.action === 'throttle') {
        throw this.#finalError(result, spec, display, details, decision.retryAfterMs);
      }
      if (decision.action === 'fail') throw this.#finalError(result, spec, display, details);

      const what = result.type === 'response' ? String(result.response.status) : result.type;
      this.#options.logger?.warn(
        `${what} from ${display}; retrying in ${String(decision.delayMs)} ms` +
          `${decision.serverDirected ? ' (Retry-After)' : ''} (attempt ${String(attempt + 1)} of ${String(this.#retry.maxRetries + 1)})`,
      );
      try {
        await sleep(decision.delayMs, signal);
      } catch (reason) {
        throw this.#aborted(display, reason, details);
      }
    }
  }

  /** Sends `spec` and discards any body (204 responses are never parsed). */
  async empty(spec: RequestSpec, options?: RequestOptions): Promise<void> {
    await this.send(spec, options);
  }

  /**
   * Sends `spec` and returns its JSON body validated by `schema` (see `validateResponses`).
   * `normalize` runs before validation, whatever the mode (e.g. beta's `objectId` → `id`).
   */
  async json<S extends z.ZodMiniType>(
    spec: RequestSpec,
    schema: S,
    options?: RequestOptions,
    normalize?: (body: unknown) => unknown,
  ): Promise<z.output<S>> {
    const response = await this.send(spec, options);
    const body = parseJson(response);
    const value = normalize === undefined ? body : normalize(body);
    return this.validate(value, schema, response, spec.model, []);
  }

  /** Fetches one page of a collection: `{ value: [...], "@odata.nextLink"? }`. */
  async page<S extends z.ZodMiniType>(
    spec: RequestSpec,
    itemSchema: S,
    options: RequestOptions | undefined,
    link: ResolvedLink | undefined,
  ): Promise<RawPage<z.output<S>>> {
    const response = await this.send(spec, options, link);
    const body = parseJson(response);
    if (
      typeof body !== 'object' ||
      body === null ||
      !Array.isArray((body as { value?: unknown }).value)
    ) {
      throw new InvalidResponseError(
        `Graph's response to ${response.display} is not a collection (no "value" array)`,
        { ...response.details, issues: [{ path: ['value'], message: 'expected array' }] },
      );
    }
    const raw = body as { value: unknown[]; '@odata.nextLink'?: unknown };
    const items = raw.value.map((item, i) =>
      this.validate(item, itemSchema, response, spec.model, ['value', i]),
    );
    const next = raw['@odata.nextLink'];
    let nextLink: ResolvedLink | undefined;
    try {
      nextLink =
        next === undefined || next === null ? undefined : this.resolveLink(next, 'response');
    } catch (error) {
      if (!(error instanceof InvalidResponseError)) throw error;
      throw new InvalidResponseError(error.message, { ...response.details, issues: error.issues });
    }
    return { items, nextLink };
  }

  /** Validates a decoded body per the client's `validateResponses` mode. */
  validate<S extends z.ZodMiniType>(
    value: unknown,
    schema: S,
    response: GraphResponse,
    model: string | undefined,
    path: readonly (string | number)[],
  ): z.output<S> {
    const mode = this.#options.validateResponses;
    if (mode === 'off') return value as z.output<S>;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issues = toIssues(result.error.issues, path);
    const message =
      `Graph's response to ${response.display} does not match the ` +
      `${model ?? 'expected'} model: ${summarizeIssues(issues)}`;
    if (mode === 'warn') {
      this.#options.logger?.warn(message);
      return value as z.output<S>;
    }
    throw new InvalidResponseError(message, { ...response.details, issues });
  }

  #headers(spec: RequestSpec, options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    for (const [name, value] of Object.entries({ ...spec.headers, ...options.headers })) {
      const lower = name.toLowerCase();
      if (lower === 'authorization') {
        throw new InvalidInputError(
          'Invalid headers: Authorization is set by the client from its credential or accessToken',
          {
            issues: [{ path: ['headers', name], message: 'must not be set per call' }],
          },
        );
      }
      if (typeof value !== 'string' || /[\r\n]/.test(value)) {
        throw new InvalidInputError(`Invalid headers: ${name} must be a single-line string`, {
          issues: [{ path: ['headers', name], message: 'must be a single-line string' }],
        });
      }
      headers[lower === 'client-request-id' ? 'client-request-id' : name] = value;
    }
    return headers;
  }

  async #attempt(
    spec: RequestSpec,
    version: string,
    relative: string,
    headers: Record<string, string>,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    const controller = new AbortController();
    const onAbort = (): void => {
      controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      controller.abort(TIMEOUT);
    }, timeoutMs);
    const state = new AttemptState(this.#options.fetch, controller.signal);
    try {
      const request = this.#graph
        .api(relative)
        .version(version)
        .responseType(ResponseType.RAW)
        .headers({ ...headers })
        .middlewareOptions([state]);
      switch (spec.method) {
        case 'GET':
          await request.get();
          break;
        case 'DELETE':
          await request.delete();
          break;
        case 'POST':
          await request.post(spec.body);
          break;
        case 'PUT':
          await request.put(spec.body);
          break;
        case 'PATCH':
          await request.patch(spec.body);
          break;
      }
    } catch {
      // The Graph client wraps whatever a middleware threw; the state says what really happened.
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (state.result !== undefined) return { type: 'response', response: state.result };
    const failure = state.failure;
    if (signal?.aborted) return { type: 'aborted', cause: signal.reason };
    if (controller.signal.aborted && controller.signal.reason === TIMEOUT) {
      return { type: 'timeout', cause: failure?.error };
    }
    if (failure?.type === 'auth') {
      const error = failure.error;
      if (error instanceof InvalidInputError || error instanceof InvalidResponseError)
        return { type: 'error', error };
      const reason = error instanceof Error ? error.message : String(error);
      return {
        type: 'error',
        error: new UnauthorizedError(`Could not get an access token: ${redactBearer(reason)}`, {
          cause: error,
          hint: 'Check the credential (for DefaultAzureCredential: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, or az login).',
        }),
      };
    }
    return { type: 'network', cause: failure?.error };
  }

  #aborted(display: string, cause: unknown, details: GraphErrorDetails): AbortedError {
    return new AbortedError(`${display} was aborted`, { ...details, cause });
  }

  #withContext(
    error: AnyGraphError,
    details: GraphErrorDetails,
    secrets: readonly string[],
  ): AnyGraphError {
    // Errors raised inside an attempt (auth) get the request's context here.
    const message = redact(error.message, secrets);
    const merged = { ...details, cause: error.cause };
    if (error.hint !== undefined) Object.assign(merged, { hint: error.hint });
    if (error instanceof UnauthorizedError) return new UnauthorizedError(message, merged);
    if (error instanceof InvalidInputError)
      return new InvalidInputError(message, { ...merged, issues: error.issues });
    if (error instanceof InvalidResponseError)
      return new InvalidResponseError(message, { ...merged, issues: error.issues });
    return error;
  }

  #finalError(
    result: Exclude<AttemptResult, { type: 'aborted' } | { type: 'error' }>,
    spec: RequestSpec,
    display: string,
    details: GraphErrorDetails,
    throttledMs?: number,
  ): AnyGraphError {
    const secrets = spec.secrets ?? [];
    const clean = (text: string): string => redactBearer(redact(text, secrets));
    const tries = `after ${String(details.attempts ?? 1)} attempt${details.attempts === 1 ? '' : 's'}`;
    if (result.type === 'timeout') {
      return new TimeoutError(`${display} timed out ${tries}`, {
        ...details,
        cause: result.cause,
        ...this.#hint(spec, 'timeout'),
      });
    }
    if (result.type === 'network') {
      const reason =
        result.cause instanceof Error ? describeNetworkError(result.cause) : 'no response';
      return new NetworkError(clean(`${display} failed ${tries}: ${reason}`), {
        ...details,
        cause: result.cause,
        ...this.#hint(spec, 'network'),
      });
    }

    const { status, headers, text } = result.response;
    const info = parseODataError(text);
    const full: GraphErrorDetails = { ...details, status };
    const clientRequestId =
      info.clientRequestId ?? headers.get('client-request-id') ?? details.clientRequestId;
    if (clientRequestId !== undefined) full.clientRequestId = clientRequestId;
    const requestId = info.requestId ?? headers.get('request-id') ?? undefined;
    const date = info.date ?? headers.get('date') ?? undefined;
    if (info.code !== undefined) full.code = clean(info.code);
    if (requestId !== undefined) full.requestId = requestId;
    if (date !== undefined) full.date = date;
    const graphMessage = clean(info.message ?? STATUS_TEXT[status] ?? `HTTP ${String(status)}`);
    const message = `${graphMessage} (${String(status)}${full.code === undefined ? '' : ` ${full.code}`}, ${display}${
      requestId === undefined ? '' : `, request-id ${requestId}`
    })`;

    if (status === 429 || throttledMs !== undefined) {
      const retryAfterMs =
        throttledMs ??
        parseRetryAfterMs(headers, Date.now()) ??
        backoffDelayMs((details.attempts ?? 1) + 1, this.#retry, this.#random);
      return new ThrottledError(message, {
        ...full,
        retryAfterMs,
        ...this.#hint(spec, 'throttled'),
      });
    }
    if (status >= 300 && status < 400) {
      return new HttpError(
        `${display} answered with a redirect (${String(status)}); redirects are not followed so the access token never leaves Graph`,
        { ...full, ...this.#hint(spec, 'http') },
      );
    }
    const kind = statusKind(status);
    const withHint = { ...full, ...this.#hint(spec, kind) };
    switch (kind) {
      case 'badRequest':
        return new BadRequestError(message, withHint);
      case 'unauthorized':
        return new UnauthorizedError(message, withHint);
      case 'forbidden':
        return new ForbiddenError(message, withHint);
      case 'notFound':
        return new NotFoundError(message, withHint);
      case 'conflict':
        return new ConflictError(message, withHint);
      case 'server':
        return new ServerError(message, withHint);
      default:
        return new HttpError(message, withHint);
    }
  }

  #hint(spec: RequestSpec, kind: GraphErrorKind): { hint?: string } {
    const hint = spec.hints?.[kind];
    return hint === undefined ? {} : { hint };
  }

  /** Keeps `util.inspect(client)` free of configuration internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `HttpCore { baseUrl: '${this.#options.baseUrl}', apiVersion: '${this.#options.apiVersion}' }`;
  }
}

/** Decodes a 2xx body; a missing or malformed body is an {@link InvalidResponseError}. */
function parseJson(response: GraphResponse): unknown {
  const where = `Graph's response to ${response.display}`;
  if (response.status === 204 || response.text.trim() === '') {
    throw new InvalidResponseError(`${where} has no body (status ${String(response.status)})`, {
      ...response.details,
      issues: [{ path: [], message: 'expected a JSON body' }],
    });
  }
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'invalid JSON';
    throw new InvalidResponseError(`${where} is not valid JSON: ${detail}`, {
      ...response.details,
      issues: [{ path: [], message: `not valid JSON (${detail})` }],
      cause: error,
    });
  }
}

function statusKind(status: number): GraphErrorKind {
  switch (status) {
    case 400:
      return 'badRequest';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 409:
      return 'conflict';
    case 429:
      return 'throttled';
    default:
      return status >= 500 ? 'server' : 'http';
  }
}

/** Node's fetch says only "fetch failed"; the useful part (ECONNRESET…) is in `cause`. */
function describeNetworkError(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return error.message;
}
