import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { SecureVersion } from 'node:tls';

/** A server started for a test; close it in afterAll. */
export interface TestServer {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Options of {@link startHttpsServer}. */
export interface HttpsServerOptions {
  readonly address: string;
  readonly port: number;
  readonly cert: string;
  readonly key: string;
  readonly maxVersion?: SecureVersion;
}

/** The body of `/health`, which body checks look for. */
export const HEALTH_BODY = 'service ok build=42\n';

/**
 * Routes every test server answers: `/health`; `/status/NNN`; `/redirect/N` (N hops to `/redirect/0`);
 * `/redirect-to?url=U` (one hop to U); `/echo` (method, Host and body back); `/hang` (never answers).
 */
export function testRoutes(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://test');
  const hops = /^\/redirect\/(\d+)$/.exec(url.pathname);
  if (url.pathname === '/health') return void res.end(HEALTH_BODY);
  if (url.pathname.startsWith('/status/')) {
    res.statusCode = Number(url.pathname.slice('/status/'.length));
    return void res.end(`status ${res.statusCode}\n`);
  }
  if (hops) {
    const left = Number(hops[1]);
    if (left === 0) return void res.end('arrived\n');
    res.writeHead(302, { location: `/redirect/${left - 1}` });
    return void res.end();
  }
  if (url.pathname === '/redirect-to') {
    res.writeHead(302, { location: url.searchParams.get('url') ?? '/' });
    return void res.end();
  }
  if (url.pathname === '/echo') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => res.end(`${req.method ?? ''} host=${req.headers.host ?? ''} body=${body}\n`));
    return;
  }
  if (url.pathname === '/hang') return;
  res.statusCode = 404;
  res.end('not found\n');
}

/** An HTTPS server with {@link testRoutes} on `address:port`, e.g. one per 127.0.0.x. */
export async function startHttpsServer(options: HttpsServerOptions): Promise<TestServer> {
  const server = createHttpsServer(
    { cert: options.cert, key: options.key, ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }) },
    testRoutes,
  );
  return listen(server, options.address, options.port);
}

/** A plain HTTP server with {@link testRoutes}. */
export async function startHttpServer(address: string, port: number): Promise<TestServer> {
  return listen(createHttpServer(testRoutes), address, port);
}

/** A TCP server that accepts connections and never sends a byte: what a hung service looks like. */
export async function startSilentServer(address: string, port: number): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, resolve);
  });
  return {
    address,
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function listen(server: Server, address: string, port: number): Promise<TestServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, resolve);
  });
  return {
    address,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
