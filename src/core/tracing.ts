/**
 * OpenTelemetry spans: one CLIENT span per logical call to Graph (its retries as events), one
 * INTERNAL span per read that rides a JSON batch, and one INTERNAL span per workflow and step.
 * Loaded with the first request only when a tracer provider is there (see `HttpCore.tracing()`):
 * nothing here imports `@opentelemetry/api`, whose enum values are written out below.
 *
 * What a span may carry is decided here, and is never a value of the caller's: the URL is a
 * template of Graph's route words (ids become `{id}`, the query is dropped: a `$filter` may hold
 * a name or an email), ids of Graph's own only when GUID-shaped, an error only as its kind
 * (messages quote what Graph answered, which may echo a value).
 *
 * Attribute names follow OpenTelemetry's HTTP client span conventions
 * (https://opentelemetry.io/docs/specs/semconv/http/http-spans/): `http.request.method`,
 * `server.address`, `server.port`, `url.template`, `http.response.status_code`,
 * `http.request.resend_count`, `error.type`. `graph.*` names are this package's own.
 */
import type { Attributes, Span, SpanKind, SpanStatusCode, Tracer } from '@opentelemetry/api';
import pkg from '../../package.json' with { type: 'json' };
import { isGraphError, type GraphErrorDetails } from './errors.js';
import type { RequestOptions, TracerProviderLike } from './options.js';
import { isGuid } from './path.js';
import { OBSERVE, type RequestObserver, type RetryNotice } from './request-options.js';

/** What a call span needs of the HTTP core (its Graph root and default API version). */
export interface TracedCore {
  readonly baseUrl: string;
  readonly apiVersion: string;
}

/** What a call span needs of a request (a `RequestSpec`, or the link it follows). */
export interface TracedRequest {
  readonly method: string;
  readonly path: string;
  readonly version?: string;
  readonly body?: unknown;
}

/** A retry, as a span's event records it. */
export type TracedRetry = Pick<RetryNotice, 'reason' | 'status' | 'delayMs' | 'attempt'>;

/** The span of a read that rides JSON batches: ended when the read has its outcome. */
export interface ReadSpan {
  /** Records a wait before the read goes again in a later batch. */
  retry(notice: TracedRetry): void;
  /** Ends the span with the answer's details, or the read's error. */
  end(outcome: unknown, ok: boolean): void;
}

/** A client's spans. */
export interface Tracing {
  /**
   * Runs one logical call (its attempts and retry waits) in an active CLIENT span; `run` gets
   * the call's options with the hooks that report retries and the answer to the span.
   */
  call<T>(
    core: TracedCore,
    request: TracedRequest,
    options: RequestOptions | undefined,
    run: (options: RequestOptions | undefined) => Promise<T>,
  ): Promise<T>;
  /** Runs a workflow or a step of one in an active INTERNAL span. */
  step<T>(name: string, run: () => Promise<T>): Promise<T>;
  /** Starts the span of a read sent through JSON batches (a child of the active span). */
  read(core: TracedCore, request: TracedRequest): ReadSpan;
}

// `SpanKind` and `SpanStatusCode` of `@opentelemetry/api` (numbers fixed since its 1.0), as
// values: importing the enums would load the API.
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- the enums' own values */
const KIND_INTERNAL = 0 as SpanKind.INTERNAL;
const KIND_CLIENT = 2 as SpanKind.CLIENT;
const STATUS_ERROR = 2 as SpanStatusCode.ERROR;
/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */

/**
 * Every literal segment of the paths the SDK sends (and Graph's nextLinks repeat): any other
 * segment is a value, and becomes a placeholder.
 */
const ROUTE = new Set([
  '$batch',
  '$count',
  '$ref',
  'acquireAccessToken',
  'appRoleAssignedTo',
  'applicationTemplates',
  'applications',
  'auditLogs',
  'bulkUpload',
  'directories',
  'directoryObjects',
  'discover',
  'filterOperators',
  'functions',
  'groups',
  'instantiate',
  'jobs',
  'owners',
  'parseExpression',
  'pause',
  'provisionOnDemand',
  'provisioning',
  'restart',
  'schema',
  'secrets',
  'servicePrincipals',
  'start',
  'synchronization',
  'templates',
  'users',
  'validateCredentials',
]);
/**
 * The collections (a segment after one is an id, whatever its spelling) and the placeholder of
 * that id: `{id}` unless a nested one names it.
 */
const PLACEHOLDER: Readonly<Record<string, string>> = {
  applicationTemplates: '{id}',
  applications: '{id}',
  servicePrincipals: '{id}',
  users: '{id}',
  groups: '{id}',
  directoryObjects: '{id}',
  jobs: '{jobId}',
  templates: '{templateId}',
  directories: '{directoryId}',
  appRoleAssignedTo: '{appRoleAssignmentId}',
  owners: '{ownerId}',
};
/** `servicePrincipals(appId='…')` and `users('…')`: OData key syntax. */
const KEYED = /^([A-Za-z]+)\((?:(appId)=)?[^]*\)$/;

/**
 * The low-cardinality template of a request's path: the Graph root's own path, the version, and
 * each segment kept only when it is one of Graph's route words, e.g.
 * `/v1.0/servicePrincipals/{id}/synchronization/jobs/{jobId}/start`. No query.
 */
