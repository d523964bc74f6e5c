import { describe, expect, it } from 'vitest';
import { isNocError } from '../../core/index.js';
import { MAX_SELECTORS, Subscription } from './subscription.js';

describe('Subscription', () => {
  it('matches series by PromQL selectors, any of them', () => {
    const sub = Subscription.parse({ type: 'subscribe', series: ['up{role="sbc"}', '{target=~"db-.*"}'] });
    expect(sub.matches('up{role="sbc"}', 'up', { role: 'sbc' })).toBe(true);
    expect(sub.matches('up{role="core"}', 'up', { role: 'core' })).toBe(false);
    expect(sub.matches('db_connections{target="db-1"}', 'db_connections', { target: 'db-1' })).toBe(true);
    expect(sub).toMatchObject({ anySeries: true, targets: false, alerts: false, incidents: false });
  });

  it('remembers the verdict per series key', () => {
    const sub = Subscription.parse({ type: 'subscribe', series: ['up{role="sbc"}'] });
    expect(sub.matches('k', 'up', { role: 'sbc' })).toBe(true);
    // Same key, other labels: the cached verdict answers without evaluating the selectors again.
    expect(sub.matches('k', 'up', { role: 'core' })).toBe(true);
  });

  it('defaults to nothing and takes the event flags', () => {
    const sub = Subscription.parse({ type: 'subscribe', targets: true, incidents: true });
    expect(sub).toMatchObject({ anySeries: false, targets: true, alerts: false, incidents: true });
    expect(Subscription.NOTHING).toMatchObject({ anySeries: false, targets: false, alerts: false, incidents: false });
  });

  it.each([
    [{ type: 'subscribe', series: ['up{'] }, /invalid series selector/],
    [{ type: 'subscribe', series: 'up' }, /invalid subscribe series/],
    [{ type: 'subscribe', series: Array.from({ length: MAX_SELECTORS + 1 }, () => 'up') }, /invalid subscribe series/],
    [{ type: 'unsubscribe' }, /invalid subscribe type/],
    [{ type: 'subscribe', bogus: 1 }, /invalid subscribe/],
    [[1, 2], /invalid subscribe message/],
  ])('refuses %j', (message, error) => {
    let thrown: unknown;
    try {
      Subscription.parse(message);
    } catch (e) {
      thrown = e;
    }
    expect(isNocError(thrown, 'bad_request')).toBe(true);
    expect((thrown as Error).message).toMatch(error);
  });
});
