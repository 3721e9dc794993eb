import { JWT, REDACTED } from './redact.js';

/*
 * The token-shape scrub of what the SDK and the CLI show of a 2xx body they keep (the health
 * report's jobs, workflow results, the CLI's jobs and provisioning events): wider than the one
 * every error goes through (redact.ts's `redactTokens`), which is on the path of every request
 * and so counted in every user's bundle; this one loads with the modules that use it.
 */

/**
 * What can stand between `Bearer` and its token, as an app, a proxy or an encoder writes it:
 * blanks, `:`, `=`, `+`; a space, a colon or a tab percent-encoded (once or twice), as an HTML
 * reference, or as a JSON escape written out.
 */
const SEPARATOR = String.raw`(?:[\s:=+]|%(?:25)?(?:20|3a|09)|&(?:#0*(?:32|9|160);?|#x0*(?:20|9|a0);?|nbsp;?)|\\(?:u0020|u00a0|t))`;
/** A quote before the token: plain, backslash-escaped, as an HTML reference; up to two. */
const QUOTE = String.raw`(?:\\?["']|&quot;|&apos;|&#0*3[49];?|&#x0*2[27];?)`;
/**
 * The token: a run up to a blank, a quote (an escaped one, or its HTML reference), `<`, `>`, `,`
 * or `;` (a token typed into an app's settings can hold any other character). Each character
 * is matched by one branch only, so the pattern takes time in line with the text.
 */
const TOKEN = String.raw`(?:[^\s"'<>,;\\&]|\\(?!["'])|&(?!quot;|apos;|#))+`;
/** `Bearer <token>`, `Bearer` written twice too (pasted into a field that adds its own). */
const BEARER = new RegExp(
  String.raw`(?<![\w-])(Bearer)${SEPARATOR}+(?:Bearer${SEPARATOR}+)?${QUOTE}{0,2}${TOKEN}`,
  'gi',
);

/**
 * `text` without anything shaped like a token: `Bearer` (any case, not after a letter, a digit,
 * `_` or `-`) and what follows
 * it (see above), and a JSON Web Token (a compact one, as Entra issues).
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
