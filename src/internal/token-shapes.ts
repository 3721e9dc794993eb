import { JWT, REDACTED } from './redact.js';

/*
 * The token-shape scrub of what the SDK and the CLI show of a 2xx body they keep (the health
 * report's jobs, workflow results, the CLI's jobs and provisioning events): wider than the one
 * every error goes through (redact.ts's `redactTokens`), which is on the path of every request
 * and so counted in every user's bundle; this one loads with the modules that use it.
 */

/**
 * `Bearer <token>`, as an app's or a proxy's message can quote it: after blanks, a colon, `=` or
 * `+`, or a space encoded (`%20`, `&#32;`, `\u0020` written out), maybe in quotes; the token runs
 * up to a blank, a quote, `<`, `>`, `,` or `;` (a token typed into an app's settings can hold any
 * other character).
 */
const BEARER = /Bearer(?:[\s:=+]|%20|&#0*32;?|\\u0020)+["']?[^\s"'<>,;]+/gi;

/**
 * `text` without anything shaped like a token: `Bearer` and what follows it (see above), and a
 * JSON Web Token (a compact one, as Entra issues).
 *
 * @example
 * redactTokenShapes('401: Authorization: Bearer s3cr!t$Tok#en'); // '401: Authorization: Bearer [REDACTED]'
 */
export function redactTokenShapes(text: string): string {
  return text.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
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
