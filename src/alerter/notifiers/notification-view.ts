import Mustache from 'mustache';
import type { Severity } from '../../core/index.js';
import type { AlertSummary, IncidentNotification, OutgoingMessage } from './notification.js';
import { EN } from './templates/en.js';
import { ES } from './templates/es.js';
import type { NotificationStrings } from './templates/notification-strings.js';

/** A language notifications are written in. */
export type NotificationLanguage = 'es' | 'en';

/** The words of every language. */
export const NOTIFICATION_STRINGS: Readonly<Record<NotificationLanguage, NotificationStrings>> = { es: ES, en: EN };

/** One labelled value of the incident (severity, due times…). */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** One alert of the digest, formatted. */
export interface AlertLine {
  readonly state: string;
  readonly firing: boolean;
  readonly name: string;
  readonly summary: string;
  /** `name="value"` pairs other than `alertname`. */
  readonly labels: string;
  readonly since: string;
  readonly value?: string;
  readonly sinceLabel: string;
  readonly valueLabel: string;
}

/** Everything every channel shows about an incident, as raw (unescaped) text in one language. */
export interface IncidentView {
  readonly kind: 'incident';
  readonly language: NotificationLanguage;
  readonly subject: string;
  readonly headline: string;
  readonly severity: Severity;
  readonly number: string;
  readonly title: string;
  readonly eventWord: string;
  /** The incident is over (resolved or closed): channels drop the alarm colours. */
  readonly calm: boolean;
  /** Accent colour: by severity, green once resolved or closed. */
  readonly color: string;
  readonly description?: string;
  readonly descriptionLabel: string;
  readonly facts: readonly Fact[];
  readonly hasAlerts: boolean;
  readonly alertsLabel: string;
  readonly alerts: readonly AlertLine[];
  readonly url?: string;
  readonly openLabel: string;
  readonly footer: string;
}

/** What a heartbeat shows, raw text in one language. */
export interface HeartbeatView {
  readonly kind: 'heartbeat';
  readonly language: NotificationLanguage;
  readonly subject: string;
  readonly headline: string;
  readonly footer: string;
}

/** A notification ready for a channel's own markup. */
export type NotificationView = IncidentView | HeartbeatView;

const SEVERITY_COLORS: Readonly<Record<Severity, string>> = { S1: '#cf222e', S2: '#bc4c00', S3: '#9a6700', S4: '#0969da' };
const CALM_COLOR = '#1a7f37';

const RAW = { escape: (value: unknown): string => String(value) };

/** Renders a trusted sentence of the strings with its values as they are (callers escape the result). */
function sentence(template: string, values: Readonly<Record<string, string>>): string {
  return Mustache.render(template, values, {}, RAW);
}

/** `2026-03-01 14:05:09 UTC`: unambiguous whatever the reader's zone. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

// A subject is one line: titles written by people may carry newlines.
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function alertLine(alert: AlertSummary, strings: NotificationStrings): AlertLine {
  const labels = Object.entries(alert.labels)
    .filter(([name]) => name !== 'alertname')
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ');
  return {
    state: strings.alertStates[alert.state],
    firing: alert.state === 'firing',
    name: alert.labels['alertname'] ?? '',
    summary: alert.annotations['summary'] ?? '',
    labels,
    since: formatUtc(alert.since),
    ...(alert.value === undefined ? {} : { value: String(alert.value) }),
    sinceLabel: strings.fields.since,
    valueLabel: strings.fields.value,
  };
}

function facts(notification: IncidentNotification, strings: NotificationStrings): Fact[] {
  const { incident } = notification;
  const f = strings.fields;
  const time = (label: string, ms: number | undefined): Fact[] => (ms === undefined ? [] : [{ label, value: formatUtc(ms) }]);
  const text = (label: string, value: string | undefined): Fact[] => (value === undefined || value === '' ? [] : [{ label, value }]);
  return [
    { label: f.severity, value: incident.severity },
    { label: f.status, value: strings.statuses[incident.status] },
    { label: f.level, value: incident.level },
    ...time(f.occurredAt, incident.occurredAt),
    ...time(f.registeredAt, incident.registeredAt),
    ...time(f.acknowledgedAt, incident.acknowledgedAt),
    ...time(f.attentionDue, incident.acknowledgedAt === undefined ? incident.attentionDue : undefined),
    ...time(f.solutionDue, incident.resolvedAt === undefined ? incident.solutionDue : undefined),
    ...time(f.resolvedAt, incident.resolvedAt),
    ...time(f.closedAt, incident.closedAt),
    ...text(f.affectedTargets, incident.affectedTargets.join(', ')),
    ...(incident.affectedUsers > 0 ? [{ label: f.affectedUsers, value: incident.affectedUsers.toLocaleString('en-US') }] : []),
    ...text(f.category, incident.category),
    ...text(f.resolution, incident.resolution),
  ];
}

function incidentView(message: OutgoingMessage, notification: IncidentNotification, language: NotificationLanguage): IncidentView {
  const strings = NOTIFICATION_STRINGS[language];
  const { incident, event } = notification;
  const eventWord = strings.events[event];
  const alerts = notification.alerts.map((alert) => alertLine(alert, strings));
  const calm = event === 'resolved' || event === 'closed';
  return {
    kind: 'incident',
    language,
    subject: oneLine(`[${incident.severity}] ${incident.number} ${incident.title} — ${eventWord}`),
    headline: sentence(strings.headlines[event], { number: incident.number, title: incident.title, level: incident.level }),
    severity: incident.severity,
    number: incident.number,
    title: incident.title,
    eventWord,
    calm,
    color: calm ? CALM_COLOR : SEVERITY_COLORS[incident.severity],
    ...(incident.description.trim() === '' ? {} : { description: incident.description }),
    descriptionLabel: strings.fields.description,
    facts: facts(notification, strings),
    hasAlerts: alerts.length > 0,
    alertsLabel: strings.fields.alerts,
    alerts,
    ...(notification.url === undefined ? {} : { url: notification.url }),
    openLabel: strings.openIncident,
    footer: sentence(strings.footer, { key: message.idempotencyKey }),
  };
}

/** The language-specific, markup-free view of a message: what every channel renders. */
export function notificationView(message: OutgoingMessage, language: NotificationLanguage): NotificationView {
  const { notification } = message;
  if (notification.type === 'incident') return incidentView(message, notification, language);
  const strings = NOTIFICATION_STRINGS[language];
  return {
    kind: 'heartbeat',
    language,
    subject: strings.heartbeat.subject,
    headline: sentence(strings.heartbeat.body, { at: formatUtc(notification.at) }),
    footer: sentence(strings.footer, { key: message.idempotencyKey }),
  };
}
