import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { Name } from '../names.js';
import { HookTimeout, HookUrl, NotificationLanguage } from './channel-common.js';

/** A Microsoft Teams channel reached through a Workflows webhook (Adaptive Card message). */
export const TeamsChannelConfig = z.strictObject({
  name: Name,
  kind: z.literal('teams'),
  /** The Workflows ("When a Teams webhook request is received") URL; a credential like Slack's. */
  webhook_url: HookUrl,
  language: NotificationLanguage,
  timeout: HookTimeout,
});
/** A Teams channel's config. */
export type TeamsChannelConfig = DeepReadonly<z.infer<typeof TeamsChannelConfig>>;
