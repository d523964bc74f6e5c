import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../../core/index.js';
import { streamTransaction } from './stream-transaction.js';

const settings = { requestUri: 'sip:127.0.0.1', fromUser: 'noc', fromHost: '127.0.0.1', userAgent: 'noc-probe' };

/** A TCP peer that runs `answer` with the first request it reads. */
async function tcpPeer(answer: (request: string, socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.once('data', (data) => answer(data.toString(), socket)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

const viaOf = (request: string): string => /^Via: .*$/m.exec(request)?.[0] ?? '';
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('streamTransaction', () => {
  it('frames responses by Content-Length across chunks, skipping keep-alives and other branches', async () => {
    // The peer moves a manual clock, so the round trip is checked as a fact, not against the machine's speed.
    const clock = new ManualClock(0);
    const peer = await tcpPeer((request, socket) => {
      const via = viaOf(request);
      clock.advance(7);
      socket.write(`\r\n\r\nSIP/2.0 100 Trying\r\n${via}\r\nl: 0\r\n\r\n`);
      socket.write('SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP x;branch=z9hG4bKother\r\nContent-Length: 2\r\n\r\nhi');
      socket.write(`SIP/2.0 200 OK\r\n${via}\r\nContent-Le`);
      setTimeout(() => {
        clock.advance(20);
        socket.write('ngth: 3\r\n\r\nab');
      }, 20);
      setTimeout(() => socket.write('c'), 40);
    });
    servers.push(peer.server);
    const outcome = await streamTransaction({ ip: '127.0.0.1', port: peer.port }, settings, { clock, signal: AbortSignal.timeout(2_000) });
    expect(outcome.final?.status).toBe(200);
    expect(outcome.final?.body).toBe('abc');
    // Measured to the first response of the transaction (the 100), not to the final one's last chunk.
    expect(outcome.rttMs).toBe(7);
  });

  it('sends a well-formed request over TCP', async () => {
    let seen = '';
    const peer = await tcpPeer((request, socket) => {
      seen = request;
      socket.end(`SIP/2.0 404 Not Here\r\n${viaOf(request)}\r\nContent-Length: 0\r\n\r\n`);
    });
    servers.push(peer.server);
    const outcome = await streamTransaction({ ip: '127.0.0.1', port: peer.port }, settings, { clock: systemClock, signal: AbortSignal.timeout(2_000) });
    expect(outcome.final?.status).toBe(404);
    expect(seen).toMatch(/^OPTIONS sip:127\.0\.0\.1 SIP\/2\.0\r\nVia: SIP\/2\.0\/TCP 127\.0\.0\.1:\d+;branch=z9hG4bK[0-9a-f]+;rport\r\n/);
    expect(seen).toMatch(/\r\nContact: <sip:noc@127\.0\.0\.1:\d+;transport=tcp>\r\n/);
  });

  it('says when the peer hangs up before a final response', async () => {
    const peer = await tcpPeer((request, socket) => socket.end(`SIP/2.0 100 Trying\r\n${viaOf(request)}\r\nContent-Length: 0\r\n\r\n`));
    servers.push(peer.server);
    const outcome = await streamTransaction({ ip: '127.0.0.1', port: peer.port }, settings, { clock: systemClock, signal: AbortSignal.timeout(2_000) });
    expect(outcome.final).toBeUndefined();
    expect(outcome.provisional?.status).toBe(100);
    expect(outcome.error).toBe('the peer closed the connection without a final response');
  });
});
