/** The placeholder that replaces a secret value in text. */
export const REDACTED = '[REDACTED]';

// Shorter values are not meaningful secrets, and scrubbing them would mangle ordinary words.
const MIN_SECRET_LENGTH = 4;

/** A backslash as it appears in JSON text, or in JSON quoted inside JSON (up to twice). */
const BACKSLASH = '\\\\{1,4}';

/** What follows the backslash of a JSON short escape (`\"`, `\\`, `\/`, `\n`…). */
const JSON_SHORT: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
};

/** Any HTML named character reference (`&eacute;`, `&AMP;`): see {@link characterPattern}. */
const HTML_ANY_NAMED = '&[A-Za-z][A-Za-z0-9]{1,31};';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Hex digits of `n`, padded to `width`, matching either case (`%2f` as well as `%2F`). */
function hex(n: number, width: number): string {
  return n
    .toString(16)
    .padStart(width, '0')
    .replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
}

/**
 * Every way one character of a secret can come back in text a server, a proxy or a transport
 * wrote: as is; escaped in a JSON string, minimally, with `\/`, as `\u` escapes like `\u00e9` (hex digits in either case, as
 * .NET's encoder and JSON writers that escape all non-ASCII do), or in JSON quoted inside JSON;
 * percent-encoded as UTF-8 (either case, `+` for a space, or percent-encoded twice); or as an
 * HTML character reference. Letters, digits, `.`, `_` and `-` are expected as they are: no
 * encoder changes them.
 */
function characterPattern(char: string): string {
  // No encoder of JSON, URLs, forms or HTML changes these: they come back as they are.
  if (UNCHANGED.test(char)) return escapeRegExp(char);
  const cp = char.codePointAt(0) ?? 0;
  const options = [escapeRegExp(char)];
  const short = JSON_SHORT[char];
  if (short !== undefined) options.push(`${BACKSLASH}${escapeRegExp(short)}`);
  const units = cp > 0xffff ? [char.charCodeAt(0), char.charCodeAt(1)] : [cp];
  options.push(units.map((u) => `${BACKSLASH}u${hex(u, 4)}`).join(''));
  const bytes = utf8.encode(char);
  options.push(Array.from(bytes, (b) => `%(?:25)?${hex(b, 2)}`).join(''));
  // A space form-encoded as `+`, and that `+` percent-encoded again.
  if (char === ' ') options.push('\\+', '%(?:25)?2[bB]');
  // Numeric references, the `;` optional as browsers read them; named ones in any case. HTML5
  // names some 2,000 characters (`&eacute;`, `&ouml;`, `&excl;`): rather than ship the table,
  // any name stands for any character an encoder could have named.
  options.push(`&#0*${String(cp)};?`, `&#[xX]0*${hex(cp, 1)};?`, HTML_ANY_NAMED);
  return `(?:${options.join('|')})`;
}

const UNCHANGED = /^[A-Za-z0-9._-]$/;
const utf8 = new TextEncoder();

/** How to find one secret: its pattern, and a run of it that every form contains as is. */
interface Finder {
  readonly pattern: RegExp;
  readonly anchor: string;
}

/** A pattern that finds `secret` in any of the forms {@link characterPattern} lists, mixed. */
function finder(secret: string): Finder {
  let source = '';
  for (const char of secret) source += characterPattern(char);
  // The longest run of characters no encoder changes: a text without it cannot hold the secret,
  // which indexOf tells far faster than the pattern.
  const runs = secret.match(/[A-Za-z0-9._-]+/g) ?? [];
  const anchor = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return { pattern: new RegExp(source, 'g'), anchor };
}

/**
 * A function that replaces every occurrence of the given secrets in a text, in every encoding
 * {@link characterPattern} recognises, with {@link REDACTED}. Compile once, apply to many texts
 * (the patterns of a long secret, a PEM key say, take a moment to build). Secrets shorter than 4
 * characters are left alone: they cannot be told apart from ordinary words.
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  // Longest first: a secret that contains another is replaced whole.
  // A value with surrounding spaces is also scrubbed trimmed: HTTP trims a header's value (a
  // `request-id` that echoes it), and JSON parsers quote what follows the whitespace.
  const finders = [
    ...new Set(
      secrets.flatMap((s) => (typeof s !== 'string' || s.trim() === s ? [s] : [s, s.trim()])),
    ),
  ]
    .filter((s) => typeof s === 'string' && Array.from(s).length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length)
    .map(finder);
  if (finders.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const { pattern, anchor } of finders) {
      if (anchor === '' || out.includes(anchor)) out = out.replace(pattern, REDACTED);
    }
    return out;
  };
}

/** Replaces every occurrence of each secret value in `text`, in any recognised encoding. */
export function redact(text: string, secrets: readonly string[]): string {
  return secretScrubber(secrets)(text);
}

/** `Bearer <token>`, whatever the token looks like. */
const BEARER = /Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
/**
 * A JSON Web Token (every Entra access token is one): header.payload.signature in base64url. The
 * lookbehind skips a start inside a run where an earlier `eyJ` started (and failed: the later one
 * would fail the same way), which kept a long run of `eyJ` from costing time in its square.
 */
export const JWT =
  /(?<!eyJ[A-Za-z0-9_-]*?)eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Removes anything that looks like an access token from text that leaves the SDK. */
export function redactTokens(text: string): string {
  return text.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
}

/**
 * A copy of an error (name, message, `code`, and its own causes, three deep) with `clean`
 * applied to each message: a transport's error can quote the request it failed to send, and
 * `cause` is printed with the SDK's error. Anything else hanging off the original is dropped.
 */
export function scrubbedError(error: unknown, clean: (text: string) => string, depth = 3): unknown {
  if (!(error instanceof Error)) {
    if (typeof error === 'string') return clean(error);
    // Anything else thrown is not printed: it could hold the request, headers included.
    return error === undefined ? undefined : `(a thrown ${typeof error}, not shown)`;
  }
  const copy = new Error(clean(error.message));
  copy.name = clean(error.name);
  copy.stack = `${copy.name}: ${copy.message}`;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') {
    Object.defineProperty(copy, 'code', {
      value: typeof code === 'string' ? clean(code) : code,
      enumerable: true,
    });
  }
  if (depth > 1 && error.cause !== undefined)
    copy.cause = scrubbedError(error.cause, clean, depth - 1);
  return copy;
}

/** A function applying {@link secretScrubber} of `secrets`, then {@link redactTokens}. */
export function scrubber(secrets: readonly string[]): (text: string) => string {
  const secretsOut = secretScrubber(secrets);
  return (text) => redactTokens(secretsOut(text));
}

/** {@link redact} of the given secrets, then {@link redactTokens}: all text an error carries. */
export function scrub(text: string, secrets: readonly string[]): string {
  return scrubber(secrets)(text);
}
