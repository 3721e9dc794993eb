/** The placeholder that replaces a secret value in text. */
export const REDACTED = '[REDACTED]';

// Shorter values are not meaningful secrets, and scrubbing them would mangle ordinary words.
const MIN_SECRET_LENGTH = 4;

/**
 * A JSON string as .NET's default encoder (System.Text.Json) writes it: a backslash doubled,
 * and non-ASCII, controls and HTML-sensitive `"&'+<>\`` as four-hex-digit escapes (`\u0022`).
 */
function dotNetJson(secret: string, upper: boolean): string {
  return secret.replace(/[^\x20-\x7e]|["&'+<>`\\]/g, (c) => {
    if (c === '\\') return '\\\\';
    const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  });
}

/**
 * A secret as it may come back: as sent; escaped inside a JSON string (a server quoting the
 * request body), minimally or .NET-style (`\u0022`, `\u002B`…); or percent-encoded
 * (`encodeURIComponent`, RFC 3986 with `!'()*` too, with `+` for a space, or as an HTML form).
 */
function forms(secret: string): string[] {
  const out = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    dotNetJson(secret, true),
    dotNetJson(secret, false),
  ];
  try {
    const encoded = encodeURIComponent(secret);
    const strict = encoded.replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    // application/x-www-form-urlencoded as WHATWG URLSearchParams writes it.
    const form = new URLSearchParams({ v: secret }).toString().slice(2);
    out.push(encoded, strict, encoded.replace(/%20/g, '+'), strict.replace(/%20/g, '+'), form);
  } catch {
    // A lone surrogate has no percent-encoding: it cannot come back that way either.
  }
  return out;
}

/**
 * Replaces every occurrence of each secret value in `text`, in any form of {@link forms}
 * (longest first), with a placeholder.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const sorted = [
    ...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap(forms)),
  ].sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(REDACTED);
  return out;
}

/** `Bearer <token>`, whatever the token looks like. */
const BEARER = /Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
/** A JSON Web Token (every Entra access token is one): header.payload.signature in base64url. */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

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
  copy.name = error.name;
  copy.stack = `${copy.name}: ${copy.message}`;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') {
    Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  }
  if (depth > 1 && error.cause !== undefined)
    copy.cause = scrubbedError(error.cause, clean, depth - 1);
  return copy;
}

/** {@link redact} of the given secrets, then {@link redactTokens}: all text an error carries. */
export function scrub(text: string, secrets: readonly string[]): string {
  return redactTokens(redact(text, secrets));
}
