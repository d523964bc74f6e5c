import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../core/index.js';
import { udpTransaction } from './udp-transaction.js';
import { SipUdpTransport } from './udp-transport.js';

const settings = { requestUri: 'sip:127.0.0.1', fromUser: 'noc', fromHost: '127.0.0.1', userAgent: 'noc-probe' };

/** A scripted UDP peer: `answer` gets each request and where it came from. */
async function udpPeer(answer: (request: string, from: RemoteInfo, socket: Socket) => void): Promise<{ socket: Socket; port: number }> {
  const socket = createSocket('udp4');
  socket.on('message', (data, from) => answer(data.toString(), from, socket));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { socket, port: socket.address().port };
}

/** A response to `request` (echoing its Via) with `status`. */
function reply(request: string, status: string): string {
  const via = /^Via: .*$/m.exec(request)?.[0] ?? '';
  return `SIP/2.0 ${status}\r\n${via}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('udpTransaction on a shared socket', () => {
  it('hands each response to the transaction whose branch it carries, and drops strangers', async () => {
    const transport = new SipUdpTransport();
    const pending: { request: string; from: RemoteInfo; socket: Socket }[] = [];
    const peer = await udpPeer((request, from, socket) => {
      pending.push({ request, from, socket });
      if (pending.length < 2) return;
      // Answer in reverse order, after a response nobody asked for.
      const [first, second] = pending as [(typeof pending)[0], (typeof pending)[0]];
      socket.send(reply('Via: SIP/2.0/UDP x;branch=z9hG4bKstranger', '500 Nope'), from.port, from.address);
      socket.send(reply(second.request, '486 Busy Here'), second.from.port, second.from.address);
      socket.send(reply(first.request, '200 OK'), first.from.port, first.from.address);
    });
    cleanups.push(() => peer.socket.close(), () => transport.close());
    const endpoint = { ip: '127.0.0.1', port: peer.port };
    const signal = AbortSignal.timeout(2_000);
    const [a, b] = await Promise.all([
      udpTransaction(transport, endpoint, settings, { clock: systemClock, signal }),
      udpTransaction(transport, endpoint, settings, { clock: systemClock, signal }),
    ]);
    expect(pending[0]?.from.port).toBe(pending[1]?.from.port);
    expect([a.final?.status, b.final?.status].sort()).toEqual([200, 486]);
    expect(a.sent).toBe(1);
    expect(a.rttMs).toBeGreaterThan(0);
  });

  it('ignores a response whose CSeq names another method (RFC 3261 §17.1.3)', async () => {
    const transport = new SipUdpTransport();
    const peer = await udpPeer((request, from, socket) => {
      socket.send(reply(request, '500 Wrong Method').replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'), from.port, from.address);
      socket.send(reply(request, '200 OK'), from.port, from.address);
    });
    cleanups.push(() => peer.socket.close(), () => transport.close());
    const outcome = await udpTransaction(transport, { ip: '127.0.0.1', port: peer.port }, settings, { clock: systemClock, signal: AbortSignal.timeout(2_000) });
    expect(outcome.final?.status).toBe(200);
    expect(outcome.provisional).toBeUndefined();
  });

  it('keeps retransmitting at T2 after a provisional response, and measures the RTT to it', async () => {
    const transport = new SipUdpTransport();
    let requests = 0;
    const peer = await udpPeer((request, from, socket) => {
      requests++;
      socket.send(reply(request, requests < 3 ? '100 Trying' : '200 OK'), from.port, from.address);
    });
    cleanups.push(() => peer.socket.close(), () => transport.close());
    const started = performance.now();
    const outcome = await udpTransaction(transport, { ip: '127.0.0.1', port: peer.port }, settings, {
      clock: systemClock,
      signal: AbortSignal.timeout(2_000),
      timers: { t1: 20, t2: 100 },
    });
    expect(outcome.final?.status).toBe(200);
    expect(outcome.sent).toBe(3);
    expect(outcome.rttMs).toBeLessThan(50);
    // Sends at 0 and 20 ms (timer E was armed before the 100 Trying came), then T2 later at 120 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('gives up when the signal aborts, saying how often it sent', async () => {
    const transport = new SipUdpTransport();
    const peer = await udpPeer(() => undefined);
    cleanups.push(() => peer.socket.close(), () => transport.close());
    const outcome = await udpTransaction(transport, { ip: '127.0.0.1', port: peer.port }, settings, {
      clock: systemClock,
      signal: AbortSignal.timeout(350),
      timers: { t1: 50, t2: 1_000 },
    });
    // Sends at 0, 50, 150 and 350 ms (the last may race the abort).
    expect(outcome.final).toBeUndefined();
    expect(outcome.rttMs).toBeUndefined();
    expect(outcome.sent).toBeGreaterThanOrEqual(3);
    expect(outcome.sent).toBeLessThanOrEqual(4);
  });

  it('fails sends once closed', async () => {
    const transport = new SipUdpTransport();
    await transport.close();
    const outcome = await udpTransaction(transport, { ip: '127.0.0.1', port: 9 }, settings, { clock: systemClock, signal: AbortSignal.timeout(500) });
    expect(outcome).toEqual({ sent: 0, error: 'the probe is closed' });
  });
});
