import { SEVERITIES } from '../../core/index.js';
import type { ComplianceFigures, SlaIncident } from '../report-model.js';

/** What compliance figures are computed from: the incidents' outcomes and sites. */
export type ComplianceInput = Pick<SlaIncident, 'severity' | 'site' | 'attention' | 'solution' | 'withinSla'>;

/**
 * Compliance of `incidents` under `key`: within SLA over decided, in percent, against `targetPercent`.
 * Undecided incidents (a clock still running, none missed) are pending and count in neither.
 */
export function complianceFigures(key: string, incidents: readonly ComplianceInput[], targetPercent: number): ComplianceFigures {
  let decided = 0;
  let within = 0;
  let attentionMissed = 0;
  let solutionMissed = 0;
  for (const incident of incidents) {
    if (incident.withinSla !== null) decided++;
    if (incident.withinSla === true) within++;
    if (incident.attention.state === 'missed') attentionMissed++;
    if (incident.solution.state === 'missed') solutionMissed++;
  }
  // Multiplying first keeps whole results exact (49 of 50 is 98, not 97.99999999999999).
  const compliancePercent = decided === 0 ? null : (within * 100) / decided;
  return {
    key,
    incidents: incidents.length,
    decided,
    withinSla: within,
    attentionMissed,
    solutionMissed,
    pending: incidents.length - decided,
    compliancePercent,
    targetPercent,
    met: compliancePercent === null ? null : compliancePercent >= targetPercent,
  };
}

/** Compliance per severity, S1 to S4, each listed even without incidents. */
export function complianceBySeverity(incidents: readonly ComplianceInput[], targetPercent: number): ComplianceFigures[] {
  return SEVERITIES.map((severity) =>
    complianceFigures(
      severity,
      incidents.filter((incident) => incident.severity === severity),
      targetPercent,
    ),
  );
}

/** Compliance per site that has incidents, sorted by site name (code-unit order, independent of locale). */
export function complianceBySite(incidents: readonly ComplianceInput[], targetPercent: number): ComplianceFigures[] {
  const bySite = new Map<string, ComplianceInput[]>();
  for (const incident of incidents) {
    const list = bySite.get(incident.site);
    if (list === undefined) bySite.set(incident.site, [incident]);
    else list.push(incident);
  }
  return [...bySite.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((site) => complianceFigures(site, bySite.get(site) ?? [], targetPercent));
}
