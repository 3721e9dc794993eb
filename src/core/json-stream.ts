/**
 * Reads a collection page (`{ …, "value": [ … ], … }`) from its body stream one element of
 * `value` at a time: each element's bytes are decoded and parsed alone, as they arrive, so that
 * neither the page's bytes nor its text are ever held whole. A page of 999 provisioning events
 * is about 2 MB of JSON, which `response.text()` holds as chunks, as joined bytes and as text
 * before `JSON.parse` makes the events; in a long export those buffers outlive young-generation
 * collections and wait in the old generation, which is what a process's peak memory is made of.
 *
 * The value is what `JSON.parse` of the whole text gives, and a body `JSON.parse` refuses is
 * refused: the array's elements are each parsed whole, the bytes between them may only be JSON
 * whitespace and single commas, and everything else (the members around `value`, with `[]` in
 * its place) is parsed as one text at the end. A body whose first byte (after whitespace) is not
 * `{`, or with no `"value"` array among its top-level members, is read as text and parsed once,
 * as before. When `value` is given twice, the last one wins, as with `JSON.parse`.
 */
import { jsonSyntaxDetail, readText, type StreamedJson } from './json-detail.js';

export type { StreamedJson } from './json-detail.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** The longest spelling of the member name `value` in JSON: `\u0076\u0061\u006c\u0075\u0065`. */
const LONGEST_VALUE_KEY = 30;

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const opens = (b: number): boolean => b === OPEN_OBJECT || b === OPEN_ARRAY;
const closes = (b: number): boolean => b === CLOSE_OBJECT || b === CLOSE_ARRAY;

/** Where the reader is inside the streamed array (depth 2: the page object, then the array). */
const enum Slot {
  /** Just after `[`: an element or `]`. */
  Start,
  /** After a comma: an element. */
  AfterComma,
  /** After an element: a comma or `]`. */
  AfterElement,
  /** Inside an object or array element. */
  Container,
  /** Inside a string element. */
  Text,
  /** Inside a number or literal element. */
  Scalar,
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0] as Uint8Array;
  let size = 0;
  for (const piece of pieces) size += piece.length;
  const joined = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}

/** The array so far as `JSON.parse` would stand after it, in `chars` characters (see `#state`). */
function region(after: 'start' | 'comma' | 'element', chars: number): string {
  if (after === 'start') return ' '.repeat(chars);
  if (after === 'comma') return `0,${' '.repeat(chars - 2)}`;
  return `0${' '.repeat(chars - 1)}`;
}

/** The character at `chunk[i]` when it is ASCII, else one that is not JSON anywhere outside a string. */
function charAt(chunk: Uint8Array, i: number): string {
  const b = chunk[i];
  if (b === undefined) return '';
  return b < 0x80 ? String.fromCharCode(b) : '\u00e9';
}

/** The incremental reader: `push` each chunk of the body, then `end`. */
export class CollectionReader {
  #depth = 0;
  #top: 'unknown' | 'object' | 'other' = 'unknown';
  #inString = false;
  #escapePending = false;
  /** At depth 1 of the page object: the next string is a member's name. */
  #expectKey = false;
  /** The current string is a member name of the page object, starting at `#keyStart`. */
  #inKey = false;
  #keyStart = 0;
  /** Its bytes from earlier chunks (a name longer than any spelling of `value` is not kept). */
  #keyPieces: Uint8Array[] = [];
  #keyBytes = 0;
  /** The last member name read at depth 1 was `value`. */
  #lastKeyIsValue = false;

  /** The bytes outside the streamed array, copied, in order (`[` and `]` included). */
  readonly #rest: Uint8Array[] = [];
  /** Inside the streamed array. */
  #streaming = false;
  #streamed = false;
  /** No `value` member came after the streamed one (whose elements then make `value`). */
  #streamedWins = false;
  #slot = Slot.Start;
  readonly #items: unknown[] = [];
  /** The current element's bytes from earlier chunks. */
  #pieces: Uint8Array[] = [];
  /** The text before the array's first element (`{…,"value":[`). */
  #prefix = '';
  /** Where the current element began: after `[` or after a comma, and after how many characters. */
  #elementAfterComma = false;
  #elementAt = 0;
  /** Characters between `[` and the reading position: elements, commas, whitespace. */
  #arrayChars = 0;

