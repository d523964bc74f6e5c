import type { Labels, Logger } from '../../core/index.js';
import type { MonitoringIncidentInput } from '../incidents/incident-inputs.js';
import type { MuteSnapshot } from '../silences/muting.js';
import type { ActiveAlert, AlertEvent } from './rule-engine.js';

/** The part of the incident service that monitoring drives. */
export interface MonitoringIncidents {
  openOrJoin(input: MonitoringIncidentInput, at: number): Promise<unknown>;
  alertLeft(fingerprint: string, alertLabels: Labels, at: number): Promise<unknown>;
  recovered(fingerprint: string, at: number): Promise<unknown>;
  alertFlapping(fingerprint: string, alertLabels: Labels, flapping: boolean, at: number): Promise<unknown>;
}

/** Fills `{{ $labels.name }}` and `{{ $value }}`: plain substitution, never code. */
export function renderTemplate(template: string, labels: Labels, value: number | undefined): string {
  return template.replace(/\{\{\s*\$(labels\.([a-zA-Z_][a-zA-Z0-9_]*)|value)\s*\}\}/g, (_match, _whole: string, label: string | undefined) =>
    label === undefined ? (value === undefined ? '' : String(Number(value.toPrecision(6)))) : (labels[label] ?? ''),
  );
}

/**
 * Turns alert transitions into incidents: a firing alert opens the incident the engine routed it to (its
 * group's, or the one of the alert that explains it) or joins it; a resolved one leaves it, and the
 * incident recovers when its last firing alert has left. Muted alerts (silence, maintenance) open nothing
 * while evaluation goes on; held alerts wait for the engine to route them. A flapping alert is reported
 * once when it starts flapping and once when it stops, not on every flip.
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
    // The engine has finished the evaluation: what fires now is read once, not once per event (a storm
    // clearing 10,000 alerts must not rebuild the alert list 10,000 times).
    const firing = this.deps.alerts.active().filter((alert) => alert.status === 'firing');
    const firingAlerts = new Set(firing.map((alert) => alert.fingerprint));
    const firingIncidents = new Set(firing.flatMap((alert) => (alert.incident === undefined ? [] : [alert.incident])));
    for (const event of events) {
      if (event.flip === true) continue;
      if (event.change === 'firing' || event.change === 'assigned') {
        if (event.incident === undefined) {
          this.deps.log.info({ rule: event.rule, labels: event.labels, heldBy: event.heldBy }, 'alert held: no incident yet');
          continue;
        }
        await this.enter(event.incident, event, snapshot);
      } else if (event.change === 'resolved' && event.incident !== undefined) {
        await this.leave(event.incident, event, firingIncidents);
      } else if ((event.change === 'flap_started' || event.change === 'flap_stopped') && event.incident !== undefined) {
        // Flips are not reported while it flaps: a firing alert is in its incident for the whole flapping,
        // and where it stands when the flapping stops is settled then, once.
        const isFiring = firingAlerts.has(event.fingerprint);
        if (isFiring) await this.enter(event.incident, event, snapshot);
        await this.deps.incidents.alertFlapping(event.incident, event.labels, event.change === 'flap_started', event.at);
        if (!isFiring && event.change === 'flap_stopped') await this.leave(event.incident, event, firingIncidents);
      }
    }
  }

  /** The alert opens or joins `incident`, unless it (or the alert that explains it) is muted. */
  private async enter(incident: string, event: AlertEvent, snapshot: MuteSnapshot | undefined): Promise<void> {
    // An alert explained by a muted one is muted with it: the outage it belongs to is under maintenance.
    const verdict = [event.labels, event.inhibitedBy].map((labels) => (labels === undefined ? undefined : snapshot?.check(labels))).find((v) => v?.muted === true);
    if (verdict !== undefined) {
      this.deps.log.info({ rule: event.rule, labels: event.labels, silencedBy: verdict.silencedBy, maintenance: verdict.maintenance }, 'alert muted: no incident');
      return;
    }
    await this.deps.incidents.openOrJoin(incidentInput(event, incident), event.at);
  }

  /** The alert leaves `incident`, which recovers when no firing alert is left in it. */
  private async leave(incident: string, event: AlertEvent, firingIncidents: ReadonlySet<string>): Promise<void> {
    await this.deps.incidents.alertLeft(incident, event.labels, event.at);
    if (!firingIncidents.has(incident)) await this.deps.incidents.recovered(incident, event.at);
  }
}

/** The rule and its non-empty grouping labels; when it groups by labels the alert lacks, the alert's own labels. */
function defaultTitle(event: AlertEvent): string {
  const named = (labels: Labels) => Object.entries(labels).filter(([name, value]) => name !== 'alertname' && value !== '');
  const grouping = named(event.groupLabels);
  return [event.rule, ...(grouping.length > 0 ? grouping : named(event.labels)).map(([name, value]) => `${name}=${value}`)].join(' ');
}

/** What a firing alert tells the incident service: rendered texts, severity, targets, and what explains it. */
function incidentInput(event: AlertEvent, incident: string): MonitoringIncidentInput {
  const summary = event.annotations.summary ?? defaultTitle(event);
  const description = event.annotations.description;
  return {
    fingerprint: incident,
    title: renderTemplate(summary, event.labels, event.value),
    ...(description === undefined ? {} : { description: renderTemplate(description, event.labels, event.value) }),
    severity: event.severity,
    interruption: event.interruption,
    labels: event.groupLabels,
    ...(event.labels.target === undefined ? {} : { affectedTargets: [event.labels.target] }),
    occurredAt: event.activeSince,
    alertLabels: event.labels,
    ...(event.inhibitedBy === undefined ? {} : { inhibitedBy: event.inhibitedBy }),
  };
}
