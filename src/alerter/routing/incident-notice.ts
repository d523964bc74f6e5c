import type { Incident, Labels } from '../../core/index.js';
import type { AlertSummary, IncidentEvent, IncidentNotification, IncidentSummary } from '../notifiers/notification.js';

/** The incident fields a notification shows. */
export function summaryOf(incident: Incident): IncidentSummary {
  return {
    number: incident.number,
    title: incident.title,
    description: incident.description,
    severity: incident.severity,
    status: incident.status,
    level: incident.level,
    labels: incident.labels,
    affectedTargets: incident.affectedTargets,
    affectedUsers: incident.affectedUsers,
    occurredAt: incident.occurredAt,
    registeredAt: incident.registeredAt,
    attentionDue: incident.attentionDue,
    solutionDue: incident.solutionDue,
    ...(incident.acknowledgedAt === undefined ? {} : { acknowledgedAt: incident.acknowledgedAt }),
    ...(incident.resolvedAt === undefined ? {} : { resolvedAt: incident.resolvedAt }),
    ...(incident.closedAt === undefined ? {} : { closedAt: incident.closedAt }),
    ...(incident.category === undefined ? {} : { category: incident.category }),
    ...(incident.resolution === undefined ? {} : { resolution: incident.resolution }),
  };
}

/** A notification about `incident` and its alerts, firing ones first; it links to the incident in the API. */
export function incidentNotice(event: IncidentEvent, incident: Incident, alerts: readonly AlertSummary[], baseUrl?: string): IncidentNotification {
  const ordered = [...alerts].sort((a, b) => (a.state === b.state ? a.since - b.since : a.state === 'firing' ? -1 : 1));
  return {
    type: 'incident',
    event,
    incident: summaryOf(incident),
    alerts: ordered,
    ...(baseUrl === undefined ? {} : { url: `${baseUrl.replace(/\/+$/, '')}/api/v1/incidents/${encodeURIComponent(incident.number)}` }),
  };
}

/**
 * What receivers were told, as one comparable string: a change in status, severity, level or the set of
 * firing alerts is news worth an update; a new value of an already firing alert is not.
 */
export function noticeDigest(incident: Incident, alerts: readonly AlertSummary[]): string {
  const firing = alerts
    .filter((alert) => alert.state === 'firing')
    .map((alert) => JSON.stringify(Object.entries(alert.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))
    .sort();
  return JSON.stringify([incident.status, incident.severity, incident.level, firing]);
}

/**
 * The labels routes match an incident on: those all its firing alerts share (Alertmanager's common labels),
 * overlaid by the incident's own grouping labels, plus `severity` and `source` (monitoring, email, phone…).
 */
export function routingLabels(incident: Incident, alerts: readonly AlertSummary[]): Labels {
  const [first, ...rest] = alerts.filter((alert) => alert.state === 'firing');
  const common = Object.entries(first?.labels ?? {}).filter(([name, value]) => rest.every((alert) => alert.labels[name] === value));
  return { ...Object.fromEntries(common), ...incident.labels, severity: incident.severity, source: incident.channel };
}
