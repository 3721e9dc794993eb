/**
 * What importing the package does: build no zod schema at all, but the empty object schema the
 * lazy schemas read zod's members from. A schema built at the top of a module (a `z.string()`
 * kept in a constant) costs every import; it belongs inside a `lazySchema` builder.
 */
import { afterEach, expect, it, vi } from 'vitest';

interface ZodGlobalConfig {
  postProcessor?: ((schema: object) => void) | undefined;
}
// zod calls the global post-processor with every schema (and check) its constructors make.
const zodConfig = (): ZodGlobalConfig =>
  ((globalThis as { __zod_globalConfig?: ZodGlobalConfig }).__zod_globalConfig ??= {});

afterEach(() => {
  zodConfig().postProcessor = undefined;
  vi.resetModules();
});

it('builds no zod schema at import but the one the lazy schemas read their members from', async () => {
  const made: string[] = [];
  vi.resetModules();
  zodConfig().postProcessor = (schema) => {
    made.push(
      (schema as { _zod: { def: { type?: string; check?: string } } })._zod.def.type ?? '?',
    );
  };
  const sdk = await import('../../src/index.js');
  zodConfig().postProcessor = undefined;

  // z.looseObject({}) in lazy-schema.ts: the object and its catch-all `unknown`.
  expect(made).toEqual(['unknown', 'object']);
  // The counting sees schemas built after the import too (it cannot pass by counting nothing).
  zodConfig().postProcessor = () => made.push('later');
  sdk.SynchronizationJobSchema.safeParse({});
  expect(made.length).toBeGreaterThan(2);
});
