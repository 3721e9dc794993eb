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
 * Reached through another object (a Proxy, `Object.create(schema)`, a spy put on and taken off),
 * the shell is built as well. A builder that throws leaves the shell as it was, to be built on
 * the next read. A shell frozen or sealed (or with a zod member made non-configurable) before
 * its first use cannot be initialised: it then forwards each member to the schema built for it
 * (an issue's `inst`, and the parent `.check()` records, are that schema; writes to a frozen one
 * throw). Before its first use a shell shows its members as getters to `util.inspect` and
 * `Object.getOwnPropertyDescriptor`, answers `in` for every member any schema kind has (`shape`
 * included), holds a symbol-keyed reference to itself (so that a Proxy of it can be followed),
 * and has a prototype of its own (whose `constructor` is undefined); a copy made from
 * its property descriptors then has no methods, and a `_zod`, `def` or `type` the user defines on
 * it is replaced by zod's at the first use. Built, it keeps V8's slower property storage (after
 * the prototype change): reading a member directly is about 1.2x slower; parsing is not.
 */

interface Internals {
  readonly def: unknown;
  readonly constr: { init(inst: object, def: unknown): void };
  deferred?: (() => void)[] | undefined;
}
interface ZodConfig {
  readonly postProcessor?: (inst: object) => void;
}

/**
 * Each shell's state: its builder until built; `BUILDING` while the builder runs; then the
 * built schema, which is the shell itself unless it could not be initialised (frozen or sealed:
 * it forwards to the schema built for it).
 */
const states = new WeakMap<object, (() => object) | typeof BUILDING | object>();
const BUILDING = Symbol('building');
/** zod's own members of each built shell, for a getter of ours that comes back (a spy restored). */
const builtMembers = new WeakMap<object, Readonly<Record<PropertyKey, unknown>>>();
let members: { own: readonly PropertyKey[]; getters: PropertyDescriptorMap } | undefined;
let shellPrototype: object;

/** The schema `shell` stands for, built now if need be (the shell itself, unless frozen). */
function resolved(shell: object): object {
  const state = states.get(shell);
  // A builder that reads its own schema (a cycle) would otherwise recurse without end.
  if (state === BUILDING) throw new TypeError('A schema was read while it was being built.');
  if (typeof state !== 'function') return state ?? shell;
  states.set(shell, BUILDING);
  let built: object;
  try {
    built = (state as () => object)();
  } catch (error) {
    states.set(shell, state);
    throw error;
  }
  const own = members?.own ?? [];
  const fixed = own.some((k) => Object.getOwnPropertyDescriptor(shell, k)?.configurable === false);
  if (!Object.isExtensible(shell) || fixed) {
    states.set(shell, built);
    return built;
  }
  states.set(shell, shell);
  // Only what was put there: a member the user added before the first use stays.
  for (const key of [...own, SELF]) Reflect.deleteProperty(shell, key);
  Object.setPrototypeOf(shell, Object.getPrototypeOf(built) as object | null);
  // What zod's constructor does with `new`, done on the shell: initialise, run the deferred
  // initialisers, hand it to the global post-processor.
  const internals = (built as { _zod: Internals })._zod;
  internals.constr.init(shell, internals.def);
  const created = (shell as { _zod: Internals })._zod;
  for (const fn of created.deferred ?? []) fn();
  created.deferred = undefined;
  (globalThis as { __zod_globalConfig?: ZodConfig }).__zod_globalConfig?.postProcessor?.(shell);
  builtMembers.set(shell, Object.fromEntries(own.map((k) => [k, Reflect.get(shell, k)])));
  return shell;
}

/**
 * A shell's own member `key`: a getter (and setter) shared by every shell, which builds the shell
 * it is read on, or through (a Proxy, an inheriting object). Shared, so that every shell has the
 * same shape: a closure per shell made each one a shape of its own, which cost the import time
 * this module is for.
 */
