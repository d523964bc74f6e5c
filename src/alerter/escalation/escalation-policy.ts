import { formatDuration, type Incident, SUPPORT_LEVELS, type SupportLevel } from '../../core/index.js';
import type { EscalationPolicy } from '../../config/schema/escalation.js';

/** The level an incident should be at now, and why. */
export interface EscalationDue {
  readonly level: SupportLevel;
  /** For people: e.g. `not acknowledged within 15m (L1 ack_timeout)`. */
  readonly reason: string;
}

/** An escalation still ahead of an incident: the level it goes to, when, and why. */
export interface PendingEscalation extends EscalationDue {
  readonly at: number;
}

/** One rule of a policy applied to one incident: from `at` on, the incident belongs at `level` or above. */
interface Trigger {
  readonly level: SupportLevel;
  readonly at: number;
  readonly reason: string;
  /** The rule lapses once this is true, e.g. an acknowledgement for an ack timeout. */
  readonly satisfied: (at: number) => boolean;
}

const OPEN_STATUSES: ReadonlySet<Incident['status']> = new Set(['registered', 'diagnosing']);

/** `2026-11-26T18:00Z`: minutes are what deadlines are set in; seconds only when they matter. */
function shortIso(at: number): string {
  const iso = new Date(at).toISOString();
  return iso.endsWith(':00.000Z') ? `${iso.slice(0, 16)}Z` : `${iso.slice(0, 19)}Z`;
}

function levelIndex(level: SupportLevel): number {
  return SUPPORT_LEVELS.indexOf(level);
}

/** Every rule of `policy` as it applies to `incident`; timeouts count from registration. */
function triggers(incident: Incident, policy: EscalationPolicy): Trigger[] {
  const acknowledged = (at: number): boolean => incident.acknowledgedAt !== undefined && incident.acknowledgedAt <= at;
  // Only open incidents are evaluated: resolution ends every rule.
  const never = (): boolean => false;
  const out: Trigger[] = [];
  if (incident.severity === 'S1') {
    out.push({ level: policy.s1_level, at: incident.registeredAt, reason: `severity S1 goes to ${policy.s1_level} at once`, satisfied: never });
  }
  const steps = [
    { from: 'L1', to: 'L2', timers: policy.L1, ackDefault: incident.attentionDue, resolveDefault: undefined },
    { from: 'L2', to: 'L3', timers: policy.L2, ackDefault: undefined, resolveDefault: incident.solutionDue },
  ] as const;
  for (const { from, to, timers, ackDefault, resolveDefault } of steps) {
    if (timers.ack_timeout !== undefined) {
      const reason = `not acknowledged within ${formatDuration(timers.ack_timeout)} (${from} ack_timeout)`;
      out.push({ level: to, at: incident.registeredAt + timers.ack_timeout, reason, satisfied: acknowledged });
    } else if (ackDefault !== undefined) {
      out.push({ level: to, at: ackDefault, reason: `not acknowledged by the attention deadline ${shortIso(ackDefault)}`, satisfied: acknowledged });
    }
    if (timers.resolve_timeout !== undefined) {
      const reason = `not resolved within ${formatDuration(timers.resolve_timeout)} (${from} resolve_timeout)`;
      out.push({ level: to, at: incident.registeredAt + timers.resolve_timeout, reason, satisfied: never });
    } else if (resolveDefault !== undefined) {
      out.push({ level: to, at: resolveDefault, reason: `not resolved by the solution deadline ${shortIso(resolveDefault)}`, satisfied: never });
    }
  }
  return out;
}

/**
 * The level `incident` should be raised to at `at` under `policy`, or undefined when it is where it belongs
 * (or higher), is resolved or closed, or the policy is disabled. Timeouts count from registration, so the
 * answer depends on the incident and the time only. Of several rules due, the highest level wins, and its
 * earliest rule gives the reason.
 */
export function escalationDue(incident: Incident, policy: EscalationPolicy, at: number): EscalationDue | undefined {
  if (!policy.enabled || !OPEN_STATUSES.has(incident.status)) return undefined;
  let best: Trigger | undefined;
  for (const trigger of triggers(incident, policy)) {
    if (trigger.at > at || trigger.satisfied(at)) continue;
    const higher = best === undefined || levelIndex(trigger.level) > levelIndex(best.level);
    const earlier = best !== undefined && trigger.level === best.level && trigger.at < best.at;
    if (higher || earlier) best = trigger;
  }
  if (best === undefined || levelIndex(best.level) <= levelIndex(incident.level)) return undefined;
  return { level: best.level, reason: best.reason };
}

/**
 * The next escalation `incident` faces after `at` if nobody acts (acknowledges, resolves), or undefined
 * when none is ahead: for showing "escalates to L2 at 10:15" next to an incident.
 */
export function nextEscalation(incident: Incident, policy: EscalationPolicy, at: number): PendingEscalation | undefined {
  if (!policy.enabled || !OPEN_STATUSES.has(incident.status)) return undefined;
  const current = Math.max(levelIndex(incident.level), levelIndex(escalationDue(incident, policy, at)?.level ?? incident.level));
  let next: Trigger | undefined;
  for (const trigger of triggers(incident, policy)) {
    if (trigger.at <= at || trigger.satisfied(at) || levelIndex(trigger.level) <= current) continue;
    if (next === undefined || trigger.at < next.at || (trigger.at === next.at && levelIndex(trigger.level) > levelIndex(next.level))) next = trigger;
  }
  return next === undefined ? undefined : { level: next.level, at: next.at, reason: next.reason };
}
