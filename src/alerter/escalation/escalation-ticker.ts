import { type Clock, type Incident, type IncidentFilter, isNocError, type Logger, type SupportLevel } from '../../core/index.js';
import type { EscalationPolicy } from '../../config/schema/escalation.js';
import type { EscalateInput } from '../incidents/incident-inputs.js';
import { type EscalationDue, escalationDue } from './escalation-policy.js';

/** The actor name on the timeline of every automatic escalation. */
export const ESCALATION_ACTOR = 'escalation';

/** How often the ticker looks for incidents due to escalate, unless told otherwise. */
export const DEFAULT_ESCALATION_INTERVAL_MS = 15_000;

/** The part of the incident service the ticker needs (IncidentService fits). */
export interface EscalationIncidents {
  list(filter: IncidentFilter): Promise<Incident[]>;
  escalate(number: string, input: EscalateInput, at: number): Promise<Incident>;
}

/** What the ticker works with. */
export interface EscalationTickerDeps {
  readonly incidents: EscalationIncidents;
  /** The policy of the route the incident follows; read per incident and per tick, so a reload applies. */
  readonly policyFor: (incident: Incident) => EscalationPolicy;
  readonly clock: Clock;
  readonly log: Logger;
  readonly intervalMs?: number;
  /** Told of each escalation done, e.g. to notify the new level; its failures are logged, not retried. */
  readonly onEscalated?: (escalation: Escalation) => void | Promise<void>;
}

/** One escalation a tick made. */
export interface Escalation {
  /** The incident after the escalation. */
  readonly incident: Incident;
  readonly from: SupportLevel;
  readonly due: EscalationDue;
}

/**
 * Raises open incidents to the level their policy says they are due at. An incident goes straight to the
 * due level in one step: the timeouts count from registration, so a due level above the next one means
 * every level in between is overdue too, and paging each of them in turn would only delay the one needed.
 */
export class EscalationTicker {
  private readonly log: Logger;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: EscalationTickerDeps) {
    this.log = deps.log.child({ component: 'escalation' });
    this.intervalMs = deps.intervalMs ?? DEFAULT_ESCALATION_INTERVAL_MS;
  }

  /** Starts ticking; ticks never overlap (a slow one makes the next wait). */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.log.error({ err: error }, 'escalation tick failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.intervalMs);
    // The ticker alone must not keep the process alive.
    this.timer.unref();
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * One pass at `at`: escalates every open incident that is due. An incident that fails (a concurrent change,
   * a bad policy) is logged and skipped; the next tick sees it again.
   */
  async tick(at = this.deps.clock.now()): Promise<Escalation[]> {
    const open = await this.deps.incidents.list({ status: ['registered', 'diagnosing'] });
    const done: Escalation[] = [];
    for (const incident of open) {
      const escalation = await this.escalateIfDue(incident, at);
      if (escalation === undefined) continue;
      done.push(escalation);
      try {
        await this.deps.onEscalated?.(escalation);
      } catch (error) {
        this.log.error({ err: error, incident: incident.number }, 'escalation listener failed');
      }
    }
    return done;
  }

  private async escalateIfDue(incident: Incident, at: number): Promise<Escalation | undefined> {
    try {
      const due = escalationDue(incident, this.deps.policyFor(incident), at);
      if (due === undefined) return undefined;
      // The version read: if an operator acknowledged, resolved or escalated meanwhile, the decision was made
      // on stale data, so it fails with a conflict and the next tick decides again on the fresh incident.
      const escalated = await this.deps.incidents.escalate(
        incident.number,
        { actor: ESCALATION_ACTOR, level: due.level, reason: due.reason, version: incident.version },
        at,
      );
      this.log.info({ incident: incident.number, from: incident.level, to: due.level, reason: due.reason }, 'incident escalated');
      return { incident: escalated, from: incident.level, due };
    } catch (error) {
      if (isNocError(error, 'conflict')) {
        this.log.info({ incident: incident.number, reason: error.message }, 'incident changed meanwhile; escalation skipped');
      } else {
        this.log.error({ err: error, incident: incident.number }, 'escalation failed');
      }
      return undefined;
    }
  }
}
