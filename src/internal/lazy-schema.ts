import * as z from 'zod/mini';

/*
 * Schemas built on first use, so that importing the package does not build them all.
 *
 * The package exports about 150 zod schemas, and the SDK checks its inputs with a few more.
 * Building them all at import took about a quarter of the import's time, while a script uses a
 * handful. `lazySchema(build)` returns, at once, the object that will be the schema: a shell with
 * no state of its own. The first time anything reads one of a zod schema's members from it
 * (`_zod`, `def`, `type`, or any method: `parse`, `safeParse`, `shape`, …), `build()` runs, and
 * zod's own constructor initialises the shell with the built schema's definition, on the built
 * schema's prototype: from then on it *is* a zod schema like any other, built by zod (same class,
 * `instanceof`, internals whose closures hold the shell, so an issue's `inst` is the exported
 * object); nothing forwards, no Proxy, no cost per use. Its identity never changes, so it can be
 * registered, composed in a user's own `z.object`, and used as a WeakMap key before or after.
 * Which members to wait on is read from zod itself (an empty object schema's own members and its
 * prototypes'), so it follows the zod version the package is built with (the one in dist/).
 *
 * Reached through another object (a Proxy, `Object.create(schema)`, a spy), the shell is built as
 * well. A builder that throws leaves the shell as it was, to be built on the next read. A shell
 * frozen or sealed before its first use cannot be initialised: it then forwards each member to
 * the schema built for it (an issue's `inst` is that schema). Before its first use a shell shows
 * its members as getters to `util.inspect` and `Object.getOwnPropertyDescriptor`, answers `in`
 * for every member any schema kind has (`shape` included), and has a prototype of its own.
 */

interface Internals {
  readonly def: unknown;
  readonly constr: { init(inst: object, def: unknown): void };
  deferred?: (() => void)[] | undefined;
}
interface ZodConfig {
  readonly postProcessor?: (inst: object) => void;
}

const pending = new WeakMap<object, () => object>();
/** Shells whose builder runs now. */
const building = new WeakSet<object>();
/** Shells that could not be initialised (frozen or sealed): the schema built for each. */
const forwarded = new WeakMap<object, object>();
let members: { own: readonly PropertyKey[]; enumerable: ReadonlySet<PropertyKey> } | undefined;
let shellPrototype: object;

/** Builds `shell`'s schema and makes the shell that schema (or, frozen, forwards to it). */
function become(shell: object): void {
  const build = pending.get(shell);
  if (build === undefined) return;
  pending.delete(shell);
  building.add(shell);
  let built: object;
  try {
    built = build();
  } catch (error) {
    pending.set(shell, build);
    throw error;
  } finally {
    building.delete(shell);
  }
  if (!Object.isExtensible(shell)) {
    forwarded.set(shell, built);
    return;
  }
  // Only the getters put there: a member the user added before the first use stays.
  for (const key of members?.own ?? []) Reflect.deleteProperty(shell, key);
  Object.setPrototypeOf(shell, Object.getPrototypeOf(built) as object | null);
  // What zod's constructor does with `new`, done on the shell: initialise, run the deferred
  // initialisers, hand it to the global post-processor.
  const internals = (built as { _zod: Internals })._zod;
  internals.constr.init(shell, internals.def);
  const own = (shell as { _zod: Internals })._zod;
  const deferred = own.deferred;
  if (deferred !== undefined) {
    for (const fn of deferred) fn();
    own.deferred = undefined;
  }
  (globalThis as { __zod_globalConfig?: ZodConfig }).__zod_globalConfig?.postProcessor?.(shell);
}

/** The schema `shell` stands for, built now if need be (the shell itself, unless frozen). */
function resolved(shell: object): object {
  // A builder that reads its own schema (a cycle) would otherwise recurse without end.
  if (building.has(shell)) throw new TypeError('A schema was read while it was being built.');
  if (pending.has(shell)) become(shell);
  return forwarded.get(shell) ?? shell;
}

/** A getter (and setter) for `key` on one shell, which builds that shell whatever `this` is. */
function ownMember(shell: object, key: PropertyKey, enumerable: boolean): PropertyDescriptor {
  return {
    configurable: true,
    enumerable,
    get(): unknown {
      return Reflect.get(resolved(shell), key);
    },
    set(value: unknown): void {
      Reflect.set(resolved(shell), key, value);
    },
  };
}

