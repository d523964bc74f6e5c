import type { Incident, IncidentStore, Labels, TimelineEntry } from '../../core/index.js';
import { type TargetFilter, touchesTargets } from './target-filter.js';
import type { TimelineEvent, TimelineEventKind, TimelineWindow } from './timeline-event.js';

/** An incident with its whole timeline. */
export interface IncidentHistory {
  readonly incident: Incident;
  readonly entries: readonly TimelineEntry[];
}

/** What the incident events are built from, and the histories read (to link alerts to their incidents). */
export interface IncidentEvents {
  readonly events: TimelineEvent[];
  readonly histories: readonly IncidentHistory[];
}

const KIND_OF_ACTION: Readonly<Record<string, TimelineEventKind>> = {
  registered: 'incident_opened',
  alert_joined: 'incident_alert_joined',
  alert_left: 'incident_alert_left',
  acknowledged: 'incident_acknowledged',
  escalated: 'incident_escalated',
  resolved: 'incident_resolved',
  reopened: 'incident_reopened',
  closed: 'incident_closed',
  comment: 'incident_comment',
  notification_sent: 'incident_notification_sent',
  notification_failed: 'incident_notification_failed',
  notification_dead: 'incident_notification_failed',
};

/** Statuses an incident may still change from. */
const UNCLOSED = ['registered', 'diagnosing', 'resolved'] as const;

/**
 * Incident events in the window: every timeline entry of an incident registered in or overlapping it,
 * plus `incident_ongoing` at `from` for each incident open then. The store filters on `registeredAt`
 * only, so two lists cover the overlap: every unclosed incident, and those registered up to
 * `lookbackMs` before the window (an incident closed in the window but registered earlier than that is missed).
 */
export async function incidentEvents(
  store: Pick<IncidentStore, 'list' | 'timeline'>,
  window: TimelineWindow,
  lookbackMs: number,
  targets: TargetFilter,
): Promise<IncidentEvents> {
  const [unclosed, recent] = await Promise.all([store.list({ status: [...UNCLOSED], to: window.to }), store.list({ from: window.from - lookbackMs, to: window.to })]);
  const byNumber = new Map<string, Incident>();
  for (const incident of [...unclosed, ...recent]) {
    if (incident.registeredAt > window.to) continue;
    if (incident.closedAt !== undefined && incident.closedAt < window.from) continue;
    if (!touchesTargets(incident.affectedTargets, targets)) continue;
    byNumber.set(incident.number, incident);
  }
  const incidents = [...byNumber.values()].sort((a, b) => a.registeredAt - b.registeredAt || (a.number < b.number ? -1 : 1));
  const histories = await Promise.all(incidents.map(async (incident) => ({ incident, entries: await store.timeline(incident.number) })));
  const events: TimelineEvent[] = [];
  for (const history of histories) {
    if (openAt(history, window.from)) events.push(ongoing(history.incident, window.from));
    for (const entry of history.entries) {
      if (entry.at >= window.from && entry.at <= window.to) events.push(entryEvent(history.incident, entry));
    }
  }
  return { events, histories };
}

/** Whether the incident was registered before `at` and neither resolved nor closed at that moment. */
function openAt({ incident, entries }: IncidentHistory, at: number): boolean {
  if (incident.registeredAt >= at) return false;
  let open = true;
  for (const entry of entries) {
    if (entry.at >= at) break;
    if (entry.action === 'resolved' || entry.action === 'closed') open = false;
    else if (entry.action === 'reopened' || entry.action === 'registered') open = true;
  }
  return open;
}

function ongoing(incident: Incident, at: number): TimelineEvent {
  return {
    at,
    kind: 'incident_ongoing',
    title: `${incident.number} ongoing since ${new Date(incident.registeredAt).toISOString()}: ${incident.title}`,
    ...common(incident),
    details: { registeredAt: incident.registeredAt, occurredAt: incident.occurredAt, status: incident.status, level: incident.level },
  };
}

function entryEvent(incident: Incident, entry: TimelineEntry): TimelineEvent {
  const kind = KIND_OF_ACTION[entry.action] ?? 'incident_note';
  const alert = alertOf(entry);
  const base = common(incident);
  const target = alert?.target ?? base.target;
  return {
    at: entry.at,
    kind,
    title: titleOf(kind, incident, entry, alert),
    ...base,
    ...(target === undefined ? {} : { target }),
    details: { ...entry.details, action: entry.action, actor: entry.actor, seq: entry.seq },
  };
}

/** Fields every event of an incident has; a target only when the incident affects exactly one. */
function common(incident: Incident): Pick<TimelineEvent, 'labels' | 'target' | 'severity' | 'incident'> {
  const [only, ...others] = incident.affectedTargets;
  return { labels: incident.labels, ...(only !== undefined && others.length === 0 ? { target: only } : {}), severity: incident.severity, incident: incident.number };
}

/** The alert labels an `alert_*` entry carries in `details.alert`. */
export function alertOf(entry: TimelineEntry): Labels | undefined {
  const alert = entry.details['alert'];
  if (typeof alert !== 'object' || alert === null) return undefined;
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(alert)) if (typeof value === 'string') labels[name] = value;
  return labels;
}

function titleOf(kind: TimelineEventKind, incident: Incident, entry: TimelineEntry, alert: Labels | undefined): string {
  const n = incident.number;
  const text = (name: string): string | undefined => {
    const value = entry.details[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const alertName = `${alert?.alertname ?? 'an alert'}${alert?.target === undefined ? '' : ` on ${alert.target}`}`;
  switch (kind) {
    case 'incident_opened':
      return `${n} opened: ${incident.title}`;
    case 'incident_alert_joined':
      return `${alertName} joined ${n}`;
    case 'incident_alert_left':
      return `${alertName} left ${n}`;
    case 'incident_acknowledged':
      return `${n} acknowledged by ${entry.actor}`;
    case 'incident_escalated':
      return `${n} escalated ${text('from') ?? '?'} → ${text('to') ?? '?'} by ${entry.actor}`;
    case 'incident_resolved':
      return `${n} resolved by ${entry.actor}`;
    case 'incident_reopened':
      return `${n} reopened${text('reason') === undefined ? '' : `: ${text('reason')}`}`;
    case 'incident_closed':
      return `${n} closed${text('category') === undefined ? '' : ` (${text('category')})`}`;
    case 'incident_comment':
      return `${entry.actor} commented on ${n}`;
    case 'incident_notification_sent':
      return `${n}: notification sent via ${text('channel') ?? 'a channel'}`;
    case 'incident_notification_failed':
      return `${n}: notification via ${text('channel') ?? 'a channel'} ${entry.action === 'notification_dead' ? 'given up' : 'failed'}`;
    default:
      return `${n}: ${entry.action.replaceAll('_', ' ')}`;
  }
}
