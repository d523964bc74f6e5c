import { type Clock, isNocError, type Logger, type OutboxMessage, type OutboxStore } from '../../core/index.js';
import { DeliveryError, type Notifier, type OutgoingMessage } from '../notifiers/notification.js';
import { outgoingMessageOf } from './outbox-entry.js';
import { OutboxStats } from './outbox-stats.js';
import { retryDelay, type RetrySettings } from './retry-policy.js';

/** How the worker delivers, in ms (the parsed `OutboxConfig` fits it); read again on every pass. */
export interface OutboxSettings {
  /** How often due messages (retries) are looked for when nothing wakes the worker. */
  readonly poll_interval: number;
  /** Deliveries in flight at once, over all channels. */
  readonly concurrency: number;
  /** One attempt is aborted and retried after this long. */
  readonly send_timeout: number;
  /** A message not delivered by this age is dead-lettered instead of sent late. */
  readonly max_age: number;
  readonly retry: RetrySettings;
}

/** The settings used when the configuration says nothing. */
export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  poll_interval: 1_000,
  concurrency: 4,
  send_timeout: 30_000,
  max_age: 24 * 3_600_000,
  retry: { initial: 5_000, factor: 2, max: 600_000 },
};

/**
 * How long a claimed message stays hidden from other claims: past the send timeout, so a live worker always
 * records its outcome first, and short enough that a crashed worker's messages come back soon.
 */
export function leaseFor(settings: Pick<OutboxSettings, 'send_timeout'>): number {
  return 2 * settings.send_timeout;
}

/** Told of every delivery outcome once the outbox has recorded it (the incident timeline listens). */
export interface DeliveryObserver {
  /** `message` as the outbox now holds it: `status` 'sent', `attempts` counting this one. */
  sent(message: OutboxMessage, at: number): void | Promise<void>;
  /** A failed attempt: retried at `retryAt`, or dead-lettered (`message.status` 'dead') when it is undefined. */
  failed(message: OutboxMessage, error: DeliveryError, retryAt: number | undefined, at: number): void | Promise<void>;
}

/** What a DeliveryWorker needs. */
export interface DeliveryWorkerDeps {
  readonly outbox: OutboxStore;
  /** The notifier of a configured channel; undefined once the channel is gone from the configuration. */
  readonly notifierFor: (channel: string) => Notifier | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: () => OutboxSettings;
  readonly observer?: DeliveryObserver;
  /** Source of the back-off jitter, in [0, 1); Math.random unless a test pins it. */
  readonly random?: () => number;
  /** Where the counters go; a new one unless the caller shares its own. */
  readonly stats?: OutboxStats;
}

/** How one claimed message ended: delivered, rescheduled, dead-lettered, or taken over by another worker. */
export type DeliveryOutcome = 'sent' | 'retry' | 'dead' | 'lost';

/** What one pass did. */
export interface PassResult {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly dead: number;
  /** Outcomes the outbox refused to record (the lease ran out and another worker took the message). */
  readonly lost: number;
}

interface Delivery {
  /** Aborted only by stop(), after its grace period. */
  readonly stop: AbortController;
  readonly done: Promise<DeliveryOutcome>;
}

/** How long stop() lets deliveries under way finish before it aborts them. */
export const DEFAULT_STOP_GRACE_MS = 5_000;

/**
 * Delivers the outbox at least once: each pass leases due messages up to the free delivery slots, sends
 * them, and records the outcome. A message is marked sent only after its notifier returned, so a crash loses
 * nothing and repeats at most the messages in flight (receivers drop those by idempotency key).
 * Failures are retried with exponential back-off and full jitter; a message is dead-lettered when the error
 * says retrying cannot help, its channel is gone, or it grew older than `max_age`.
 */
export class DeliveryWorker {
  /** Counters and gauges for metrics. */
  readonly stats: OutboxStats;
  private readonly outbox: OutboxStore;
  private readonly notifierFor: (channel: string) => Notifier | undefined;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly settings: () => OutboxSettings;
  private readonly observer: DeliveryObserver | undefined;
  private readonly random: () => number;
  private readonly deliveries = new Set<Delivery>();
  /** Claims run one after another, so two of them never both count the same free slots. */
  private claims: Promise<unknown> = Promise.resolve();
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private wokenDuringPass = false;

