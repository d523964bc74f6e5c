import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { NocError } from '../core/index.js';

/** A listening HTTP(S) server. */
export interface RunningServer {
  /** `http://host:port` as bound (the real port when 0 was asked). */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, closes idle connections. */
  close(): Promise<void>;
}

/** Takes over HTTP upgrade requests (the live stream) on the same server and port as the app. */
export interface UpgradeHandler {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends the upgraded connections: the server's close waits for every open socket. */
  close(): Promise<void>;
}

/**
 * Serves `app` on host:port, over TLS when a certificate is given; upgrade requests go to `upgrade` when
 * one is given (without one they are refused, as before).
 */
export async function listen(
  app: Express,
  address: { host: string; port: number },
  tls?: { readonly cert: string; readonly key: string },
  upgrade?: UpgradeHandler,
): Promise<RunningServer> {
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, app) : createHttpServer(app);
  if (upgrade) server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => upgrade.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new NocError('unavailable', `cannot listen on ${address.host}:${address.port}: ${error.message}`, undefined, { cause: error })),
    );
    server.listen(address.port, address.host, resolve);
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${bound.port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await upgrade?.close();
      await closed;
    },
  };
}
