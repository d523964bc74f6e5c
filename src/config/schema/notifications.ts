import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { CHANNEL_KINDS } from '../channel-kinds.js';
import { discriminatedRegistry } from './discriminated-registry.js';
import { Duration } from './duration.js';
import { LabelSet } from './labels.js';
import { Name } from './names.js';

/** A place notifications go (a mailbox, a webhook…). */
export const ChannelConfig = discriminatedRegistry('channel', CHANNEL_KINDS);
/** A place notifications go. */
export type ChannelConfig = DeepReadonly<z.infer<typeof ChannelConfig>>;

const ChannelNames = z.array(Name);

/** Channels per support level: L1 first, L2 and L3 on escalation. */
export const LevelChannels = z.strictObject({
  L1: ChannelNames.default([]),
  L2: ChannelNames.default([]),
  L3: ChannelNames.default([]),
});
/** Channels per support level. */
export type LevelChannels = DeepReadonly<z.infer<typeof LevelChannels>>;

/** Which alerts go where, with Alertmanager's grouping timers. */
export const RouteConfig = z.strictObject({
  /** Labels an alert must carry (all of them) to take this route; empty matches everything. */
  match: LabelSet.default({}),
  // A plain list is shorthand for the first level.
  channels: z.preprocess((value) => (Array.isArray(value) ? { L1: value } : value), LevelChannels),
  group_wait: Duration.prefault('30s'),
  group_interval: Duration.prefault('5m'),
  repeat_interval: Duration.prefault('4h'),
});
/** Which alerts go where. */
export type RouteConfig = DeepReadonly<z.infer<typeof RouteConfig>>;

/** When an unacknowledged or unresolved incident moves up a level. */
export const EscalationLevel = z.strictObject({
  ack_timeout: Duration.optional(),
  resolve_timeout: Duration.optional(),
});

/** Escalation timers per support level. */
export const EscalationConfig = z.strictObject({
  L1: EscalationLevel.optional(),
  L2: EscalationLevel.optional(),
  L3: EscalationLevel.optional(),
});
/** Escalation timers per support level. */
export type EscalationConfig = DeepReadonly<z.infer<typeof EscalationConfig>>;

/** Channels, routes and escalation. */
export const NotificationsConfig = z.strictObject({
  channels: z.array(ChannelConfig).default([]),
  routes: z.array(RouteConfig).default([]),
  escalation: EscalationConfig.prefault({}),
});
/** Channels, routes and escalation. */
export type NotificationsConfig = DeepReadonly<z.infer<typeof NotificationsConfig>>;
