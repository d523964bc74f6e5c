import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { DeliveryError } from './notification.js';
import { createSlackNotifier } from './slack.js';
import { escapeMrkdwn } from './slack-payload.js';
import { startHttpReceiver, type HttpReceiver } from './testing/http-receiver.js';
import { heartbeatMessage, incidentMessage } from './testing/sample-messages.js';

let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
  elements?: { type: string; text?: unknown; url?: string }[];
}

async function deliver(status = 200, message = incidentMessage('opened'), language: 'es' | 'en' = 'en') {
  receiver = await startHttpReceiver((_request, res) => res.writeHead(status).end(status === 200 ? 'ok' : 'invalid_blocks'));
  const notifier = createSlackNotifier(
    { name: 'ops-slack', kind: 'slack', webhook_url: `${receiver.url}/services/T000/B000/SECRETPATH`, language, timeout: 10_000 },
    { log: silentLogger },
  );
  await notifier.send(message, new AbortController().signal);
  const request = receiver.requests[0];
  if (!request) throw new Error('nothing posted');
  return { request, payload: JSON.parse(request.body) as { text: string; blocks: Block[] } };
}

describe('slack notifier', () => {
  it('posts a Block Kit message with a fallback text, escaping what users wrote', async () => {
    const { request, payload } = await deliver();
    expect(request.path).toBe('/services/T000/B000/SECRETPATH');
    expect(request.headers['content-type']).toBe('application/json');
    expect(payload.text).toBe('[S1] NOC-2026-000042 Both cores down — opened');
    expect(payload.blocks.map((block) => block.type)).toEqual(['section', 'section', 'section', 'section', 'actions', 'context']);
    expect(payload.blocks[0]?.text).toEqual({
      type: 'mrkdwn',
      text: '*S1 NOC-2026-000042 Both cores down* — opened\nIncident NOC-2026-000042 was opened.',
    });
    expect(payload.blocks[1]?.fields?.[0]).toEqual({ type: 'mrkdwn', text: '*Severity*\nS1' });
    expect(payload.blocks[1]?.fields?.length).toBeLessThanOrEqual(10);
    expect(payload.blocks[2]?.text?.text).toBe('Core 1 &amp; core 2 stopped answering &lt;OPTIONS&gt;.');
    const alerts = payload.blocks[3]?.text?.text ?? '';
    expect(alerts).toContain('note="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(alerts).toContain('core-1 is down &amp; &lt;b&gt;unreachable&lt;/b&gt;');
    expect(request.body).not.toContain('<script>');
    expect(payload.blocks[4]?.elements?.[0]).toMatchObject({ type: 'button', url: 'https://noc.example.net/incidents/NOC-2026-000042' });
  });

  it('writes Spanish and sends a heartbeat', async () => {
    const { payload } = await deliver(200, heartbeatMessage(), 'es');
    expect(payload.text).toBe('Latido: la cadena de notificaciones funciona');
    expect(payload.blocks[0]?.text?.text).toContain('La cadena de notificaciones funciona');
  });

  it('classifies failures like any webhook, without revealing the webhook path', async () => {
    const error = await deliver(400).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(false);
    expect((error as DeliveryError).message).toContain('HTTP 400: invalid_blocks');
    expect((error as DeliveryError).message).not.toContain('SECRETPATH');

    const retry = await deliver(503).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((retry as DeliveryError).retryable).toBe(true);
  });

  it('escapes exactly the control characters of mrkdwn', () => {
    expect(escapeMrkdwn('a & b < c > d *e*')).toBe('a &amp; b &lt; c &gt; d *e*');
  });
});
