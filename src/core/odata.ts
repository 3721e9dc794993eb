/**
 * OData query building: literals, dates, `$select` lists and the query string itself.
 */
import { checkString } from './path.js';
import { invalidInput } from './validation.js';

/** An OData string literal: single-quoted, with every `'` inside doubled. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** An OData string literal for a caller's value, validated first. */
export function stringLiteral(field: string, value: unknown): string {
  return quoteString(checkString(field, value));
}

/**
 * An OData `DateTimeOffset` literal (unquoted ISO-8601, UTC) from a `Date` or a string that
 * JavaScript can parse as a date.
 */
export function dateTimeLiteral(field: string, value: unknown): string {
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined)
    invalidInput(field, `expected a Date or an ISO-8601 string, got ${typeof value}`);
  if (Number.isNaN(date.getTime())) invalidInput(field, 'is not a valid date');
  return date.toISOString();
}

const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/** `$select` from a list of property names; each must be a plain OData property path. */
export function selectList(field: string, value: unknown): string {
  if (!Array.isArray(value) || value.length === 0)
    invalidInput(field, 'must be a non-empty array of property names');
  return value
    .map((name: unknown, i) => {
      if (typeof name !== 'string' || !PROPERTY_PATH.test(name)) {
        invalidInput(`${field}[${String(i)}]`, 'must be a property name such as "displayName"');
      }
      return name;
    })
    .join(',');
}

/** `$top`: a whole number from 1 to 999 (Graph's largest page size for these APIs). */
export function topValue(field: string, value: unknown): string {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 999) {
    invalidInput(field, 'must be a whole number from 1 to 999');
  }
  return String(value);
}

/** A raw OData expression passed by the caller (`$filter`, `$orderby`): checked, not parsed. */
export function rawExpression(field: string, value: unknown): string {
  return checkString(field, value);
}

/**
 * Encodes query parameters. Values are percent-encoded in full (`:` and `/` included), which
 * also keeps the Graph client's request builder from mistaking a URL inside a value for the
 * request's own host.
 */
export function queryString(params: Readonly<Record<string, string | undefined>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${key}=${encodeURIComponent(value).replace(/'/g, '%27')}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * An object read from Graph, ready to send back: its top-level OData annotations
 * (`@odata.context`, `@odata.etag`…) describe the response it came in, not the resource.
 */
export function withoutAnnotations<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !key.startsWith('@odata.')),
  ) as T;
}
