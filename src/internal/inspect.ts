/**
 * Summary-first printing in Node's `util.inspect` (what a REPL, a notebook and `console.log`
 * show), for models that stay plain objects. The hook is a non-enumerable own property under
 * Node's registered symbol: `JSON.stringify`, spreading, `structuredClone`, `Object.keys` and
 * deep equality (`toEqual`, `assert.deepStrictEqual`) never see it, and no Node import is needed,
 * so browsers load this file too. A spread or a JSON round trip gives the plain object back.
 */

/** Node's `util.inspect.custom` symbol. */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The part of `util.inspect`'s options a hook reads. */
export interface InspectOptions {
  readonly depth?: number | null;
  readonly maxArrayLength?: number | null;
}

/** `util.inspect` as Node hands it to a hook (its third argument). */
export type InspectFn = (value: unknown, options: InspectOptions) => string;

/** A `util.inspect.custom` hook; `this` is the object printed. */
export type InspectHook = (
  this: object,
  depth: number | null,
  options: InspectOptions,
  inspect: InspectFn,
) => string;

/** Gives `target` a hook that only `util.inspect` sees (one property; the hook is shared). */
export function defineInspect<T extends object>(target: T, hook: InspectHook): T {
  Object.defineProperty(target, INSPECT, {
    value: hook,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return target;
}

/**
 * A hook that prints `summary(value)` (a few lines) and then the value in full as Node would
 * print it (`plain(value)`, with no hook of its own, at the depth Node had left for it), so the
 * summary hides nothing. Beyond the depth Node prints, it stays the `[Object]` Node shows there.
 */
export function summaryFirst<T extends object>(
  summary: (value: T) => readonly string[],
  plain: (value: T) => object = (value) => ({ ...value }),
): InspectHook {
  return function (this: object, depth, options, inspect) {
    if (depth !== null && depth < 0) return '[Object]';
    const value = this as T;
    const body = inspect(plain(value), { ...options, depth });
    return [...summary(value), body].join('\n');
  };
}

/** `text` in single quotes, as the SDK's messages quote names. */
export function quoted(text: string): string {
  return `'${text}'`;
}

/** A Graph timestamp worth showing: not absent, blank, nor .NET's "never" (`0001-01-01…`). */
export function shownTime(time: string | null | undefined): string | undefined {
  if (time === undefined || time === null || time === '' || time.startsWith('0001-01-01')) {
    return undefined;
  }
  return time;
}
