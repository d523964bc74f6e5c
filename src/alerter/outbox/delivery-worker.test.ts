import { afterEach, describe, expect, it } from 'vitest';
import { OutboxConfig } from '../../config/schema/outbox.js';
import { type Logger, ManualClock, type OutboxMessage } from '../../core/index.js';
import { DeliveryError, type IncidentNotification, type Notifier, type OutgoingMessage } from '../notifiers/notification.js';
import { DEFAULT_OUTBOX_SETTINGS, type DeliveryObserver, DeliveryWorker, leaseFor, type OutboxSettings } from './delivery-worker.js';
import { MemoryOutboxStore } from './memory-outbox-store.js';
import { outboxEntry } from './outbox-entry.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const HOUR = 3_600_000;

interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: object;
  msg: string | undefined;
}

function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (obj: object | string, msg?: string): void => {
      lines.push(typeof obj === 'string' ? { level, fields: {}, msg: obj } : { level, fields: obj, msg });
    };
  const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log, lines };
  return log as Logger & { lines: LogLine[] };
}

function incident(number: string): IncidentNotification {
  return {
    type: 'incident',
    event: 'opened',
    incident: {
      number,
      title: 'sbc-1 down',
      description: 'no answer to OPTIONS',
      severity: 'S2',
      status: 'registered',
      level: 'L1',
      labels: { target: 'sbc-1' },
      affectedTargets: ['sbc-1'],
      affectedUsers: 0,
      occurredAt: T0,
      registeredAt: T0,
      attentionDue: T0 + HOUR,
      solutionDue: T0 + 3 * HOUR,
    },
    alerts: [],
  };
}

function outgoing(key: string): OutgoingMessage {
  return { idempotencyKey: key, notification: incident(`NOC-2025-${key.padStart(6, '0')}`) };
}

/** What a send does: resolve, throw, or wait for the test. */
type Behaviour = (message: OutgoingMessage, signal: AbortSignal) => Promise<void>;

/** A notifier that records what it was handed and behaves as the test scripts. */
class FakeNotifier implements Notifier {
  readonly received: OutgoingMessage[] = [];
  readonly signals: AbortSignal[] = [];
  active = 0;
  maxActive = 0;
  behaviour: Behaviour = async () => undefined;

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
    this.received.push(message);
    this.signals.push(signal);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await this.behaviour(message, signal);
    } finally {
      this.active--;
    }
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

interface ObservedEvent {
  kind: 'sent' | 'failed';
  message: OutboxMessage;
  error?: DeliveryError;
  retryAt?: number;
  at: number;
  /** What the outbox held for the message when the observer was called. */
  stored: OutboxMessage | undefined;
}

function setup(options: { settings?: Partial<OutboxSettings>; random?: () => number; channels?: string[]; observer?: Partial<DeliveryObserver> } = {}) {
  const clock = new ManualClock(T0);
  const outbox = new MemoryOutboxStore();
  const notifier = new FakeNotifier();
  const log = recordingLogger();
  const events: ObservedEvent[] = [];
  const channels = new Set(options.channels ?? ['webhook-noc']);
  let settings: OutboxSettings = { ...DEFAULT_OUTBOX_SETTINGS, ...options.settings };
  const stored = async (id: number): Promise<OutboxMessage | undefined> => (await outbox.list()).find((m) => m.id === id);
  const observer: DeliveryObserver = {
    sent: async (message, at) => {
      events.push({ kind: 'sent', message, at, stored: await stored(message.id) });
      await options.observer?.sent?.(message, at);
    },
    failed: async (message, error, retryAt, at) => {
      events.push({ kind: 'failed', message, error, ...(retryAt === undefined ? {} : { retryAt }), at, stored: await stored(message.id) });
      await options.observer?.failed?.(message, error, retryAt, at);
    },
  };
  const worker = new DeliveryWorker({
    outbox,
    notifierFor: (channel) => (channels.has(channel) ? notifier : undefined),
    clock,
    log,
    settings: () => settings,
    observer,
    random: options.random ?? (() => 0.5),
  });
  workers.push(worker);
  const enqueue = (key: string, createdAt = clock.now(), channel = 'webhook-noc'): Promise<OutboxMessage> =>
    outbox.enqueue(outboxEntry(channel, outgoing(key), createdAt));
  return {
    clock,
    outbox,
    notifier,
    log,
    events,
    channels,
    worker,
    enqueue,
    stored,
    setSettings: (patch: Partial<OutboxSettings>) => (settings = { ...settings, ...patch }),
  };
}