  constructor(deps: DeliveryWorkerDeps) {
    this.outbox = deps.outbox;
    this.notifierFor = deps.notifierFor;
    this.clock = deps.clock;
    this.log = deps.log.child({ component: 'delivery-worker' });
    this.settings = deps.settings;
    this.observer = deps.observer;
    this.random = deps.random ?? Math.random;
    this.stats = deps.stats ?? new OutboxStats(deps.outbox, deps.clock);
  }

  /** Deliveries under way now. */
  get inFlight(): number {
    return this.deliveries.size;
  }

  /** Starts delivering: a pass now, then one per poll interval, on every wake() and whenever a slot frees. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Runs a pass now instead of at the next poll (call it after enqueuing); nothing while stopped. */
  wake(): void {
    if (!this.running) return;
    if (this.pass !== undefined) {
      this.wokenDuringPass = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.wokenDuringPass = false;
    const pass = this.claimAndStart(this.clock.now()).then(
      () => undefined,
      (error: unknown) => this.log.error({ err: error }, 'could not claim outbox messages'),
    );
    this.pass = pass;
    void pass.then(() => {
      this.pass = undefined;
      if (!this.running) return;
      if (this.wokenDuringPass) this.wake();
      else this.timer = setTimeout(() => this.wake(), this.settings().poll_interval);
    });
  }

  /**
   * Stops passes, lets deliveries under way finish for `graceMs`, then aborts the rest; an aborted message
   * is due again at once, for the next start.
   */
  async stop(graceMs: number = DEFAULT_STOP_GRACE_MS): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
    await this.claims;
    if (this.deliveries.size === 0) return;
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((done) => (graceTimer = setTimeout(done, graceMs)));
    await Promise.race([Promise.all([...this.deliveries].map((d) => d.done)), grace]);
    clearTimeout(graceTimer);
    for (const delivery of this.deliveries) delivery.stop.abort();
    await Promise.all([...this.deliveries].map((d) => d.done));
  }

  /** One pass at `at`: claims due messages up to the free slots and waits for their outcomes (tests, tools). */
  async runOnce(at: number = this.clock.now()): Promise<PassResult> {
    const started = await this.claimAndStart(at);
    const outcomes = await Promise.all(started.map((d) => d.done));
    const count = (outcome: DeliveryOutcome): number => outcomes.filter((o) => o === outcome).length;
    return { claimed: started.length, sent: count('sent'), retried: count('retry'), dead: count('dead'), lost: count('lost') };
  }

  private claimAndStart(at: number): Promise<Delivery[]> {
    const claim = this.claims.then(async () => {
      const settings = this.settings();
      const free = settings.concurrency - this.deliveries.size;
      if (free <= 0) return [];
      const claimed = await this.outbox.claimDue(at, free, leaseFor(settings));
      return claimed.map((message) => this.startDelivery(message, at, settings));
    });
    this.claims = claim.catch(() => undefined);
    return claim;
  }

  private startDelivery(message: OutboxMessage, at: number, settings: OutboxSettings): Delivery {
    const stop = new AbortController();
    const done = this.deliver(message, at, settings, stop.signal)
      .catch((error: unknown): DeliveryOutcome => {
        // The outcome could not be recorded: the lease runs out and the message is tried again.
        this.log.error({ err: error, id: message.id, channel: message.channel }, 'could not record a delivery outcome');
        return 'lost';
      })
      .finally(() => {
        this.deliveries.delete(delivery);
        this.wake();
      });
    const delivery: Delivery = { stop, done };
    this.deliveries.add(delivery);
    return delivery;
  }

  private async deliver(message: OutboxMessage, claimedAt: number, settings: OutboxSettings, stopping: AbortSignal): Promise<DeliveryOutcome> {
    const started = this.clock.monotonic();
    // Outcome times follow the claim time on the monotonic clock, so a pass run for a given `at` stays coherent;
    // stored times are whole milliseconds (the monotonic clock has fractions).
    const now = (): number => Math.round(claimedAt + (this.clock.monotonic() - started));
    const notifier = this.notifierFor(message.channel);
    if (notifier === undefined) {
      return this.recordFailure(message, new DeliveryError(`channel "${message.channel}" is not configured`, false), claimedAt, settings, false);
    }
    if (claimedAt - message.createdAt > settings.max_age) {
      const error = new DeliveryError(`not delivered within max_age (${settings.max_age} ms)`, false);
      return this.recordFailure(message, error, claimedAt, settings, false);
    }
    try {
      await sendWithin(notifier, outgoingMessageOf(message), settings.send_timeout, stopping);
    } catch (error) {
      return this.recordFailure(message, asDeliveryError(error), now(), settings, stopping.aborted);
    }
    return this.recordSent(message, now());
  }