function ownMember(key: PropertyKey, enumerable: boolean): PropertyDescriptor {
  function get(this: unknown): unknown {
    const shell = shellOf(this);
    if (shell === undefined) return undefined;
    const schema = resolved(shell);
    // Built, yet this getter is back (a spy put it back on restore): zod's value, kept.
    if (schema === shell) return builtMembers.get(shell)?.[key];
    return Reflect.get(schema, key);
  }
  function set(this: unknown, value: unknown): void {
    const shell = shellOf(this);
    if (shell === undefined) return;
    const schema = resolved(shell);
    if (schema !== shell && Object.isFrozen(shell)) {
      throw new TypeError(`Cannot assign to read only property '${String(key)}'`);
    }
    if (schema === shell && Object.getOwnPropertyDescriptor(shell, key)?.set === set) {
      // Built, yet this setter is back (a spy restored): assigning through it again would
      // recurse; the value becomes the receiver's own, as over zod's member.
      Object.defineProperty(this, key, { value, writable: true, enumerable, configurable: true });
      return;
    }
    Reflect.set(schema, key, value, schema === shell ? this : schema);
  }
  return { configurable: true, enumerable, get, set };
}

/** Each shell's own reference to itself, which a Proxy of it hands on (removed once built). */
const SELF = Symbol('lazySchema');

/** The shell `receiver` is, inherits from, or wraps (a Proxy); `undefined` for anything else. */
function shellOf(receiver: unknown): object | undefined {
  const shell = shellIn(receiver);
  if (shell !== undefined || typeof receiver !== 'object' || receiver === null) return shell;
  const self: unknown = Reflect.get(receiver, SELF);
  return typeof self === 'object' && self !== null && states.has(self) ? self : undefined;
}

/** The shell `receiver` is, or inherits from; `undefined` for anything else. */
function shellIn(receiver: unknown): object | undefined {
  const seen = new Set<unknown>();
  let at: unknown = receiver;
  // `seen`: a Proxy's getPrototypeOf may answer anything, itself included.
  while (typeof at === 'object' && at !== null && !seen.has(at)) {
    if (states.has(at)) return at;
    seen.add(at);
    at = Object.getPrototypeOf(at);
  }
  return undefined;
}

/**
 * A function that calls the method `key` of the schema it is called on, built first: the
 * shells' answer to a read without a receiver, which zod's members answer with the unbound
 * method (vitest's `spyOn` reads them so), so that a spy wraps something that works.
 */
function unboundMethod(key: PropertyKey): (this: unknown, ...args: unknown[]) => unknown {
  return function (this: unknown, ...args: unknown[]): unknown {
    const shell = shellIn(this);
    const schema = (shell === undefined ? this : resolved(shell)) as object;
    let p = Object.getPrototypeOf(schema) as object;
    while (!Object.hasOwn(p, key)) p = Object.getPrototypeOf(p) as object;
    const member = Object.getOwnPropertyDescriptor(p, key);
    const method = (member?.get ? member.get.call(undefined) : member?.value) as (
      ...a: unknown[]
    ) => unknown;
    return Reflect.apply(method, schema === shell ? this : schema, args);
  };
}

/** A member of the shells' prototype: builds the shell it is read through, then reads it. */
function prototypeMember(key: PropertyKey): PropertyDescriptor {
  let unbound: ((this: unknown, ...args: unknown[]) => unknown) | undefined;
  function read(receiver: unknown): unknown {
    if (receiver === undefined || receiver === null) return (unbound ??= unboundMethod(key));
    const shell = shellOf(receiver);
    if (shell === undefined) return undefined;
    const schema = resolved(shell);
    // Frozen and forwarding: the member of the schema, as the shell's.
    if (schema !== shell) return Reflect.get(schema, key);
    // Built: the lookup goes on where it would have, on zod's prototype (past the shell's own
    // members, one of which may be a spy that reads this very getter), with the receiver (for a
    // Proxy: the Proxy, as zod's own getter would get).
    return Reflect.get(Object.getPrototypeOf(shell) as object, key, receiver);
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
  const getters: PropertyDescriptorMap = {};
  for (const key of own) {
    getters[key] = ownMember(key, Object.prototype.propertyIsEnumerable.call(sample, key));
  }
  return (members = { own, getters });
}

/**
 * A schema that is built the first time it is used; typed as what `build` returns.
 * @internal
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<S extends object>(build: () => S): S {
  const { getters } = members ?? prepare();
  const shell = Object.create(shellPrototype, getters) as object;
  Object.defineProperty(shell, SELF, { value: shell, configurable: true });
  states.set(shell, build);
  return shell as S;
}
