/** Parsing of option values the CLI takes: durations, times, KEY=VALUE pairs, files. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { MAX_TIMER_MS } from '../core/options.js';
import { SynchronizationSecretValues } from '../models/synchronization.js';
import { closestSecretName } from '../resources/synchronization/secret-name.js';

const SECRET_NAMES: ReadonlySet<string> = new Set(SynchronizationSecretValues);

/** Whether `key` is a `synchronizationSecret` member this version knows. */
export function isSecretName(key: string): boolean {
  return SECRET_NAMES.has(key);
}

/** A mistake on the command line: exit code 2, nothing changed. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * `90s`, `30m`, `2h`, `1d`, `500ms` → milliseconds. `wait`: the duration is slept, so it must fit
 * a timer (at most about 24.8 days; a longer one would fire at once, every time).
 */
export function parseDuration(option: string, value: string, { wait = false } = {}): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(value.trim());
  const amount = match === null ? Number.NaN : Number(match[1]) * (UNITS[match[2] ?? ''] ?? 0);
  if (!Number.isFinite(amount) || amount <= 0) {
    throw new UsageError(`${option} must be a duration such as 30s, 15m, 2h or 7d`);
  }
  if (wait && amount > MAX_TIMER_MS) throw new UsageError(`${option} must be at most 24d`);
  return Math.round(amount);
}

/** A duration back from now (`2h`) or an ISO 8601 date/time → a Date. */
export function parseTime(option: string, value: string, now = Date.now()): Date {
  if (/^\d+(?:\.\d+)?(ms|s|m|h|d|w)$/.test(value.trim())) {
    return new Date(now - parseDuration(option, value));
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `${option} must be a duration back from now (2h, 7d) or an ISO date such as 2026-11-01T00:00:00Z`,
    );
  }
  return new Date(ms);
}

/** A whole number from `min` to `max`. */
export function parseCount(option: string, value: string, min = 1, max = 100_000): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(`${option} must be a whole number from ${String(min)} to ${String(max)}`);
  }
  return n;
}

/** `KEY=VALUE` → [key, value]; the value may contain `=`. Never echoes the value. */
export function parseKeyValue(option: string, pair: string): [string, string] {
  const at = pair.indexOf('=');
  const key = at < 0 ? pair : pair.slice(0, at);
  if (at < 0) {
    // Without "=", the argument is most likely the value itself: never quote it.
    throw new UsageError(`${option} takes KEY=VALUE pairs: one argument has no "="`);
  }
  if (at === 0 || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(key)) {
    // Not quoted either: a base64 secret given without its key ("c2VjcmV0=") looks like this.
    throw new UsageError(
      `${option} takes KEY=VALUE pairs: one key is not a name (a letter, then letters, digits, _ . or -)`,
    );
  }
  const value = pair.slice(at + 1);
  if (/^=+$/.test(value)) {
    // "c2VjcmV0==": a base64 value given without its key, split at its padding.
    throw new UsageError(
      `${option} takes KEY=VALUE pairs: one argument looks like a base64 value without its key (it ends in "=" padding)`,
    );
  }
  return [key, value];
}

/**
 * Refuses credential keys that are not `synchronizationSecret` members (unless `allowUnknown`),
 * without quoting them: a value typed where its key belongs would be printed otherwise. Names
 * the closest known keys instead, for a misspelling.
 */
export function checkSecretKeys(
  where: string,
  keys: readonly string[],
  allowUnknown: boolean,
): void {
  const unknown = keys.filter((key) => !isSecretName(key));
  if (unknown.length === 0 || allowUnknown) return;
  const closest = [
    ...new Set(unknown.map(closestSecretName).filter((n): n is string => n !== undefined)),
  ];
  throw new UsageError(
    `${where}: ${String(unknown.length)} key${unknown.length === 1 ? ' is' : 's are'} not synchronizationSecret names (not shown, in case a value was typed in place of a key)${
      closest.length > 0 ? `; did you mean ${closest.join(' or ')}?` : ''
    }. Pass --allow-unknown-keys to send a key this version does not know.`,
  );
}

/** A credential key as the CLI may print it: by name when known, else not at all. */
export function shownKey(key: string): string {
  return isSecretName(key) ? key : '(an unknown key)';
}

/**
 * An environment variable's name as an error may print it: `SN_CLIENT_SECRET`, but not something
 * that could be the secret itself, pasted where its name belongs. A name is shown when it is in
 * capitals, digits and underscores, starts with a capital or an underscore, has at most 64
 * characters, at most a quarter of them digits, no underscore-free run over 16, and an
 * underscore unless it has at most 12 characters (`TOKEN`, not `JBSWY3DPEHPK3PXP`).
 */
