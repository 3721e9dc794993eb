/**
 * What a failed call throws: Graph's error answer (or a timeout, a dropped connection) turned into
 * one typed error with its context, hint and scrubbed text. Loaded with the first failure (or
 * primed by `entra-provisioning/testing`), so that a script whose calls succeed neither loads nor
 * bundles it; the JSON batch reader words its inner failures with it too.
 */
import { scrub, scrubbedError } from '../internal/redact.js';
import {
  BadRequestError,
  InvalidInputError,
  InvalidResponseError,
  ConflictError,
  ForbiddenError,
  HttpError,
  NetworkError,
  NotFoundError,
  ServerError,
  ThrottledError,
  TimeoutError,
  UnauthorizedError,
  type AnyGraphError,
  type GraphErrorDetail,
  type GraphErrorDetails,
  type GraphErrorKind,
} from './errors.js';
import { HINTS } from './hint-texts.js';
import { plausible, unreadable, type GraphResponse, type RequestSpec } from './http.js';
import { readText } from './json-detail.js';
import type { AttemptResult } from './pipeline.js';
import { parseRetryAfterMs } from './retry.js';

/** An attempt that ended in an answer to report, a timeout or a dropped connection. */
export type Failure = Exclude<AttemptResult, { type: 'aborted' } | { type: 'error' }>;

/** What the error of one call says about it. */
export interface FailureContext {
  readonly spec: RequestSpec;
  /** Values no text of the error may show. */
  readonly sensitive: readonly string[];
  /** `GET /v1.0/servicePrincipals/…`, for the message. */
  readonly display: string;
  readonly details: GraphErrorDetails;
  readonly timeoutMs: number;
  /** The backoff before attempt `n`, for a 429 without a usable `Retry-After`. */
  readonly backoff: (attempt: number) => number;
}

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

