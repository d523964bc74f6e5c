import { z } from 'zod';
import { Name } from './schema/names.js';

function looseChannelKind<K extends string>(kind: K) {
  return z.looseObject({ name: Name, kind: z.literal(kind) });
}

/** Every notification channel kind and its config schema; adding a notifier is one line here. */
export const CHANNEL_KINDS = {
  email: looseChannelKind('email'),
  webhook: looseChannelKind('webhook'),
  slack: looseChannelKind('slack'),
  teams: looseChannelKind('teams'),
} as const;

/** A notification channel kind name. */
export type ChannelKind = keyof typeof CHANNEL_KINDS;
