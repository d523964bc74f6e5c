import type { Clock, ForensicSnapshotStore, Incident, Logger } from '../../core/index.js';
import type { ForensicSources } from './forensic-report.js';
import { type SnapshotOptions, takeSnapshot, toStoredSnapshot } from './forensic-snapshot.js';

/** Incidents waiting for their snapshot at most; beyond, new ones are dropped and logged (an alert storm). */
export const DEFAULT_SNAPSHOT_BACKLOG = 100;

/** What {@link IncidentSnapshotter} needs. */
export interface IncidentSnapshotterDeps {
  readonly sources: ForensicSources;
  readonly store: ForensicSnapshotStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly options?: SnapshotOptions;
  /** Default {@link DEFAULT_SNAPSHOT_BACKLOG}. */
  readonly backlog?: number;
}

type SnapshotTarget = Pick<Incident, 'number' | 'occurredAt' | 'resolvedAt'>;

/**
 * Freezes a forensic snapshot onto each incident it is told about, in the background and one at a time:
 * the caller (the alerter, mid-evaluation) never waits, and a storm of openings cannot run a hundred
 * analyses at once. A failed snapshot is logged; the incident goes on without one.
 */
export class IncidentSnapshotter {
  private readonly queue: SnapshotTarget[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: IncidentSnapshotterDeps) {}

  /** Queues a snapshot of the incident and returns at once. */
  schedule(incident: SnapshotTarget): void {
    if (this.stopped) return;
    if (this.queue.length >= (this.deps.backlog ?? DEFAULT_SNAPSHOT_BACKLOG)) {
      this.deps.log.warn({ incident: incident.number }, 'forensic snapshot skipped: too many incidents waiting for one');
      return;
    }
    this.queue.push({ number: incident.number, occurredAt: incident.occurredAt, ...(incident.resolvedAt === undefined ? {} : { resolvedAt: incident.resolvedAt }) });
    this.running ??= this.drain();
  }

  /** Resolves once every queued snapshot has been taken (or has failed). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Drops the queued snapshots and waits for the one running. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await this.idle();
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        try {
          const snapshot = await takeSnapshot(this.deps.sources, next, this.deps.clock, this.deps.options);
          await this.deps.store.save(toStoredSnapshot(snapshot));
          this.deps.log.info({ incident: next.number, entries: snapshot.entries.length, events: snapshot.timeline.length, tookMs: Math.round(snapshot.tookMs) }, 'forensic snapshot taken');
        } catch (error) {
          this.deps.log.error({ err: error, incident: next.number }, 'forensic snapshot failed');
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
