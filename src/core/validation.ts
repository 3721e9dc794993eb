import * as z from 'zod/mini';
import { InvalidInputError, type ValidationIssue } from './errors.js';
import { lazySchema } from '../internal/lazy-schema.js';

type ZodIssue = z.core.$ZodIssue;

/**
 * zod/mini ships without a locale (its messages are all "Invalid input"), and loading one would
 * change the zod configuration of the host application. So the SDK words its own messages from
 * the issue codes. None of them quotes the input, which may be a secret.
 */
export function describeIssue(issue: ZodIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      if (issue.minimum === 1 && (issue.origin === 'string' || issue.origin === 'array')) {
        return 'must not be empty';
      }
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_union':
      return 'does not match any accepted form';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return 'is invalid';
  }
}

/** Converts zod issues to the SDK's {@link ValidationIssue}s. */
export function toIssues(
  issues: readonly ZodIssue[],
  prefix: readonly (string | number)[] = [],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: describeIssue(issue),
    code: issue.code,
  }));
}

/** `a.b[3].c`, or `(root)` for the empty path. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${String(p)}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/** One line listing the first issues, for error messages. */
export function summarizeIssues(issues: readonly ValidationIssue[], max = 3): string {
  const shown = issues.slice(0, max).map((i) => `${formatPath(i.path)}: ${i.message}`);
  const more = issues.length > max ? ` (and ${String(issues.length - max)} more)` : '';
  return shown.join('; ') + more;
}

/**
 * Validates caller input against `schema`, or throws {@link InvalidInputError} naming each bad
 * field. `what` names the input in the message, e.g. `'jobs.create() params'`; `issuesOf` words
 * zod's issues (hand-typed inputs add "did you mean", src/internal/suggest-keys.ts).
 */
export function parseInput<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  what: string,
  issuesOf: (issues: readonly ZodIssue[]) => ValidationIssue[] = toIssues,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesOf(result.error.issues);
  throw new InvalidInputError(`Invalid ${what}: ${summarizeIssues(issues)}`, { issues });
}

/** Throws {@link InvalidInputError} for a single field. */
export function invalidInput(field: string, message: string): never {
  throw new InvalidInputError(`Invalid ${field}: ${message}`, {
    issues: [{ path: field.split('.'), message }],
  });
}

/** A whole number from 1 to `max`, or `fallback` when absent; else {@link InvalidInputError}. */
export function wholeNumber(field: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    invalidInput(field, `must be a whole number from 1 to ${String(max)}`);
  }
  return value;
}

/**
 * A display name: not blank, at most 256 characters (Graph's limit), and text Graph can store:
 * no control characters and no lone surrogate (which has no UTF-8 form).
 */
export const DisplayNameSchema = lazySchema(() =>
  z.string().check(
    z.refine((s) => s.trim() !== '', 'must not be blank'),
    z.maxLength(256),
    // eslint-disable-next-line no-control-regex
    z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters'),
    z.refine((s) => s.isWellFormed(), 'is not well-formed Unicode (lone surrogate)'),
  ),
);