  /** Set once the body is known to be invalid; the rest is only counted. */
  #failed: string | undefined;
  #failedChars = 0;
  #drain: TextDecoder | undefined;
  readonly #elementDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** Reads one chunk of the body. */
  push(chunk: Uint8Array): void {
    if (this.#failed !== undefined) {
      this.#count(chunk, 0);
      return;
    }
    const n = chunk.length;
    let restFrom = this.#streaming ? -1 : 0;
    this.#keyStart = 0;
    let elementFrom = this.#streaming && this.#inElement() ? 0 : -1;
    let i = 0;
    while (i < n) {
      if (this.#inString) {
        i = this.#skipString(chunk, i);
        if (this.#inString) break;
        if (this.#streaming && this.#slot === Slot.Text && this.#depth === 2) {
          if (!this.#finishElement(chunk, elementFrom, i)) return;
          elementFrom = -1;
        }
        continue;
      }
      const b = chunk[i] as number;
      if (this.#top === 'unknown' && !isSpace(b))
        this.#top = b === OPEN_OBJECT ? 'object' : 'other';
      if (this.#streaming && this.#depth === 2 && this.#slot !== Slot.Text) {
        const step = this.#arrayByte(chunk, i, b, elementFrom);
        if (step === undefined) return;
        if (step.elementFrom !== undefined) elementFrom = step.elementFrom;
        if (step.ended) {
          // `]`: back outside the array, which the rest's text keeps as `[]`.
          restFrom = i;
        }
        i = step.next;
        continue;
      }
      if (b === QUOTE) {
        this.#inString = true;
        this.#inKey = this.#depth === 1 && this.#top === 'object' && this.#expectKey;
        if (this.#inKey) {
          this.#expectKey = false;
          this.#keyStart = i + 1;
          this.#keyPieces = [];
          this.#keyBytes = 0;
        }
      } else if (opens(b)) {
        this.#depth += 1;
        if (this.#depth === 1) {
          this.#expectKey = b === OPEN_OBJECT;
        } else if (this.#startsStream(b)) {
          this.#rest.push(chunk.slice(restFrom, i + 1));
          restFrom = -1;
          this.#beginArray();
        }
      } else if (closes(b)) {
        this.#depth -= 1;
        if (this.#streaming && this.#depth === 2 && this.#slot === Slot.Container) {
          if (!this.#finishElement(chunk, elementFrom, i + 1)) return;
          elementFrom = -1;
        }
      } else if (b === COMMA && this.#depth === 1) {
        this.#expectKey = true;
      }
      i += 1;
    }
    if (this.#inString && this.#inKey) this.#keyPiece(chunk.subarray(this.#keyStart));
    if (restFrom >= 0) this.#rest.push(chunk.slice(restFrom));
    // Copied: the caller may reuse the chunk's buffer for its next one, and a view would keep the
    // whole chunk alive for an element's first few bytes.
    if (elementFrom >= 0) this.#pieces.push(chunk.slice(elementFrom));
  }

  /** The body has ended: what it held. */
  end(): StreamedJson {
    if (this.#failed !== undefined) {
      this.#failedChars += this.#drain?.decode().length ?? 0;
      return { kind: 'invalid', detail: this.#failed, length: this.#failedChars };
    }
    if (this.#streaming) return this.#endedInArray();
    const text = new TextDecoder().decode(concat([...this.#rest, new Uint8Array(0)]));
    if (!this.#streamed) return readText(text);
    const length = text.length + this.#arrayChars;
    let page: Record<string, unknown>;
    try {
      page = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      // A position past the prefix is in the text after the array's `]`, which followed the
      // array's characters in the body.
      const prefix = this.#prefix.length;
      const at = (p: number): number => (p < prefix ? p : p + this.#arrayChars);
      return { kind: 'invalid', detail: jsonSyntaxDetail(error, at), length };
    }
    if (this.#streamedWins) page.value = this.#items;
    return { kind: 'value', value: page, length };
  }

  /**
   * The body ended inside the array. What `JSON.parse` would say first may be about an element
   * the reader still thought open (a stray quote or bracket makes it run to the end): the
   * element's text is parsed after a stand-in for what came before it.
   */
  #endedInArray(): StreamedJson {
    const partial = this.#elementDecoder.decode(concat([...this.#pieces, new Uint8Array(0)]));
    const text = this.#inElement() ? this.#elementState() + partial : this.#state();
    return {
      kind: 'invalid',
      detail: this.#prefixProblem() ?? this.#detailWith(text),
      length: this.#prefix.length + this.#arrayChars + partial.length,
    };
  }

  #inElement(): boolean {
    return this.#slot === Slot.Container || this.#slot === Slot.Text || this.#slot === Slot.Scalar;
  }

  /** The `[` just read (now at depth 2) opens the page's `value` array, streamed. */
  #startsStream(b: number): boolean {
    return (
      b === OPEN_ARRAY &&
      this.#depth === 2 &&
      this.#top === 'object' &&
      this.#lastKeyIsValue &&
      !this.#streamed
    );
  }

  #beginArray(): void {
    this.#streaming = true;
    this.#streamed = true;
    this.#streamedWins = true;
    this.#slot = Slot.Start;
    this.#prefix = new TextDecoder().decode(concat(this.#rest));
  }

  /**
   * From `i` inside a string, past its closing quote (`#inString` false then) or to the chunk's
   * end. An odd run of backslashes before a quote escapes it; one at the chunk's end escapes the
   * next chunk's first byte.
   */
  #skipString(chunk: Uint8Array, from: number): number {
    let i = from;
    for (;;) {
      if (this.#escapePending) {
        // Escaped by the backslash that ended the previous chunk.
        this.#escapePending = false;
        i += 1;
      }
      const q = chunk.indexOf(QUOTE, i);
      const end = q === -1 ? chunk.length : q;
      let k = end - 1;
      while (k >= i && chunk[k] === BACKSLASH) k -= 1;
      const escaped = (end - 1 - k) % 2 === 1;
      if (q === -1) {
        this.#escapePending = escaped;
        return chunk.length;
      }
      if (!escaped) {
        this.#inString = false;
        if (this.#inKey) this.#endKey(chunk, q);
        return q + 1;
      }
      i = q + 1;
    }
  }

  #keyPiece(piece: Uint8Array): void {
    this.#keyBytes += piece.length;
    if (this.#keyBytes <= LONGEST_VALUE_KEY) this.#keyPieces.push(piece.slice());
  }

  /**
   * A member name of the page object ended at `q`: is it `value`, however spelt (`valu\u0065`
   * too)? The last `value` member is the page's, as `JSON.parse` keeps the last of duplicates.
   */
  #endKey(chunk: Uint8Array, q: number): void {
    this.#inKey = false;
    this.#keyPiece(chunk.subarray(this.#keyStart, q));
    let isValue = false;
    if (this.#keyBytes <= LONGEST_VALUE_KEY) {
      // Decoded as it stands in the body: a leading BOM is part of the name, not a mark to drop.
      const raw = this.#elementDecoder.decode(concat([...this.#keyPieces, new Uint8Array(0)]));
      try {
        isValue = JSON.parse(`"${raw}"`) === 'value';
      } catch {
        // Not a valid name: the rest's parse refuses the body.
      }
    }
    this.#keyPieces = [];
    this.#lastKeyIsValue = isValue;
    if (isValue && this.#streamed) this.#streamedWins = false;
  }

  /**
   * One byte at depth 2 of the streamed array, outside any element: whitespace, a comma, `]`,
   * or an element's first byte. `undefined` when the body is invalid there.
   */
  #arrayByte(
    chunk: Uint8Array,
    i: number,
    b: number,
    elementFrom: number,
  ): { next: number; elementFrom?: number; ended?: boolean } | undefined {
    const slot = this.#slot;
    if (slot === Slot.Scalar) {
      if (b === COMMA || b === CLOSE_ARRAY || isSpace(b)) {
        // The delimiter is read again as what follows the element.
        return this.#finishElement(chunk, elementFrom, i)
          ? { next: i, elementFrom: -1 }
          : undefined;
      }
      return { next: i + 1 };
    }
    if (isSpace(b)) {
      this.#arrayChars += 1;
      return { next: i + 1 };
    }
    if (slot === Slot.AfterElement) {
      if (b === COMMA) {
        this.#arrayChars += 1;
        this.#slot = Slot.AfterComma;
        return { next: i + 1 };
      }
      if (b === CLOSE_ARRAY) return this.#endArray(i);
      this.#unexpected(chunk, i);
      return undefined;
    }
    if (b === CLOSE_ARRAY && slot === Slot.Start) return this.#endArray(i);
    if (b === CLOSE_ARRAY || b === COMMA) {
      this.#unexpected(chunk, i);
      return undefined;
    }
    // An element starts.
    this.#pieces = [];
    this.#elementAfterComma = slot === Slot.AfterComma;
    this.#elementAt = this.#arrayChars;
    if (opens(b)) {
      this.#depth += 1;
      this.#slot = Slot.Container;
    } else if (b === QUOTE) {
      this.#inString = true;
      this.#inKey = false;
      this.#slot = Slot.Text;
    } else {
      this.#slot = Slot.Scalar;
    }
    return { next: i + 1, elementFrom: i };
  }

  #endArray(i: number): { next: number; ended: true } {
    this.#depth = 1;
    this.#streaming = false;
    this.#slot = Slot.Start;
    return { next: i + 1, ended: true };
  }

  /** The element ends before `end`: parsed, or the body is invalid. */
  #finishElement(chunk: Uint8Array, from: number, end: number): boolean {
    this.#pieces.push(chunk.subarray(Math.max(from, 0), end));
    const text = this.#elementDecoder.decode(concat(this.#pieces));
    this.#pieces = [];
    const scalar = this.#slot === Slot.Scalar;
    this.#arrayChars += text.length;
    this.#slot = Slot.AfterElement;
    try {
      this.#items.push(JSON.parse(text));
      return true;
    } catch {
      // A number or literal is judged with the byte that ended it, as the whole text would be.
      const next = scalar ? charAt(chunk, end) : '';
      const before = this.#prefix.length + this.#arrayChars;
      this.#fail(this.#detailWith(this.#elementState() + text + next), chunk, end, before);
      return false;
    }
  }

  /** `chunk[i]`, between the array's elements, is neither whitespace, a comma nor `]`. */
  #unexpected(chunk: Uint8Array, i: number): void {
    const before = this.#prefix.length + this.#arrayChars;
    this.#fail(this.#detailWith(this.#state() + charAt(chunk, i)), chunk, i, before);
  }

  /**
   * A text as long as the body up to the reading position that leaves `JSON.parse` in the same
   * state: the text before the array, then the array so far with each element as `0` (and
   * spaces). Parsing it followed by what comes next fails where, and as, the whole body would.
   */
  #state(): string {
    return (
      this.#prefix +
      region(
        this.#slot === Slot.AfterElement
          ? 'element'
          : this.#slot === Slot.AfterComma
            ? 'comma'
            : 'start',
        this.#arrayChars,
      )
    );
  }

  /** {@link #state} as it was where the current element began. */
  #elementState(): string {
    return this.#prefix + region(this.#elementAfterComma ? 'comma' : 'start', this.#elementAt);
  }

  /** What `JSON.parse` says of `text` (which the caller knows to be invalid). */
  #detailWith(text: string): string {
    try {
      JSON.parse(text);
      return 'unexpected text';
    } catch (error) {
      return jsonSyntaxDetail(error);
    }
  }

  /**
   * The body is invalid at `chunk[from]` (or in the element before it), after `before`
   * characters: what `JSON.parse` would say first, which is about the text before the array when
   * that text is itself broken. The rest of the body is only counted.
   */
  #fail(detail: string, chunk: Uint8Array, from: number, before: number): void {
    this.#failed = this.#prefixProblem() ?? detail;
    this.#failedChars = before;
    this.#streaming = false;
    this.#count(chunk, from);
  }

  /** What is wrong with the text before the array (`{…,"value":[`), if anything. */
  #prefixProblem(): string | undefined {
    try {
      JSON.parse(`${this.#prefix}]}`);
      return undefined;
    } catch (error) {
      return jsonSyntaxDetail(error);
    }
  }

  #count(chunk: Uint8Array, from: number): void {
    this.#drain ??= new TextDecoder('utf-8', { ignoreBOM: true });
    this.#failedChars += this.#drain.decode(chunk.subarray(from), { stream: true }).length;
  }
}

/**
 * Reads a body stream with a {@link CollectionReader}. A failure of the stream (a dropped
 * connection, an abort) is thrown as it is.
 */
export async function readCollection(body: ReadableStream<Uint8Array>): Promise<StreamedJson> {
  const reader = new CollectionReader();
  const stream = body.getReader();
  try {
    for (;;) {
      const { done, value } = await stream.read();
      if (done) return reader.end();
      reader.push(value);
    }
  } finally {
    stream.releaseLock();
  }
}
