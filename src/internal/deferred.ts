/**
 * Modules the client loads on first use rather than at import: code that a script reading Graph
 * never runs stays out of `import('entra-provisioning')` and, with code splitting, out of its
 * bundle. `entra-provisioning/testing`'s `primeGraphClient()` provides them up front, so that a
 * test on fake timers waits on no file I/O the fake clock does not drive.
 */

/** One module loaded on first use. */
export interface Deferred<T> {
  /** The module: loaded the first time, the same object after. */
  load(): Promise<T>;
  /** Hands over the module already imported (the first one given wins). */
  provide(module: T): void;
}

/** A module loaded by `importer` the first time it is needed. */
export function deferred<T>(importer: () => Promise<T>): Deferred<T> {
  let module: T | undefined;
  // One import for every caller waiting at once; forgotten if it fails, so a later call retries.
  let loading: Promise<T> | undefined;
  return {
    async load() {
      if (module !== undefined) return module;
      loading ??= importer().then(
        (loaded) => (module ??= loaded),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
    provide(loaded) {
      module ??= loaded;
    },
  };
}
