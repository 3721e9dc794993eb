import { JWT, REDACTED } from './redact.js';

/*
 * What the SDK and the CLI show of data Graph sent, scrubbed: `scrubDeep` walks it, and the
 * token-shape scrub here (for the health report's jobs, workflow results, the CLI's jobs and
 * provisioning events) is wider than the one every error goes through (redact.ts's
 * `redactTokens`). Neither is on the path of a request, so neither counts in the bundle of a
 * script that only reads: this module loads with the modules that use it.
 */

/**
 * What can stand between `Bearer` and its token, as an app, a proxy or an encoder writes it:
 * blanks, `:`, `=`, `+`; a space, a colon, a tab or a `+` percent-encoded (once or twice); a
 * space, a colon or a tab as an HTML reference; a space, a no-break space, a colon, a tab or a
 * line feed as a JSON escape written out.
 */
const SEPARATOR = String.raw`(?:[\s:=+]|%(?:25)?(?:20|3a|09|2b)|&(?:#0*(?:32|9|58|160);?|#x0*(?:20|9|3a|a0);?|nbsp;?|colon;?)|\\(?:u00(?:20|a0|09|3a)|t|n))`;
/**
 * A quote or a `<` before the token: plain, after backslashes (JSON, or JSON in JSON), or as
 * an HTML reference; up to two.
 */
const QUOTE = String.raw`(?:\\*["'<]|&(?:quot|apos|lt);|&#0*(?:34|39|60);?|&#x0*(?:22|27|3c);?)`;
/**
 * The token: a run up to a blank, a quote (plain, after a backslash, or as an HTML reference),
 * `<`, `>` (or `&lt;`, `&gt;`), `,` or `;` (a token typed into an app's settings can hold any
 * other character). Each character is matched by one branch only, each lookahead reads a few
 * characters, so the pattern takes time in line with the text.
 */
const TOKEN = String.raw`(?:[^\s"'<>,;\\&]|\\(?!["'])|&(?!(?:quot|apos|lt|gt);|#0*(?:34|39|60|62);?|#x0*(?:22|27|3c|3e);?))+`;
/**
 * `Bearer <token>`; `Bearer` written twice too (pasted into a field that adds its own), also
 * inside the quotes. Not `Bearer` ending a hyphenated word (`standard-bearer`).
 */
const BEARER = new RegExp(
  String.raw`(?<![a-z]-)(Bearer)${SEPARATOR}+${QUOTE}{0,2}(?:Bearer${SEPARATOR}+${QUOTE}{0,2})?${TOKEN}`,
  'gi',
);

/**
 * `text` without anything shaped like a token: `Bearer` (any case) and what follows it (see
 * above), and a JSON Web Token (a compact one, as Entra issues).
 *
 * @example
 * redactTokenShapes('401: Authorization: Bearer s3cr!t$Tok#en'); // '401: Authorization: Bearer [REDACTED]'
 */
export function redactTokenShapes(text: string): string {
  return text.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED);
}

/**
 * `text` without the tokens `core`'s client sent (in any encoding) and without anything shaped
 * like a token: for what the SDK shows of a 2xx body it keeps (a report, a result), where Graph
 * may have echoed one.
 */
export function scrubTokens(
  core: { readonly tokensOut: (text: string) => string },
  text: string,
): string {
  return redactTokenShapes(core.tokensOut(text));
}

/** What {@link scrubDeep} shows instead of data nested deeper than it walks. */
const TOO_DEEP = '[nested too deep: not shown]';

/**
 * A copy of JSON-like data (objects read from Graph: an application, a job, its status) with
 * `clean` applied to every string, keys included. `cleanFor(key, parent)`, when it returns a
 * function, cleans the value of a member named `key` instead, and everything in it; `parent`
 * is the key of the object holding it (of the array, for an object in an array), undefined
 * at the top (so that an app's `displayName` can be scrubbed of known values only, and a
 * `displayName` inside an error as any text). Only plain objects and arrays are
 * copied; class instances (none in Graph's models) are kept as they are. Values are returned
 * unchanged when nothing in them needed cleaning.
 */
export function scrubDeep<T>(
  value: T,
  clean: (text: string) => string,
  cleanFor?: (key: string, parent?: string) => ((text: string) => string) | undefined,
  depth = 0,
  parent?: string,
): T {
  if (typeof value === 'string') return clean(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  // Deeper than Graph's objects ever go: not walked, so not shown (it could hold anything).
  if (depth > 64) return TOO_DEEP as T;
  if (Array.isArray(value)) {
    let changed = false;
    const copy = value.map((item: unknown) => {
      const cleaned = scrubDeep(item, clean, cleanFor, depth + 1, parent);
      if (cleaned !== item) changed = true;
      return cleaned;
    });
    return (changed ? copy : value) as T;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  let changed = false;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const k = clean(key);
    const cleaned = scrubDeep(item, cleanFor?.(key, parent) ?? clean, cleanFor, depth + 1, key);
    if (k !== key || cleaned !== item) changed = true;
    Object.defineProperty(copy, k, {
      value: cleaned,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return (changed ? copy : value) as T;
}
