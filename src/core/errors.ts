/**
 * One discriminated union for every failure the SDK raises.
 *
 * Each class carries a literal `kind`, so `switch (e.kind)` narrows exhaustively, and a brand
 * registered with `Symbol.for`, so {@link isGraphError} and `instanceof` keep working when an
 * application ends up with two copies of this package (for example the ESM and the CJS build).
 */

import type { Application, ServicePrincipal } from '../models/directory.js';
import type { SynchronizationJob } from '../models/synchronization.js';

const BRAND: unique symbol = Symbol.for('entra-provisioning.GraphError') as never;

/**
 * What exists for an app after a workflow run that failed: the objects found or made before
 * the failure (ids, names, the job's status as last read), and which of them this run created.
 * Values Graph echoed of the run's credentials are redacted.
 */
export interface ProvisioningPartial {
  /** The application, once found or made. */
  application?: Application;
  /** Its service principal, once found or made. */
  servicePrincipal?: ServicePrincipal;
  /** The provisioning job, once found or made. */
  job?: SynchronizationJob;
  /** What this run created among them (the rest already existed). */
  created?: { application: boolean; job: boolean };
}

/** The `kind` of every {@link GraphError} subclass. */
export type GraphErrorKind =
  | 'badRequest'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'throttled'
  | 'server'
  | 'http'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'invalidResponse'
  | 'invalidInput'
  | 'quarantined'
  | 'ambiguous';

/** One validation problem: where it is (`path`) and what is wrong (`message`). */
export interface ValidationIssue {
  /** Property path from the root of the validated value, e.g. `['value', 3, 'id']`. */
  readonly path: readonly (string | number)[];
  /** What is wrong, in plain words. Never contains the offending value. */
  readonly message: string;
  /** Machine-readable code of the check that failed (zod's issue code), when there is one. */
  readonly code?: string;
}

/** One entry of Graph's `error.details`, as Graph sent it (scrubbed of secrets and tokens). */
export interface GraphErrorDetail {
  /** The entry's code, e.g. `InvalidValue`. */
  readonly code?: string;
  /** What is wrong, in Graph's words. */
  readonly message?: string;
  /** What it is about, e.g. a property name. */
  readonly target?: string;
}

/** Fields shared by every {@link GraphError}; all optional except through the subclasses. */
export interface GraphErrorDetails {
  /** HTTP status of the last response, when there was one. */
  status?: number;
  /** Graph's `error.code`, e.g. `Request_ResourceNotFound`. */
  code?: string;
  /**
   * The most specific code Graph gave: the innermost `error.innerError.code` (inner errors may
   * nest), e.g. `invalidRange` under `badRequest`. Absent when Graph gave none.
   */
  innerCode?: string;
  /**
   * Graph's `error.details`: one entry per problem, e.g. per property it refused. Absent when
   * Graph sends none, or an empty list.
   */
  details?: readonly GraphErrorDetail[];
  /** Graph's `request-id` for this failure: quote it to Microsoft support. */
  requestId?: string;
  /** The `client-request-id` this SDK sent (one per logical call, kept across retries). */
  clientRequestId?: string;
  /** Graph's `date` from the error body or the `Date` header. */
  date?: string;
  /** HTTP method of the request. */
  method?: string;
  /** URL of the request (never holds credentials). */
  url?: string;
  /** How many HTTP attempts were made (0 when the error was raised before sending). */
  attempts?: number;
  /** What probably fixes it, e.g. the Graph permission likely missing. */
  hint?: string;
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/**
 * Base class of every error the SDK raises. Catch it, then `switch (e.kind)`.
 *
 * @example
 * ```ts
 * try {
 *   await sp.synchronization.jobs.byId(jobId).start();
 * } catch (e) {
 *   if (!isGraphError(e)) throw e;
 *   switch (e.kind) {
 *     case 'notFound': console.error('no such job'); break;
 *     case 'throttled': console.error(`retry in ${e.retryAfterMs} ms`); break;
 *     default: console.error(e.message, e.requestId);
 *   }
 * }
 * ```
 */
export abstract class GraphError extends Error {
  /** The discriminant of the union: see {@link AnyGraphError}. */
  abstract readonly kind: GraphErrorKind;
  // `declare` keeps absent fields absent (no `status: undefined` in logs or `util.inspect`).
  /** {@inheritDoc GraphErrorDetails.status} */
  declare readonly status?: number;
  /** {@inheritDoc GraphErrorDetails.code} */
  declare readonly code?: string;
  /** {@inheritDoc GraphErrorDetails.innerCode} */
  declare readonly innerCode?: string;
  /** {@inheritDoc GraphErrorDetails.details} */
  declare readonly details?: readonly GraphErrorDetail[];
  /** {@inheritDoc GraphErrorDetails.requestId} */
  declare readonly requestId?: string;
  /** {@inheritDoc GraphErrorDetails.clientRequestId} */
  declare readonly clientRequestId?: string;
  /** {@inheritDoc GraphErrorDetails.date} */
  declare readonly date?: string;
  /** {@inheritDoc GraphErrorDetails.method} */
  declare readonly method?: string;
  /** {@inheritDoc GraphErrorDetails.url} */
  declare readonly url?: string;
  /** {@inheritDoc GraphErrorDetails.hint} */
  declare readonly hint?: string;
  /**
   * Set on errors of `configureProvisioning` (and on the errors of `configureProvisioningMany`
   * outcomes): what exists for the app despite the failure, so that you can see, fix and
   * re-run. A re-run reuses it.
   */
  declare readonly partial?: ProvisioningPartial;
  /** How many HTTP attempts were made (0 when the error was raised before sending). */
  readonly attempts: number;

