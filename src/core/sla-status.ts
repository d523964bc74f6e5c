import type { Incident } from './incident.js';

/** Where one SLA clock stands: still running, stopped in time, or past its deadline. */
export type SlaClockState = 'running' | 'met' | 'breached';

/** Both SLA clocks of an incident. */
export interface SlaStatus {
  readonly attention: SlaClockState;
  readonly solution: SlaClockState;
}

function clockState(due: number, stoppedAt: number | undefined, now: number): SlaClockState {
  if (stoppedAt !== undefined) return stoppedAt <= due ? 'met' : 'breached';
  return now > due ? 'breached' : 'running';
}

/**
 * The state of the attention clock (stopped by the first acknowledgement) and the solution clock (by
 * resolution) at `now`. An incident that recovered before anyone acknowledged it needed no attention, so
 * its resolution stops the attention clock too.
 */
export function slaStatus(incident: Incident, now: number): SlaStatus {
  return {
    attention: clockState(incident.attentionDue, incident.acknowledgedAt ?? incident.resolvedAt, now),
    solution: clockState(incident.solutionDue, incident.resolvedAt, now),
  };
}
