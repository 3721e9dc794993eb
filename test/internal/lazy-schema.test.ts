import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import * as zc from 'zod';
import { isDeepStrictEqual } from 'node:util';
import { lazySchema } from '../../src/internal/lazy-schema.js';

function counted(): { schema: z.ZodMiniObject<{ id: z.ZodMiniString }>; builds: () => number } {
  const build = vi.fn(() => z.looseObject({ id: z.string() }));
  return { schema: lazySchema(build), builds: () => build.mock.calls.length };
}

const isBuilt = (schema: object): boolean =>
  Object.getOwnPropertyDescriptor(schema, '_zod')?.get === undefined;

describe('lazySchema', () => {
  it('builds the schema the first time it is used, and only then', () => {
    const { schema, builds } = counted();
    expect(builds()).toBe(0);
    expect(isBuilt(schema)).toBe(false);

    expect(schema.safeParse({ id: 'a' }).success).toBe(true);
    expect(schema.safeParse({ id: 1 }).success).toBe(false);
    expect(schema.parse({ id: 'b', extra: 1 })).toEqual({ id: 'b', extra: 1 });
    expect(builds()).toBe(1);
    expect(isBuilt(schema)).toBe(true);
  });

  it('becomes the schema it builds: same class, members and issues as one built at once', () => {
    const { schema } = counted();
    const twin = z.looseObject({ id: z.string() });

    expect(schema instanceof z.ZodMiniObject).toBe(true);
    expect(Object.getPrototypeOf(schema)).toBe(Object.getPrototypeOf(twin));
    expect(Object.keys(schema.shape)).toEqual(Object.keys(twin.shape));
    expect(schema.type).toBe('object');
    expect(schema.def.type).toBe('object');
    expect(Reflect.ownKeys(schema)).toEqual(Reflect.ownKeys(twin));
    expect(schema.safeParse({ id: 2 }).error?.issues).toEqual(
      twin.safeParse({ id: 2 }).error?.issues,
    );
  });

  it.each([
    '_zod',
    'def',
    'type',
    'parse',
    'safeParse',
    'parseAsync',
    'check',
    'clone',
    'with',
    'brand',
    'register',
    'shape',
    '~standard',
  ])('builds on a first read of %s', (member) => {
    const { schema, builds } = counted();
    expect(builds()).toBe(0);
    const value: unknown = Reflect.get(schema, member);
    expect(value).toBeDefined();
    expect(builds()).toBe(1);
    expect(schema.safeParse({ id: 'x' }).success).toBe(true);
  });

  it('keeps its identity: registered and kept as a key before it is built, found after', () => {
    const { schema, builds } = counted();
    const registry = z.registry<{ description: string }>();
    const seen = new WeakMap<object, string>([[schema, 'job']]);
    registry.add(schema, { description: 'a job' });
    expect(builds()).toBe(0);

    expect(schema.safeParse({ id: 'a' }).success).toBe(true);
    expect(builds()).toBe(1);
    expect(registry.get(schema)).toEqual({ description: 'a job' });
    expect(seen.get(schema)).toBe('job');
  });

  it("composes in the user's own zod before it is built, issues and JSON Schema included", () => {
    const { schema } = counted();
    const wrapped = zc.object({ job: schema, n: zc.number() });

    expect(wrapped.parse({ job: { id: 'j', extra: 1 }, n: 1 }).job).toEqual({
      id: 'j',
      extra: 1,
    });
    expect(wrapped.safeParse({ job: { id: 5 }, n: 1 }).error?.issues[0]?.path).toEqual([
      'job',
      'id',
    ]);
    expect(zc.toJSONSchema(schema)).toMatchObject({ properties: { id: { type: 'string' } } });
  });

  it('sits inside another lazy schema and is built with it', () => {
    const inner = counted();
    const outer = lazySchema(() => z.looseObject({ items: z.array(inner.schema) }));
    expect(inner.builds()).toBe(0);

    expect(outer.safeParse({ items: [{ id: 'a' }] }).success).toBe(true);
    expect(outer.safeParse({ items: [{ id: 1 }] }).error?.issues[0]?.path).toEqual([
      'items',
      0,
      'id',
    ]);
    expect(inner.builds()).toBe(1);
  });

  it('fails with a TypeError, not a stack overflow, when its builder reads the schema itself', () => {
    const schema: z.ZodMiniType = lazySchema(() => z.array(schema.clone()));
    expect(() => schema.safeParse([])).toThrow(TypeError);
  });
});

