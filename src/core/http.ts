/**
 * The retry loop and the decoding of responses: the one place that turns HTTP into models or one
 * typed error. Single attempts go through `pipeline.ts` (the Microsoft Graph client with our
 * middleware); what to retry and how long to wait comes from the pure policy of `retry.ts`.
 */
import { compileCheck } from './fast-check.js';
import type * as z from 'zod/mini';
import { sleep } from '../internal/abort.js';
import { scrub, scrubber, secretScrubber } from '../internal/redact.js';
import {
  AbortedError,
  InvalidInputError,
  InvalidResponseError,
  type GraphErrorDetails,
  type GraphErrorKind,
  type ValidationIssue,
} from './errors.js';
import { queryString } from './odata.js';
import type { Logger, RequestOptions, ResolvedOptions, TracerProviderLike } from './options.js';
import { Pipeline, isUnderRoot, type RawResponse } from './pipeline.js';
import { checkRequestOptions } from './request-options.js';
import {
  DEFAULT_BACKOFF,
  backoffDelayMs,
  decideRetry,
  type HttpMethod,
  type ReplayPolicy,
  type RetryPolicy,
} from './retry.js';
import { summarizeIssues, toIssues } from './validation.js';
import { deferred } from '../internal/deferred.js';
import type * as ResponseErrorModule from './response-error.js';
import type * as TracingModule from './tracing.js';

/** How a failure is worded: loaded with the first one (`primeGraphClient()` provides it). */
export const failures = deferred<typeof ResponseErrorModule>(() => import('./response-error.js'));

/** The spans, loaded with the first request when there is a tracer provider. */
export const tracingModule = deferred<typeof TracingModule>(() => import('./tracing.js'));

let openTelemetry: Promise<{ readonly trace: TracerProviderLike } | undefined> | undefined;

/**
 * `@opentelemetry/api` (an optional peer dependency), looked up once per process: when it is
 * absent, the first request pays one failed resolution and none after. Its name is put together
 * at run time so that a bundler neither fails on it nor bundles a second copy of it (the API
 * must be the application's own, where its tracer provider is registered).
 */
export function openTelemetryApi(): Promise<{ readonly trace: TracerProviderLike } | undefined> {
  const name = ['@opentelemetry', 'api'].join('/');
  return (openTelemetry ??= import(/* webpackIgnore: true */ /* @vite-ignore */ name).then(
    (api: { trace?: TracerProviderLike }) =>
      api.trace === undefined ? undefined : { trace: api.trace },
    () => undefined,
  ));
}

/** Hands over `@opentelemetry/api` already imported (tests on fake timers; the first one wins). */
export function provideOpenTelemetryApi(api: { readonly trace: TracerProviderLike }): void {
  openTelemetry ??= Promise.resolve(api);
}

/**
 * Where `@opentelemetry/api` 1.x keeps what an application registered (its
 * `src/internal/global-utils.ts`): `trace` is there once a global tracer provider is set, and
 * until then every tracer the API gives records nothing. So the API is not even looked up, and
 * no span is opened, before a provider is registered.
 */
const OTEL_REGISTRY = Symbol.for('opentelemetry.js.api.1');

/** True once a global tracer provider is registered with `@opentelemetry/api` 1.x. */
function globalTracerRegistered(): boolean {
  const registry = (globalThis as { [OTEL_REGISTRY]?: { trace?: unknown } })[OTEL_REGISTRY];
  return typeof registry === 'object' && registry !== null && registry.trace !== undefined;
}

const NOT_TRACED: Promise<undefined> = Promise.resolve(undefined);

/** A client's spans, or `undefined` when it does not trace (off, no provider): never a failure. */
async function openTracing(
  option: ResolvedOptions['tracing'],
): Promise<TracingModule.Tracing | undefined> {
  const provider = option === 'global' ? (await openTelemetryApi())?.trace : option || undefined;
  if (provider === undefined) return undefined;
  return (await tracingModule.load()).tracingOf(provider);
}

export { isUnderRoot } from './pipeline.js';

/** A set of hints by name; its words load with the first failure (src/core/hint-texts.ts). */
export type HintKey =
  | 'SYNC_READ'
  | 'SYNC_WRITE'
  | 'SP_READ'
  | 'INSTANTIATE'
  | 'LOGS'
  | 'BULK_UPLOAD'
  | 'APP_READ'
  | 'APP_WRITE';

