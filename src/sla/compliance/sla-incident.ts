import type { Incident } from '../../core/index.js';
import type { SlaIncident } from '../report-model.js';
import { clockOutcomes, withinSla } from './clock-outcome.js';

function instant(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** One incident's line of the SLA report at report time `now`, counted for `site`. */
export function slaIncident(incident: Incident, site: string, now: number): SlaIncident {
  const clocks = clockOutcomes(incident, now);
  return {
    number: incident.number,
    title: incident.title,
    severity: incident.severity,
    site,
    status: incident.status,
    registeredAt: new Date(incident.registeredAt).toISOString(),
    acknowledgedAt: instant(incident.acknowledgedAt),
    resolvedAt: instant(incident.resolvedAt),
    attention: clocks.attention,
    solution: clocks.solution,
    withinSla: withinSla(clocks),
  };
}
