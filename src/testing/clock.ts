/** A clock a test moves by hand. */
export interface ManualClock {
  /** The current time, in epoch milliseconds. */
  (): number;
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** Sets the clock. */
  set(epochMs: number): void;
}

/**
 * A clock that moves only when told to: jobs then run exactly as far as the test says.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * const fake = createFakeGraph({ clock, latencyMs: 0 });
 * // … start a job …
 * clock.advance(60_000); // a minute of provisioning happens
 * ```
 */
export function manualClock(startMs = Date.parse('2026-11-23T09:00:00Z')): ManualClock {
  let now = startMs;
  const clock = (() => now) as ManualClock;
  clock.advance = (ms: number) => {
    if (!(ms >= 0)) throw new RangeError('manualClock.advance: ms must be >= 0');
    now += ms;
  };
  clock.set = (epochMs: number) => {
    now = epochMs;
  };
  return clock;
}

/**
 * Real time, `factor` times faster: with 60, a minute of provisioning takes a second. Handy for
 * demos; tests are better served by {@link manualClock}.
 */
export function acceleratedClock(factor: number, startMs = Date.now()): () => number {
  if (!(factor > 0)) throw new RangeError('acceleratedClock: factor must be greater than 0');
  const realStart = Date.now();
  return () => startMs + (Date.now() - realStart) * factor;
}
