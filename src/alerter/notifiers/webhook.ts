import { systemClock } from '../../core/index.js';
import type { ChannelConfigOf } from './channel-config.js';
import type { Notifier, OutgoingMessage } from './notification.js';
import type { NotifierDeps } from './notifier-deps.js';
import { postJson } from './post-json.js';
import { webhookPayload } from './webhook-payload.js';
import { webhookSignature } from './webhook-signature.js';

/** Posts the versioned JSON document of {@link webhookPayload}, signed when the channel has a secret. */
export function createWebhookNotifier(config: ChannelConfigOf<'webhook'>, deps: NotifierDeps): Notifier {
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ channel: config.name, kind: config.kind });
  return {
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const now = clock.now();
      const body = JSON.stringify(webhookPayload(message, now));
      const headers: Record<string, string> = { ...config.headers, 'Idempotency-Key': message.idempotencyKey };
      if (config.secret !== undefined) {
        const timestamp = Math.floor(now / 1000);
        headers['X-NOC-Timestamp'] = String(timestamp);
        headers['X-NOC-Signature'] = webhookSignature(config.secret, timestamp, body);
      }
      await postJson({ url: config.url, body, headers, timeoutMs: config.timeout, signal, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
      log.debug({ key: message.idempotencyKey }, 'webhook delivered');
    },
  };
}
