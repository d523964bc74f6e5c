import type { Labels, Logger } from '../../core/index.js';
import type { MonitoringIncidentInput } from '../incidents/incident-inputs.js';
import type { MuteSnapshot } from '../silences/muting.js';
import type { ActiveAlert, AlertEvent } from './rule-engine.js';

/** The part of the incident service that monitoring drives. */
export interface MonitoringIncidents {
  openOrJoin(input: MonitoringIncidentInput, at: number): Promise<unknown>;
  alertLeft(fingerprint: string, alertLabels: Labels, at: number): Promise<unknown>;
  recovered(fingerprint: string, at: number): Promise<unknown>;
}

/** Fills `{{ $labels.name }}` and `{{ $value }}`: plain substitution, never code. */
export function renderTemplate(template: string, labels: Labels, value: number | undefined): string {
  return template.replace(/\{\{\s*\$(labels\.([a-zA-Z_][a-zA-Z0-9_]*)|value)\s*\}\}/g, (_match, _whole: string, label: string | undefined) =>
    label === undefined ? (value === undefined ? '' : String(Number(value.toPrecision(6)))) : (labels[label] ?? ''),
  );
}

/**
 * Turns alert transitions into incidents: a firing alert opens its group's incident or joins it; a
 * resolved one leaves it, and the incident recovers when the last alert of its group has left. Muted
 * alerts (silence, maintenance) open nothing while evaluation goes on.
 */
export class IncidentBridge {
  constructor(
    private readonly deps: {
      readonly incidents: MonitoringIncidents;
      readonly alerts: { active(): ActiveAlert[] };
      readonly mute?: (at: number) => Promise<MuteSnapshot>;
      readonly log: Logger;
    },
  ) {}

  /** Applies one evaluation's events. */
  async handle(events: readonly AlertEvent[]): Promise<void> {
    if (events.length === 0) return;
    const snapshot = this.deps.mute === undefined ? undefined : await this.deps.mute(events[0]?.at ?? 0);
    for (const event of events) {
      if (event.change === 'firing') {
        const verdict = snapshot?.check(event.labels);
        if (verdict?.muted === true) {
          this.deps.log.info({ rule: event.rule, labels: event.labels, silencedBy: verdict.silencedBy, maintenance: verdict.maintenance }, 'alert muted: no incident');
          continue;
        }
        const summary = event.annotations.summary ?? `${event.rule} ${Object.entries(event.groupLabels).map(([k, v]) => `${k}=${v}`).join(' ')}`.trim();
        const description = event.annotations.description;
        await this.deps.incidents.openOrJoin(
          {
            fingerprint: event.group,
            title: renderTemplate(summary, event.labels, event.value),
            ...(description === undefined ? {} : { description: renderTemplate(description, event.labels, event.value) }),
            severity: event.severity,
            labels: event.groupLabels,
            ...(event.labels.target === undefined ? {} : { affectedTargets: [event.labels.target] }),
            occurredAt: event.activeSince,
            alertLabels: event.labels,
          },
          event.at,
        );
      } else if (event.change === 'resolved') {
        await this.deps.incidents.alertLeft(event.group, event.labels, event.at);
        const stillFiring = this.deps.alerts.active().some((alert) => alert.group === event.group && alert.status === 'firing');
        if (!stillFiring) await this.deps.incidents.recovered(event.group, event.at);
      }
    }
  }
}
