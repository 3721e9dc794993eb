import { describe, expect, it } from 'vitest';
import { deferred } from '../../src/internal/deferred.js';

describe('a module loaded on first use', () => {
  it('is imported once, however many callers wait for it at once', async () => {
    let imports = 0;
    const module = deferred(async () => {
      imports += 1;
      await Promise.resolve();
      return { value: imports };
    });
    const [a, b] = await Promise.all([module.load(), module.load()]);
    const c = await module.load();
    expect(imports).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('is never imported once provided, and the first module provided wins', async () => {
    let imports = 0;
    const module = deferred(() => {
      imports += 1;
      return Promise.resolve({ from: 'import' });
    });
    const first = { from: 'first' };
    module.provide(first);
    module.provide({ from: 'second' });
    expect(await module.load()).toBe(first);
    expect(imports).toBe(0);
  });

  it('is imported again after an import that failed', async () => {
    let attempts = 0;
    const module = deferred(() => {
      attempts += 1;
      return attempts === 1 ? Promise.reject(new Error('EMFILE')) : Promise.resolve({ attempts });
    });
    await expect(module.load()).rejects.toThrow('EMFILE');
    expect(await module.load()).toEqual({ attempts: 2 });
  });
});
