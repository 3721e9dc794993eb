import * as z from 'zod/mini';

/*
 * Schemas built on first use, so that importing the package does not build them all.
 *
 * The package exports about 150 zod schemas, and the SDK checks its inputs with a few more.
 * Building them all at import took about a quarter of the import's time, while a script uses a
 * handful. `lazySchema(build)` returns, at once, the object that will be the schema: a shell with
 * no state of its own. The first time anything reads one of a zod schema's members from it
 * (`_zod`, `def`, `type`, or any method: `parse`, `safeParse`, `shape`, …), `build()` runs, and
 * the shell takes the built schema's own members and prototype, so that from then on it *is* a
 * zod schema like any other: same class, same `instanceof`, same internals; nothing forwards, no
 * Proxy, no cost per use. Which members to wait on is read from zod itself (an empty object
 * schema's own members and its prototypes'), so it follows the zod version the package is built
 * with. Its identity never changes, so it can be registered, composed in a
 * user's own `z.object`, and used as a WeakMap key before or after it is built.
 *
 * What a shell cannot fake before its first use: `Object.getPrototypeOf()` and
 * `Object.getOwnPropertyNames()` show the shell's, and `util.inspect` shows getters. Nothing in
 * zod reads a schema that way without first reading `_zod`.
 */

const pending = new WeakMap<object, () => object>();
let ownGetters: PropertyDescriptorMap | undefined;
let shellPrototype: object;

/** Turns `shell` into the schema its builder makes. */
function become(shell: object): void {
  const build = pending.get(shell);
  // A builder that reads its own schema (a cycle) would otherwise recurse without end.
  if (build === undefined) throw new TypeError('A schema was read while it was being built.');
  pending.delete(shell);
  const built = build();
  Object.defineProperties(shell, Object.getOwnPropertyDescriptors(built));
  Object.setPrototypeOf(shell, Object.getPrototypeOf(built) as object | null);
}

/** A getter for each key, which builds the shell it is read from, then reads the real member. */
function getters(keys: readonly PropertyKey[]): PropertyDescriptorMap {
  const map: PropertyDescriptorMap = {};
  for (const key of keys) {
    map[key] = {
      configurable: true,
      get(this: object): unknown {
        become(this);
        return Reflect.get(this, key);
      },
    };
  }
  return map;
}

/** Reads the members to wait on from an empty object schema: its own, then its prototypes'. */
function prepare(): PropertyDescriptorMap {
  const sample = z.looseObject({});
  const inherited: PropertyKey[] = [];
  for (let p = Object.getPrototypeOf(sample) as object; p !== Object.prototype;) {
    inherited.push(...Reflect.ownKeys(p));
    p = Object.getPrototypeOf(p) as object;
  }
  shellPrototype = Object.create(Object.prototype, getters(inherited)) as object;
  return (ownGetters = getters(Reflect.ownKeys(sample)));
}

/**
 * A schema that is built the first time it is used; typed as what `build` returns.
 * @internal
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<S extends object>(build: () => S): S {
  const own = ownGetters ?? prepare();
  const shell = Object.create(shellPrototype, own) as S;
  pending.set(shell, build);
  return shell;
}