export function shownEnvName(name: string): string | undefined {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.length > 64) return undefined;
  if (!name.includes('_') && name.length > 12) return undefined;
  const digits = name.replace(/\D/g, '').length;
  if (digits * 4 > name.length) return undefined;
  if (name.split('_').some((run) => run.length > 16)) return undefined;
  return name;
}

/** "environment variable X is not set", or, for a name not shown, why it is not. */
export function unsetEnvMessage(name: string): string {
  const shown = shownEnvName(name);
  return shown === undefined
    ? 'needs an environment variable that is not set (its name is not shown: it does not look like one, and may be a value typed where the name belongs)'
    : `needs environment variable ${shown}, which is not set`;
}

/** Commander's collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Resolves `path` against `base` (the working directory, or a manifest's folder). */
export function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/**
 * Reads a file the user named; a missing file is a usage error, not a crash. `showPath: false`
 * for a file that holds a secret: a secret typed where its path belongs must not be echoed.
 */
export async function readUserFile(
  option: string,
  path: string,
  { showPath = true }: { showPath?: boolean } = {},
): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`${option}: cannot read ${showPath ? path : 'the file'} (${code})`);
  }
}

/**
 * Parses JSON, or YAML for `.yaml`/`.yml` files (loaded only then). A syntax error, or a YAML
 * warning (an unknown `!tag`: the file is read as plain YAML), names the line and column, the
 * reason in fixed words and the line with every value masked: parsers quote the text around an
 * error, and these files hold secrets. yaml's own warning output is silenced for the same reason.
 */
export async function parseDocument(
  option: string,
  path: string,
  text: string,
  shownWord: (word: string) => boolean = () => false,
): Promise<unknown> {
  const yaml = /\.ya?ml$/i.test(path);
  let problem: unknown;
  try {
    if (!yaml) return JSON.parse(text) as unknown;
    const { parseDocument: parseYaml } = await import('yaml');
    const document = parseYaml(text, { logLevel: 'silent' });
    problem = document.errors[0] ?? document.warnings[0];
    if (problem === undefined) return document.toJS() as unknown;
  } catch (error) {
    problem = error;
  }
  const message = problem instanceof Error ? problem.message : '';
  const at = errorPosition(problem, message, text);
  const where = at === undefined ? '' : ` at line ${String(at.line)}, column ${String(at.col)}`;
  const reason = yaml ? yamlReason(problem) : parseReason(message);
  const excerpt = at === undefined ? '' : `\n${maskedExcerpt(text, at, shownWord, !yaml)}`;
  throw new UsageError(
    `${option}: ${path} is not valid ${yaml ? 'YAML' : 'JSON'}${where}${reason === '' ? '' : `: ${reason}`}${excerpt}`,
  );
}

/**
 * yaml's reasons in fixed words, by its error code: its messages quote the document (an escape
 * sequence, a tag, the characters after a block scalar header), which may be a secret.
 */
const YAML_REASONS: Readonly<Record<string, string>> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias names no anchor',
  BAD_COLLECTION_TYPE: 'a tag meant for another kind of collection',
  BAD_DIRECTIVE: 'an unknown % directive',
  BAD_DQ_ESCAPE: 'an invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'an anchor or a tag in the wrong place',
  BAD_SCALAR_START: 'a plain value cannot start with this character (quote the value)',
  BLOCK_AS_IMPLICIT_KEY: 'a mapping or sequence used as a key (a missing line break?)',
  BLOCK_IN_FLOW: 'a block inside [ ] or { }',
  DUPLICATE_KEY: 'a key given twice',
  KEY_OVER_1024_CHARS: 'a key over 1,024 characters',
  MISSING_CHAR: 'a closing quote, bracket, brace, comma or colon is missing',
  MULTILINE_IMPLICIT_KEY: 'a key over several lines',
  MULTIPLE_ANCHORS: 'two anchors on one value',
  MULTIPLE_DOCS: 'more than one YAML document',
  MULTIPLE_TAGS: 'two tags on one value',
  TAB_AS_INDENT: 'a tab used as indentation',
  TAG_RESOLVE_FAILED: 'an unknown tag (a manifest is plain YAML: no !Ref or !secret)',
  UNEXPECTED_TOKEN: 'an unexpected character',
};

