import type { ActiveAlert } from '../../alerter/index.js';
import { RuleEngine } from '../../alerter/index.js';
import { type AlertStateStore, type Logger, PeriodicTask, type SampleAppender, type SeriesQuerier } from '../../core/index.js';
import type { LiveFeed } from '../../dashboard/stream/index.js';

/** How often a process without the alerter re-reads the alert states the alerter saved. */
export const STORED_ALERTS_REFRESH_MS = 5_000;

/**
 * The alerts now pending or firing as the leading alerter last saved them, for a process that runs no rule
 * engine (the dashboard role, or a standby alerter). The states are read back through a fresh engine's
 * `restore`, so they mean exactly what they mean to the alerter; changes between two reads are published
 * on the live feed (`change` is the new status, or `resolved` when an alert left the list).
 */
export class StoredAlerts {
  private alerts: ActiveAlert[] = [];
  private readonly task: PeriodicTask;

  constructor(
    private readonly deps: {
      readonly states: AlertStateStore;
      readonly querier: SeriesQuerier;
      readonly appender: SampleAppender;
      readonly feed?: LiveFeed;
      /** Whether changes are published now (not while an engine in this process publishes them itself). */
      readonly publish?: () => boolean;
      readonly log: Logger;
      readonly refreshMs?: number;
    },
  ) {
    this.task = new PeriodicTask('stored alerts', deps.refreshMs ?? STORED_ALERTS_REFRESH_MS, () => this.refresh(), deps.log);
  }

  /** The alerts as last read. */
  active(): ActiveAlert[] {
    return [...this.alerts];
  }

  /** Reads the states now, then keeps reading them. */
  async start(): Promise<void> {
    await this.task.runNow();
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }

  /** Reads the saved states and publishes what changed since the last read. */
  async refresh(): Promise<void> {
    // The engine only reads here: it never evaluates, so it neither appends samples nor saves states.
    const reader = new RuleEngine({ querier: this.deps.querier, appender: this.deps.appender, states: this.deps.states, log: this.deps.log });
    await reader.restore();
    const next = reader.active();
    const feed = this.deps.feed;
    if (feed?.active === true && (this.deps.publish?.() ?? true)) {
      const before = new Map(this.alerts.map((alert) => [alert.fingerprint, alert]));
      for (const alert of next) {
        const previous = before.get(alert.fingerprint);
        before.delete(alert.fingerprint);
        if (previous !== undefined && JSON.stringify(previous) === JSON.stringify(alert)) continue;
        feed.alert({ ...alert, since: new Date(alert.since).toISOString(), change: alert.status });
      }
      for (const gone of before.values()) feed.alert({ ...gone, since: new Date(gone.since).toISOString(), change: 'resolved' });
    }
    this.alerts = next;
  }
}
