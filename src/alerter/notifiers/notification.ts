import type { IncidentStatus, Labels, Severity, SupportLevel } from '../../core/index.js';

/** Why an incident notification is sent. */
export type IncidentEvent =
  /** First notice of a new incident (after the route's group_wait). */
  | 'opened'
  /** Alerts joined or left, severity rose, or the status changed while open (after group_interval). */
  | 'updated'
  /** Nothing changed but the incident is still unacknowledged (after repeat_interval). */
  | 'repeat'
  /** The incident moved up a support level; sent to the new level's receivers. */
  | 'escalated'
  | 'resolved'
  | 'closed'
  /** Reply to a report received by e-mail: the new incident's tracking number. */
  | 'received'
  /** Reply to an e-mail whose subject named an existing incident: it was added to the timeline. */
  | 'appended';

/** All incident events. */
export const INCIDENT_EVENTS: readonly IncidentEvent[] = [
  'opened',
  'updated',
  'repeat',
  'escalated',
  'resolved',
  'closed',
  'received',
  'appended',
];

/** The incident fields a notification shows. Times are ms since the Unix epoch (UTC). */
export interface IncidentSummary {
  readonly number: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly level: SupportLevel;
  readonly labels: Labels;
  readonly affectedTargets: readonly string[];
  readonly affectedUsers: number;
  readonly occurredAt: number;
  readonly registeredAt: number;
  readonly attentionDue: number;
  readonly solutionDue: number;
  readonly acknowledgedAt?: number;
  readonly resolvedAt?: number;
  readonly closedAt?: number;
  readonly category?: string;
  readonly resolution?: string;
}

/** One alert of an incident's digest. */
export interface AlertSummary {
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'firing' | 'resolved';
  /** When it started firing, ms since the epoch. */
  readonly since: number;
  readonly value?: number;
}

/** A notification about one incident: a digest of its alerts and its state now. */
export interface IncidentNotification {
  readonly type: 'incident';
  readonly event: IncidentEvent;
  readonly incident: IncidentSummary;
  /** Its alerts, firing first; empty for incidents registered by people. */
  readonly alerts: readonly AlertSummary[];
  /** Link to the incident on the dashboard, when the server's public URL is known. */
  readonly url?: string;
}

/** The dead man's switch: proves the whole pipeline (outbox, worker, channel) is alive. */
export interface HeartbeatNotification {
  readonly type: 'heartbeat';
  readonly at: number;
}

/** What goes through the outbox and a channel. */
export type Notification = IncidentNotification | HeartbeatNotification;

/** One delivery to make: stored in the outbox as the payload, handed to a notifier. */
export interface OutgoingMessage {
  /** Stable per message: webhook receivers drop duplicates by it, mail carries it as Message-ID. */
  readonly idempotencyKey: string;
  readonly notification: Notification;
  /** Recipients that replace the channel's own (an on-call engineer, the sender of a reported e-mail). */
  readonly to?: readonly string[];
}

/** Why a delivery failed, and whether trying again may help (a 4xx other than 408/429 will not). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** Sends messages through one configured channel. */
export interface Notifier {
  /** Delivers or throws (a `DeliveryError` says whether to retry; anything else is retried). */
  send(message: OutgoingMessage, signal: AbortSignal): Promise<void>;
  /** Releases connections (SMTP pools). */
  close?(): Promise<void>;
}
