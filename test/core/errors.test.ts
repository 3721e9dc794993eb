import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import type * as ErrorsModule from '../../src/core/errors.js';
import {
  AbortedError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GraphError,
  HttpError,
  InvalidInputError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  QuarantinedError,
  AmbiguousMatchError,
  ServerError,
  ThrottledError,
  TimeoutError,
  UnauthorizedError,
  isGraphError,
  type AnyGraphError,
} from '../../src/index.js';

const all: AnyGraphError[] = [
  new BadRequestError('m'),
  new UnauthorizedError('m'),
  new ForbiddenError('m'),
  new NotFoundError('m'),
  new ConflictError('m'),
  new ThrottledError('m', { retryAfterMs: 5 }),
  new ServerError('m'),
  new HttpError('m'),
  new TimeoutError('m'),
  new NetworkError('m'),
  new AbortedError('m'),
  new InvalidResponseError('m'),
  new InvalidInputError('m'),
  new QuarantinedError('m', {
    jobId: 'aws.1.2',
    quarantine: { reason: 'EncounteredQuarantineException' },
  }),
  new AmbiguousMatchError('m', { matches: [{ id: 'a' }, { id: 'b' }] }),
];

describe('GraphError union', () => {
  it('gives every class a distinct literal kind and a matching name', () => {
    expect(all.map((e) => [e.kind, e.name])).toEqual([
      ['badRequest', 'BadRequestError'],
      ['unauthorized', 'UnauthorizedError'],
      ['forbidden', 'ForbiddenError'],
      ['notFound', 'NotFoundError'],
      ['conflict', 'ConflictError'],
      ['throttled', 'ThrottledError'],
      ['server', 'ServerError'],
      ['http', 'HttpError'],
      ['timeout', 'TimeoutError'],
      ['network', 'NetworkError'],
      ['aborted', 'AbortedError'],
      ['invalidResponse', 'InvalidResponseError'],
      ['invalidInput', 'InvalidInputError'],
      ['quarantined', 'QuarantinedError'],
      ['ambiguous', 'AmbiguousMatchError'],
    ]);
  });

  it('makes every error a real Error and a GraphError', () => {
    for (const e of all) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(GraphError);
      expect(isGraphError(e)).toBe(true);
      expect(e.stack).toContain(e.name);
    }
  });

  it('does not mistake other errors for GraphErrors', () => {
    expect(isGraphError(new Error('x'))).toBe(false);
    expect(isGraphError({ kind: 'notFound', message: 'duck' })).toBe(false);
    expect(isGraphError(null)).toBe(false);
    expect(new Error('x')).not.toBeInstanceOf(GraphError);
    expect(new NotFoundError('x')).not.toBeInstanceOf(ConflictError);
  });

  it('recognises errors from a second copy of the package (ESM and CJS side by side)', async () => {
    vi.resetModules();
    // A query string makes the module loader evaluate the file again: a second, independent copy.
    const copy = (await import(
      /* @vite-ignore */ `../../src/core/errors.js?copy=${String(Date.now())}`
    )) as typeof ErrorsModule;
    const foreign = new copy.NotFoundError('from the other copy', { status: 404 });
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    expect(isGraphError(foreign)).toBe(true);
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreign).toBeInstanceOf(GraphError);
    expect(foreign).not.toBeInstanceOf(ConflictError);
    expect(copy.isGraphError(new NotFoundError('ours'))).toBe(true);
  });

  it('keeps absent fields absent and serialises the public ones to JSON', () => {
    const error = new NotFoundError('gone', {
      status: 404,
      code: 'Request_ResourceNotFound',
      attempts: 1,
    });
    expect(Object.keys(error)).not.toContain('requestId');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NotFoundError',
      kind: 'notFound',
      message: 'gone',
      status: 404,
      code: 'Request_ResourceNotFound',
      attempts: 1,
    });
  });

  it('shows the kind and fields in util.inspect', () => {
    const text = inspect(new ThrottledError('slow down', { status: 429, retryAfterMs: 3000 }));
    expect(text).toContain("kind: 'throttled'");
    expect(text).toContain('retryAfterMs: 3000');
  });

  it('carries the cause', () => {
    const cause = new Error('socket hang up');
    expect(new NetworkError('failed', { cause }).cause).toBe(cause);
  });
});
