import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { CHANNEL_KINDS } from '../channel-kinds.js';
import { discriminatedRegistry } from './discriminated-registry.js';
import { BusinessHours } from './business-hours.js';
import { Duration } from './duration.js';
import { EscalationPolicy } from './escalation.js';
import { LabelSet } from './labels.js';
import { InboundEmailConfig } from './inbound-email.js';
import { Name } from './names.js';
import { OnCallSchedule } from './on-call.js';
import { HeartbeatConfig, OutboxConfig } from './outbox.js';

/** A place notifications go (a mailbox, a webhook…). */
export const ChannelConfig = discriminatedRegistry('channel', CHANNEL_KINDS);
/** A place notifications go. */
export type ChannelConfig = DeepReadonly<z.infer<typeof ChannelConfig>>;

/** A receiver of one support level: a channel, or a channel sending to whoever is on call in a schedule. */
export const LevelReceiver = z.union([Name, z.strictObject({ channel: Name, on_call: Name })], {
  error: 'expected a channel name, or {channel, on_call} naming a channel and an on-call schedule',
});
/** A receiver of one support level. */
export type LevelReceiver = DeepReadonly<z.infer<typeof LevelReceiver>>;

const Receivers = z.array(LevelReceiver);

/** Receivers per support level: L1 first, L2 and L3 on escalation. */
export const LevelChannels = z.strictObject({
  L1: Receivers.default([]),
  L2: Receivers.default([]),
  L3: Receivers.default([]),
});
/** Receivers per support level. */
export type LevelChannels = DeepReadonly<z.infer<typeof LevelChannels>>;

/** When a route applies: always, only inside the support centre's business hours, or only outside them. */
export const RouteHours = z.enum(['always', 'business_hours', 'after_hours'], {
  error: 'expected always, business_hours or after_hours',
});

/** Which incidents go where, with Alertmanager's grouping timers. */
export const RouteConfig = z.strictObject({
  /** Names the route in the notification log; defaults to its position (`route-1`…). */
  name: Name.optional(),
  /**
   * Labels an incident must carry (all of them) to take this route; empty matches everything. Matched on
   * the incident's labels, the labels all its alerts share, `severity` and `source`.
   */
  match: LabelSet.default({}),
  when: RouteHours.default('always'),
  // A plain list is shorthand for the first level.
  channels: z.preprocess((value) => (Array.isArray(value) ? { L1: value } : value), LevelChannels),
  /** Wait this long after an incident opens before the first notice, so alerts of a storm join one digest. */
  group_wait: Duration.prefault('30s'),
  /** At most one update notice per incident per this interval. */
  group_interval: Duration.prefault('5m'),
  /** Repeat the notice this often while the incident stays unacknowledged. */
  repeat_interval: Duration.prefault('4h'),
  send_resolved: z.boolean().default(true),
  send_closed: z.boolean().default(false),
  /** Try the next routes too after this one matched (by default the first match wins). */
  continue: z.boolean().default(false),
  /** This route's escalation policy instead of `notifications.escalation`. */
  escalation: EscalationPolicy.optional(),
});
/** Which incidents go where. */
export type RouteConfig = DeepReadonly<z.infer<typeof RouteConfig>>;

/** Channels, routes, escalation, on-call schedules and the support centre's hours. */
export const NotificationsConfig = z.strictObject({
  channels: z.array(ChannelConfig).default([]),
  routes: z.array(RouteConfig).default([]),
  /** The escalation policy of routes that set none. */
  escalation: EscalationPolicy.prefault({}),
  schedules: z.array(OnCallSchedule).default([]),
  business_hours: BusinessHours,
  outbox: OutboxConfig.prefault({}),
  heartbeat: HeartbeatConfig.optional(),
  /** Reports received by e-mail become incidents (off unless set). */
  inbound_email: InboundEmailConfig.optional(),
});
/** Channels, routes, escalation, on-call schedules and business hours. */
export type NotificationsConfig = DeepReadonly<z.infer<typeof NotificationsConfig>>;
