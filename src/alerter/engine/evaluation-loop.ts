import type { Clock, Logger } from '../../core/index.js';
import type { RuleConfig } from '../../config/index.js';
import type { AlertEvent, RuleEngine } from './rule-engine.js';

/** Receives the events of every evaluation (the incident bridge, notifications). */
export type AlertEventSink = (events: readonly AlertEvent[]) => Promise<void>;

interface Group {
  readonly intervalMs: number;
  rules: readonly RuleConfig[];
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
}

/**
 * Runs the rules on tickers, one per evaluation interval; a tick that finds the previous one of its group
 * still running is skipped (and counted) rather than queued, so a slow store never piles work up.
 */
export class EvaluationLoop {
  private groups = new Map<number, Group>();
  private stopped = false;
  /** Ticks skipped because the group's previous evaluation was still running. */
  skipped = 0;
  /** Evaluations completed. */
  evaluations = 0;

  constructor(
    private readonly engine: RuleEngine,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly sink: AlertEventSink,
  ) {}

  /** Starts (or, on reload, regroups) the tickers for `rules`. */
  apply(rules: readonly RuleConfig[]): void {
    const wanted = new Map<number, RuleConfig[]>();
    for (const rule of rules) wanted.set(rule.interval, [...(wanted.get(rule.interval) ?? []), rule]);
    for (const [interval, group] of this.groups) {
      if (wanted.has(interval)) continue;
      clearInterval(group.timer);
      this.groups.delete(interval);
    }
    for (const [interval, groupRules] of wanted) {
      const group = this.groups.get(interval) ?? { intervalMs: interval, rules: groupRules, timer: undefined, running: undefined };
      group.rules = groupRules;
      if (group.timer === undefined && !this.stopped) group.timer = setInterval(() => this.tick(group), interval);
      this.groups.set(interval, group);
    }
  }

  /** Evaluates every group once now (at start-up, and in tests). */
  async runOnce(): Promise<void> {
    await Promise.all([...this.groups.values()].map((group) => this.tick(group)));
  }

  /** Stops the tickers and waits for evaluations under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const group of this.groups.values()) clearInterval(group.timer);
    await Promise.all([...this.groups.values()].map((group) => group.running));
  }

  private tick(group: Group): Promise<void> {
    if (group.running !== undefined) {
      this.skipped++;
      return group.running;
    }
    const at = this.clock.now();
    group.running = this.engine
      .evaluate(group.rules, at)
      .then((events) => this.sink(events))
      .then(() => {
        this.evaluations++;
      })
      .catch((error: unknown) => this.log.error({ err: error, intervalMs: group.intervalMs }, 'rule evaluation round failed'))
      .finally(() => {
        group.running = undefined;
      });
    return group.running;
  }
}
