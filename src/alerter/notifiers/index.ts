import type { ChannelConfig, ChannelKind } from '../../config/index.js';
import type { ChannelConfigOf } from './channel-config.js';
import { createEmailNotifier } from './email.js';
import type { Notifier } from './notification.js';
import type { NotifierDeps } from './notifier-deps.js';
import { createSlackNotifier } from './slack.js';
import { createTeamsNotifier } from './teams.js';
import { createWebhookNotifier } from './webhook.js';

export type { ChannelConfigOf } from './channel-config.js';
export * from './notification.js';
export type { FetchLike, NotifierDeps } from './notifier-deps.js';
export { NOTIFICATION_STRINGS, formatUtc, notificationView, type NotificationLanguage, type NotificationView } from './notification-view.js';
export { createMailSender } from './mail-sender.js';
export { renderEmail, type RenderedEmail } from './render-email.js';
export { slackPayload, type SlackPayload } from './slack-payload.js';
export { teamsPayload, type TeamsPayload } from './teams-payload.js';
export { WEBHOOK_SCHEMA_VERSION, webhookPayload, type WebhookPayload } from './webhook-payload.js';
export { verifyWebhookSignature, webhookSignature } from './webhook-signature.js';
export { createEmailNotifier, createSlackNotifier, createTeamsNotifier, createWebhookNotifier };

/** Builds the notifier of one channel kind. */
export type NotifierFactory<K extends ChannelKind> = (config: ChannelConfigOf<K>, deps: NotifierDeps) => Notifier;

/** Every channel kind's notifier; adding a kind is one line here (and its schema in config/channel-kinds.ts). */
export const NOTIFIERS: { readonly [K in ChannelKind]: NotifierFactory<K> } = {
  email: createEmailNotifier,
  webhook: createWebhookNotifier,
  slack: createSlackNotifier,
  teams: createTeamsNotifier,
};

/** The notifier of a configured channel, whatever its kind. */
export function createNotifier(config: ChannelConfig, deps: NotifierDeps): Notifier {
  // TypeScript cannot correlate `config.kind` with the factory picked by it; the registry's type guarantees the match.
  const factory = NOTIFIERS[config.kind] as NotifierFactory<ChannelKind>;
  return factory(config as never, deps);
}
