import { AbortedError } from '../core/errors.js';
import { raceAbort } from './abort.js';

/**
 * Turns by key: who takes a key waits until everyone who took it before has let it go. Kept per
 * owner (a client's HTTP core, a workflow registry), so that what one client does to one
 * object goes one at a time, and two clients never wait on each other.
 */
export class Turns {
  readonly #queues = new Map<string, Promise<void>>();

  /**
   * Waits for the turn on `key`, and takes it; call the returned function to let the next one
   * in. A `signal` that fires while waiting rejects with its reason at once; the turn it would
   * have had is passed on when it comes.
   */
  async take(key: string, signal?: AbortSignal): Promise<() => void> {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = previous.then(() => mine);
    this.#queues.set(key, chained);
    const leave = (): void => {
      release();
      // The last in line leaves no entry behind.
      if (this.#queues.get(key) === chained) this.#queues.delete(key);
    };
    try {
      await raceAbort(previous, signal);
    } catch (error) {
      void previous.then(leave);
      throw error;
    }
    return leave;
  }

  /**
   * Runs `work` in the turn on `key` (see {@link Turns.take}), then lets the next one in. A
   * `signal` that fires while waiting rejects with an {@link AbortedError} saying `what` stopped.
   */
  async run<T>(
    key: string,
    signal: AbortSignal | undefined,
    what: string,
    work: () => Promise<T>,
  ): Promise<T> {
    let leave: () => void;
    try {
      leave = await this.take(key, signal);
    } catch (error) {
      if (signal?.aborted !== true) throw error;
      throw new AbortedError(`${what} stopped while waiting for its turn: aborted`, {
        cause: signal.reason,
      });
    }
    try {
      return await work();
    } finally {
      leave();
    }
  }
}

const owners = new WeakMap<object, Turns>();

/** The turns of `owner` (made on first use, gone with it). */
export function turnsOf(owner: object): Turns {
  let turns = owners.get(owner);
  if (turns === undefined) {
    turns = new Turns();
    owners.set(owner, turns);
  }
  return turns;
}
