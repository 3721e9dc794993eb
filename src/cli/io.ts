/**
 * What the CLI reads and writes, injectable so that every command runs in-process in tests:
 * streams, environment, working directory, an abort signal for Ctrl-C, and the fake for `--fake`.
 */
import type { Readable, Writable } from 'node:stream';
import Table from 'cli-table3';
import pc from 'picocolors';
import { scrubDeep } from '../internal/token-shapes.js';
import type { FakeGraph } from '../testing/index.js';

/** A stream the CLI writes to; `isTTY` and `columns` as on `process.stdout`. */
export type OutStream = Writable & { readonly isTTY?: boolean; readonly columns?: number };

/** The CLI's surroundings. */
export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: Readable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (manifests, secret files) resolve against it. */
  readonly cwd: string;
  /** Fires on Ctrl-C: long commands (`jobs wait`, `logs --follow`, `fake serve`) stop cleanly. */
  readonly signal?: AbortSignal;
  /** The fake `--fake` runs against (default: a new one per command). */
  readonly fake?: FakeGraph;
}

/** picocolors' functions (`bold`, `red`…), no-ops when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * What a terminal acts on that JSON.stringify (and YAML's double quotes) leave raw: DEL, the C1
 * controls, the bidirectional marks, overrides and isolates (which reorder what is shown: U+061C,
 * U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), and the line and paragraph separators
 * (U+2028, U+2029: a line break to some terminals, to YAML 1.1 and to a log viewer).
 */
const RAW_IN_JSON = '\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/**
 * What a terminal acts on in text the CLI prints: the above, and every C0 control character but
 * tab and newline (escape sequences that move the cursor, clear the screen, set the clipboard:
 * OSC 52).
 */
const CONTROLS = `\\x00-\\x08\\x0b-\\x1f${RAW_IN_JSON}`;

/**
 * {@link CONTROLS}, and in group 1 the colour sequences this CLI writes itself (picocolors' bold,
 * dim, red, green, yellow and their resets), which a Graph string can imitate but then only
 * colours text.
 */
const TERMINAL = new RegExp(`(\\x1b\\[(?:1|2|22|31|32|33|39)m)|[${CONTROLS}]`, 'g');

/** Characters of {@link RAW_IN_JSON}, to escape in JSON or YAML text (the same document). */
export const JSON_RAW = new RegExp(`[${RAW_IN_JSON}]`, 'g');

/** Whether a string holds anything {@link terminalSafe} escapes (its colours aside). */
export const HAS_CONTROL = new RegExp(`[${CONTROLS}]`);

/** `char` as a JSON (and YAML) escape: `\u001b` for ESC. */
export const escaped = (char: string): string =>
  `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;

/**
 * `text` with what a terminal would act on written as a `\u` escape (`\u001b`): Graph's strings
 * (a job's error message, a display name) are printed, and a hostile one must not rewrite the
 * screen. The colour sequences the CLI writes are kept when colours are on.
 */
export function terminalSafe(text: string, colors: boolean): string {
  return text.replace(TERMINAL, (match: string, color: string | undefined) =>
    color === undefined ? escaped(match) : colors ? match : `${escaped('\x1b')}${match.slice(1)}`,
  );
}

/** JSON text with {@link JSON_RAW} escaped: the same JSON, safe for a terminal. */
function jsonSafe(text: string): string {
  return text.replace(JSON_RAW, escaped);
}

/**
 * Writes human or JSON output, coloured only on a terminal without `NO_COLOR`. Everything it
 * writes is scrubbed of the tokens the command's client sent once {@link Output.scrubTokens} is
 * given them (Graph can echo one in what it returns: a job's error message), and made safe for a
 * terminal ({@link terminalSafe}). Values are scrubbed before JSON is written, so the JSON stays
 * valid and says what Graph said but for the tokens.
 */
export class Output {
  readonly json: boolean;
  readonly colors: Colors;
  readonly #io: CliIo;
  #scrub: (text: string) => string = (text) => text;

  constructor(io: CliIo, options: { json: boolean; color: boolean }) {
    this.#io = io;
    this.json = options.json;
    const enabled =
      options.color &&
      !options.json &&
      io.stdout.isTTY === true &&
      (io.env.NO_COLOR ?? '') === '' &&
      io.env.TERM !== 'dumb';
    this.colors = pc.createColors(enabled);
  }

  /** Where progress goes (a progress bar draws on it). */
  get stderr(): OutStream {
    return this.#io.stderr;
  }

  /** From now on, also scrubs what `scrub` removes (the client's tokens: `scrubTokens()`). */
  scrubTokens(scrub: (text: string) => string): void {
    this.#scrub = scrub;
  }

  /** `text` scrubbed of the client's tokens, as everything this writes is (for a file). */
  scrubbed(text: string): string {
    return this.#scrub(text);
  }

  /** `value` scrubbed of the client's tokens (every string in it, keys included). */
  scrubbedValue<T>(value: T): T {
    return scrubDeep(value, this.#scrub);
  }

  /**
   * `value` as JSON text, as this writes it: its strings scrubbed before it is written, and the
   * characters a terminal acts on escaped (for a file too: it is the same JSON).
   */
  jsonText(value: unknown, indent = 2): string {
    return jsonSafe(
      JSON.stringify(value, (_key, item: unknown) => this.#scrubbedItem(item), indent),
    );
  }

  /** A string scrubbed; a plain object with its keys scrubbed (its values come next, one by one). */
  #scrubbedItem(item: unknown): unknown {
    if (typeof item === 'string') return this.#scrub(item);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const proto: unknown = Object.getPrototypeOf(item);
    if (proto !== Object.prototype && proto !== null) return item;
    const entries = Object.entries(item);
    if (entries.every(([key]) => this.#scrub(key) === key)) return item;
    return Object.fromEntries(entries.map(([key, value]) => [this.#scrub(key), value]));
  }

  #text(text: string): string {
    return terminalSafe(this.#scrub(text), this.colors.isColorSupported);
  }

  /** A line on stdout. */
  line(text = ''): void {
    this.#io.stdout.write(`${this.#text(text)}\n`);
  }

  /** A line on stderr: progress and notes, never part of what scripts parse. */
  note(text: string): void {
    if (!this.json) this.#io.stderr.write(`${this.#text(text)}\n`);
  }

  /** A line on stderr, with or without `--json`: an error. */
  error(text: string): void {
    this.#io.stderr.write(`${this.#text(text)}\n`);
  }

  /** `value` as one JSON document on stdout (`stream: 'stderr'`: an error document). */
  jsonLine(value: unknown, indent = 2, stream: 'stdout' | 'stderr' = 'stdout'): void {
    this.#io[stream].write(`${this.jsonText(value, indent)}\n`);
  }

  /** Text the command made safe itself (a manifest from {@link Output.jsonText} or `yamlText`). */
  raw(text: string): void {
    this.#io.stdout.write(text);
  }

  /** The command's result: `value` as JSON with `--json`, else `render()`. */
  result(value: unknown, render: () => void): void {
    if (this.json) this.jsonLine(value);
    else render();
  }

  /** A borderless table (copy-paste friendly), header in bold on a terminal. */
  table(head: string[], rows: (string | number | undefined | null)[][]): void {
    const table = new Table({
      head: head.map((h) => this.colors.bold(h)),
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
      chars: {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '',
      },
    });
    for (const row of rows) table.push(row.map((cell) => (cell == null ? '' : String(cell))));
    this.line(
      table
        .toString()
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n'),
    );
  }
}