export interface ODataErrorInfo {
  code?: string;
  innerCode?: string;
  details?: GraphErrorDetail[];
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
  const innerCode = innermostCode(inner, str);
  if (innerCode !== undefined) info.innerCode = innerCode;
  // Graph's envelope often carries `details: []`: left out then, as when absent.
  if (Array.isArray(e.details) && e.details.length > 0)
    info.details = e.details.map((d: unknown) => detailOf(d, str));
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

type Str = (v: unknown) => string | undefined;

/** The code of the innermost `innerError` that has one (they may nest; bounded for safety). */
function innermostCode(inner: unknown, str: Str): string | undefined {
  let code: string | undefined;
  let at = inner;
  for (let depth = 0; depth < 16 && typeof at === 'object' && at !== null; depth += 1) {
    const level = at as Record<string, unknown>;
    code = str(level.code) ?? code;
    at = level.innerError ?? level.innererror;
  }
  return code;
}

/** One entry of `error.details`: its code, message and target when they are strings. */
function detailOf(entry: unknown, str: Str): GraphErrorDetail {
  const d = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const detail: { code?: string; message?: string; target?: string } = {};
  for (const key of ['code', 'message', 'target'] as const) {
    const value = str(d[key]);
    if (value !== undefined) detail[key] = value;
  }
  return detail;
}

export function failureError(
  result: Failure,
  context: FailureContext,
  throttledMs?: number,
): AnyGraphError {
  const { spec, sensitive, display, details, timeoutMs } = context;
  const clean = (text: string): string => scrub(text, sensitive);
  const tries = `after ${String(details.attempts ?? 1)} attempt${details.attempts === 1 ? '' : 's'}`;
  if (result.type === 'timeout') {
    return new TimeoutError(
      `${display} timed out ${tries} (each attempt allowed ${String(timeoutMs)} ms)`,
      { ...details, cause: scrubbedError(result.cause, clean), ...hintOf(spec, 'timeout') },
    );
  }
  if (result.type === 'network') {
    const reason =
      result.cause instanceof Error ? describeNetworkError(result.cause) : 'no response';
    return new NetworkError(clean(`${display} failed ${tries}: ${reason}`), {
      ...details,
      cause: scrubbedError(result.cause, clean),
      ...hintOf(spec, 'network'),
    });
  }

  const { status, headers, text } = result.response;
  const info = parseODataError(text);
  // clientRequestId stays the one this SDK sent (in `details`): it is what the caller can find in its logs.
  const full: GraphErrorDetails = { ...details, status };
  const secrets = spec.secrets ?? [];
  const requestId =
    plausible('request-id', info.requestId ?? headers.get('request-id'), secrets) ?? undefined;
  const date = plausible('date', info.date ?? headers.get('date'), secrets) ?? undefined;
  if (info.code !== undefined) full.code = clean(info.code);
  if (info.innerCode !== undefined) full.innerCode = clean(info.innerCode);
  if (info.details !== undefined) {
    full.details = Object.freeze(
      info.details.map((d) =>
        Object.freeze(
          Object.fromEntries(Object.entries(d).map(([k, v]: [string, string]) => [k, clean(v)])),
        ),
      ),
    );
  }
  if (requestId !== undefined) full.requestId = clean(requestId);
  if (date !== undefined) full.date = clean(date);
  const graphMessage = clean(info.message ?? STATUS_TEXT[status] ?? `HTTP ${String(status)}`);
  const message = `${graphMessage} (${String(status)}${full.code === undefined ? '' : ` ${full.code}`}, ${display}${
    full.requestId === undefined ? '' : `, request-id ${full.requestId}`
  })`;

  if (status === 429 || throttledMs !== undefined) {
    const retryAfterMs =
      throttledMs ??
      parseRetryAfterMs(headers, Date.now()) ??
      context.backoff((details.attempts ?? 1) + 1);
    return new ThrottledError(message, {
      ...full,
      retryAfterMs,
      ...hintOf(spec, 'throttled'),
    });
  }
  if (status >= 300 && status < 400) {
    return new HttpError(
      `${display} answered with a redirect (${String(status)}); redirects are not followed so the access token never leaves Graph`,
      { ...full, ...hintOf(spec, 'http') },
    );
  }
  const kind = statusKind(status);
  const withHint = {
    ...full,
    ...(isSilentRefusal(spec, status, info)
      ? { hint: silentRefusalHint(spec) }
      : hintOf(spec, kind)),
  };
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

/** The request's hints in words: its set's, or its own over its base set's. */
function hintsOf(spec: RequestSpec): Partial<Record<GraphErrorKind, string>> {
  const { hints } = spec;
  if (hints === undefined) return {};
  if (typeof hints === 'string') return HINTS[hints];
  const { base, ...own } = hints;
  return { ...(base === undefined ? {} : HINTS[base]), ...own };
}

function hintOf(spec: RequestSpec, kind: GraphErrorKind): { hint?: string } {
  const hint = hintsOf(spec)[kind];
  return hint === undefined ? {} : { hint };
}

/**
 * Graph's answer to a synchronization call the token lacks the permission for (or, under
 * Application.ReadWrite.OwnedBy, on a service principal the caller does not own): 401
 * `UnknownError` with no message at all, not the 403 other endpoints give (field notes §9).
 */
function isSilentRefusal(spec: RequestSpec, status: number, info: ODataErrorInfo): boolean {
  return (
    status === 401 &&
    (info.code === undefined || info.code.toLowerCase() === 'unknownerror') &&
    (info.message === undefined || info.message.trim() === '') &&
    /\/synchronization(\/|$)/.test(spec.path)
  );
}

function silentRefusalHint(spec: RequestSpec): string {
  const needed = hintsOf(spec).unauthorized ?? 'Requires Synchronization.ReadWrite.All.';
  return `Graph answers a synchronization call it refuses for a missing permission with 401 UnknownError and no message: the token most likely lacks the permission below, or the calling app does not own the service principal. ${needed} See docs/permissions.md (in the package: node_modules/entra-provisioning/docs/permissions.md).`;
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

/**
 * The error about a 2xx body that could not be read at all: none (or a 204), or not JSON. It
 * says where and what, never the text (see json-detail.ts); reading again may well succeed.
 */
export function unreadableBody(response: GraphResponse): InvalidResponseError {
  const where = `Graph's response to ${response.display}`;
  const read = response.json ?? readText(response.text);
  if (response.status === 204 || read.kind !== 'invalid') {
    return unreadable(
      new InvalidResponseError(`${where} has no body (status ${String(response.status)})`, {
        ...response.details,
        issues: [{ path: [], message: 'expected a JSON body' }],
      }),
    );
  }
  const detail = `${read.detail}; ${String(read.length)} characters`;
  // The parser's own error is not kept as `cause`, which is printed with the error.
  const cause = new SyntaxError(detail);
  return unreadable(
    new InvalidResponseError(`${where} is not valid JSON: ${detail}`, {
      ...response.details,
      issues: [{ path: [], message: `not valid JSON (${detail})` }],
      cause,
    }),
  );
}

/**
 * Gives an error raised inside an attempt (the token source's, the request builder's) the call's
 * context, its message and `cause` scrubbed of the call's secrets and of the tokens the client
 * sent (a token source can fail quoting the token it gave before).
 */
export function withContext(
  error: AnyGraphError,
  details: GraphErrorDetails,
  sensitive: readonly string[],
): AnyGraphError {
  const clean = (text: string): string => scrub(text, sensitive);
  const merged: GraphErrorDetails = { ...details, cause: scrubbedError(error.cause, clean) };
  if (error.hint !== undefined) merged.hint = error.hint;
  const message = clean(error.message);
  if (error instanceof UnauthorizedError) return new UnauthorizedError(message, merged);
  if (error instanceof InvalidInputError) {
    return new InvalidInputError(message, { ...merged, issues: error.issues });
  }
  if (error instanceof InvalidResponseError) {
    return new InvalidResponseError(message, { ...merged, issues: error.issues });
  }
  return error;
}
