/**
 * Abort helpers. Timers go through the global `setTimeout` so fake timers in tests drive them.
 */
/* eslint-disable @typescript-eslint/prefer-promise-reject-errors --
   Like fetch, these reject with the signal's own reason, whatever the caller aborted with. */

/** The reason a signal fired, or a generic one. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('The operation was aborted.');
}

interface Hub {
  readonly callbacks: Set<() => void>;
  readonly fire: () => void;
}

/** One listener per caller's signal, whatever the number of calls waiting on it. */
const hubs = new WeakMap<AbortSignal, Hub>();

/**
 * Runs `callback` once when `signal` fires; the returned function unsubscribes. However many
 * calls share one signal (a bulk run with 64 specs in flight, a soak with hundreds of calls),
 * the signal itself holds a single listener of ours, so Node never prints a
 * `MaxListenersExceededWarning` on the caller's behalf; the listener goes when the last
 * subscriber does.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let hub = hubs.get(signal);
  if (hub === undefined) {
    const callbacks = new Set<() => void>();
    const fire = (): void => {
      hubs.delete(signal);
      for (const each of [...callbacks]) each();
      callbacks.clear();
    };
    hub = { callbacks, fire };
    hubs.set(signal, hub);
    signal.addEventListener('abort', fire, { once: true });
  }
  // A wrapper per subscription: the same function subscribed twice stays two subscriptions.
  const entry = (): void => {
    callback();
  };
  hub.callbacks.add(entry);
  const subscribed = hub;
  return () => {
    if (!subscribed.callbacks.delete(entry) || subscribed.callbacks.size > 0) return;
    if (hubs.get(signal) === subscribed) hubs.delete(signal);
    signal.removeEventListener('abort', subscribed.fire);
  };
}

/**
 * Resolves when `signal` fires (at once if it has), with a plain listener: for a signal of our
 * own (an attempt's timer) or a process-long one (Ctrl-C), not a caller's shared signal.
 */
export function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
  });
}

/**
 * Waits `ms` milliseconds; rejects with the signal's reason as soon as the signal fires, and
 * leaves no timer or listener behind either way.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let unsubscribe = (): void => undefined;
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    if (signal !== undefined) {
      unsubscribe = onAbort(signal, () => {
        clearTimeout(timer);
        reject(abortReason(signal));
      });
    }
  });
}

/**
 * Settles with `promise`, or rejects with the signal's reason when the signal fires first. The
 * promise keeps running (nothing can cancel it); its late result is ignored.
 */
export function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = onAbort(signal, () => {
      reject(abortReason(signal));
    });
    promise.then(
      (value) => {
        unsubscribe();
        resolve(value);
      },
      (error: unknown) => {
        unsubscribe();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