/** The shell `receiver` is, or inherits from; `undefined` for anything else. */
function shellIn(receiver: unknown): object | undefined {
  let at: unknown = receiver;
  while (typeof at === 'object' && at !== null) {
    if (pending.has(at) || building.has(at) || forwarded.has(at)) return at;
    at = Object.getPrototypeOf(at);
  }
  return undefined;
}

/** Receivers whose prototype member is being read: a member read again through them is absent. */
const reading = new Set<unknown>();

/**
 * The method `key` as zod's prototype holds it, unbound: what zod's member getters answer when
 * read without a receiver (as vitest's `spyOn` reads them).
 */
function rawMethod(schema: object, key: PropertyKey): unknown {
  for (let p = Object.getPrototypeOf(schema) as object | null; p !== null;) {
    const descriptor = Object.getOwnPropertyDescriptor(p, key);
    if (descriptor !== undefined)
      return descriptor.get ? descriptor.get.call(undefined) : descriptor.value;
    p = Object.getPrototypeOf(p) as object | null;
  }
  return undefined;
}

/**
 * A function that calls the method `key` of the schema it is called on, built first: the
 * shells' answer to a read without a receiver, so that a spy wraps something that works.
 */
function unboundMethod(key: PropertyKey): (this: unknown, ...args: unknown[]) => unknown {
  return function (this: unknown, ...args: unknown[]): unknown {
    const shell = shellIn(this);
    const schema = shell === undefined ? this : resolved(shell);
    if (typeof schema !== 'object' || schema === null)
      throw new TypeError(`${String(key)} needs a schema`);
    const method = rawMethod(schema, key);
    if (typeof method !== 'function') throw new TypeError(`${String(key)} is not a method`);
    return Reflect.apply(method, schema === shell ? this : schema, args) as unknown;
  };
}

/** A member of the shells' prototype: builds the shell it is read through, then reads it. */
function prototypeMember(key: PropertyKey): PropertyDescriptor {
  let unbound: ((this: unknown, ...args: unknown[]) => unknown) | undefined;
  function read(receiver: unknown): unknown {
    if (receiver === undefined || receiver === null) return (unbound ??= unboundMethod(key));
    const shell = shellIn(receiver);
    if (shell !== undefined) {
      const schema = resolved(shell);
      // Frozen and forwarding: the member of the schema, as the shell's.
      return schema === shell ? Reflect.get(shell, key, receiver) : Reflect.get(schema, key);
    }
    // A Proxy of a shell (its own members reach the shell), or the prototype itself: read an own
    // member first, which builds the shell behind a Proxy, then the member, once.
    if (reading.has(receiver) || typeof receiver !== 'object' || receiver === null) return;
    reading.add(receiver);
    try {
      Reflect.get(receiver, '_zod');
      return Reflect.get(receiver, key);
    } finally {
      reading.delete(receiver);
    }
  }
  return {
    configurable: true,
    get(this: unknown): unknown {
      return read(this);
    },
    set(this: unknown, value: unknown): void {
      const shell = shellIn(this);
      if (shell !== undefined && resolved(shell) === shell) {
        // Built: the member is the prototype's, and the assignment does what it does on zod's.
        Reflect.set(shell, key, value, this);
        return;
      }
      // As assigning over a prototype's method does: an own property of the receiver.
      Object.defineProperty(this, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
  };
}

/** Reads the members to wait on from an empty object schema: its own, then its prototypes'. */
function prepare(): NonNullable<typeof members> {
  const sample = z.looseObject({});
  const inherited: PropertyDescriptorMap = {};
  for (let p = Object.getPrototypeOf(sample) as object; p !== Object.prototype;) {
    for (const key of Reflect.ownKeys(p)) inherited[key] = prototypeMember(key);
    p = Object.getPrototypeOf(p) as object;
  }
  shellPrototype = Object.create(Object.prototype, inherited) as object;
  const own = Reflect.ownKeys(sample);
  const enumerable = new Set(
    own.filter((k) => Object.prototype.propertyIsEnumerable.call(sample, k)),
  );
  return (members = { own, enumerable });
}

/**
 * A schema that is built the first time it is used; typed as what `build` returns.
 * @internal
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<S extends object>(build: () => S): S {
  const { own, enumerable } = members ?? prepare();
  const shell = Object.create(shellPrototype) as object;
  for (const key of own)
    Object.defineProperty(shell, key, ownMember(shell, key, enumerable.has(key)));
  pending.set(shell, build);
  return shell as S;
}