/** Hints given as words, each replacing that kind's in the set `base` (if any). */
export type RequestHints = Partial<Readonly<Record<GraphErrorKind, string>>> & {
  readonly base?: HintKey;
};

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
  /**
   * A GET of a collection whose pages are large (provisioning events: 2 MB of JSON at 999 a
   * page): its 2xx bodies are read element by element as they arrive (`json-stream.ts`), so
   * that neither their bytes nor their text are held whole. Used by {@link HttpCore.page}.
   */
  readonly readCollection?: boolean;
  /**
   * Hints added to errors of a kind, e.g. the permission a 403 most likely lacks: a set by its
   * key, or some words, with the set they replace words of (`base`).
   */
  readonly hints?: HintKey | RequestHints;
  /** Model name for validation messages, e.g. `'SynchronizationJob'`. */
  readonly model?: string;
  /**
   * The API version of this request, when it must differ from the client's: a workflow looks
   * applications up by template in v1.0, the only version where they carry it.
   */
  readonly version?: string;
  /**
   * A POST that changes nothing (a JSON batch of reads): replayed after a timeout or a 5xx as a
   * GET is.
   */
  readonly readOnly?: boolean;
}

/** A 2xx response, body read, with what errors about its body should report. */
export interface GraphResponse extends RawResponse {
  /** `GET /v1.0/servicePrincipals/…` (no query), for messages. */
  readonly display: string;
  /** Request context for errors raised while decoding the body. */
  readonly details: GraphErrorDetails;
  /** Secret values and the access token the request carried: scrubbed from decoding errors. */
  readonly sensitive: readonly string[];
}

/** A validated `nextLink` (or continuation token). */
export interface ResolvedLink {
  /** The link, to be sent verbatim. */
  readonly url: string;
  /** Its API version segment. */
  readonly version: string;
  /** Its path under the version root, for messages. */
  readonly path: string;
}

/** A page of a collection response. */
export interface RawPage<T> {
  readonly items: T[];
  readonly nextLink: ResolvedLink | undefined;
}

/** Extra steps of {@link HttpCore.json}. */
export interface DecodeSteps {
  /** Runs before validation, whatever `validateResponses` says (e.g. beta's `objectId` → `id`). */
  readonly normalize?: (body: unknown) => unknown;
  /** Runs after validation, whatever `validateResponses` says: problems the caller cannot live with. */
  readonly check?: (value: unknown) => ValidationIssue[];
}

/** Everything the SDK needs to talk to Graph: one per client. */
/**
 * Access tokens remembered for scrubbing: a token lives about an hour, so 8 cover the nextLinks
 * and continuation tokens of a long export or a service that runs for hours.
 */
const MAX_TOKENS_KEPT = 8;

export class HttpCore {
  readonly #options: ResolvedOptions;
  readonly #pipeline: Pipeline;
  readonly #retry: RetryPolicy;
  readonly #random: () => number;
  /**
   * The access tokens this client sent most recently (a refreshed token does not make the one
   * before it harmless): scrubbed from the URLs and paths it shows (errors, log lines), since a
   * nextLink can carry one and an opaque token has no shape to recognise. Private, and never
   * shown by `util.inspect`.
   */
  #tokens: readonly string[] = [];
  /**
   * Replaces {@link #tokens} in any encoding; compiled once per new token. Also applied, outside
   * the engine, to what the SDK shows of a 2xx body it keeps (the health report, workflow
   * results: `scrubTokens()` in internal/token-shapes.ts) and to everything the CLI writes.
   */
  tokensOut: (text: string) => string = (text) => text;
  #tracing: Promise<TracingModule.Tracing | undefined> | undefined;

  /** Adds a token to {@link #tokens}; `false` when it was known already. */
  #rememberToken(token: string): boolean {
    if (this.#tokens.includes(token)) return false;
    this.#tokens = [...this.#tokens, token].slice(-MAX_TOKENS_KEPT);
    this.tokensOut = secretScrubber(this.#tokens);
    return true;
  }

  constructor(options: ResolvedOptions, random: () => number = Math.random) {
    this.#options = options;
    this.#random = random;
    this.#retry = {
      maxRetries: options.maxRetries,
      maxRetryAfterMs: options.maxRetryAfterMs,
      ...DEFAULT_BACKOFF,
    };
    this.#pipeline = new Pipeline(options);
  }

  /** The client's API version. */
  get apiVersion(): string {
    return this.#options.apiVersion;
  }

  /** The client's Graph root. */
  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** The longest `Retry-After` the client waits out (`maxRetryAfterMs`). */
  get maxRetryAfterMs(): number {
    return this.#options.maxRetryAfterMs;
  }

