import type { Server } from 'node:net';

/** Listens on `address:port` (any TCP or HTTP server), rejecting on a bind error such as EADDRINUSE. */
export function listenOn(server: Server, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
