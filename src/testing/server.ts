/**
 * The fake Graph over HTTP (node:http on 127.0.0.1), for tools that cannot take a `fetch`: other
 * SDKs, other languages, the CLI. Loaded only by `listen()`, so the rest of the fake needs no
 * Node-only API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGraphServer } from './fake-graph.js';

/** Answers a request; anything but a Response means "drop the connection". */
export type Serve = (request: Request, base: string) => Promise<Response | Error>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the server; resolves once it listens. */
export async function startServer(serve: Serve, port: number): Promise<FakeGraphServer> {
  let url = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
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
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = `http://127.0.0.1:${String(address.port)}`;
  return {
    url,
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
