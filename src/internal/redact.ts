/** The placeholder that replaces a secret value in text. */
export const REDACTED = '[REDACTED]';

// Shorter values are not meaningful secrets, and scrubbing them would mangle ordinary words.
const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret value in `text` (longest first) with a placeholder. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const sorted = [...secrets]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
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