  /** The retry policy and the random source of its jitter, for the JSON batch reader. */
  get retrying(): { readonly policy: RetryPolicy; readonly random: () => number } {
    return { policy: this.#retry, random: this.#random };
  }

  /** The logger, if any. */
  get logger(): Logger | undefined {
    return this.#options.logger;
  }

  /**
   * This client's spans; `undefined` when it does not trace. With the default (`'global'`),
   * looked up with the first call made once a global tracer provider is registered (each call
   * checks until then, which costs a property read).
   */
  tracing(): Promise<TracingModule.Tracing | undefined> {
    if (
      this.#tracing === undefined &&
      this.#options.tracing === 'global' &&
      !globalTracerRegistered()
    ) {
      return NOT_TRACED;
    }
    return (this.#tracing ??= openTracing(this.#options.tracing).catch(() => undefined));
  }

  /** Runs one logical call in its span, when the client traces. */
  async #traced<T>(
    spec: RequestSpec,
    options: RequestOptions | undefined,
    link: ResolvedLink | undefined,
    run: (options: RequestOptions | undefined) => Promise<T>,
  ): Promise<T> {
    const tracing = await this.tracing();
    if (tracing === undefined) return run(options);
    const request =
      link === undefined ? spec : { method: spec.method, version: link.version, path: link.path };
    return tracing.call(this, request, options, run);
  }

  /**
   * Checks a `nextLink` (or a caller's continuation token). A link outside the client's Graph
   * root is refused: following it would send the access token to another host.
   */
  resolveLink(link: unknown, source: 'response' | 'input'): ResolvedLink {
    const reject = (message: string): never => {
      const issues: ValidationIssue[] = [
        { path: [source === 'response' ? '@odata.nextLink' : 'continuationToken'], message },
      ];
      if (source === 'input') {
        throw new InvalidInputError(`Invalid continuationToken: ${message}`, { issues });
      }
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
    return { url: link, version: rest.slice(0, slash), path: rest.slice(slash) };
  }

  /**
   * Sends `spec` (or follows `link` verbatim), retrying per policy, and returns the 2xx response
   * or throws a {@link GraphError}.
   */
  async send(
    spec: RequestSpec,
    options?: RequestOptions,
    link?: ResolvedLink,
  ): Promise<GraphResponse> {
    return this.#traced(spec, options, link, (o) => this.#exchange(spec, o, link, false));
  }

  /**
   * {@link HttpCore.send}, with the 2xx body decoded as JSON. A GET whose 2xx body cannot be
   * read (cut short by a dropped connection or a proxy, empty, not JSON) is read again like a
   * transient failure: a read changes nothing, and a second answer is usually whole.
   */
  async #sendJson(
    spec: RequestSpec,
    options: RequestOptions | undefined,
    link?: ResolvedLink,
  ): Promise<GraphResponse & { readonly body: unknown }> {
    return this.#exchange(spec, options, link, true) as Promise<
      GraphResponse & { readonly body: unknown }
    >;
  }

  async #exchange(
    spec: RequestSpec,
    options: RequestOptions | undefined,
    link: ResolvedLink | undefined,
    decode: boolean,
  ): Promise<GraphResponse & { readonly body?: unknown }> {
    const {
      signal,
      timeoutMs: callTimeoutMs,
      headers: callHeaders,
      observer,
    } = checkRequestOptions(options);
    const headers: Record<string, string> = { Accept: 'application/json' };
    let clientRequestId: string | undefined;
    for (const [name, value] of Object.entries({ ...spec.headers, ...callHeaders })) {
      if (name.toLowerCase() === 'client-request-id') clientRequestId = value;
      else headers[name] = value;
    }
    clientRequestId ??= crypto.randomUUID();
    headers['client-request-id'] = clientRequestId;
    const timeoutMs = callTimeoutMs ?? this.#options.timeoutMs;
    const version = link?.version ?? spec.version ?? this.#options.apiVersion;
    const relative = `${spec.path}${queryString(spec.query ?? {})}`;
    const rawUrl = link?.url ?? `${this.#options.baseUrl}/${version}${relative}`;
    const rawDisplay = `${spec.method} /${version}${link?.path ?? spec.path}`;
    // Values no text of this call may show: the request's secrets, a workflow's credentials, and
    // the access token, which a nextLink or a continuation token can carry in its path or query.
    const secrets = [...(spec.secrets ?? []), ...(observer?.secrets ?? [])];
    const secretsOut = scrubber(secrets);
    const clean = (text: string): string => this.tokensOut(secretsOut(text));
    let display = clean(rawDisplay);
    let base: GraphErrorDetails = { method: spec.method, url: clean(rawUrl), clientRequestId };

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) {
        throw this.#aborted(display, signal.reason, { ...base, attempts: attempt - 1 });
      }
      if (observer?.beforeAttempt !== undefined) {
        // A workflow's pacer: the attempt (and its timeout) starts once the pacer lets it go.
        try {
          await observer.beforeAttempt(spec.method, signal);
        } catch (reason) {
          if (signal?.aborted) {
            throw this.#aborted(display, reason, { ...base, attempts: attempt - 1 });
          }
          throw reason;
        }
      }
      const started = Date.now();
      let logged = false;
      const logSend = (): void => {
        if (logged) return;
        logged = true;
        this.#options.logger?.debug(
          `→ ${display} (attempt ${String(attempt)}, client-request-id ${clientRequestId})`,
        );
      };
      const result = await this.#pipeline.attempt({
        method: spec.method,
        version,
        relative,
        ...(link === undefined ? {} : { url: link.url }),
        body: spec.body,
        headers,
        timeoutMs,
        signal,
        readCollection: decode && spec.method === 'GET' && spec.readCollection === true,
        // The request line is logged once the token is known, so that it is scrubbed of it too.
        onToken: (token) => {
          if (this.#rememberToken(token)) {
            display = clean(rawDisplay);
            base = { ...base, url: clean(rawUrl) };
          }
          logSend();
        },
      });
      logSend();
      const details: GraphErrorDetails = { ...base, attempts: attempt };
      // What error text from this attempt must not show: the secrets, and the tokens, since a
      // non-JWT token that Graph (or a proxy) echoes has no shape to recognise.
      const sensitive = [...secrets, ...this.#tokens];

      if (result.type === 'response') {
        const { status, headers: responseHeaders } = result.response;
        this.#options.logger?.debug(
          `← ${String(status)} ${display} in ${String(Date.now() - started)} ms`,
        );
        if (status >= 200 && status < 300) {
          // These end up in the fields of a decoding error: scrubbed like those of other errors.
          const clean = (text: string | null): string | null =>
            text === null ? null : scrub(text, sensitive);
          const requestId = clean(
            plausible('request-id', responseHeaders.get('request-id'), secrets),
          );
          const date = clean(plausible('date', responseHeaders.get('date'), secrets));
          const response: GraphResponse = {
            ...result.response,
            display,
            sensitive,
            details: {
              ...details,
              status,
              ...(requestId === null ? {} : { requestId }),
              ...(date === null ? {} : { date }),
            },
          };
          observer?.onResponse?.(response.details);
          if (!decode) return response;
          try {
            return { ...response, body: await decodeBody(response) };
          } catch (error) {
            if (spec.method !== 'GET' || attempt > this.#retry.maxRetries) throw error;
            const delayMs = backoffDelayMs(attempt, this.#retry, this.#random);
            observer?.onRetry?.({
              reason: 'invalidResponse',
              status,
              delayMs,
              attempt,
              method: spec.method,
              display,
            });
            this.#options.logger?.warn(
              `unreadable ${String(status)} body from ${display}; reading again in ${String(delayMs)} ms (attempt ${String(attempt + 1)} of ${String(this.#retry.maxRetries + 1)})`,
            );
            await this.#pause(delayMs, signal, display, details);
            continue;
          }
        }
      }
      if (result.type === 'aborted') throw this.#aborted(display, result.cause, details);
      if (result.type === 'error') {
        throw (await failures.load()).withContext(result.error, details, sensitive);
      }

      const outcome =
        result.type === 'response'
          ? ({
              type: 'response',
              status: result.response.status,
              headers: result.response.headers,
            } as const)
          : result.type === 'timeout'
            ? ({ type: 'timeout', sent: result.sent } as const)
            : ({ type: 'network' } as const);
      const decision = decideRetry(outcome, {
        method: spec.readOnly === true ? 'GET' : spec.method,
        replay:
          observer?.once === true && spec.method === 'POST' ? 'never' : (spec.replay ?? 'auto'),
        attempt,
        policy: this.#retry,
        nowMs: Date.now(),
        random: this.#random,
      });
      if (decision.action !== 'retry') {
        const { failureError } = await failures.load();
        throw failureError(
          result,
          {
            spec,
            sensitive,
            display,
            details,
            timeoutMs,
            backoff: (n) => backoffDelayMs(n, this.#retry, this.#random),
          },
          decision.action === 'throttle' ? decision.retryAfterMs : undefined,
        );
      }

      const what = result.type === 'response' ? String(result.response.status) : result.type;
      if (observer?.onRetry !== undefined) {
        const status = result.type === 'response' ? result.response.status : undefined;
        observer.onRetry({
          reason:
            status === 429 || (status === 503 && decision.serverDirected)
              ? 'throttled'
              : result.type === 'response'
                ? 'server'
                : result.type,
          status,
          delayMs: decision.delayMs,
          attempt,
          method: spec.method,
          display,
        });
      }
      this.#options.logger?.warn(
        `${what} from ${display}; retrying in ${String(decision.delayMs)} ms` +
          `${decision.serverDirected ? ' (Retry-After)' : ''} (attempt ${String(attempt + 1)} of ${String(this.#retry.maxRetries + 1)})`,
      );
      await this.#pause(decision.delayMs, signal, display, details);
    }
  }

  /** Waits before the next attempt; an abort meanwhile is an {@link AbortedError}. */
  async #pause(
    ms: number,
    signal: AbortSignal | undefined,
    display: string,
    details: GraphErrorDetails,
  ): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw this.#aborted(display, reason, details);
    }
  }

  /** Sends `spec` and discards any body (204 responses are never parsed). */
  async empty(spec: RequestSpec, options?: RequestOptions): Promise<void> {
    await this.send(spec, options);
  }

  /** Sends `spec` and returns its JSON body validated by `schema` (see `validateResponses`). */
  async json<S extends z.ZodMiniType>(
    spec: RequestSpec,
    schema: S,
    options?: RequestOptions,
    steps: DecodeSteps = {},
  ): Promise<z.output<S>> {
    return this.#traced(spec, options, undefined, async (o) =>
      this.#decodeJson(await this.#sendJson(spec, o), schema, spec.model, steps),
    );
  }

  /** The steps of {@link HttpCore.json} after the answer: validation and checks. */
  #decodeJson<S extends z.ZodMiniType>(
    response: GraphResponse & { readonly body: unknown },
    schema: S,
    model: string | undefined,
    steps: DecodeSteps,
  ): z.output<S> {
    const body = response.body;
    const value = steps.normalize === undefined ? body : steps.normalize(body);
    const validated = this.validate(value, schema, response, model, []);
    // A check is a response check like the schema's: 'off' skips it, 'warn' logs its issues.
    const mode = this.#options.validateResponses;
    const issues = mode === 'off' ? [] : (steps.check?.(validated) ?? []);
    if (issues.length > 0) {
      const message = scrub(
        `Graph's response to ${response.display} cannot be used: ${summarizeIssues(issues)}`,
        response.sensitive,
      );
      if (mode === 'warn') this.#options.logger?.warn(message);
      else {
        throw withBody(
          new InvalidResponseError(message, { ...response.details, issues }),
          response,
        );
      }
    }
    return validated;
  }

  /** Fetches one page of a collection: `{ value: [...], "@odata.nextLink"? }`. */
  async page<S extends z.ZodMiniType>(
    spec: RequestSpec,
    itemSchema: S,
    options: RequestOptions | undefined,
    link: ResolvedLink | undefined,
  ): Promise<RawPage<z.output<S>>> {
    return this.#traced(spec, options, link, async (o) => {
      const response = await this.#sendJson(spec, o, link);
      return this.decodePage(response, response.body, itemSchema, spec.model);
    });
  }

  /** Reads a collection page from a decoded 2xx body (a single call's or a batched one's). */
  decodePage<S extends z.ZodMiniType>(
    response: GraphResponse,
    body: unknown,
    itemSchema: S,
    model: string | undefined,
  ): RawPage<z.output<S>> {
    if (
      typeof body !== 'object' ||
      body === null ||
      !Array.isArray((body as { value?: unknown }).value)
    ) {
      throw withBody(
        new InvalidResponseError(
          `Graph's response to ${response.display} is not a collection (no "value" array)`,
          { ...response.details, issues: [{ path: ['value'], message: 'expected array' }] },
        ),
        response,
      );
    }
    const raw = body as { value: unknown[]; '@odata.nextLink'?: unknown };
    // A loop, not `map` with a closure: V8 kept the context of a closure over `response` (whose
    // body is the whole page) alive after the page had been handed over, through a handle of its
    // own (heap snapshots show no other path), at some reads of a walk or at all of them.
    const items: z.output<S>[] = [];
    for (let i = 0; i < raw.value.length; i += 1) {
      items.push(this.validate(raw.value[i], itemSchema, response, model, ['value', i]));
    }
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
    // The common case, a valid answer, is decided without zod's copy; zod words the failures.
    if (compileCheck(schema)?.(value) === true) return value as z.output<S>;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    // Issue paths hold the response's own keys: scrubbed too, in case one is an echo.
    const issues = toIssues(result.error.issues, path).map((issue) => ({
      ...issue,
      path: issue.path.map((p) => (typeof p === 'string' ? scrub(p, response.sensitive) : p)),
    }));
    const message = scrub(
      `Graph's response to ${response.display} does not match the ` +
        `${model ?? 'expected'} model: ${summarizeIssues(issues)}`,
      response.sensitive,
    );
    if (mode === 'warn') {
      this.#options.logger?.warn(message);
      return value as z.output<S>;
    }
    throw withBody(new InvalidResponseError(message, { ...response.details, issues }), response);
  }

  #aborted(display: string, cause: unknown, details: GraphErrorDetails): AbortedError {
    return new AbortedError(`${display} was aborted`, { ...details, cause });
  }

  /** Keeps `util.inspect(client)` free of configuration internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `HttpCore { baseUrl: '${this.#options.baseUrl}', apiVersion: '${this.#options.apiVersion}' }`;
  }
}

/**
 * Gives an error about a 2xx body that parsed the body itself, as `body`: the text Graph sent,
 * scrubbed of the request's secrets and the token (on first read), so that a caller can still
 * use a result Graph returned after doing the work. Not enumerable: logs and JSON stay short.
 */
