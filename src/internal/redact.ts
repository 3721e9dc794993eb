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

/** A bearer token looks like this in any text; scrubbed wherever text leaves the SDK. */
const BEARER = /Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi;

/** Removes anything that looks like a bearer token. */
export function redactBearer(text: string): string {
  return text.replace(BEARER, `Bearer ${REDACTED}`);
}
