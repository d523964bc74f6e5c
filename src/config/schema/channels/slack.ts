import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { Name } from '../names.js';
import { HookTimeout, HookUrl, NotificationLanguage } from './channel-common.js';

/** A Slack channel reached through an incoming webhook (Block Kit message). */
export const SlackChannelConfig = z.strictObject({
  name: Name,
  kind: z.literal('slack'),
  /** The incoming-webhook URL; it is a credential, so prefer `webhook_url_file` or `${ENV}`. */
  webhook_url: HookUrl,
  language: NotificationLanguage,
  timeout: HookTimeout,
});
/** A Slack channel's config. */
export type SlackChannelConfig = DeepReadonly<z.infer<typeof SlackChannelConfig>>;
