import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { PositiveDuration } from './duration.js';
import { Name } from './names.js';

/** Back-off between delivery attempts: the ceiling grows from `initial` by `factor` up to `max`. */
export const RetryConfig = z
  .strictObject({
    /** Ceiling of the first wait; the actual wait is drawn at random below it (full jitter). */
    initial: PositiveDuration.prefault('5s'),
    factor: z.number({ error: 'expected a number such as 2' }).min(1, { message: 'must be 1 or more' }).default(2),
    max: PositiveDuration.prefault('10m'),
  })
  .refine((retry) => retry.max >= retry.initial, { message: 'max must not be shorter than initial', path: ['max'] });
/** Back-off between delivery attempts (ms). */
export type RetryConfig = DeepReadonly<z.infer<typeof RetryConfig>>;

/** The dead man's switch: a notification sent on a fixed schedule so its absence raises the alarm elsewhere. */
export const HeartbeatConfig = z.strictObject({
  /** The configured channel the heartbeat goes to (usually a webhook of an external watchdog). */
  channel: Name,
  interval: PositiveDuration.prefault('5m'),
});
/** The dead man's switch (ms). */
export type HeartbeatConfig = DeepReadonly<z.infer<typeof HeartbeatConfig>>;

/** How the durable outbox delivers notifications. */
export const OutboxConfig = z.strictObject({
  /** How often due messages (retries) are looked for; new messages wake the worker at once. */
  poll_interval: PositiveDuration.prefault('1s'),
  /** Deliveries in flight at once, over all channels. */
  concurrency: z.int({ error: 'expected a whole number' }).min(1, { message: 'must be 1 or more' }).default(4),
  /** One attempt is aborted (and retried) after this long; a crashed process's messages return after twice it. */
  send_timeout: PositiveDuration.prefault('30s'),
  /** A message not delivered by this age is given up on (dead letter) instead of sent late. */
  max_age: PositiveDuration.prefault('24h'),
  retry: RetryConfig.prefault({}),
});
/** How the durable outbox delivers notifications (durations in ms). */
export type OutboxConfig = DeepReadonly<z.infer<typeof OutboxConfig>>;
