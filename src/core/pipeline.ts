/**
 * One HTTP attempt through the Microsoft Graph client (`@microsoft/microsoft-graph-client`).
 *
 * Its middleware chain is replaced by two handlers of ours: authentication that only ever sends
 * the token to the client's own Graph root, and a transport that applies the attempt's timeout
 * and reads the body. Its RetryHandler is left out on purpose (it replays POSTs): the retry loop
 * in `http.ts` decides, with the pure policy of `retry.ts`.
 */
import type {
  AuthenticationProvider,
  ClientOptions,
  Context,
  Middleware,
  MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
// The modules we use, loaded one by one, and only when the first request is sent (see
// `graphClient()`): the package's entry point also loads its batching, upload and chaos-testing
// code, which would double what a bundle of this SDK weighs, and even these few CommonJS files
// took about half of the time `import('entra-provisioning')` spent over Node's start-up. Its
// `Client` is skipped too: it only pairs a request builder with an HTTPClient, and loads the
// default middleware (retry, redirect, telemetry) that our chain replaces.
import type { GraphRequest } from '@microsoft/microsoft-graph-client/lib/src/GraphRequest.js';
import type { HTTPClient } from '@microsoft/microsoft-graph-client/lib/src/HTTPClient.js';
import type { ResponseType } from '@microsoft/microsoft-graph-client/lib/src/ResponseType.js';
import type { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/lib/src/authentication/azureTokenCredentials/TokenCredentialAuthenticationProvider.js';
import { onAbort, raceAbort, whenAborted } from '../internal/abort.js';
import { deferred } from '../internal/deferred.js';
import { redactTokens } from '../internal/redact.js';
import {
  InvalidInputError,
  InvalidResponseError,
  UnauthorizedError,
  type AnyGraphError,
} from './errors.js';
import type { AccessTokenSource, FetchLike, ResolvedOptions } from './options.js';
import type * as JsonStreamModule from './json-stream.js';
import type { StreamedJson } from './json-detail.js';
import type { HttpMethod } from './retry.js';

/** The collection page reader: loaded with the first request that reads a page with it. */
export const jsonStream = deferred<typeof JsonStreamModule>(() => import('./json-stream.js'));

/** A response with its body read. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body's text; empty when it was read as a collection page (`json`). */
  readonly text: string;
  /** A 2xx body read as a collection page, one element at a time (`readCollection`). */
  readonly json?: StreamedJson;
}

/** What one attempt produced. */
export type AttemptResult =
  | { readonly type: 'response'; readonly response: RawResponse }
  /** `sent` is false when the time ran out before the request left (e.g. fetching the token). */
  | { readonly type: 'timeout'; readonly sent: boolean; readonly cause: unknown }
  | { readonly type: 'network'; readonly cause: unknown }
  | { readonly type: 'aborted'; readonly cause: unknown }
  /** A failure that is final whatever the retry policy (bad token source, bad request). */
  | { readonly type: 'error'; readonly error: AnyGraphError };

/** The request of one attempt. */
export interface AttemptRequest {
  readonly method: HttpMethod;
  /** API version segment. */
  readonly version: string;
  /** Path and query under the version root, for the Graph client's request builder. */
  readonly relative: string;
  /** An absolute URL to send verbatim instead (a `nextLink`), already checked. */
  readonly url?: string;
  readonly body?: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /**
   * Called with the access token once it is known, before the request leaves: the caller can
   * then scrub it from what it logs about the request (a nextLink can carry it).
   */
  readonly onToken?: (token: string) => void;
  /**
   * Read a 2xx body as a collection page (`{ "value": [ … ] }`) element by element, never
   * holding its bytes or its text whole (see `json-stream.ts`).
   */
  readonly readCollection?: boolean;
}

/** Per-attempt state shared with the middleware (the Graph client passes it through). */
class AttemptState implements MiddlewareOptions {
  result?: RawResponse;
  failure?: { readonly phase: 'auth' | 'send'; readonly error: unknown };
  /** Set just before `fetch` is called: after that, the request may have reached Graph. */
  sent = false;
  /** The access token this attempt sent, so errors can scrub it if Graph echoes it back. */
  token?: string;
  constructor(
    readonly fetch: FetchLike,
    readonly signal: AbortSignal,
    readonly onToken?: (token: string) => void,
    readonly readCollection = false,
  ) {}
}

type Control = NonNullable<Context['middlewareControl']>;

/** A stand-in for the Graph client's MiddlewareControl, for requests we start ourselves. */
function controlFor(state: AttemptState): Control {
  return {
    getMiddlewareOptions: (fn: unknown) => (fn === AttemptState ? state : undefined),
  } as unknown as Control;
}

function attemptState(context: Context): AttemptState {
  const state = context.middlewareControl?.getMiddlewareOptions(AttemptState);
  if (!(state instanceof AttemptState)) {
    throw new Error('entra-provisioning: missing attempt state');
  }
  return state;
}

function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

/**
 * Characters a WHATWG URL parser removes or rewrites without a word (tab and newlines anywhere,
 * `\` as `/`, spaces and controls at either end). Graph never sends them; a transport with
 * another parser could read such a link differently from the check below, so it is refused.
 */
// eslint-disable-next-line no-control-regex
const REWRITTEN = /[\t\n\r\\]|^[\u0000-\u0020]|[\u0000-\u0020]$/;

/**
 * True when `url` is under the Graph root `root` (same origin, same path prefix, no userinfo,
 * nothing a URL parser would silently rewrite).
 */
export function isUnderRoot(url: string, root: string): boolean {
  if (REWRITTEN.test(url)) return false;
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

/** A bearer token is one word of visible ASCII: anything else could smuggle header lines. */
const TOKEN = /^[\x21-\x7e]+$/;

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
    try {
      const url = requestUrl(context);
      if (!isUnderRoot(url, this.#root)) {
        throw new InvalidResponseError(
          `Refusing to send a request outside the Graph root ${this.#root}`,
        );
      }
      const raw: unknown = await raceAbort(this.#provider.getAccessToken(), state.signal);
      const token = typeof raw === 'string' ? raw.trim() : raw;
      if (typeof token !== 'string' || !TOKEN.test(token)) {
        throw new InvalidInputError(
          'The access token source returned an empty or malformed token (expected one word of visible ASCII).',
        );
      }
      const options = (context.options ??= {});
      const headers = new Headers(options.headers);
      headers.set('Authorization', `Bearer ${token}`);
      options.headers = headers;
      state.token = token;
      state.onToken?.(token);
    } catch (error) {
      state.failure = { phase: 'auth', error };
      throw error;
    }
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
      state.sent = true;
      const response = await state.fetch(requestUrl(context), init);
      state.result = await readBody(response, state.readCollection);
      context.response = response;
    } catch (error) {
      state.failure = { phase: 'send', error };
      throw error;
    }
  }
}

/**
 * The status, headers and body of `response`: a 2xx page of a collection read with the
 * collection reader when asked (and when the response has a body stream: a custom fetch's
 * response may not), anything else as text.
 */
async function readBody(response: Response, readCollection: boolean): Promise<RawResponse> {
  const { status, headers } = response;
  const body: unknown = response.body;
  if (readCollection && response.ok && status !== 204 && body instanceof ReadableStream) {
    const reader = await jsonStream.load();
    return {
      status,
      headers,
      text: '',
      json: await reader.readCollection(body as ReadableStream<Uint8Array>),
    };
  }
  return { status, headers, text: await response.text() };
}

/** Wraps an `accessToken` string or function as the Graph client's AuthenticationProvider. */
function accessTokenProvider(source: AccessTokenSource): AuthenticationProvider {
  return {
    getAccessToken: async () => (typeof source === 'string' ? source : await source()),
  };
}

const TIMEOUT = Symbol('timeout');

/** The classes of the Graph client this SDK uses. */
export interface GraphClientModules {
  readonly GraphRequest: typeof GraphRequest;
  readonly HTTPClient: typeof HTTPClient;
  readonly ResponseType: typeof ResponseType;
  readonly TokenCredentialAuthenticationProvider: typeof TokenCredentialAuthenticationProvider;
}

let graphClientModules: GraphClientModules | undefined;
let graphClientLoading: Promise<GraphClientModules> | undefined;

/**
 * Hands the Graph client's modules over, already loaded: what `entra-provisioning/testing` does
 * (it imports them), so that a test's first request, under fake timers, waits on no file I/O.
 */
export function provideGraphClient(modules: GraphClientModules): void {
  graphClientModules ??= modules;
}

/** Loads the Graph client's modules once, on the first request of any client. */
function loadGraphClient(): Promise<GraphClientModules> {
  graphClientLoading ??= Promise.all([
    import('@microsoft/microsoft-graph-client/lib/src/GraphRequest.js'),
    import('@microsoft/microsoft-graph-client/lib/src/HTTPClient.js'),
    import('@microsoft/microsoft-graph-client/lib/src/ResponseType.js'),
    import('@microsoft/microsoft-graph-client/lib/src/authentication/azureTokenCredentials/TokenCredentialAuthenticationProvider.js'),
  ]).then(([request, http, responseType, credential]) => {
    provideGraphClient({
      GraphRequest: request.GraphRequest,
      HTTPClient: http.HTTPClient,
      ResponseType: responseType.ResponseType,
      TokenCredentialAuthenticationProvider: credential.TokenCredentialAuthenticationProvider,
    });
    return graphClientModules as GraphClientModules;
  });
  return graphClientLoading;
}

/** The Graph client's request machinery, made on the first request. */
interface Machinery {
  readonly modules: GraphClientModules;
  readonly http: HTTPClient;
  readonly chain: Middleware;
}

/** Sends single attempts through the Graph client. One per client. */
export class Pipeline {
  readonly #fetch: FetchLike;
  readonly #options: ResolvedOptions;
  readonly #config: ClientOptions;
  #machinery: Machinery | undefined;

  constructor(options: ResolvedOptions) {
    this.#fetch = options.fetch;
    this.#options = options;
    this.#config = {
      baseUrl: options.baseUrl,
      debugLogging: false,
      defaultVersion: options.apiVersion,
    };
  }

  /** Builds the machinery from the loaded modules (once per client). */
  #build(modules: GraphClientModules): Machinery {
    const options = this.#options;
    const provider =
      options.auth.type === 'credential'
        ? new modules.TokenCredentialAuthenticationProvider(options.auth.credential, {
            scopes: [options.scope],
          })
        : accessTokenProvider(options.auth.accessToken);
    const auth = new AuthMiddleware(provider, options.baseUrl);
    return { modules, http: new modules.HTTPClient(auth, new TransportMiddleware()), chain: auth };
  }

  /**
   * The machinery, loading the Graph client first if no request loaded it yet. That load is not
   * part of any attempt: its timeout starts once the request can be sent.
   */
  async #ready(signal: AbortSignal | undefined, timeoutMs: number): Promise<Machinery> {
    if (this.#machinery !== undefined) return this.#machinery;
    let modules = graphClientModules;
    if (modules === undefined) {
      // Bounded like an attempt, so that even a load that never ends settles the call.
      const controller = new AbortController();
      const unsubscribe =
        signal === undefined
          ? () => undefined
          : onAbort(signal, () => {
              controller.abort();
            });
      const timer = setTimeout(() => {
        controller.abort(TIMEOUT);
      }, timeoutMs);
      try {
        modules = await raceAbort(loadGraphClient(), controller.signal);
      } finally {
        clearTimeout(timer);
        unsubscribe();
      }
    }
    this.#machinery ??= this.#build(modules);
    return this.#machinery;
  }

  /**
   * Runs one attempt; never throws: every outcome is an {@link AttemptResult}. `token` is the
   * access token it sent, if it got that far, for the caller to scrub from error text.
   */
  async attempt(request: AttemptRequest): Promise<AttemptResult & { readonly token?: string }> {
    const { signal } = request;
    let machinery: Machinery;
    try {
      machinery = await this.#ready(signal, request.timeoutMs);
    } catch (error) {
      if (signal?.aborted) return { type: 'aborted', cause: signal.reason };
      if (error === TIMEOUT) return { type: 'timeout', sent: false, cause: undefined };
      const reason = error instanceof Error ? error.message : String(error);
      return {
        type: 'error',
        error: new InvalidInputError(`Could not load the Microsoft Graph client: ${reason}`, {
          cause: error,
        }),
      };
    }
    const controller = new AbortController();
    const unsubscribe =
      signal === undefined
        ? () => undefined
        : onAbort(signal, () => {
            controller.abort(signal.reason);
          });
    const timer = setTimeout(() => {
      controller.abort(TIMEOUT);
    }, request.timeoutMs);
    const state = new AttemptState(
      this.#fetch,
      controller.signal,
      request.onToken,
      request.readCollection,
    );
    let thrown: unknown;
    try {
      // Raced against the attempt's own signal: a custom fetch that ignores the signal, or a body
      // that never ends, must not hold the call past its timeout or the caller's abort. The
      // abandoned request is left to the transport; its late outcome is ignored.
      const running = this.#run(machinery, request, state);
      running.catch(() => undefined);
      await Promise.race([running, whenAborted(controller.signal)]);
    } catch (error) {
      // The Graph client wraps what a middleware threw; the state says what really happened.
      thrown = error;
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }

    if (state.result !== undefined) {
      return {
        type: 'response',
        response: state.result,
        ...(state.token === undefined ? {} : { token: state.token }),
      };
    }
    if (signal?.aborted) return { type: 'aborted', cause: signal.reason };
    if (controller.signal.aborted && controller.signal.reason === TIMEOUT) {
      return { type: 'timeout', sent: state.sent, cause: state.failure?.error };
    }
    const failure = state.failure;
    if (failure?.phase === 'send') {
      return {
        type: 'network',
        cause: failure.error,
        ...(state.token === undefined ? {} : { token: state.token }),
      };
    }
    if (failure?.phase === 'auth') return { type: 'error', error: authError(failure.error) };
    // Nothing reached a middleware: the Graph client could not build the request from ours.
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return {
      type: 'error',
      error: new InvalidInputError(`Could not build the request: ${reason}`, { cause: thrown }),
    };
  }

  async #run(
    { modules, http, chain }: Machinery,
    request: AttemptRequest,
    state: AttemptState,
  ): Promise<void> {
    if (request.url !== undefined) {
      // A nextLink is followed verbatim (Graph's rule): the Graph client's request builder would
      // reorder and merge its query parameters, so it goes straight into the middleware chain.
      await chain.execute({
        request: request.url,
        options: { method: request.method, headers: { ...request.headers } },
        middlewareControl: controlFor(state),
      });
      return;
    }
    const builder = new modules.GraphRequest(http, this.#config, request.relative)
      .version(request.version)
      .responseType(modules.ResponseType.RAW)
      .headers({ ...request.headers })
      .middlewareOptions([state]);
    switch (request.method) {
      case 'GET':
        await builder.get();
        return;
      case 'DELETE':
        await builder.delete();
        return;
      case 'POST':
        await builder.post(request.body);
        return;
      case 'PUT':
        await builder.put(request.body);
        return;
      case 'PATCH':
        await builder.patch(request.body);
        return;
    }
  }

  /** Keeps `util.inspect` away from the credential inside the Graph client. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Pipeline {}';
  }
}

function authError(error: unknown): AnyGraphError {
  if (error instanceof InvalidInputError || error instanceof InvalidResponseError) return error;
  const reason = redactTokens(error instanceof Error ? error.message : String(error));
  // The credential's own error is replaced by a scrubbed copy: its message, or anything hanging
  // off it, could carry a token, and `cause` is printed with the error.
  const cause = new Error(reason);
  cause.name = error instanceof Error ? error.name : 'Error';
  return new UnauthorizedError(`Could not get an access token: ${reason}`, {
    cause,
    hint: 'Check the credential (for DefaultAzureCredential: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, a managed identity, or `az login`).',
  });
}
