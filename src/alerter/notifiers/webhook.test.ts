import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, silentLogger } from '../../core/index.js';
import type { ChannelConfigOf } from './channel-config.js';
import { DeliveryError } from './notification.js';
import { startHttpReceiver, type HttpReceiver, type Responder } from './testing/http-receiver.js';
import { SAMPLE_NOW, heartbeatMessage, incidentMessage } from './testing/sample-messages.js';
import { createWebhookNotifier } from './webhook.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const SECRET = 'webhook-secret-0123456789';

let receiver: HttpReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function config(url: string, extra: Partial<ChannelConfigOf<'webhook'>> = {}): ChannelConfigOf<'webhook'> {
  return { name: 'pager', kind: 'webhook', url, headers: {}, timeout: 10_000, ...extra };
}

async function start(respond: Responder): Promise<HttpReceiver> {
  receiver = await startHttpReceiver(respond);
  return receiver;
}

const ok: Responder = (_request, res) => res.writeHead(204).end();

async function failureOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

describe('webhook notifier', () => {
  it('posts the versioned JSON document with a verifiable HMAC signature and the idempotency header', async () => {
    const server = await start((request, res) => {
      const timestamp = String(request.headers['x-noc-timestamp']);
      const signature = String(request.headers['x-noc-signature']);
      const valid = verifyWebhookSignature(SECRET, timestamp, request.body, signature);
      res.writeHead(valid ? 200 : 401).end(valid ? 'ok' : 'bad signature');
    });
    const clock = new ManualClock(SAMPLE_NOW + 1_500);
    const notifier = createWebhookNotifier(config(`${server.url}/hook`, { secret: SECRET, headers: { 'X-Tenant': 'carrier' } }), {
      log: silentLogger,
      clock,
    });

    await notifier.send(incidentMessage('opened'), new AbortController().signal);

    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('NOC-2026-000042.opened.1');
    expect(request?.headers['x-tenant']).toBe('carrier');
    expect(request?.headers['x-noc-timestamp']).toBe(String(Math.floor((SAMPLE_NOW + 1_500) / 1000)));
    // Recomputed here independently of the library's helper.
    const expected = createHmac('sha256', SECRET).update(`${String(request?.headers['x-noc-timestamp'])}.${request?.body ?? ''}`).digest('hex');
    expect(request?.headers['x-noc-signature']).toBe(`sha256=${expected}`);

    const payload: unknown = JSON.parse(request?.body ?? '');
    expect(payload).toEqual({
      version: 1,
      idempotency_key: 'NOC-2026-000042.opened.1',
      type: 'incident',
      event: 'opened',
      incident: {
        number: 'NOC-2026-000042',
        title: 'Both cores down',
        description: 'Core 1 & core 2 stopped answering <OPTIONS>.',
        severity: 'S1',
        status: 'registered',
        level: 'L1',
        labels: { tier: 'core' },
        affected_targets: ['core-1', 'core-2'],
        affected_users: 240000,
        occurred_at: '2026-03-01T14:03:00.000Z',
        registered_at: '2026-03-01T14:04:00.000Z',
        attention_due: '2026-03-01T15:04:00.000Z',
        solution_due: '2026-03-01T17:04:00.000Z',
        acknowledged_at: null,
        resolved_at: null,
        closed_at: null,
        category: null,
        resolution: null,
      },
      alerts: [
        {
          labels: { alertname: 'core-down', target: 'core-1', note: '<script>alert(1)</script>' },
          annotations: { summary: 'core-1 is down & <b>unreachable</b>' },
          state: 'firing',
          since: '2026-03-01T14:03:00.000Z',
          value: 0,
        },
        { labels: { alertname: 'core-down', target: 'core-2' }, annotations: {}, state: 'resolved', since: '2026-03-01T14:03:30.000Z', value: null },
      ],
      url: 'https://noc.example.net/incidents/NOC-2026-000042',
      sent_at: '2026-03-01T14:05:01.500Z',
    });
  });

  it('a receiver with another secret rejects the signature', async () => {
    const server = await start((request, res) => {
      const valid = verifyWebhookSignature('another-secret-0123456789', String(request.headers['x-noc-timestamp']), request.body, String(request.headers['x-noc-signature']));
      res.writeHead(valid ? 200 : 401).end();
    });
    const notifier = createWebhookNotifier(config(server.url, { secret: SECRET }), { log: silentLogger });
    const error = await failureOf(notifier.send(incidentMessage(), new AbortController().signal));
    expect(error.message).toContain('HTTP 401');
    expect(error.retryable).toBe(false);
  });

  it('sends no signature headers without a secret, and a heartbeat document', async () => {
    const server = await start(ok);
    const notifier = createWebhookNotifier(config(server.url), { log: silentLogger, clock: new ManualClock(SAMPLE_NOW + 2_000) });
    await notifier.send(heartbeatMessage('hb-1'), new AbortController().signal);
    const [request] = server.requests;
    expect(request?.headers['x-noc-signature']).toBeUndefined();
    expect(request?.headers['x-noc-timestamp']).toBeUndefined();
    expect(request?.headers['idempotency-key']).toBe('hb-1');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      version: 1,
      idempotency_key: 'hb-1',
      type: 'heartbeat',
      at: '2026-03-01T14:05:00.000Z',
      sent_at: '2026-03-01T14:05:02.000Z',
    });
  });

  const statuses: readonly (readonly [number, boolean])[] = [
    [500, true],
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [404, false],
    [410, false],
  ];
  it.each(statuses)('classifies HTTP %i as retryable=%s, naming the status and a body excerpt but never the secret', async (status, retryable) => {
    const server = await start((_request, res) => res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`receiver says no\n${'x'.repeat(500)}`));
    const notifier = createWebhookNotifier(config(server.url, { secret: SECRET }), { log: silentLogger });
    const error = await failureOf(notifier.send(incidentMessage(), new AbortController().signal));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain('receiver says no x');
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).not.toContain(SECRET);
  });

  it('does not follow redirects (a POST would silently turn into a GET)', async () => {
    const server = await start((_request, res) => res.writeHead(302, { Location: '/elsewhere' }).end());
    const notifier = createWebhookNotifier(config(server.url), { log: silentLogger });
    const error = await failureOf(notifier.send(incidentMessage(), new AbortController().signal));
    expect(error.message).toContain('HTTP 302');
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a receiver that never answers, as retryable', async () => {
    const server = await start(() => undefined);
    const notifier = createWebhookNotifier(config(server.url, { timeout: 300 }), { log: silentLogger });
    const error = await failureOf(notifier.send(incidentMessage(), new AbortController().signal));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('did not answer within 300 ms');
    expect(server.requests).toHaveLength(1);
  });

  it('stops when the caller aborts, as retryable', async () => {
    const controller = new AbortController();
    const server = await start(() => controller.abort());
    const notifier = createWebhookNotifier(config(server.url), { log: silentLogger });
    const error = await failureOf(notifier.send(incidentMessage(), controller.signal));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('cancelled');
  });

  it('treats a refused connection as retryable', async () => {
    const server = await start(ok);
    const url = server.url;
    await server.close();
    receiver = undefined;
    const notifier = createWebhookNotifier(config(url), { log: silentLogger });
    const error = await failureOf(notifier.send(incidentMessage(), new AbortController().signal));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('cannot reach http://127.0.0.1');
  });
});
