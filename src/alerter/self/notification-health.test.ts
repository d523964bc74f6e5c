import { describe, expect, it } from 'vitest';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { ManualClock, MemoryAlertStateStore, silentLogger } from '../../core/index.js';
import { RuleEngine } from '../engine/rule-engine.js';
import { NOTIFICATIONS_STUCK_RULE, recordNotificationHealth, type OutboxHealth } from './notification-health.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('the notifications-stuck self-alert', () => {
  it('fires once the oldest undelivered notification is older than five minutes, and clears after delivery', async () => {
    const clock = new ManualClock(T0);
    const store = new MemorySeriesStore();
    const engine = new RuleEngine({ querier: store, appender: store, states: new MemoryAlertStateStore(), log: silentLogger });
    await engine.restore();
    const states: string[] = [];
    const step = async (health: OutboxHealth) => {
      await recordNotificationHealth(store, async () => health, clock.now());
      const events = await engine.evaluate([NOTIFICATIONS_STUCK_RULE], clock.now());
      states.push(...events.map((event) => `${event.change}:${event.labels.component ?? ''}`));
      clock.advance(60_000);
    };
    await step({ pending: 3, oldestPendingAgeSeconds: 240, sent: 10, failed: 4, dead: 0 });
    expect(states).toEqual([]);
    await step({ pending: 3, oldestPendingAgeSeconds: 301, sent: 10, failed: 6, dead: 0 });
    expect(states).toEqual(['firing:notifications']);
    await step({ pending: 0, oldestPendingAgeSeconds: 0, sent: 13, failed: 6, dead: 0 });
    expect(states).toEqual(['firing:notifications', 'resolved:notifications']);
  });
});
