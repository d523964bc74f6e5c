import type { Labels, Severity } from '../../core/index.js';

/** Events read from incidents and their append-only timelines, in the order events of one instant are shown. */
export const INCIDENT_EVENT_KINDS = [
  'incident_ongoing',
  'incident_opened',
  'incident_alert_joined',
  'incident_alert_left',
  'incident_acknowledged',
  'incident_escalated',
  'incident_resolved',
  'incident_reopened',
  'incident_closed',
  'incident_comment',
  'incident_notification_sent',
  'incident_notification_failed',
  'incident_note',
] as const;
/** An event read from an incident or its timeline. */
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/** What a timeline event records; grouped by the source it is read from. */
export type TimelineEventKind =
  // `ALERTS{alertstate}` series written by the rule engine on every transition.
  | 'alert_pending'
  | 'alert_firing'
  | 'alert_resolved'
  | 'alert_inactive'
  // Incidents and their append-only timelines.
  | IncidentEventKind
  // `up{target,probe}` flips.
  | 'target_down'
  | 'target_up'
  // SSL Labs grade (`ssllabs_grade_score`, `ssllabs_grade_info`) and certificate (`tls_cert_expiry_seconds`) changes.
  | 'ssl_grade_changed'
  | 'certificate_changed'
  // Maintenance windows (config and API).
  | 'maintenance_ongoing'
  | 'maintenance_started'
  | 'maintenance_ended'
  // The NOC's own `/metrics`, scraped as a target.
  | 'config_reloaded'
  | 'config_reload_failed';

/** Every timeline event kind. */
export const TIMELINE_EVENT_KINDS: readonly TimelineEventKind[] = [
  'alert_pending',
  'alert_firing',
  'alert_resolved',
  'alert_inactive',
  ...INCIDENT_EVENT_KINDS,
  'target_down',
  'target_up',
  'ssl_grade_changed',
  'certificate_changed',
  'maintenance_ongoing',
  'maintenance_started',
  'maintenance_ended',
  'config_reloaded',
  'config_reload_failed',
];

/** A closed window [from, to] in ms since the Unix epoch. */
export interface TimelineWindow {
  readonly from: number;
  readonly to: number;
}

/** One thing that happened, with enough context to show it in a list and link it to its source. */
export interface TimelineEvent {
  /** ms since the Unix epoch, within the window. */
  readonly at: number;
  readonly kind: TimelineEventKind;
  /** Human text, e.g. `sbc-1 down (sip_options)`. */
  readonly title: string;
  /** The labels of the series the event was read from, or the incident's labels. */
  readonly labels: Labels;
  readonly target?: string;
  readonly ip?: string;
  readonly severity?: Severity;
  /** Tracking number of the incident the event belongs to. */
  readonly incident?: string;
  /** Source-specific facts: previous values, actors, window names… */
  readonly details: Readonly<Record<string, unknown>>;
}
