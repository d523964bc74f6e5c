import { alertKey } from './alert-events.js';
import { alertOf, type IncidentHistory } from './incident-events.js';
import type { TimelineEvent } from './timeline-event.js';

/** How long after firing an alert may still get its incident (held by a dependency, then assigned). */
export const DEFAULT_ASSIGNMENT_GRACE_MS = 15 * 60_000;

interface Membership {
  readonly incident: string;
  readonly from: number;
  /** When it left, or Infinity. */
  readonly to: number;
}

/**
 * Sets `incident` on alert events from the incidents' `alert_joined` / `alert_left` entries: an event
 * belongs to the incident the alert was in at that moment, and a firing to the one it joined within `graceMs` after.
 */
export function linkAlertsToIncidents(events: readonly TimelineEvent[], histories: readonly IncidentHistory[], graceMs = DEFAULT_ASSIGNMENT_GRACE_MS): TimelineEvent[] {
  const memberships = new Map<string, Membership[]>();
  for (const { incident, entries } of histories) {
    const open = new Map<string, number>();
    const close = (key: string, at: number): void => {
      const since = open.get(key);
      if (since === undefined) return;
      open.delete(key);
      push(memberships, key, { incident: incident.number, from: since, to: at });
    };
    for (const entry of entries) {
      const alert = alertOf(entry);
      if (alert === undefined) continue;
      const key = alertKey(alert);
      if (entry.action === 'alert_joined' && !open.has(key)) open.set(key, entry.at);
      else if (entry.action === 'alert_left') close(key, entry.at);
    }
    for (const [key, since] of open) push(memberships, key, { incident: incident.number, from: since, to: Infinity });
  }
  if (memberships.size === 0) return [...events];
  return events.map((event) => {
    if (event.incident !== undefined || !event.kind.startsWith('alert_')) return event;
    const list = memberships.get(alertKey(event.labels));
    const found =
      list?.find((m) => m.from <= event.at && event.at <= m.to) ??
      (event.kind === 'alert_firing' ? list?.find((m) => m.from > event.at && m.from - event.at <= graceMs) : undefined);
    return found === undefined ? event : { ...event, incident: found.incident };
  });
}

function push(map: Map<string, Membership[]>, key: string, membership: Membership): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [membership]);
  else list.push(membership);
}
