import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { DeliveryError } from './notification.js';
import { createTeamsNotifier } from './teams.js';
import { startHttpReceiver, type HttpReceiver } from './testing/http-receiver.js';
import { heartbeatMessage, incidentMessage } from './testing/sample-messages.js';

let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

interface Card {
  $schema: string;
  type: string;
  version: string;
  body: { type: string; text?: string; facts?: { title: string; value: string }[]; color?: string }[];
  actions?: { type: string; title: string; url: string }[];
}
interface Payload {
  type: string;
  attachments: { contentType: string; contentUrl: null; content: Card }[];
}

async function deliver(status = 202, message = incidentMessage('escalated'), language: 'es' | 'en' = 'en') {
  receiver = await startHttpReceiver((_request, res) => res.writeHead(status).end());
  const notifier = createTeamsNotifier(
    { name: 'ops-teams', kind: 'teams', webhook_url: `${receiver.url}/workflows/abc/triggers/manual/paths/invoke?sig=SECRET`, language, timeout: 10_000 },
    { log: silentLogger },
  );
  await notifier.send(message, new AbortController().signal);
  const request = receiver.requests[0];
  if (!request) throw new Error('nothing posted');
  return { request, payload: JSON.parse(request.body) as Payload };
}

describe('teams notifier', () => {
  it('posts one Adaptive Card attachment in the Workflows webhook format', async () => {
    const { request, payload } = await deliver(202, incidentMessage('escalated'), 'es');
    expect(request.headers['content-type']).toBe('application/json');
    expect(payload.type).toBe('message');
    expect(payload.attachments).toHaveLength(1);
    const [attachment] = payload.attachments;
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment?.contentUrl).toBeNull();
    const card = attachment?.content;
    expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
    expect(card?.body[0]).toMatchObject({ type: 'TextBlock', text: 'S1 · NOC-2026-000042 · escalado', color: 'Attention' });
    expect(card?.body[1]).toMatchObject({ type: 'TextBlock', text: 'Both cores down', weight: 'Bolder' });
    expect(card?.body[2]?.text).toBe('El incidente NOC-2026-000042 se escaló al nivel de soporte L1.');
    const facts = card?.body.find((element) => element.type === 'FactSet')?.facts;
    expect(facts?.[0]).toEqual({ title: 'Severidad', value: 'S1' });
    expect(facts).toContainEqual({ title: 'Estado', value: 'registrado' });
    expect(card?.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Abrir el incidente', url: 'https://noc.example.net/incidents/NOC-2026-000042' }]);
  });

  it('leaves out the link when the dashboard URL is unknown, and sends a heartbeat card', async () => {
    const { payload } = await deliver(200, incidentMessage('resolved', { url: null }));
    expect(payload.attachments[0]?.content.actions).toBeUndefined();
    expect(payload.attachments[0]?.content.body[0]?.color).toBe('Good');
    await receiver?.close();
    const heartbeat = await deliver(200, heartbeatMessage());
    expect(heartbeat.payload.attachments[0]?.content.body[0]?.text).toBe('Heartbeat: notification pipeline alive');
  });

  it('classifies failures like any webhook, without revealing the signed URL', async () => {
    const error = await deliver(429).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(true);
    expect((error as DeliveryError).message).not.toContain('SECRET');
  });
});
