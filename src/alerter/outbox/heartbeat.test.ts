import { afterEach, describe, expect, it } from 'vitest';
import { HeartbeatConfig } from '../../config/schema/outbox.js';
import { ManualClock, silentLogger, systemClock } from '../../core/index.js';
import type { Notifier, OutgoingMessage } from '../notifiers/notification.js';
import { DEFAULT_OUTBOX_SETTINGS, DeliveryWorker } from './delivery-worker.js';
import { Heartbeat, type HeartbeatSettings, heartbeatKey, heartbeatSlot } from './heartbeat.js';
import { MemoryOutboxStore } from './memory-outbox-store.js';
import { outgoingMessageOf } from './outbox-entry.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const MINUTE = 60_000;
const stoppers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
});

function setup(settings: HeartbeatSettings = { channel: 'watchdog', interval: 5 * MINUTE }) {
  const clock = new ManualClock(T0);
  const outbox = new MemoryOutboxStore();
  let wakes = 0;
  const deps = { outbox, clock, log: silentLogger, settings: () => settings, wake: () => void wakes++ };
  const heartbeat = new Heartbeat(deps);
  stoppers.push(() => heartbeat.stop());
  return { clock, outbox, heartbeat, deps, wakes: () => wakes };
}

describe('heartbeat slots', () => {
  it.each([
    [T0, '2025-06-01T12:00:00.000Z'],
    [T0 + 3 * MINUTE + 20_000, '2025-06-01T12:00:00.000Z'],
    [T0 + 5 * MINUTE - 1, '2025-06-01T12:00:00.000Z'],
    [T0 + 5 * MINUTE, '2025-06-01T12:05:00.000Z'],
    [T0 + 59 * MINUTE, '2025-06-01T12:55:00.000Z'],
  ])('puts %d in the slot starting %s', (at, start) => {
    expect(heartbeatKey(at, 5 * MINUTE)).toBe(`heartbeat:${start}`);
    expect(heartbeatSlot(at, 5 * MINUTE)).toBe(Date.parse(start));
  });
});

describe('Heartbeat', () => {
  it('enqueues one heartbeat notification per slot to its channel and wakes delivery', async () => {
    const t = setup();
    const first = await t.heartbeat.tick(T0 + 10_000);
    expect(first).toMatchObject({ channel: 'watchdog', idempotencyKey: 'heartbeat:2025-06-01T12:00:00.000Z', createdAt: T0 + 10_000 });
    const expected: OutgoingMessage = {
      idempotencyKey: 'heartbeat:2025-06-01T12:00:00.000Z',
      notification: { type: 'heartbeat', at: T0 + 10_000 },
    };
    expect(outgoingMessageOf(first)).toEqual(expected);
    expect(t.wakes()).toBe(1);

    const again = await t.heartbeat.tick(T0 + 4 * MINUTE);
    expect(again).toEqual(first);
    const next = await t.heartbeat.tick(T0 + 5 * MINUTE);
    expect(next.idempotencyKey).toBe('heartbeat:2025-06-01T12:05:00.000Z');
    expect((await t.outbox.list()).map((m) => m.idempotencyKey)).toEqual([
      'heartbeat:2025-06-01T12:05:00.000Z',
      'heartbeat:2025-06-01T12:00:00.000Z',
    ]);
  });

  it('sends nothing new when restarted within the same slot', async () => {
    const t = setup();
    await t.heartbeat.tick(T0 + MINUTE);
    const restarted = new Heartbeat(t.deps);
    await restarted.tick(T0 + 2 * MINUTE);
    expect(await t.outbox.list()).toHaveLength(1);
  });

  it('beats on start and at the start of every slot, and stops', async () => {
    const outbox = new MemoryOutboxStore();
    const heartbeat = new Heartbeat({ outbox, clock: systemClock, log: silentLogger, settings: () => ({ channel: 'watchdog', interval: 40 }) });
    stoppers.push(() => heartbeat.stop());
    heartbeat.start();
    for (let i = 0; i < 400 && (await outbox.list()).length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await heartbeat.stop();
    const keys = (await outbox.list()).map((m) => m.idempotencyKey);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(new Set(keys).size).toBe(keys.length);
    for (const message of await outbox.list()) expect(message.idempotencyKey).toBe(heartbeatKey(message.createdAt, 40));
  });

  it('goes through the delivery worker to the channel', async () => {
    const clock = new ManualClock(T0);
    const outbox = new MemoryOutboxStore();
    const received: OutgoingMessage[] = [];
    const notifier: Notifier = { send: async (message) => void received.push(message) };
    const worker = new DeliveryWorker({
      outbox,
      notifierFor: (channel) => (channel === 'watchdog' ? notifier : undefined),
      clock,
      log: silentLogger,
      settings: () => ({ ...DEFAULT_OUTBOX_SETTINGS, poll_interval: 3_600_000 }),
    });
    stoppers.push(() => worker.stop(0));
    const settings = HeartbeatConfig.parse({ channel: 'watchdog' });
    const heartbeat = new Heartbeat({ outbox, clock, log: silentLogger, settings: () => settings, wake: () => worker.wake() });
    worker.start();
    await heartbeat.tick();
    for (let i = 0; i < 400 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received).toEqual([{ idempotencyKey: 'heartbeat:2025-06-01T12:00:00.000Z', notification: { type: 'heartbeat', at: T0 } }]);
  });
});