  private async recordSent(message: OutboxMessage, at: number): Promise<DeliveryOutcome> {
    if (!(await this.record(message, () => this.outbox.markSent(message.id, at)))) return 'lost';
    this.stats.recordSent();
    this.log.debug({ id: message.id, channel: message.channel, key: message.idempotencyKey }, 'notification delivered');
    const stored: OutboxMessage = { ...message, status: 'sent', attempts: message.attempts + 1, sentAt: at };
    await this.tell('sent', () => this.observer?.sent(stored, at));
    return 'sent';
  }

  private async recordFailure(
    message: OutboxMessage,
    cause: DeliveryError,
    at: number,
    settings: OutboxSettings,
    interrupted: boolean,
  ): Promise<DeliveryOutcome> {
    let error = cause;
    let retryAt: number | undefined;
    if (error.retryable) {
      // An attempt cut short by shutdown says nothing about the channel: due again at once, for the next start.
      const next = interrupted ? at : at + retryDelay(message.attempts + 1, settings.retry, this.random);
      if (next - message.createdAt <= settings.max_age) retryAt = next;
      else error = new DeliveryError(`${error.message}; giving up: the next attempt would be past max_age (${settings.max_age} ms)`, false, { cause });
    }
    if (!(await this.record(message, () => this.outbox.markFailed(message.id, error.message, retryAt)))) return 'lost';
    this.stats.recordFailed(retryAt === undefined);
    const fields = { id: message.id, channel: message.channel, key: message.idempotencyKey, attempts: message.attempts + 1, error: error.message };
    if (retryAt === undefined) this.log.warn(fields, 'notification dead-lettered');
    else this.log.info({ ...fields, retryAt: new Date(retryAt).toISOString() }, 'notification delivery failed; will retry');
    const stored: OutboxMessage = {
      ...message,
      status: retryAt === undefined ? 'dead' : 'pending',
      attempts: message.attempts + 1,
      lastError: error.message,
      ...(retryAt === undefined ? {} : { nextAttemptAt: retryAt }),
    };
    await this.tell('failed', () => this.observer?.failed(stored, error, retryAt, at));
    return retryAt === undefined ? 'dead' : 'retry';
  }

  /** Runs a store update; false when the message is no longer ours (another worker recorded it first). */
  private async record(message: OutboxMessage, update: () => Promise<void>): Promise<boolean> {
    try {
      await update();
      return true;
    } catch (error) {
      if (!isNocError(error, 'conflict')) throw error;
      this.log.warn({ id: message.id, channel: message.channel, err: error }, 'outbox message was taken over by another worker');
      return false;
    }
  }

  private async tell(event: keyof DeliveryObserver, call: () => unknown): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.log.error({ err: error, event }, 'delivery observer failed');
    }
  }
}

/** A notifier's failure as a DeliveryError: anything but a DeliveryError is worth another try. */
function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(message, true, { cause: error });
}

/**
 * Sends, giving up after `timeoutMs` or when `stopping` aborts. The race does not trust the notifier to
 * honour its signal: a hung connection must not hold a delivery slot forever.
 */
async function sendWithin(notifier: Notifier, message: OutgoingMessage, timeoutMs: number, stopping: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const onStop = (): void => controller.abort(new DeliveryError('delivery interrupted: the worker is stopping', true));
  const timer = setTimeout(() => controller.abort(new DeliveryError(`no answer within ${timeoutMs} ms`, true)), timeoutMs);
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(controller.signal.reason);
    controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  if (stopping.aborted) onStop();
  else stopping.addEventListener('abort', onStop, { once: true });
  try {
    await Promise.race([Promise.resolve().then(() => notifier.send(message, controller.signal)), aborted]);
  } finally {
    clearTimeout(timer);
    stopping.removeEventListener('abort', onStop);
    controller.signal.removeEventListener('abort', onAbort);
  }
}
