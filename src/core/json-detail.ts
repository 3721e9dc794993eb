/**
 * What an error about a body that is not JSON may say of it: where and what, never the text.
 * V8's message quotes ten characters either side of the problem, which may be part of an echoed
 * secret or token (too short to recognise and scrub).
 */

/**
 * `it ends early`, `unexpected text at position N`, or `unexpected text` when the parser gave no
 * position. `at` maps a position in the parsed text to one in the body, when the text was a
 * part of it.
 */
export function jsonSyntaxDetail(
  error: unknown,
  at: (position: number) => number = (p) => p,
): string {
  // Only V8's own words: from the first quote on, its message quotes the text, which may hold
  // anything ("at position 1234" included) when the text is short.
  const reason = (error instanceof Error ? error.message : '').split('"')[0] ?? '';
  if (/Unexpected end/.test(reason)) return 'it ends early';
  const position = /at position (\d+)/.exec(reason)?.[1];
  return position === undefined
    ? 'unexpected text'
    : `unexpected text at position ${String(at(Number(position)))}`;
}

/** What reading a body gave. */
export type StreamedJson =
  | {
      readonly kind: 'value';
      readonly value: unknown;
      /** The text's length in UTF-16 code units, as `text.length` would say. */
      readonly length: number;
    }
  /** Nothing but whitespace (as `text.trim()` counts it). */
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'invalid';
      /** `it ends early`, `unexpected text at position N` or `unexpected text`. */
      readonly detail: string;
      readonly length: number;
    };

/** A body's text parsed whole. */
export function readText(text: string): StreamedJson {
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'value', value: JSON.parse(text) as unknown, length: text.length };
  } catch (error) {
    return { kind: 'invalid', detail: jsonSyntaxDetail(error), length: text.length };
  }
}
