/**
 * The workflows' hook into tracing: a module of its own so that running a workflow loads the
 * spans' module (tracing.ts) only when the client traces.
 */
import type { Tracing } from './tracing.js';

/** Runs `run` in a workflow's or a step's span when the client traces, as is otherwise. */
export async function traced<T>(
  core: { tracing(): Promise<Tracing | undefined> },
  name: string,
  run: () => Promise<T>,
): Promise<T> {
  const tracing = await core.tracing();
  return tracing === undefined ? run() : tracing.step(name, run);
}
