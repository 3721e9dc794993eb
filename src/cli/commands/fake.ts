/** `fake serve`: the embedded fake Graph over HTTP(S), for other tools and for trying the CLI. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseCount, UsageError } from '../args.js';
import { loadFakeHandlers, TOKEN_ENV } from '../context.js';
import type { ActionContext, Define } from '../command.js';
import { whenAborted } from '../../internal/abort.js';

/** The CA file of `fake serve --tls`, in a directory of its own that only this user can enter. */
interface CaFile {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Writes the server's certificate where Node can read it: `NODE_EXTRA_CA_CERTS` takes a file
 * path, read once when a process starts, so a client needs the file before it runs.
 */
async function writeCaFile(pem: string): Promise<CaFile> {
  const dir = await mkdtemp(join(tmpdir(), 'entra-provisioning-fake-'));
  const path = join(dir, 'ca.pem');
  await writeFile(path, pem, { mode: 0o600 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The human output: the URL on stdout, how to reach it on stderr. */
function announce(out: ActionContext['out'], url: string, caPath: string | undefined): void {
  out.line(url);
  const trust = caPath === undefined ? '' : `NODE_EXTRA_CA_CERTS=${caPath} `;
  if (caPath !== undefined) {
    out.note(out.colors.dim(`certificate (its own CA): ${caPath}; trust it with ${trust.trim()}`));
  }
  out.note(
    out.colors.dim(
      `fake Graph at ${url}; try: ${trust}${TOKEN_ENV}=fake entra-provisioning --base-url ${url} templates list`,
    ),
  );
}

/** Registers `fake`. */
export function registerFake(program: Command, define: Define): void {
  const fake = program.command('fake').description('the embedded fake Graph');
  define(
    fake
      .command('serve')
      .description('serve the fake Graph on 127.0.0.1 until Ctrl-C')
      .option('--port <n>', 'port (default: a free one)')
      .option('--latency <ms>', 'added latency per request', '0')
      .option('--seed <n>', 'random seed (same seed, same tenant)')
      .option('--tls', 'HTTPS with a self-signed certificate, written to a CA file'),
    async ({ out, io, signal, globals }, command) => {
      if (globals.fake === true || globals.baseUrl !== undefined) {
        throw new UsageError('fake serve takes neither --fake nor --base-url');
      }
      const o = command.opts<{ port?: string; latency: string; seed?: string; tls?: boolean }>();
      const port = o.port === undefined ? 0 : parseCount('--port', o.port, 1, 65_535);
      const latencyMs = parseCount('--latency', o.latency, 0, 60_000);
      const seed = o.seed === undefined ? undefined : parseCount('--seed', o.seed, 0, 2 ** 31);
      const graph =
        io.fake ??
        (await import('../../testing/fake-graph.js')).createUnprimedFakeGraph(
          { latencyMs, ...(seed === undefined ? {} : { seed }) },
          loadFakeHandlers,
        );
      const server = await graph.listen({ port, tls: o.tls === true });
      let caFile: CaFile | undefined;
      try {
        if (server.ca !== undefined) caFile = await writeCaFile(server.ca);
        const caPath = caFile?.path;
        const tls = caPath === undefined ? {} : { caPath, ca: server.ca };
        out.result({ url: server.url, ...tls }, () => {
          announce(out, server.url, caPath);
        });
        // Serves until the signal (Ctrl-C) fires.
        await (signal === undefined ? new Promise<void>(() => undefined) : whenAborted(signal));
      } finally {
        await server.close();
        await caFile?.remove();
      }
      return undefined;
    },
  );
}