describe('lazySchema, used the ways people use zod schemas', () => {
  it("hands the exported object to error maps as the issue's inst, so a registry lookup finds it", () => {
    const { schema } = counted();
    const messages = zc.registry<{ message: string }>();
    messages.add(schema, { message: 'a job is an object' });
    const error = (issue: { inst?: unknown }) =>
      issue.inst === undefined ? undefined : messages.get(issue.inst as z.ZodMiniType)?.message;
    expect(schema.safeParse(5, { error }).error?.issues[0]?.message).toBe('a job is an object');
    expect(
      zc.object({ job: schema }).safeParse({ job: 5 }, { error }).error?.issues[0]?.message,
    ).toBe('a job is an object');
  });

  it('works frozen before its first use, as a frozen zod schema does', () => {
    const { schema, builds } = counted();
    Object.freeze(schema);
    expect(schema.safeParse({ id: 'a' }).success).toBe(true);
    expect(schema.safeParse({ id: 1 }).error?.issues[0]?.path).toEqual(['id']);
    expect(zc.object({ job: schema }).safeParse({ job: { id: 'b' } }).success).toBe(true);
    expect(builds()).toBe(1);
  });

  it('is built again on the next read after a builder that threw', () => {
    let calls = 0;
    const schema = lazySchema(() => {
      calls += 1;
      if (calls === 1) throw new RangeError('Maximum call stack size exceeded');
      return z.string();
    });
    expect(() => schema.safeParse('a')).toThrow(RangeError);
    expect(schema.safeParse('a').success).toBe(true);
    expect(calls).toBe(2);
  });

  it('is built when read through a Proxy, an object that inherits from it, or its prototype', () => {
    const viaProxy = counted();
    expect(new Proxy(viaProxy.schema, {}).safeParse({ id: 'a' }).success).toBe(true);
    const viaChild = counted();
    const child = Object.create(viaChild.schema) as typeof viaChild.schema;
    expect(child.safeParse({ id: 1 }).success).toBe(false);
    const { schema } = counted();
    // What lodash's isPlainObject reads: no throw, and not a plain object's constructor.
    expect(
      () => (Object.getPrototypeOf(schema) as { constructor?: unknown }).constructor,
    ).not.toThrow();
    expect((Object.getPrototypeOf(schema) as { constructor?: unknown }).constructor).not.toBe(
      Object,
    );
    expect(schema.safeParse({ id: 'a' }).success).toBe(true);
  });

  it('can be spied on and have a method replaced before its first use', () => {
    const { schema } = counted();
    const spy = vi.spyOn(schema, 'safeParse');
    expect(schema.safeParse({ id: 'a' }).success).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    const other = counted();
    const replaced = vi.fn(() => ({ success: true as const, data: { id: 'x' } }));
    (other.schema as { safeParse: unknown }).safeParse = replaced;
    expect(other.schema.safeParse({})).toEqual({ success: true, data: { id: 'x' } });
  });

  it('keeps working when a spy on its own or inherited members is put and restored around the first use', () => {
    const own = counted();
    const spy = vi.spyOn(own.schema, 'def', 'get');
    expect(own.schema.safeParse({ id: 'a' }).success).toBe(true);
    spy.mockRestore();
    expect(own.schema.def.type).toBe('object');
    expect(own.schema.type).toBe('object');
    // Assigning through the restored setter does not recurse.
    (own.schema as { def: unknown }).def = 'changed';
    expect(own.schema.def).toBe('changed');
    const twin = z.looseObject({ id: z.string() });
    twin.safeParse({ id: 'a' });
    expect(Object.keys(own.schema)).toEqual(Object.keys(twin));

    const inherited = counted();
    // zod types methods as data members; at run time they are prototype getters, as here.
    const method = vi.spyOn(
      inherited.schema as unknown as { safeParse: unknown },
      'safeParse',
      'get',
    );
    expect(inherited.schema.safeParse({ id: 'a' }).success).toBe(true);
    expect(method).toHaveBeenCalled();
    method.mockRestore();
    const shape = vi.spyOn(inherited.schema, 'shape', 'get');
    expect(Object.keys(inherited.schema.shape)).toEqual(['id']);
    shape.mockRestore();
  });

  it('refuses writes once frozen, and works with a member made non-configurable before its first use', () => {
    const { schema } = counted();
    Object.freeze(schema);
    expect(() => {
      (schema as { type: string }).type = 'x';
    }).toThrow(TypeError);
    expect(schema.type).toBe('object');

    const fixed = counted();
    Object.defineProperty(fixed.schema, 'type', { configurable: false });
    expect(fixed.schema.type).toBe('object');
    expect(fixed.schema.safeParse({ id: 1 }).success).toBe(false);
  });

  it('gives an assignment through an inheriting object to that object, and survives a Proxy whose prototype is itself', () => {
    const { schema } = counted();
    const child = Object.create(schema) as { type: string };
    child.type = 'x';
    expect(child.type).toBe('x');
    expect(schema.type).toBe('object');

    const other = counted();
    const proxy: object = new Proxy(other.schema, { getPrototypeOf: () => proxy });
    expect((proxy as typeof other.schema).safeParse({ id: 'a' }).success).toBe(true);
  });

  it('shows the members zod shows, and compares unequal to another schema, before its first use', () => {
    const a = counted().schema;
    const b = lazySchema(() => z.looseObject({ name: z.string() }));
    const twin = z.looseObject({ id: z.string() });
    expect(Object.keys(a)).toEqual(Object.keys(twin));
    expect(isDeepStrictEqual(a, b)).toBe(false);
    // A member the user added before the first use stays.
    const c = counted().schema as object as { note?: string; safeParse: (v: unknown) => unknown };
    c.note = 'mine';
    c.safeParse({});
    expect(c.note).toBe('mine');
  });
});

describe('the exported models', () => {
  it('are not built when the package is imported, and each works once used', async () => {
    vi.resetModules();
    const models = (await import('../../src/index.js')) as Record<string, unknown>;
    const schemas = Object.entries(models).filter(
      (entry): entry is [string, z.ZodMiniType] =>
        entry[0].endsWith('Schema') && typeof entry[1] === 'object' && entry[1] !== null,
    );
    const unbuilt = new Set(schemas.filter(([, s]) => !isBuilt(s)).map(([name]) => name));

    const objects = schemas.filter(([, s]) => s._zod.def.type === 'object').map(([n]) => n);
    // Every object model (the costly ones) waits for its first use; open enums and the like
    // are single zod calls and are built at once.
    expect(objects.length).toBeGreaterThan(80);
    expect(objects.filter((name) => !unbuilt.has(name))).toEqual([]);
    for (const [, schema] of schemas) expect(isBuilt(schema)).toBe(true);
  });
});
