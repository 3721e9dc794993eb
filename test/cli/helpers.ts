/** Runs the CLI in-process with captured streams, as its tests do. */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { build } from 'esbuild';
import { afterAll } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { FakeGraph } from '../../src/testing/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'entra-cli-'));
  dirs.push(dir);
  return dir;
}

/** A file `name` holding `text` in a fresh temp folder (removed after the file's tests). */
export function tempFile(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A stream that collects what is written; `tty` makes it look like a terminal. `onText` sees the
 * text so far after each write, so a test can act on what was printed rather than on the clock.
 */
export function sink(tty: boolean, onText: (text: string) => void = () => undefined) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (tty) {
    stream.isTTY = true;
    stream.columns = 120;
  }
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    onText(text);
  });
  return { stream, text: () => text };
}

/** Resolves once `condition` holds, checking after every turn of the event loop. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

export async function cli(
  argv: string[],
  options: {
    fake?: FakeGraph;
    env?: Record<string, string>;
    stdin?: string;
    cwd?: string;
    tty?: boolean;
    signal?: AbortSignal;
    /** Sees stdout after each write. */
    onStdout?: (text: string) => void;
  } = {},
): Promise<Run> {
  const out = sink(options.tty === true, options.onStdout);
  const err = sink(options.tty === true);
  const code = await runCli(argv, {
    stdout: out.stream,
    stderr: err.stream,
    stdin: Readable.from([options.stdin ?? '']),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.fake === undefined ? {} : { fake: options.fake }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out.text(), stderr: err.text() };
}

/**
 * The built executable: dist/cli.js when it is built and newer than `sources`, else the same
 * esbuild build of src/cli/bin.ts, made now under node_modules (so that its packages resolve as
 * they do for dist/cli.js).
 */
export async function builtExecutable(
  sources: readonly string[] = ['src/cli/main.ts', 'src/cli/io.ts', 'src/client.ts'],
): Promise<string> {
  const dist = join(process.cwd(), 'dist', 'cli.js');
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (existsSync(dist) && statSync(dist).mtimeMs >= newest) return dist;
  const outfile = join(process.cwd(), 'node_modules', '.cache', 'entra-cli-test', 'cli.mjs');
  await build({
    entryPoints: ['src/cli/bin.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
