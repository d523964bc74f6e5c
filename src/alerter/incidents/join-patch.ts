import type { Incident, IncidentPatch } from '../../core/index.js';
import type { Config } from '../../config/index.js';
import { usersOfTargets } from './affected-users.js';
import type { MonitoringIncidentInput } from './incident-inputs.js';
import { mostSevere, severityFromImpact } from './severity-from-impact.js';
import { slaDeadlines } from './sla-deadlines.js';

/** The configuration the incident side reads. */
export type IncidentsSettings = Pick<Config, 'sla' | 'incidents' | 'targets'>;

/** What an alert joining an open incident changes, and the timeline details describing it. */
export interface JoinChange {
  readonly patch: IncidentPatch;
  readonly details: Record<string, unknown>;
}

/** The timeline details naming an alert that joins, and the alert that explains it if any. */
export function alertDetails(input: Pick<MonitoringIncidentInput, 'alertLabels' | 'inhibitedBy'>): Record<string, unknown> {
  return { alert: { ...input.alertLabels }, ...(input.inhibitedBy === undefined ? {} : { inhibitedBy: { ...input.inhibitedBy } }) };
}

/**
 * The changes when `input`'s alert joins `incident` at `at`: its targets are added; affected users and
 * severity only ever go up (a clearing alert never lowers them: the incident records its worst extent).
 * A raised severity brings its shorter deadlines forward from `at`, never later than the current ones
 * and never retroactively; a clock already stopped keeps its deadline.
 */
export function joinChange(incident: Incident, input: MonitoringIncidentInput, at: number, settings: IncidentsSettings): JoinChange {
  const patch: { -readonly [K in keyof IncidentPatch]: IncidentPatch[K] } = {};
  const details: Record<string, unknown> = alertDetails(input);

  const added = (input.affectedTargets ?? []).filter((target) => !incident.affectedTargets.includes(target));
  const targets = [...incident.affectedTargets, ...added];
  if (added.length > 0) {
    patch.affectedTargets = targets;
    details.addedTargets = added;
  }

  const users = Math.max(incident.affectedUsers, input.affectedUsers ?? 0, usersOfTargets(targets, settings.targets));
  if (users > incident.affectedUsers) {
    patch.affectedUsers = users;
    details.affectedUsers = { from: incident.affectedUsers, to: users };
  }

  const candidates = [input.severity];
  if (input.interruption !== undefined) candidates.push(severityFromImpact(users, input.interruption, settings.sla.severity_matrix));
  const severity = mostSevere(incident.severity, ...candidates);
  if (severity !== incident.severity) {
    patch.severity = severity;
    details.severity = { from: incident.severity, to: severity };
    const raised = slaDeadlines(severity, at, settings.sla);
    if (incident.acknowledgedAt === undefined && raised.attentionDue < incident.attentionDue) {
      patch.attentionDue = raised.attentionDue;
      details.attentionDue = { from: incident.attentionDue, to: raised.attentionDue };
    }
    if (incident.resolvedAt === undefined && raised.solutionDue < incident.solutionDue) {
      patch.solutionDue = raised.solutionDue;
      details.solutionDue = { from: incident.solutionDue, to: raised.solutionDue };
    }
  }
  return { patch, details };
}
