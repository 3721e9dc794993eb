/**
 * What every command module shares with the program that registers it: the exit codes, the
 * context an action gets, and the `define` signature. Its own module so that the command modules
 * never import back from main.ts, which imports them.
 */
import type { Command } from 'commander';
import type { ProvisioningClient } from '../client.js';
import type { FakeGraph } from '../testing/index.js';
import type { GlobalOptions } from './context.js';
import type { CliIo, Output } from './io.js';

/** Exit codes, as documented in `--help` and docs/cli.md. */
export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;

/** What an action gets. */
export interface ActionContext {
  readonly io: CliIo;
  readonly out: Output;
  readonly globals: GlobalOptions;
  readonly signal: AbortSignal | undefined;
  /** Creates the client on first use: commands that fail on their arguments send nothing. */
  readonly client: () => Promise<ProvisioningClient>;
  /** The fake behind `--fake`, once `client()` made it. */
  readonly fake: () => FakeGraph | undefined;
  /**
   * Replication waits for the workflows: Graph's defaults, but quick on the embedded fake,
   * which replicates at once unless told otherwise.
   */
  readonly replication: () => { intervalMs: number } | undefined;
}

/** An action: resolves with an exit code, or nothing for 0. */
export type Action = (context: ActionContext, command: Command) => Promise<number | undefined>;

/** `{ replication }` when there is one to pass, else nothing (exact optional properties). */
export function replicationOption(replication: { intervalMs: number } | undefined): {
  replication?: { intervalMs: number };
} {
  return replication === undefined ? {} : { replication };
}

/** Wraps an action so that the program's parse loop hands it its context. */
export type Define = (command: Command, action: Action) => Command;