const workers: DeliveryWorker[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop(0)));
});

describe('DeliveryWorker', () => {
  it('delivers a due message, marks it sent, then tells the observer and the stats', async () => {
    const t = setup();
    const m = await t.enqueue('1');
    t.clock.advance(250);
    expect(await t.worker.runOnce()).toEqual({ claimed: 1, sent: 1, retried: 0, dead: 0, lost: 0 });
    expect(t.notifier.received).toEqual([outgoing('1')]);
    const sent = { ...m, status: 'sent', attempts: 1, sentAt: T0 + 250, nextAttemptAt: T0 + 250 + leaseFor(DEFAULT_OUTBOX_SETTINGS) };
    expect(await t.stored(m.id)).toEqual(sent);
    expect(t.events).toEqual([{ kind: 'sent', message: sent, at: T0 + 250, stored: sent }]);
    expect(await t.worker.stats.snapshot()).toEqual({ sent: 1, failed: 0, dead: 0, pending: 0, deadLetters: 0, oldestPendingAgeSeconds: 0 });
    expect(await t.worker.runOnce()).toEqual({ claimed: 0, sent: 0, retried: 0, dead: 0, lost: 0 });
  });

  it('records outcome times in whole milliseconds, however finely the monotonic clock ticks', async () => {
    const t = setup();
    const sentMessage = await t.enqueue('1');
    // performance.now() has fractions of a millisecond; the stores keep integer ms (PostgreSQL bigint refuses them).
    t.notifier.behaviour = async () => void t.clock.advance(12.75);
    expect(await t.worker.runOnce()).toMatchObject({ sent: 1 });
    expect(await t.stored(sentMessage.id)).toMatchObject({ status: 'sent', sentAt: T0 + 13 });
    const failing = await t.enqueue('2');
    t.notifier.behaviour = async () => {
      t.clock.advance(0.4);
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    };
    expect(await t.worker.runOnce()).toMatchObject({ retried: 1 });
    const retryAt = (await t.stored(failing.id))?.nextAttemptAt as number;
    expect(Number.isInteger(retryAt)).toBe(true);
    expect(t.events.map((event) => Number.isInteger(event.at))).toEqual([true, true]);
  });

  it('retries a failing channel with exponential back-off and full jitter', async () => {
    let draws = 0;
    const t = setup({ random: () => [0.5, 0.25, 1, 0][draws++ % 4] as number });
    const m = await t.enqueue('1');
    t.notifier.behaviour = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    };
    // Ceilings 5s, 10s, 20s, 40s; waits 0.5·5s, 0.25·10s, 1·20s, 0·40s.
    const expectedWaits = [2_500, 2_500, 20_000, 0];
    let at = T0;
    for (const [i, wait] of expectedWaits.entries()) {
      expect(await t.worker.runOnce(at - 1)).toMatchObject({ claimed: 0 });
      expect(await t.worker.runOnce(at)).toMatchObject({ claimed: 1, retried: 1 });
      at += wait;
      expect(await t.stored(m.id)).toMatchObject({ status: 'pending', attempts: i + 1, nextAttemptAt: at, lastError: 'connect ECONNREFUSED 127.0.0.1:9' });
    }
    t.notifier.behaviour = async () => undefined;
    expect(await t.worker.runOnce(at)).toMatchObject({ claimed: 1, sent: 1 });
    expect(await t.stored(m.id)).toMatchObject({ status: 'sent', attempts: 5, sentAt: at });
    expect(t.events.map((e) => [e.kind, e.retryAt])).toEqual([
      ['failed', T0 + 2_500],
      ['failed', T0 + 5_000],
      ['failed', T0 + 25_000],
      ['failed', T0 + 25_000],
      ['sent', undefined],
    ]);
    // The observer sees each failure as the outbox recorded it.
    for (const event of t.events) expect(event.message).toEqual(event.stored);
    expect(t.events[0]?.error).toBeInstanceOf(DeliveryError);
    expect(t.events[0]?.error?.retryable).toBe(true);
    expect(await t.worker.stats.snapshot(at)).toMatchObject({ sent: 1, failed: 4, dead: 0, pending: 0 });
  });

  it('follows the configured retry settings, re-read on every attempt', async () => {
    const t = setup({ random: () => 0.5, settings: { retry: { initial: 1_000, factor: 3, max: 4_000 } } });
    const m = await t.enqueue('1');
    t.notifier.behaviour = async () => {
      throw new DeliveryError('webhook 503', true);
    };
    await t.worker.runOnce(T0);
    expect((await t.stored(m.id))?.nextAttemptAt).toBe(T0 + 500);
    await t.worker.runOnce(T0 + 500);
    expect((await t.stored(m.id))?.nextAttemptAt).toBe(T0 + 500 + 1_500);
    await t.worker.runOnce(T0 + 2_000);
    expect((await t.stored(m.id))?.nextAttemptAt).toBe(T0 + 2_000 + 2_000);
    t.setSettings({ retry: { initial: 60_000, factor: 2, max: 600_000 } });
    await t.worker.runOnce(T0 + 4_000);
    expect((await t.stored(m.id))?.nextAttemptAt).toBe(T0 + 4_000 + 240_000);
  });

  it('dead-letters at once an error that retrying cannot fix', async () => {
    const t = setup();
    const m = await t.enqueue('1');
    t.notifier.behaviour = async () => {
      throw new DeliveryError('webhook answered 400 Bad Request', false);
    };
    expect(await t.worker.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    expect(await t.stored(m.id)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'webhook answered 400 Bad Request' });
    expect(t.events).toHaveLength(1);
    expect(t.events[0]).toMatchObject({ kind: 'failed', at: T0, message: { status: 'dead' } });
    expect(t.events[0]?.retryAt).toBeUndefined();
    expect(t.events[0]?.error?.retryable).toBe(false);
    expect(await t.worker.stats.snapshot()).toMatchObject({ failed: 1, dead: 1, deadLetters: 1, pending: 0 });
    expect(t.log.lines.some((l) => l.level === 'warn' && l.msg === 'notification dead-lettered')).toBe(true);
    expect(await t.worker.runOnce(T0 + HOUR)).toMatchObject({ claimed: 0 });
  });

  it('dead-letters without sending a message older than max_age', async () => {
    const t = setup({ settings: { max_age: HOUR } });
    const old = await t.enqueue('old', T0);
    const fresh = await t.enqueue('fresh', T0 + 1);
    expect(await t.worker.runOnce(T0 + HOUR + 1)).toMatchObject({ claimed: 2, sent: 1, dead: 1 });
    expect(t.notifier.received.map((m) => m.idempotencyKey)).toEqual(['fresh']);
    expect(await t.stored(old.id)).toMatchObject({ status: 'dead', lastError: expect.stringContaining('max_age') });
    expect(await t.stored(fresh.id)).toMatchObject({ status: 'sent' });
  });

  it('gives up when the next retry would fall past max_age', async () => {
    const t = setup({ random: () => 0.999, settings: { max_age: 30_000 } });
    const m = await t.enqueue('1');
    t.notifier.behaviour = async () => {
      throw new Error('socket hang up');
    };
    // Waits of ~5s, ~10s then ~20s: the third would end at ~35s, past 30s.
    await t.worker.runOnce(T0);
    await t.worker.runOnce(T0 + 4_995);
    expect(await t.worker.runOnce(T0 + 14_985)).toMatchObject({ dead: 1 });
    expect(await t.stored(m.id)).toMatchObject({ status: 'dead', attempts: 3, lastError: expect.stringMatching(/^socket hang up; giving up/) });
    expect(t.events.at(-1)?.error?.retryable).toBe(false);
  });

  it('dead-letters a message whose channel is no longer configured', async () => {
    const t = setup({ channels: ['webhook-noc'] });
    const gone = await t.enqueue('1', T0, 'email-old');
    expect(await t.worker.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    expect(t.notifier.received).toEqual([]);
    expect(await t.stored(gone.id)).toMatchObject({ status: 'dead', lastError: 'channel "email-old" is not configured' });
  });

  it('dead-letters a payload that holds no notification', async () => {
    const t = setup();
    const bad = await t.outbox.enqueue({ channel: 'webhook-noc', idempotencyKey: 'bad', payload: { hello: 'world' }, createdAt: T0 });
    expect(await t.worker.runOnce()).toMatchObject({ dead: 1 });
    expect(t.notifier.received).toEqual([]);
    expect(await t.stored(bad.id)).toMatchObject({ status: 'dead', lastError: expect.stringContaining('no notification') });
  });

  it('keeps at most `concurrency` sends in flight, and leases what it claims', async () => {
    const t = setup({ settings: { concurrency: 2, send_timeout: 10_000 } });
    for (const key of ['1', '2', '3', '4', '5']) await t.enqueue(key);
    const gates = new Map<string, Deferred>();
    t.notifier.behaviour = (message) => {
      const gate = deferred();
      gates.set(message.idempotencyKey, gate);
      return gate.promise;
    };
    const first = t.worker.runOnce();
    await eventually(() => t.notifier.active === 2, 'two sends in flight');
    expect(t.worker.inFlight).toBe(2);
    // A second pass while the slots are full claims nothing.
    expect(await t.worker.runOnce()).toMatchObject({ claimed: 0 });
    const leased = (await t.outbox.list({ status: 'pending' })).filter((m) => m.nextAttemptAt === T0 + 20_000);
    expect(leased.map((m) => m.idempotencyKey).sort()).toEqual(['1', '2']);
    gates.get('1')?.resolve();
    gates.get('2')?.resolve();
    expect(await first).toMatchObject({ claimed: 2, sent: 2 });
    const second = t.worker.runOnce();
    await eventually(() => t.notifier.active === 2, 'the next two in flight');
    for (const key of ['3', '4']) gates.get(key)?.resolve();
    expect(await second).toMatchObject({ claimed: 2, sent: 2 });
    const third = t.worker.runOnce();
    await eventually(() => gates.has('5'), 'the last one in flight');
    gates.get('5')?.resolve();
    expect(await third).toMatchObject({ claimed: 1, sent: 1 });
    expect(t.notifier.maxActive).toBe(2);
  });

  it('refills freed slots on its own once started, never above `concurrency`', async () => {
    const t = setup({ settings: { concurrency: 3, poll_interval: HOUR } });
    const keys = Array.from({ length: 10 }, (_, i) => String(i + 1));
    for (const key of keys) await t.enqueue(key);
    const gates: Deferred[] = [];
    t.notifier.behaviour = () => {
      const gate = deferred();
      gates.push(gate);
      return gate.promise;
    };
    t.worker.start();
    for (let released = 0; released < keys.length; released++) {
      await eventually(() => gates.length > released, `send ${released + 1} started`);
      expect(t.notifier.active).toBeLessThanOrEqual(3);
      gates[released]?.resolve();
    }
    await eventually(async () => (await t.outbox.counts()).pending === 0, 'all delivered');
    expect(t.notifier.received.map((m) => m.idempotencyKey)).toEqual(keys);
    expect(t.notifier.maxActive).toBe(3);
  });

  it('delivers a new message on wake() without waiting for the poll interval', async () => {
    const t = setup({ settings: { poll_interval: HOUR } });
    let claims = 0;
    const claimDue = t.outbox.claimDue.bind(t.outbox);
    t.outbox.claimDue = async (...args) => {
      claims++;
      return claimDue(...args);
    };
    t.worker.start();
    await eventually(() => claims === 1, 'the first pass');
    await t.enqueue('1');
    t.worker.wake();
    await eventually(() => t.notifier.received.length === 1, 'the woken pass delivered');
  });

  it('aborts and retries a send that exceeds send_timeout', async () => {
    const t = setup({ settings: { send_timeout: 20 } });
    const m = await t.enqueue('1');
    // Ignores its signal: the worker must not wait for it.
    t.notifier.behaviour = () => new Promise<void>(() => undefined);
    expect(await t.worker.runOnce()).toMatchObject({ retried: 1 });
    expect(t.notifier.signals[0]?.aborted).toBe(true);
    expect(await t.stored(m.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'no answer within 20 ms' });
  });

  it('on stop, waits for sends under way, then aborts them and leaves them due at once', async () => {
    const t = setup({ settings: { poll_interval: HOUR } });
    const quick = await t.enqueue('quick');
    const stuck = await t.enqueue('stuck');
    const gate = deferred();
    t.notifier.behaviour = (message, signal) =>
      message.idempotencyKey === 'quick'
        ? gate.promise
        : new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by signal'))));
    t.worker.start();
    await eventually(() => t.notifier.active === 2, 'both in flight');
    const stopped = t.worker.stop(50);
    gate.resolve();
    await stopped;
    expect(t.worker.inFlight).toBe(0);
    expect(await t.stored(quick.id)).toMatchObject({ status: 'sent' });
    expect(await t.stored(stuck.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: T0,
      lastError: 'delivery interrupted: the worker is stopping',
    });
    // Stopped: a wake does nothing.
    await t.enqueue('later');
    t.worker.wake();
    expect(t.worker.inFlight).toBe(0);
  });

  it('keeps delivering when the observer throws, and logs it', async () => {
    const t = setup({
      observer: {
        sent: () => {
          throw new Error('timeline unavailable');
        },
      },
    });
    await t.enqueue('1');
    await t.enqueue('2');
    expect(await t.worker.runOnce()).toMatchObject({ claimed: 2, sent: 2 });
    expect((await t.outbox.list({ status: 'sent' })).length).toBe(2);
    const errors = t.log.lines.filter((l) => l.level === 'error' && l.msg === 'delivery observer failed');
    expect(errors).toHaveLength(2);
  });

  it('does not record an outcome for a message another worker already recorded', async () => {
    const t = setup();
    const m = await t.enqueue('1');
    // The lease ran out during a long send and another worker delivered it first.
    t.notifier.behaviour = async () => t.outbox.markSent(m.id, T0 + 1);
    expect(await t.worker.runOnce()).toMatchObject({ claimed: 1, lost: 1, sent: 0 });
    expect(t.events).toEqual([]);
    expect(t.worker.stats.sent).toBe(0);
    expect(await t.stored(m.id)).toMatchObject({ status: 'sent', sentAt: T0 + 1, attempts: 1 });
  });

  it('reports the pending backlog and the age of its oldest message', async () => {
    const t = setup();
    await t.enqueue('1', T0);
    await t.enqueue('2', T0 + 30_000);
    expect(await t.worker.stats.snapshot(T0 + 90_000)).toEqual({
      sent: 0,
      failed: 0,
      dead: 0,
      pending: 2,
      deadLetters: 0,
      oldestPendingAgeSeconds: 90,
    });
  });

  it('has the defaults of the configuration schema', () => {
    const settings: OutboxSettings = OutboxConfig.parse({});
    expect(settings).toEqual(DEFAULT_OUTBOX_SETTINGS);
  });
});