function withBody(error: InvalidResponseError, response: GraphResponse): InvalidResponseError {
  let body: string | undefined;
  Object.defineProperty(error, 'body', {
    get: () => (body ??= scrub(bodyText(response), response.sensitive)),
    enumerable: false,
    configurable: true,
  });
  return error;
}

/**
 * The text of a 2xx body: a collection page read element by element has none, and shows as the
 * JSON of what it held (the same members and values, without Graph's own spacing).
 */
function bodyText(response: GraphResponse): string {
  return response.json?.kind === 'value' ? JSON.stringify(response.json.value) : response.text;
}

/** Marks the errors of a 2xx body that could not be read at all (cut, empty, not JSON). */
const UNREADABLE = Symbol('entra-provisioning.unreadableBody');

/**
 * True for an {@link InvalidResponseError} whose 2xx body could not be read at all (cut short,
 * empty, not JSON), as opposed to a body that reads but does not match the model: reading again
 * may well succeed.
 */
export function isUnreadableBody(error: unknown): boolean {
  return (
    error instanceof InvalidResponseError &&
    (error as { [UNREADABLE]?: boolean })[UNREADABLE] === true
  );
}

/** Marks `error` as about a body that could not be read at all (see {@link isUnreadableBody}). */
export function unreadable(error: InvalidResponseError): InvalidResponseError {
  Object.defineProperty(error, UNREADABLE, { value: true });
  return error;
}

