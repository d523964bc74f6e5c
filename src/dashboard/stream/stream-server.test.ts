import type { IncomingMessage } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { ManualClock, type TargetStatus } from '../../core/index.js';
import { listen, type RunningServer } from '../server.js';
import { LiveFeed, type LiveSample } from './live-feed.js';
import { attachStream, type StreamOptions, type StreamServer } from './stream-server.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

interface Message {
  type: string;
  [field: string]: unknown;
}
interface WireSample {
  series: string;
  metric: string;
  labels: Record<string, string>;
  t: number;
  v: number | string;
}

/** A real ws client that queues what it receives, so a test can await the next frame of a kind. */
class Client {
  readonly received: Message[] = [];
  private waiters: Array<() => void> = [];
  closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as Message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Removes and returns the first received message of `type` (waits for one). */
  async next(type: string): Promise<Message> {
    for (;;) {
      const index = this.received.findIndex((m) => m.type === type);
      if (index >= 0) return this.received.splice(index, 1)[0] as Message;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }
}

const sample = (metric: string, labels: Record<string, string>, v: number, t = T0): LiveSample => ({
  series: `${metric}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(',')}}`,
  metric,
  labels,
  t,
  v,
});

const target = (id: string, state: 'up' | 'down'): TargetStatus => ({
  target: id,
  role: 'sbc',
  site: 'mx1',
  state,
  probes: [{ probe: 'icmp', kind: 'icmp', state, intervalMs: 10_000, lastRunAt: T0, overruns: 0 }],
});

describe('live stream', () => {
  let running: RunningServer | undefined;
  let stream: StreamServer;
  let feed: LiveFeed;
  const clients: WebSocket[] = [];

  async function start(options: StreamOptions = {}): Promise<string> {
    feed = new LiveFeed();
    stream = attachStream({
      feed,
      clock: new ManualClock(T0),
      authenticate: async (req: IncomingMessage) => {
        const header = req.headers.authorization;
        if (header === 'Bearer viewer-token') return { name: 'ana', role: 'viewer' };
        if (header === 'Bearer admin-token') return { name: 'root', role: 'admin' };
        return undefined;
      },
      sameOrigin: (req) => req.headers.origin === `http://${req.headers.host}`,
      options: { flushMs: 10, ...options },
    });
    running = await listen(express(), { host: '127.0.0.1', port: 0 }, undefined, stream);
    return running.url.replace('http', 'ws');
  }

  function open(url: string, headers: Record<string, string> = { authorization: 'Bearer viewer-token' }, options: object = {}): WebSocket {
    const ws = new WebSocket(url, { headers, ...options });
    clients.push(ws);
    return ws;
  }

  async function connect(url: string, token = 'viewer-token', options: object = {}): Promise<Client> {
    const client = new Client(open(`${url}/api/v1/stream`, { authorization: `Bearer ${token}` }, options));
    await client.next('hello');
    return client;
  }

  /** What the server answers instead of upgrading. */
  function refusal(ws: WebSocket): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      ws.on('open', () => reject(new Error('the handshake was accepted')));
      ws.on('error', () => undefined);
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    });
  }

  /**
   * Subscribes, then publishes a probe sample (matching the subscription) until it arrives: from then on the
   * server applies the subscription. Returns with the client's queue empty, and what came before the probe.
   */
  async function subscribe(client: Client, message: Record<string, unknown>, probe: LiveSample): Promise<Message[]> {
    client.send({ type: 'subscribe', ...message });
    const timer = setInterval(() => feed.samples([probe]), 5);
    const before: Message[] = [];
    try {
      for (;;) {
        await client.next('samples').then((frame) => client.received.unshift(frame));
        const frame = client.received.shift() as Message;
        const others = client.received.splice(0);
        before.push(...others);
        if (frame.type === 'samples' && (frame.samples as WireSample[]).some((s) => s.series === probe.series)) break;
        before.push(frame);
      }
    } finally {
      clearInterval(timer);
    }
    // A flush may have been under way with one more probe sample: let it land, then start clean.
    await new Promise((resolve) => setTimeout(resolve, 30));
    client.received.length = 0;
    return before;
  }

  afterEach(async () => {
    for (const ws of clients.splice(0)) ws.terminate();
    await running?.close();
    running = undefined;
  });

  it('greets an authenticated client with hello carrying its role and the server time', async () => {
    const url = await start();
    const client = new Client(open(`${url}/api/v1/stream`, { authorization: 'Bearer admin-token' }));
    expect(await client.next('hello')).toEqual({ type: 'hello', serverTime: T0, role: 'admin' });
    expect(stream.stats()).toMatchObject({ clients: 1, accepted: 1 });
  });

  it('refuses a handshake without credentials with 401 and never upgrades', async () => {
    const url = await start();
    const answer = await refusal(open(`${url}/api/v1/stream`, {}));
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'unauthorized' } });
    expect(stream.stats()).toMatchObject({ clients: 0, refused: 1 });
  });

  it('refuses a foreign Origin with 403 even with valid credentials, and accepts its own', async () => {
    const url = await start();
    const foreign = await refusal(open(`${url}/api/v1/stream`, { authorization: 'Bearer viewer-token', origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    const own = new Client(open(`${url}/api/v1/stream`, { authorization: 'Bearer viewer-token', origin: url.replace('ws', 'http') }));
    expect(await own.next('hello')).toMatchObject({ role: 'viewer' });
  });

  it('answers upgrades on any other path with 404', async () => {
    const url = await start();
    const answer = await refusal(open(`${url}/api/v1/streams`));
    expect(answer.status).toBe(404);
  });

  it('sends only the series the subscription selects, and nothing before the first subscribe', async () => {
    const url = await start();
    const client = await connect(url);
    feed.samples([sample('up', { role: 'sbc', target: 'early' }, 1)]);
    feed.target(target('early', 'up'));
    stream.flush();
    const before = await subscribe(client, { series: ['up{role="sbc"}', 'sip_active_dialogs'] }, sample('up', { role: 'sbc', target: 'probe' }, 1));
    expect(before).toEqual([]);
    feed.samples([
      sample('up', { role: 'sbc', target: 'sbc-1' }, 0, T0 + 1),
      sample('up', { role: 'core', target: 'core-1' }, 1),
      sample('sip_active_dialogs', { target: 'core-1' }, Number.NaN),
      sample('db_connections', { target: 'db-1' }, 7),
    ]);
    feed.target(target('sbc-1', 'down'));
    const frame = await client.next('samples');
    const series = (frame.samples as WireSample[]).map((s) => s.series).sort();
    expect(series).toEqual(['sip_active_dialogs{target="core-1"}', 'up{role="sbc",target="sbc-1"}']);
    expect((frame.samples as WireSample[]).find((s) => s.metric === 'sip_active_dialogs')).toEqual({
      series: 'sip_active_dialogs{target="core-1"}',
      metric: 'sip_active_dialogs',
      labels: { target: 'core-1' },
      t: T0,
      v: 'NaN',
    });
    expect(client.received.some((m) => m.type === 'target')).toBe(false);
  });

  it('coalesces many updates of one series within a flush into its latest sample', async () => {
    const url = await start({ flushMs: 60_000 });
    const client = await connect(url);
    client.send({ type: 'subscribe', series: ['up'] });
    // With the timer out of the way, flushes happen only here: publish and flush until the subscription is in force.
    const probe = sample('up', { target: 'probe' }, 1);
    await vi.waitFor(
      async () => {
        feed.samples([probe]);
        stream.flush();
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(client.received.some((m) => m.type === 'samples')).toBe(true);
      },
      { timeout: 10_000 },
    );
    client.received.length = 0;
    for (let i = 0; i < 1000; i++) feed.samples([sample('up', { target: 'sbc-1' }, i % 2, T0 + i)]);
    stream.flush();
    const frame = await client.next('samples');
    expect(frame.samples).toEqual([{ series: 'up{target="sbc-1"}', metric: 'up', labels: { target: 'sbc-1' }, t: T0 + 999, v: 1 }]);
  });

  it('coalesces targets and incidents per id but delivers every alert change', async () => {
    const url = await start({ flushMs: 60_000 });
    const client = await connect(url);
    client.send({ type: 'subscribe', targets: true, alerts: true, incidents: true });
    await vi.waitFor(
      async () => {
        feed.target(target('probe', 'up'));
        stream.flush();
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(client.received.some((m) => m.type === 'target')).toBe(true);
      },
      { timeout: 10_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.received.length = 0;
    feed.target(target('sbc-1', 'up'));
    feed.target(target('sbc-1', 'down'));
    feed.incident({ number: 'INC-2026-000001', status: 'registered' });
    feed.incident({ number: 'INC-2026-000001', status: 'diagnosing' });
    feed.alert({ alertname: 'Down', change: 'pending' });
    feed.alert({ alertname: 'Down', change: 'firing' });
    feed.samples([sample('up', { target: 'sbc-1' }, 0)]);
    stream.flush();
    expect(await client.next('target')).toEqual({
      type: 'target',
      target: { ...target('sbc-1', 'down'), probes: [{ ...target('sbc-1', 'down').probes[0], lastRunAt: new Date(T0).toISOString() }] },
    });
    expect(await client.next('incident')).toEqual({ type: 'incident', incident: { number: 'INC-2026-000001', status: 'diagnosing' } });
    expect((await client.next('alert')).alert).toEqual({ alertname: 'Down', change: 'pending' });
    expect((await client.next('alert')).alert).toEqual({ alertname: 'Down', change: 'firing' });
    feed.target(target('marker', 'up'));
    stream.flush();
    expect(((await client.next('target')).target as TargetStatus).target).toBe('marker');
    expect(client.received).toEqual([]);
  });

  it('answers a bad selector with an error and keeps the previous subscription', async () => {
    const url = await start();
    const client = await connect(url);
    await subscribe(client, { series: ['up'] }, sample('up', { target: 'probe' }, 1));
    client.send({ type: 'subscribe', series: ['up', 'sip_active_dialogs{target="a"'] });
    expect((await client.next('error')).message).toMatch(/invalid series selector/);
    client.ws.send('not json');
    expect((await client.next('error')).message).toMatch(/JSON/);
    client.send({ type: 'subscribe', series: 'up' });
    expect((await client.next('error')).message).toMatch(/series/);
    feed.samples([sample('up', { target: 'still' }, 1)]);
    expect(((await client.next('samples')).samples as WireSample[])[0]?.labels).toEqual({ target: 'still' });
  });

  it('closes a client that stops reading with 1013 once its send buffer passes the bound', async () => {
    const url = await start({ flushMs: 60_000, closeGraceMs: 30_000 });
    const client = await connect(url);
    client.send({ type: 'subscribe', series: ['big'] });
    await vi.waitFor(
      async () => {
        feed.samples([sample('big', { n: 'probe' }, 1)]);
        stream.flush();
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(client.received.some((m) => m.type === 'samples')).toBe(true);
      },
      { timeout: 10_000 },
    );
    client.ws.pause();
    const padding = 'x'.repeat(200);
    for (let round = 0; round < 2_000 && stream.stats().slowConsumers === 0; round++) {
      const batch = Array.from({ length: 1_000 }, (_, i) => sample('big', { n: String(i), pad: padding }, round));
      feed.samples(batch);
      stream.flush();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(stream.stats()).toMatchObject({ slowConsumers: 1, clients: 0 });
    client.ws.resume();
    expect(await client.closed).toEqual({ code: 1013, reason: 'slow consumer' });
  });

  it('closes a client whose coalescing queue passes the bound', async () => {
    const url = await start({ flushMs: 60_000, maxPending: 50 });
    const client = await connect(url);
    client.send({ type: 'subscribe', series: ['up'] });
    await vi.waitFor(
      async () => {
        feed.samples([sample('up', { target: 'probe' }, 1)]);
        stream.flush();
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(client.received.some((m) => m.type === 'samples')).toBe(true);
      },
      { timeout: 10_000 },
    );
    feed.samples(Array.from({ length: 50 }, (_, i) => sample('up', { target: `t${i}` }, 1)));
    expect(stream.stats().slowConsumers).toBe(0);
    feed.samples([sample('up', { target: 'one-too-many' }, 1)]);
    expect(stream.stats().slowConsumers).toBe(1);
    expect(await client.closed).toEqual({ code: 1013, reason: 'slow consumer' });
  });

  it('drops a peer that does not answer pings and keeps one that does', async () => {
    const url = await start({ pingMs: 20 });
    const dead = await connect(url, 'viewer-token', { autoPong: false });
    const alive = await connect(url);
    expect((await dead.closed).code).toBe(1006);
    expect(stream.stats()).toMatchObject({ deadPeers: 1, clients: 1 });
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('ends every client when the server closes, and stops listening to the feed', async () => {
    const url = await start();
    const a = await connect(url);
    const b = await connect(url);
    expect(feed.active).toBe(false);
    // Both ask for the same thing (in another order): they share one queue and still each get every frame.
    await subscribe(a, { series: ['up', 'sip_active_dialogs'] }, sample('up', { target: 'probe' }, 1));
    await subscribe(b, { series: ['sip_active_dialogs', 'up'] }, sample('up', { target: 'probe' }, 1));
    a.received.length = 0;
    expect(feed.active).toBe(true);
    feed.samples([sample('sip_active_dialogs', { target: 'core-1' }, 42)]);
    for (const client of [a, b]) expect(((await client.next('samples')).samples as WireSample[]).map((s) => s.v)).toEqual([42]);
    await running?.close();
    running = undefined;
    expect(await a.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await b.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(feed.active).toBe(false);
  });
});
