/** `fake serve`: the embedded fake Graph over HTTP, for other tools and for trying the CLI. */
import type { Command } from 'commander';
import { parseCount, UsageError } from '../args.js';
import { TOKEN_ENV } from '../context.js';
import type { Define } from '../command.js';
import { whenAborted } from '../../internal/abort.js';

/** Registers `fake`. */
export function registerFake(program: Command, define: Define): void {
  const fake = program.command('fake').description('the embedded fake Graph');
  define(
    fake
      .command('serve')
      .description('serve the fake Graph on 127.0.0.1 until Ctrl-C')
      .option('--port <n>', 'port (default: a free one)')
      .option('--latency <ms>', 'added latency per request', '0')
      .option('--seed <n>', 'random seed (same seed, same tenant)'),
    async ({ out, io, signal, globals }, command) => {
      if (globals.fake === true || globals.baseUrl !== undefined) {
        throw new UsageError('fake serve takes neither --fake nor --base-url');
      }
      const o = command.opts<{ port?: string; latency: string; seed?: string }>();
      const port = o.port === undefined ? 0 : parseCount('--port', o.port, 1, 65_535);
      const latencyMs = parseCount('--latency', o.latency, 0, 60_000);
      const seed = o.seed === undefined ? undefined : parseCount('--seed', o.seed, 0, 2 ** 31);
      const graph =
        io.fake ??
        (await import('../../testing/fake-graph.js')).createUnprimedFakeGraph({
          latencyMs,
          ...(seed === undefined ? {} : { seed }),
        });
      const server = await graph.listen({ port });
      out.result({ url: server.url }, () => {
        out.line(server.url);
        out.note(
          out.colors.dim(
            `fake Graph at ${server.url}; try: ${TOKEN_ENV}=fake entra-provisioning --base-url ${server.url} templates list`,
          ),
        );
      });
      // Serves until the signal (Ctrl-C) fires.
      await (signal === undefined ? new Promise<void>(() => undefined) : whenAborted(signal));
      await server.close();
      return undefined;
    },
  );
}
