/**
 * The fake Graph over HTTP or HTTPS (node:http or node:https on 127.0.0.1), for tools that cannot
 * take a `fetch`: other SDKs, other languages, the CLI. Loaded only by `listen()`, so the rest of
 * the fake needs no Node-only API.
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGraphServer } from './fake-graph.js';

/** Answers a request; anything but a Response means "drop the connection". */
export type Serve = (request: Request, base: string) => Promise<Response | Error>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Options of {@link startServer}. */
export interface ServerOptions {
  readonly port: number;
  /** HTTPS with a self-signed certificate made now, instead of HTTP. */
  readonly tls: boolean;
}

/** An HTTPS server with a fresh certificate, and that certificate (PEM) for clients to trust. */
async function secureServer(listener: RequestListener): Promise<{ server: Server; ca: string }> {
  const [{ createServer: createHttpsServer }, { selfSignedCertificate }] = await Promise.all([
    import('node:https'),
    import('./certificate.js'),
  ]);
  const { cert, key } = selfSignedCertificate();
  // The key stays with this server object, which never leaves this module: callers get `ca`.
  const server = createHttpsServer(
    { cert, key: key.export({ type: 'pkcs8', format: 'pem' }) },
    listener,
  );
  return { server, ca: cert };
}

/** Starts the server; resolves once it listens. */
export async function startServer(serve: Serve, options: ServerOptions): Promise<FakeGraphServer> {
  let url = '';
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      try {
        const body = await readBody(req);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === 'string') headers.set(name, value);
          else if (Array.isArray(value)) headers.set(name, value.join(', '));
        }
        const method = req.method ?? 'GET';
        const controller = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) controller.abort();
        });
        const request = new Request(new URL(req.url ?? '/', url), {
          method,
          headers,
          body:
            method === 'GET' || method === 'HEAD' || body.length === 0
              ? null
              : new Uint8Array(body),
          signal: controller.signal,
        });
        const response = await serve(request, url);
        if (!(response instanceof Response)) {
          req.socket.destroy();
          return;
        }
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"InternalServerError","message":"The fake Graph failed."}}');
      }
    })();
  };
  const { server, ca } = options.tls
    ? await secureServer(listener)
    : { server: createServer(listener), ca: undefined };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // Every link the fake writes (nextLink, Location, @odata.context) starts with this.
  url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${String(address.port)}`;
  return {
    url,
    ...(ca === undefined ? {} : { ca }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
