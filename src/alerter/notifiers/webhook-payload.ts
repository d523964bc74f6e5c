import type { Labels, Severity } from '../../core/index.js';
import type { IncidentEvent, OutgoingMessage } from './notification.js';

/** Version of the webhook JSON schema; bumped only for incompatible changes. */
export const WEBHOOK_SCHEMA_VERSION = 1;

/** An incident as webhook receivers see it: snake_case, ISO-8601 UTC times, `null` for what is not set yet. */
export interface WebhookIncident {
  readonly number: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly status: string;
  readonly level: string;
  readonly labels: Labels;
  readonly affected_targets: readonly string[];
  readonly affected_users: number;
  readonly occurred_at: string;
  readonly registered_at: string;
  readonly attention_due: string;
  readonly solution_due: string;
  readonly acknowledged_at: string | null;
  readonly resolved_at: string | null;
  readonly closed_at: string | null;
  readonly category: string | null;
  readonly resolution: string | null;
}

/** One alert as webhook receivers see it. */
export interface WebhookAlert {
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'firing' | 'resolved';
  readonly since: string;
  readonly value: number | null;
}

/** The body of every webhook POST (schema version 1). */
export type WebhookPayload =
  | {
      readonly version: typeof WEBHOOK_SCHEMA_VERSION;
      readonly idempotency_key: string;
      readonly type: 'incident';
      readonly event: IncidentEvent;
      readonly incident: WebhookIncident;
      readonly alerts: readonly WebhookAlert[];
      readonly url?: string;
      readonly sent_at: string;
    }
  | {
      readonly version: typeof WEBHOOK_SCHEMA_VERSION;
      readonly idempotency_key: string;
      readonly type: 'heartbeat';
      readonly at: string;
      readonly sent_at: string;
    };

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | undefined): string | null => (ms === undefined ? null : iso(ms));

/** The stable JSON document for a message, stamped with the time it is sent. */
export function webhookPayload(message: OutgoingMessage, sentAt: number): WebhookPayload {
  const { notification } = message;
  const head = { version: WEBHOOK_SCHEMA_VERSION, idempotency_key: message.idempotencyKey } as const;
  if (notification.type === 'heartbeat') {
    return { ...head, type: 'heartbeat', at: iso(notification.at), sent_at: iso(sentAt) };
  }
  const { incident } = notification;
  return {
    ...head,
    type: 'incident',
    event: notification.event,
    incident: {
      number: incident.number,
      title: incident.title,
      description: incident.description,
      severity: incident.severity,
      status: incident.status,
      level: incident.level,
      labels: incident.labels,
      affected_targets: incident.affectedTargets,
      affected_users: incident.affectedUsers,
      occurred_at: iso(incident.occurredAt),
      registered_at: iso(incident.registeredAt),
      attention_due: iso(incident.attentionDue),
      solution_due: iso(incident.solutionDue),
      acknowledged_at: isoOrNull(incident.acknowledgedAt),
      resolved_at: isoOrNull(incident.resolvedAt),
      closed_at: isoOrNull(incident.closedAt),
      category: incident.category ?? null,
      resolution: incident.resolution ?? null,
    },
    alerts: notification.alerts.map((alert) => ({
      labels: alert.labels,
      annotations: alert.annotations,
      state: alert.state,
      since: iso(alert.since),
      value: alert.value ?? null,
    })),
    ...(notification.url === undefined ? {} : { url: notification.url }),
    sent_at: iso(sentAt),
  };
}
