import type { Clock, OutboxStore } from '../../core/index.js';

/** Delivery counters of this process and gauges of the outbox, as metrics show them. */
export interface OutboxStatsSnapshot {
  /** Messages delivered since start (`noc_notifications_sent_total`). */
  readonly sent: number;
  /** Failed attempts since start, retried or not (`noc_notifications_failed_total`). */
  readonly failed: number;
  /** Messages given up on since start (`noc_notifications_dead_total`). */
  readonly dead: number;
  /** Messages waiting for delivery now, those being sent included (`noc_outbox_pending_messages`). */
  readonly pending: number;
  /** Dead letters the outbox holds now, whoever gave up on them (`noc_outbox_dead_messages`). */
  readonly deadLetters: number;
  /** Age of the oldest pending message, 0 when none (`noc_outbox_oldest_pending_age_seconds`). */
  readonly oldestPendingAgeSeconds: number;
}

/**
 * Counts what the delivery worker did and reads the outbox's gauges on demand, so a metrics scrape sees the
 * backlog as it is in the database (it survives restarts; the counters start at 0 like any Prometheus counter).
 */
export class OutboxStats {
  private sentCount = 0;
  private failedCount = 0;
  private deadCount = 0;

  constructor(
    private readonly outbox: Pick<OutboxStore, 'counts'>,
    private readonly clock: Clock,
  ) {}

  /** A message was delivered. */
  recordSent(): void {
    this.sentCount++;
  }

  /** An attempt failed; `dead` when the message was given up on rather than rescheduled. */
  recordFailed(dead: boolean): void {
    this.failedCount++;
    if (dead) this.deadCount++;
  }

  /** Messages delivered since start. */
  get sent(): number {
    return this.sentCount;
  }

  /** Failed attempts since start. */
  get failed(): number {
    return this.failedCount;
  }

  /** Messages given up on since start. */
  get dead(): number {
    return this.deadCount;
  }

  /** The counters with the outbox's gauges as of `at`. */
  async snapshot(at: number = this.clock.now()): Promise<OutboxStatsSnapshot> {
    const counts = await this.outbox.counts();
    const oldest = counts.oldestPendingCreatedAt;
    return {
      sent: this.sentCount,
      failed: this.failedCount,
      dead: this.deadCount,
      pending: counts.pending,
      deadLetters: counts.dead,
      oldestPendingAgeSeconds: oldest === undefined ? 0 : Math.max(0, at - oldest) / 1000,
    };
  }
}
