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
    throw new UsageError(
      `${option} must be a duration such as 30s, 15m, 2h or 7d (got '${value}')`,
    );
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
      `${option} must be a duration back from now (2h, 7d) or an ISO date such as 2026-11-01T00:00:00Z (got '${value}')`,
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
 * Parses JSON, or YAML for `.yaml`/`.yml` files (loaded only then). A syntax error names the line
 * and column only: parsers quote the text around it, and these files hold secrets.
 */
export async function parseDocument(option: string, path: string, text: string): Promise<unknown> {
  const yaml = /\.ya?ml$/i.test(path);
  try {
    if (yaml) {
      const { parse } = await import('yaml');
      return parse(text) as unknown;
    }
    return JSON.parse(text) as unknown;
  } catch (error) {
    let where = '';
    const linePos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    if (linePos !== undefined)
      where = ` at line ${String(linePos.line)}, column ${String(linePos.col)}`;
    else if (position !== undefined) {
      const before = text.slice(0, Number(position)).split('\n');
      where = ` at line ${String(before.length)}, column ${String((before.at(-1)?.length ?? 0) + 1)}`;
    }
    throw new UsageError(`${option}: ${path} is not valid ${yaml ? 'YAML' : 'JSON'}${where}`);
  }
}

/** Everything on stdin, without the final line break (for `secrets set --stdin KEY`). */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : String(chunk);
  return text.replace(/\r?\n$/, '');
}
