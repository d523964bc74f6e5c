import type { LeaderLease, LeaseChange, Logger } from '../../core/index.js';

/** What runs only while this process leads: stopped as a whole when the lease is lost. */
export interface LeaderParts {
  stop(): Promise<void>;
}

/** What the gate needs. */
export interface LeadershipGateDeps<P extends LeaderParts> {
  readonly lease: LeaderLease;
  /**
   * Builds and starts the leader's parts, restoring their state from the shared stores first. Called anew at
   * each acquisition: parts once stopped are never restarted, so nothing of a previous term leaks into the next.
   */
  readonly start: () => Promise<P>;
  readonly log: Logger;
  /** Hears each change of leadership once the parts have started or been told to stop. */
  readonly onChange?: (leading: boolean) => void;
}

/**
 * Runs the leader's parts exactly while the lease is held: started when it is won, stopped when it is
 * lost. Changes are handled one at a time in the order they came, so a loss during a start stops the
 * parts as soon as they exist.
 */
export class LeadershipGate<P extends LeaderParts> {
  private parts: P | undefined;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private failure: unknown;

  constructor(private readonly deps: LeadershipGateDeps<P>) {}

  /** The leader's parts while this process leads. */
  current(): P | undefined {
    return this.parts;
  }

  /** Whether the leader's parts run here now. */
  leading(): boolean {
    return this.parts !== undefined;
  }

  /** Why the last start of the parts failed, if it did (a failed start gives the lease up). */
  lastFailure(): unknown {
    return this.failure;
  }

  /** Starts campaigning for the lease. */
  start(): void {
    this.deps.lease.start((change) => {
      // A change that fails is logged and the next one still handled: a rejected queue would stall leadership.
      this.queue = this.queue
        .then(() => this.handle(change))
        .catch((error: unknown) => this.deps.log.error({ err: error, change: change.kind }, 'a leadership change could not be handled'));
    });
  }

  /** Resolves once every change heard so far has been handled (the parts started or stopped). */
  async settled(): Promise<void> {
    let seen;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  /** Stops the parts, then gives the lease up, so a standby never runs alongside them. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settled();
    const parts = this.parts;
    this.parts = undefined;
    try {
      if (parts !== undefined) {
        try {
          await parts.stop();
        } finally {
          this.deps.onChange?.(false);
        }
      }
    } finally {
      await this.deps.lease.stop();
    }
  }

  private async handle(change: LeaseChange): Promise<void> {
    if (this.stopped) return;
    if (change.kind === 'acquired') {
      if (this.parts !== undefined) return;
      try {
        this.parts = await this.deps.start();
        this.failure = undefined;
      } catch (error) {
        this.failure = error;
        this.deps.log.error({ err: error }, 'leadership won but the alerter could not start: giving the lease up');
        await this.deps.lease.resign();
        return;
      }
      this.deps.log.info('leadership acquired: the alerter runs in this process');
      this.deps.onChange?.(true);
      return;
    }
    const parts = this.parts;
    if (parts === undefined) return;
    this.parts = undefined;
    this.deps.log.warn({ reason: change.reason }, 'leadership lost: stopping the alerter');
    this.deps.onChange?.(false);
    await parts.stop();
  }
}
