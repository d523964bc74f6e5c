import type { ChannelConfigOf } from './channel-config.js';
import type { Notifier, OutgoingMessage } from './notification.js';
import type { NotifierDeps } from './notifier-deps.js';
import { postJson } from './post-json.js';
import { teamsPayload } from './teams-payload.js';

/** Posts Adaptive Cards to a Microsoft Teams Workflows webhook. */
export function createTeamsNotifier(config: ChannelConfigOf<'teams'>, deps: NotifierDeps): Notifier {
  const log = deps.log.child({ channel: config.name, kind: config.kind });
  return {
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const body = JSON.stringify(teamsPayload(message, config.language));
      await postJson({ url: config.webhook_url, body, timeoutMs: config.timeout, signal, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
      log.debug({ key: message.idempotencyKey }, 'teams message delivered');
    },
  };
}
