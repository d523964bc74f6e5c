import { EmailChannelConfig } from './schema/channels/email.js';
import { SlackChannelConfig } from './schema/channels/slack.js';
import { TeamsChannelConfig } from './schema/channels/teams.js';
import { WebhookChannelConfig } from './schema/channels/webhook.js';

/** Every notification channel kind and its config schema; adding a notifier is one line here (and its notifier). */
export const CHANNEL_KINDS = {
  email: EmailChannelConfig,
  webhook: WebhookChannelConfig,
  slack: SlackChannelConfig,
  teams: TeamsChannelConfig,
} as const;

/** A notification channel kind name. */
export type ChannelKind = keyof typeof CHANNEL_KINDS;

/** All channel kind names, in registry order. */
export const CHANNEL_KIND_NAMES = Object.keys(CHANNEL_KINDS) as ChannelKind[];
