/**
 * Path building. Every id that goes into a URL passes through here: it is checked, then
 * percent-encoded as one path segment, so no id can add a segment, a query or a fragment.
 */
import { invalidInput } from './validation.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID in Graph's textual form (`8-4-4-4-12` hex digits). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A short, safe rendering of a caller's value for an error message. */
export function preview(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/**
 * Percent-encodes one path segment. Beyond `encodeURIComponent`, it encodes `!'()*`, which OData
 * would otherwise read as key syntax (`servicePrincipals('x')`).
 */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Checks that `value` is a usable string (non-empty, well-formed Unicode, no control characters). */
export function checkString(field: string, value: unknown): string {
  if (typeof value !== 'string') invalidInput(field, `expected a string, got ${typeof value}`);
  if (value.length === 0) invalidInput(field, 'must not be empty');
  if (!value.isWellFormed()) invalidInput(field, 'is not well-formed Unicode (lone surrogate)');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value))
    invalidInput(field, 'must not contain control characters');
  return value;
}

/** How an id is checked before it becomes a path segment. */
export interface SegmentRule {
  /** The id must be a GUID (directory object ids and application template ids are). */
  readonly guid?: boolean;
  /** Added to the error when the id is not a GUID: which id the caller probably confused. */
  readonly guidHint?: string;
}

/**
 * Validates an id and encodes it as one path segment. `''`, `.` and `..` are refused, since a
 * URL parser would drop or climb them, and so is anything that is not a string.
 */
export function segment(field: string, value: unknown, rule: SegmentRule = {}): string {
  const id = checkString(field, value);
  if (id.trim() !== id) invalidInput(field, 'must not start or end with whitespace');
  if (id === '.' || id === '..') invalidInput(field, `must not be ${preview(id)}`);
  if (rule.guid === true && !isGuid(id)) {
    invalidInput(
      field,
      `must be a GUID, got ${preview(id)}${rule.guidHint ? `. ${rule.guidHint}` : ''}`,
    );
  }
  return encodeSegment(id);
}

/**
 * An OData alternate-key segment such as `(appId='…')`: the value is quoted as an OData string
 * literal (quotes doubled), then percent-encoded.
 */
export function alternateKey(field: string, property: string, value: unknown): string {
  const id = checkString(field, value);
  if (id.trim() !== id) invalidInput(field, 'must not start or end with whitespace');
  return `(${property}=${encodeSegment(`'${id.replace(/'/g, "''")}'`)})`;
}