export function urlTemplate(root: string, version: string, path: string): string {
  const prefix = new URL(root).pathname.replace(/\/+$/, '');
  let previous = '';
  const segments = path.split('/').map((segment, i) => {
    let out = segment;
    // After a collection comes an id, even one spelt like a route word (`jobs/start`).
    const idPosition = Object.hasOwn(PLACEHOLDER, previous) && !segment.startsWith('$');
    if (i > 0 && segment !== '' && (idPosition || !ROUTE.has(segment))) {
      const keyed = KEYED.exec(segment);
      out =
        keyed !== null && ROUTE.has(keyed[1] as string)
          ? `${keyed[1] as string}(${keyed[2] === undefined ? '{id}' : 'appId={appId}'})`
          : (PLACEHOLDER[previous] ?? '{id}');
    }
    // A segment read as an id is no collection, whatever its spelling.
    previous = out === segment ? segment : '';
    return out;
  });
  const shown = version === 'v1.0' || version === 'beta' ? version : '{version}';
  return `${prefix}/${shown}${segments.join('/')}`;
}

/** The span name and the attributes known before the call (samplers see these). */
function describe(core: TracedCore, request: TracedRequest): [string, Attributes] {
  const url = new URL(core.baseUrl);
  const template = urlTemplate(core.baseUrl, request.version ?? core.apiVersion, request.path);
  const attributes: Attributes = {
    'http.request.method': request.method,
    'server.address': url.hostname.replace(/^\[(.*)\]$/, '$1'),
    'server.port': url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port),
    'url.template': template,
  };
  const requests = (request.body as { requests?: unknown } | undefined)?.requests;
  if (request.path === '/$batch' && Array.isArray(requests)) {
    attributes['graph.batch.size'] = requests.length;
  }
  return [`${request.method} ${template}`, attributes];
}

/** What an answer adds: its status, Graph's ids (GUID-shaped only: never an echo), resends. */
function answered(span: Span, details: GraphErrorDetails | undefined): void {
  if (details === undefined) return;
  const attributes: Attributes = {};
  if (details.status !== undefined) attributes['http.response.status_code'] = details.status;
  if (details.requestId !== undefined && isGuid(details.requestId)) {
    attributes['graph.request_id'] = details.requestId;
  }
  if (details.clientRequestId !== undefined && isGuid(details.clientRequestId)) {
    attributes['graph.client_request_id'] = details.clientRequestId;
  }
  if (details.attempts !== undefined && details.attempts > 1) {
    attributes['http.request.resend_count'] = details.attempts - 1;
  }
  span.setAttributes(attributes);
}

/** Marks a span failed with the error's kind, never its message (it may quote Graph's answer). */
function failed(span: Span, error: unknown): void {
  const kind = isGraphError(error) ? error.kind : '_OTHER';
  if (isGraphError(error)) answered(span, error);
  span.setAttribute('error.type', kind);
  span.setStatus({ code: STATUS_ERROR, message: kind });
}

function retried(span: Span, notice: TracedRetry): void {
  const attributes: Attributes = {
    'graph.retry.reason': notice.reason,
    'graph.retry.delay_ms': notice.delayMs,
    'graph.retry.attempt': notice.attempt,
  };
  if (notice.status !== undefined) attributes['http.response.status_code'] = notice.status;
  span.addEvent('graph.retry', attributes);
}

/**
 * The call's options with the hooks that report to `span`, after the ones a workflow set.
 * Options that are not an object are left as they are: the core refuses them.
 */
function observed(
  options: RequestOptions | undefined,
  span: Span,
  onResponse: (details: GraphErrorDetails) => void,
): RequestOptions | undefined {
  if (options !== undefined && (typeof options !== 'object' || (options as unknown) === null)) {
    return options;
  }
  const outer = (options as { [OBSERVE]?: RequestObserver } | undefined)?.[OBSERVE];
  const observer: RequestObserver = {
    ...outer,
    onRetry: (notice) => {
      outer?.onRetry?.(notice);
      retried(span, notice);
    },
    onResponse: (details) => {
      outer?.onResponse?.(details);
      onResponse(details);
    },
  };
  return { ...options, [OBSERVE]: observer } as RequestOptions;
}

/** Runs `run` in `span`, ending it with the outcome. */
async function within<T>(
  span: Span,
  run: () => Promise<T>,
  settle?: () => GraphErrorDetails | undefined,
): Promise<T> {
  try {
    const value = await run();
    answered(span, settle?.());
    return value;
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** The spans of a client whose tracer comes from `provider`. */
export function tracingOf(provider: TracerProviderLike): Tracing {
  const tracer = provider.getTracer('entra-provisioning', pkg.version) as Tracer;
  return {
    call(core, request, options, run) {
      const [name, attributes] = describe(core, request);
      return tracer.startActiveSpan(name, { kind: KIND_CLIENT, attributes }, (span) => {
        let last: GraphErrorDetails | undefined;
        const traced = observed(options, span, (details) => {
          last = details;
        });
        return within(
          span,
          () => run(traced),
          () => last,
        );
      });
    },
    step(name, run) {
      return tracer.startActiveSpan(name, { kind: KIND_INTERNAL }, (span) => within(span, run));
    },
    read(core, request) {
      const [name, attributes] = describe(core, request);
      attributes['graph.batched'] = true;
      const span = tracer.startSpan(name, { kind: KIND_INTERNAL, attributes });
      let ended = false;
      return {
        retry: (notice) => {
          retried(span, notice);
        },
        end: (outcome, ok) => {
          if (ended) return;
          ended = true;
          if (ok) answered(span, outcome as GraphErrorDetails);
          else failed(span, outcome);
          span.end();
        },
      };
    },
  };
}