function yamlReason(problem: unknown): string {
  const code = (problem as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return '';
  return YAML_REASONS[code] ?? code.toLowerCase().replace(/_/g, ' ');
}

/** Where a YAML (linePos) or JSON (`position N`) parser says the error is, 1-based. */
function errorPosition(
  error: unknown,
  message: string,
  text: string,
): { line: number; col: number } | undefined {
  const linePos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  if (linePos !== undefined) return linePos;
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return undefined;
  const before = text.slice(0, Number(position)).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * JSON.parse's reason in its own words: V8's messages name what it expected at a position, except
 * "Unexpected token", which quotes the document around it (it may hold a secret) and is worded
 * here without it. Anything after a colon is dropped too.
 */
export function parseReason(message: string): string {
  const first = message.split('\n')[0] ?? '';
  if (/^Unexpected token/.test(first)) return 'unexpected character';
  return first
    .replace(/ (?:in JSON )?at (?:line \d+, column \d+|position \d+)[\s\S]*$/, '')
    .replace(/: [\s\S]*$/, '')
    .replace(/^./, (c) => c.toLowerCase());
}

/**
 * The reported line (and the one before it, for context) with a caret under the column, every
 * key masked as `…` unless `shownWord` allows it whole (field names, secret names), and every
 * value but `true`, `false` and `null`: values, which may be secrets, never appear, even in part.
 */
export function maskedExcerpt(
  text: string,
  at: { line: number; col: number },
  shownWord: (word: string) => boolean,
  json = false,
): string {
  const lines = text.split(/\r?\n/);
  const rows: string[] = [];
  const width = String(at.line).length;
  for (const n of [at.line - 1, at.line]) {
    const line = lines[n - 1];
    if (line === undefined || (n < at.line && line.trim() === '')) continue;
    const { masked, column } = maskLine(line, n === at.line ? at.col - 1 : -1, shownWord, json);
    rows.push(`  ${String(n).padStart(width)} | ${masked}`);
    if (n === at.line) rows.push(`  ${' '.repeat(width)} | ${' '.repeat(column)}^`);
  }
  return rows.join('\n');
}

const LITERALS = new Set(['true', 'false', 'null', '~']);

/**
 * Where the token starting at `i` ends: a quoted string (to its closing quote) or a plain run,
 * which outside `[ ]` and `{ }` (`inFlow` false) runs to the end of the line or a comment, commas
 * and brackets included, so that a masked value shows nothing of its shape.
 */
function tokenEnd(line: string, i: number, inFlow: boolean): number {
  const quote = line.charAt(i);
  if (quote === '"' || quote === "'") {
    let j = i + 1;
    while (j < line.length && line.charAt(j) !== quote)
      j += quote === '"' && line.charAt(j) === '\\' ? 2 : 1;
    return Math.min(j + 1, line.length);
  }
  let j = i;
  // A plain key or value runs to a flow character or to ": " (a colon in a URL is not one).
  while (j < line.length && !(inFlow && /[,[\]{}]/.test(line.charAt(j)))) {
    if (line.charAt(j) === ':' && (j + 1 === line.length || line.charAt(j + 1) === ' ')) break;
    if (line.charAt(j) === '#' && line.charAt(j - 1) === ' ') break;
    j += 1;
  }
  while (j > i + 1 && line.charAt(j - 1) === ' ') j -= 1;
  return j;
}

/** One token as it may be shown: whole when allowed, else `…` (inside its quotes, if any). */
function maskToken(token: string, shownWord: (word: string) => boolean): string {
  const quote = token.charAt(0);
  const quoted = quote === '"' || quote === "'";
  const closed = quoted && token.length > 1 && token.endsWith(quote);
  const content = quoted ? token.slice(1, closed ? -1 : undefined) : token;
  if (shownWord(content)) return token;
  return quoted ? `${quote}…${closed ? quote : ''}` : '…';
}

/** One line masked; `column` is where `index` of the original landed (0-based). */
function maskLine(
  line: string,
  index: number,
  shownWord: (word: string) => boolean,
  json: boolean,
): { masked: string; column: number } {
  let masked = '';
  let column = -1;
  let i = 0;
  // Brackets open here: YAML's flow collections, or all of JSON (every line is inside one).
  let depth = json ? 1 : 0;
  while (i < line.length) {
    const char = line.charAt(i);
    if (/[\s,:[\]{}]/.test(char) || (char === '-' && /^-( |$)/.test(line.slice(i, i + 2)))) {
      if (i === index) column = masked.length;
      if (char === '[' || char === '{') depth += 1;
      if ((char === ']' || char === '}') && depth > 0) depth -= 1;
      masked += char;
      i += 1;
      continue;
    }
    if (char === '#' && (i === 0 || line.charAt(i - 1) === ' ')) {
      if (index >= i) column = masked.length;
      masked += '# …';
      break;
    }
    const j = tokenEnd(line, i, depth > 0);
    if (index >= i && index < j) column = masked.length;
    // A key (followed by ":") may be shown; a value only when it is true, false or null.
    const isKey = /^ *:( |$)/.test(line.slice(j));
    masked += maskToken(line.slice(i, j), isKey ? shownWord : (w) => LITERALS.has(w));
    i = j;
  }
  return { masked, column: column === -1 ? masked.length : column };
}

/** Everything on stdin, without the final line break (for `secrets set --stdin KEY`). */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : String(chunk);
  return text.replace(/\r?\n$/, '');
}