/**
 * Decodes a 2xx body; a missing or malformed body is an {@link InvalidResponseError}, worded
 * with the first such failure (response-error.ts).
 */
async function decodeBody(response: GraphResponse): Promise<unknown> {
  const { json, text } = response;
  if (response.status !== 204) {
    if (json?.kind === 'value') return json.value;
    if (json === undefined && text.trim() !== '') {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // Worded below.
      }
    }
  }
  throw (await failures.load()).unreadableBody(response);
}

const GUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The `Date` header (RFC 9110's IMF-fixdate): `Fri, 04 Dec 2026 09:30:00 GMT`. */
const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** `innerError.date`: `2026-12-04T09:30:00`, with optional fraction and zone. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A `request-id` or `date` Graph returned, kept only when it has Graph's shape (a GUID, a date)
 * if the request carried secrets: an echo of a secret, cut or re-encoded on its way into a
 * header, would not be recognised by the scrubber.
 */
export function plausible(
  field: 'request-id' | 'date',
  value: string | null | undefined,
  secrets: readonly string[],
): string | null {
  if (value === null || value === undefined) return null;
  if (secrets.length === 0) return value;
  if (field === 'request-id') return GUID_SHAPE.test(value.trim()) ? value : null;
  return HTTP_DATE.test(value.trim()) || ISO_DATE.test(value.trim()) ? value : null;
}
