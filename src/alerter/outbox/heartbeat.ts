import type { Clock, Logger, OutboxMessage, OutboxStore } from '../../core/index.js';
import type { HeartbeatNotification, OutgoingMessage } from '../notifiers/notification.js';
import { outboxEntry } from './outbox-entry.js';

/** Where and how often the heartbeat goes (ms); the parsed `HeartbeatConfig` fits it. */
export interface HeartbeatSettings {
  /** A configured channel name. */
  readonly channel: string;
  readonly interval: number;
}

/** What a Heartbeat needs. */
export interface HeartbeatDeps {
  readonly outbox: Pick<OutboxStore, 'enqueue'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: () => HeartbeatSettings;
  /** Asks for delivery at once (`DeliveryWorker.wake`). */
  readonly wake?: () => void;
}

/** The start of the interval slot `at` falls in: slots are aligned on the Unix epoch, the same in every process. */
export function heartbeatSlot(at: number, interval: number): number {
  return Math.floor(at / interval) * interval;
}

/** The idempotency key of the heartbeat of the slot `at` falls in. */
export function heartbeatKey(at: number, interval: number): string {
  return `heartbeat:${new Date(heartbeatSlot(at, interval)).toISOString()}`;
}

/**
 * The dead man's switch: one HeartbeatNotification per interval slot through the outbox, so it proves the
 * whole path (outbox, worker, channel) alive and an external watchdog alarms when they stop. The key names
 * the slot, so a restart within a slot enqueues nothing new.
 */
export class Heartbeat {
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<unknown> | undefined;

  constructor(private readonly deps: HeartbeatDeps) {
    this.log = deps.log.child({ component: 'heartbeat' });
  }

  /** Enqueues the heartbeat of the current slot now, then one at the start of every slot. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.beat();
  }

  /** Stops the schedule and waits for an enqueue under way. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** Enqueues the heartbeat of the slot `at` falls in (the one already there, if any) and wakes delivery. */
  async tick(at: number = this.deps.clock.now()): Promise<OutboxMessage> {
    const { channel, interval } = this.deps.settings();
    const key = heartbeatKey(at, interval);
    const notification: HeartbeatNotification = { type: 'heartbeat', at };
    const message: OutgoingMessage = { idempotencyKey: key, notification };
    const stored = await this.deps.outbox.enqueue(outboxEntry(channel, message, at));
    this.deps.wake?.();
    return stored;
  }

  private beat(): void {
    const ticking = this.tick().catch((error: unknown) => this.log.error({ err: error }, 'could not enqueue the heartbeat'));
    this.ticking = ticking;
    void ticking.then(() => {
      if (!this.running) return;
      const { interval } = this.deps.settings();
      const now = this.deps.clock.now();
      // Aim at the next slot's start; a timer that fires a little early lands in the old slot, hence the +1.
      const delay = heartbeatSlot(now, interval) + interval - now + 1;
      this.timer = setTimeout(() => this.beat(), delay);
    });
  }
}
