import type { IncidentEvent, IncidentNotification, OutgoingMessage } from '../notification.js';

/** 2026-03-01T14:05:00Z: the fixed "now" of the samples. */
export const SAMPLE_NOW = Date.UTC(2026, 2, 1, 14, 5, 0);

/** An S1 incident with two alerts, one carrying a hostile label and annotation. */
export function incidentMessage(
  event: IncidentEvent = 'opened',
  overrides: { key?: string; to?: readonly string[]; title?: string; url?: string | null } = {},
): OutgoingMessage {
  const notification: IncidentNotification = {
    type: 'incident',
    event,
    incident: {
      number: 'NOC-2026-000042',
      title: overrides.title ?? 'Both cores down',
      description: 'Core 1 & core 2 stopped answering <OPTIONS>.',
      severity: 'S1',
      status: 'registered',
      level: 'L1',
      labels: { tier: 'core' },
      affectedTargets: ['core-1', 'core-2'],
      affectedUsers: 240000,
      occurredAt: SAMPLE_NOW - 120_000,
      registeredAt: SAMPLE_NOW - 60_000,
      attentionDue: SAMPLE_NOW + 3_540_000,
      solutionDue: SAMPLE_NOW + 10_740_000,
    },
    alerts: [
      {
        labels: { alertname: 'core-down', target: 'core-1', note: '<script>alert(1)</script>' },
        annotations: { summary: 'core-1 is down & <b>unreachable</b>' },
        state: 'firing',
        since: SAMPLE_NOW - 120_000,
        value: 0,
      },
      {
        labels: { alertname: 'core-down', target: 'core-2' },
        annotations: {},
        state: 'resolved',
        since: SAMPLE_NOW - 90_000,
      },
    ],
    ...(overrides.url === null ? {} : { url: overrides.url ?? 'https://noc.example.net/incidents/NOC-2026-000042' }),
  };
  return {
    idempotencyKey: overrides.key ?? `NOC-2026-000042.${event}.1`,
    notification,
    ...(overrides.to === undefined ? {} : { to: overrides.to }),
  };
}

/** A heartbeat queued at {@link SAMPLE_NOW}. */
export function heartbeatMessage(key = 'heartbeat.2026-03-01T14:05'): OutgoingMessage {
  return { idempotencyKey: key, notification: { type: 'heartbeat', at: SAMPLE_NOW } };
}
