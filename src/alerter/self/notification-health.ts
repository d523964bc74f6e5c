import { type Sample, type SampleAppender, seriesKey } from '../../core/index.js';
import { RuleConfig } from '../../config/index.js';

/** The outbox figures the NOC records about itself. */
export interface OutboxHealth {
  readonly pending: number;
  /** Age of the oldest message not yet delivered; 0 when none waits. */
  readonly oldestPendingAgeSeconds: number;
  readonly sent: number;
  readonly failed: number;
  readonly dead: number;
}

/** How old the oldest undelivered notification may grow before the NOC alerts about itself. */
export const STUCK_NOTIFICATION_SECONDS = 300;

/** The metric the self-alert watches. */
export const OLDEST_PENDING_METRIC = 'noc_notifications_oldest_pending_seconds';

/**
 * The built-in rule that fires when a notification has waited more than five minutes: the receivers may
 * be unreachable, so the alert shows on the dashboard and opens an incident like any other.
 */
export const NOTIFICATIONS_STUCK_RULE: RuleConfig = RuleConfig.parse({
  name: 'noc_notifications_stuck',
  kind: 'threshold',
  select: OLDEST_PENDING_METRIC,
  op: '>',
  value: STUCK_NOTIFICATION_SECONDS,
  severity: 'S2',
  group_by: [],
  labels: { component: 'notifications' },
  annotations: {
    summary: 'Notifications are not being delivered: the oldest has waited {{ $value }} s',
    description: 'Check the channels\' receivers (SMTP server, webhook endpoints) and GET /api/v1/notifications?status=pending.',
  },
});

/** The outbox figures as samples of the NOC's own series, so rules, forensics and dashboards see them. */
export function notificationHealthSamples(health: OutboxHealth, at: number): Sample[] {
  const sample = (metric: string, value: number): Sample => ({ series: seriesKey(metric), t: at, v: value });
  return [
    sample('noc_notifications_pending', health.pending),
    sample(OLDEST_PENDING_METRIC, health.oldestPendingAgeSeconds),
    sample('noc_notifications_sent_total', health.sent),
    sample('noc_notifications_failed_total', health.failed),
    sample('noc_notifications_dead_total', health.dead),
  ];
}

/** Appends the outbox figures now. */
export async function recordNotificationHealth(appender: SampleAppender, health: () => Promise<OutboxHealth>, at: number): Promise<void> {
  await appender.append(notificationHealthSamples(await health(), at));
}
