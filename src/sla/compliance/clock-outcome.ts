import { type Incident, type SlaClockState, slaStatus } from '../../core/index.js';
import type { ClockOutcome } from '../report-model.js';

const REPORTED_STATE: Readonly<Record<SlaClockState, ClockOutcome['state']>> = {
  met: 'met',
  breached: 'missed',
  running: 'pending',
};

/** Both SLA clocks of one incident as the report prints them. */
export interface ClockOutcomes {
  readonly attention: ClockOutcome;
  readonly solution: ClockOutcome;
}

function seconds(ms: number): number {
  // Clamped: a clock edited to stop before registration must not print a negative duration.
  return Math.max(0, ms) / 1000;
}

function outcome(state: SlaClockState, registeredAt: number, due: number, stoppedAt: number | undefined, now: number): ClockOutcome {
  const reported = REPORTED_STATE[state];
  return {
    state: reported,
    due: new Date(due).toISOString(),
    allowedSeconds: seconds(due - registeredAt),
    tookSeconds: stoppedAt === undefined ? null : seconds(stoppedAt - registeredAt),
    lateSeconds: reported === 'missed' ? seconds((stoppedAt ?? now) - due) : null,
  };
}

/**
 * The attention and solution clocks of `incident` at report time `now`. A stopped clock is decided for good,
 * so a later `now` reports it the same; only a missed clock still running grows later.
 */
export function clockOutcomes(incident: Incident, now: number): ClockOutcomes {
  const status = slaStatus(incident, now);
  const { registeredAt } = incident;
  return {
    attention: outcome(status.attention, registeredAt, incident.attentionDue, incident.acknowledgedAt ?? incident.resolvedAt, now),
    solution: outcome(status.solution, registeredAt, incident.solutionDue, incident.resolvedAt, now),
  };
}

/** True when both clocks were met, false when either was missed, null while undecided. */
export function withinSla({ attention, solution }: ClockOutcomes): boolean | null {
  if (attention.state === 'missed' || solution.state === 'missed') return false;
  if (attention.state === 'met' && solution.state === 'met') return true;
  return null;
}
