/**
 * What the CLI reads and writes, injectable so that every command runs in-process in tests:
 * streams, environment, working directory, an abort signal for Ctrl-C, and the fake for `--fake`.
 */
import type { Readable, Writable } from 'node:stream';
import Table from 'cli-table3';
import pc from 'picocolors';
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

/** Writes human or JSON output, coloured only on a terminal without `NO_COLOR`. */
export class Output {
  readonly json: boolean;
  readonly colors: Colors;
  readonly #io: CliIo;

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

  /** A line on stdout. */
  line(text = ''): void {
    this.#io.stdout.write(`${text}\n`);
  }

  /** A line on stderr: progress and notes, never part of what scripts parse. */
  note(text: string): void {
    if (!this.json) this.#io.stderr.write(`${text}\n`);
  }

  /** The command's result: `value` as JSON with `--json`, else `render()`. */
  result(value: unknown, render: () => void): void {
    if (this.json) this.#io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
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