  /**
   * Errors are raised by the SDK; construct one yourself only to fake a failure in a test.
   * @param message What went wrong, in plain words (never a token or a secret).
   * @param details The fields to set.
   */
  constructor(message: string, details: GraphErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    Object.defineProperty(this, BRAND, { value: true });
    Object.defineProperty(this, 'name', {
      value: new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
    this.attempts = details.attempts ?? 0;
    const fields = [
      'status',
      'code',
      'innerCode',
      'details',
      'requestId',
      'clientRequestId',
      'date',
      'method',
      'url',
      'hint',
    ];
    for (const field of fields) {
      const value = details[field as keyof GraphErrorDetails];
      // `hint` stays configurable: a workflow may add what it learnt (see appendHint).
      if (value !== undefined)
        Object.defineProperty(this, field, {
          value,
          enumerable: true,
          configurable: field === 'hint',
        });
    }
  }

  /** `instanceof` that also recognises errors from another copy of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!isGraphError(value)) return false;
    if (this === GraphError) return true;
    const kind = (this as { readonly kind?: unknown }).kind;
    return typeof kind === 'string' && value.kind === kind;
  }

  /** A plain object for logs and `--json` output: the public fields, without `cause` or stack. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      kind: this.kind,
      message: this.message,
    };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && value !== undefined) json[key] = value;
    }
    return json;
  }
}

/** 400 Bad Request: Graph rejected the request as malformed or invalid. */
export class BadRequestError extends GraphError {
  static readonly kind = 'badRequest';
  readonly kind = 'badRequest';
}

/** 401 Unauthorized, or no access token could be obtained from the credential. */
export class UnauthorizedError extends GraphError {
  static readonly kind = 'unauthorized';
  readonly kind = 'unauthorized';
}

/** 403 Forbidden: the token lacks a permission or the caller a directory role (see `hint`). */
export class ForbiddenError extends GraphError {
  static readonly kind = 'forbidden';
  readonly kind = 'forbidden';
}

/** 404 Not Found: the object does not exist, or is not replicated yet right after a create. */
export class NotFoundError extends GraphError {
  static readonly kind = 'notFound';
  readonly kind = 'notFound';
}

/** 409 Conflict. */
export class ConflictError extends GraphError {
  static readonly kind = 'conflict';
  readonly kind = 'conflict';
}

/**
 * Graph kept throttling after every retry, or asked for a wait longer than `maxRetryAfterMs`
 * (which the SDK hands back instead of sleeping).
 */
export class ThrottledError extends GraphError {
  static readonly kind = 'throttled';
  readonly kind = 'throttled';
  /** How long Graph asked to wait before the next attempt, in milliseconds. */
  readonly retryAfterMs: number;

  /** {@inheritDoc GraphError.constructor} */
  constructor(message: string, details: GraphErrorDetails & { retryAfterMs: number }) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 5xx after every allowed retry. */
export class ServerError extends GraphError {
  static readonly kind = 'server';
  readonly kind = 'server';
}

/** Any other non-2xx status (for example 405, 412, or a 3xx redirect, which is never followed). */
export class HttpError extends GraphError {
  static readonly kind = 'http';
  readonly kind = 'http';
}

/** An attempt took longer than `timeoutMs`. */
export class TimeoutError extends GraphError {
  static readonly kind = 'timeout';
  readonly kind = 'timeout';
}

/** The request never got a response (DNS, connection refused or reset, TLS). */
export class NetworkError extends GraphError {
  static readonly kind = 'network';
  readonly kind = 'network';
}

/** The caller's `AbortSignal` fired. `cause` is the signal's reason. */
export class AbortedError extends GraphError {
  static readonly kind = 'aborted';
  readonly kind = 'aborted';
}

/** Graph answered 2xx with a body that is not JSON, fails the model's schema, or a bad `nextLink`. */
export class InvalidResponseError extends GraphError {
  static readonly kind = 'invalidResponse';
  readonly kind = 'invalidResponse';
  /** What did not match. */
  readonly issues: readonly ValidationIssue[];
  /**
   * The 2xx body Graph sent, when it was JSON that did not match the model: read a result Graph
   * returned after doing the work (a provisionOnDemand answer in a shape this version does not
   * know, say). Values of the request's secrets and the access token are redacted from it, as
   * from every field. Absent when the body could not be parsed at all (it may be cut in the
   * middle of a value that can then not be recognised) and on errors of other origins. Not
   * enumerable, so logs and `JSON.stringify` of the error stay short.
   */
  declare readonly body?: string;

  /** {@inheritDoc GraphError.constructor} */
  constructor(
    message: string,
    details: GraphErrorDetails & { issues?: readonly ValidationIssue[] } = {},
  ) {
    super(message, details);
    this.issues = details.issues ?? [];
  }
}

/** Bad input caught before anything was sent; `issues` names each field. */
export class InvalidInputError extends GraphError {
  static readonly kind = 'invalidInput';
  readonly kind = 'invalidInput';
  /** What is wrong with the input, field by field. */
  readonly issues: readonly ValidationIssue[];

  /** {@inheritDoc GraphError.constructor} */
  constructor(
    message: string,
    details: GraphErrorDetails & { issues?: readonly ValidationIssue[] } = {},
  ) {
    super(message, details);
    this.issues = details.issues ?? [];
  }
}

/** Why a job is quarantined, as {@link QuarantinedError} reports it. */
export interface QuarantineDetails {
  /** Graph's `quarantineReason`, e.g. `EncounteredQuarantineException`. */
  readonly reason?: string;
  /** The error that caused it, e.g. `{ code: 'SalesforceInvalidCredentials', … }`. */
  readonly error?: {
    readonly code?: string | null | undefined;
    readonly message?: string | null | undefined;
    readonly tenantActionable?: boolean | undefined;
  };
  /** When the current quarantine began. */
  readonly currentBegan?: string;
  /** When Graph tries the job again. */
  readonly nextAttempt?: string;
  /** How many times the job was re-evaluated in this quarantine series. */
  readonly seriesCount?: number;
}

/**
 * A job went into quarantine while `job.waitFor()` waited for it to run (most often: the target
 * app rejects the saved credentials). `quarantine` says why; `jobId` which job.
 */
export class QuarantinedError extends GraphError {
  static readonly kind = 'quarantined';
  readonly kind = 'quarantined';
  /** The quarantine as Graph reports it. */
  readonly quarantine: QuarantineDetails;
  /** The quarantined job. */
  readonly jobId: string;

  /** {@inheritDoc GraphError.constructor} */
  constructor(
    message: string,
    details: GraphErrorDetails & { quarantine: QuarantineDetails; jobId: string },
  ) {
    super(message, details);
    this.quarantine = details.quarantine;
    this.jobId = details.jobId;
  }
}

/** One of the objects an {@link AmbiguousMatchError} found. */
export interface AmbiguousMatch {
  /** Its object id. */
  readonly id: string;
  /** Its display name. */
  readonly displayName?: string | null | undefined;
  /** Its application's appId, for applications and service principals. */
  readonly appId?: string | null | undefined;
}

/**
 * A lookup that must find at most one object found several (e.g. two service principals with
 * the same display name). `matches` lists them, so the caller can pick one by id.
 */
export class AmbiguousMatchError extends GraphError {
  static readonly kind = 'ambiguous';
  readonly kind = 'ambiguous';
  /** The objects that matched (at most the first few). */
  readonly matches: readonly AmbiguousMatch[];

  /** {@inheritDoc GraphError.constructor} */
  constructor(
    message: string,
    details: GraphErrorDetails & { matches: readonly AmbiguousMatch[] },
  ) {
    super(message, details);
    this.matches = details.matches;
  }
}

/** Every error the SDK raises; `switch (e.kind)` over it is exhaustive. */
export type AnyGraphError =
  | BadRequestError
  | UnauthorizedError
  | ForbiddenError
  | NotFoundError
  | ConflictError
  | ThrottledError
  | ServerError
  | HttpError
  | TimeoutError
  | NetworkError
  | AbortedError
  | InvalidResponseError
  | InvalidInputError
  | QuarantinedError
  | AmbiguousMatchError;

/**
 * True for any error raised by this SDK, including one raised by another copy of the package.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (isGraphError(e) && e.kind === 'notFound') return undefined;
 *   throw e;
 * }
 * ```
 */
export function isGraphError(value: unknown): value is AnyGraphError {
  return (
    typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  );
}

/** @internal Attaches what a workflow found or made before failing (see `partial`). */
export function withPartial<E extends GraphError>(error: E, partial: ProvisioningPartial): E {
  Object.defineProperty(error, 'partial', {
    value: partial,
    enumerable: true,
    configurable: true,
  });
  return error;
}

/** @internal Replaces an error's `hint` (a caller that knows better, e.g. the CLI's own flags). */
export function replaceHint<E extends GraphError>(error: E, hint: string): E {
  Object.defineProperty(error, 'hint', { value: hint, enumerable: true, configurable: true });
  return error;
}

/** @internal Adds a sentence to an error's `hint` (a workflow's context, e.g. a deadline). */
export function appendHint<E extends GraphError>(error: E, note: string): E {
  Object.defineProperty(error, 'hint', {
    value: error.hint === undefined ? note : `${error.hint} ${note}`,
    enumerable: true,
    configurable: true,
  });
  return error;
}
