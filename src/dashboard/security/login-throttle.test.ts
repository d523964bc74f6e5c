import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/index.js';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleDecision } from './login-throttle.js';

const MIN = 60_000;
const alice = { username: 'alice', address: '10.0.0.1' };

function fail(throttle: LoginThrottle, keys = alice): ThrottleDecision {
  const decision = throttle.begin(keys);
  if (decision.allowed) decision.lease.failed();
  return decision;
}

describe('LoginThrottle', () => {
  it('locks a username for 1 min after 5 failures, then 2, 4, 8, and at most 15 min', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 5; i++) expect(fail(throttle).allowed).toBe(true);
    const locks: number[] = [];
    for (let round = 0; round < 6; round++) {
      const refused = throttle.begin(alice);
      expect(refused.allowed).toBe(false);
      const wait = refused.allowed ? 0 : refused.retryAfterMs;
      locks.push(wait / MIN);
      clock.advance(wait);
      expect(fail(throttle).allowed).toBe(true);
    }
    expect(locks).toEqual([1, 2, 4, 8, 15, 15]);
  });

  it('tells how long is left of a lock', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 5; i++) fail(throttle);
    clock.advance(20_000);
    expect(throttle.begin(alice)).toEqual({ allowed: false, retryAfterMs: 40_000 });
  });

  it('starts the username over after a success', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 4; i++) fail(throttle);
    const ok = throttle.begin(alice);
    if (ok.allowed) ok.lease.succeeded();
    for (let i = 0; i < 4; i++) expect(fail(throttle).allowed).toBe(true);
    expect(fail(throttle).allowed).toBe(true);
    expect(throttle.begin(alice).allowed).toBe(false);
  });

  it('locks an address guessing many usernames, and a success elsewhere does not clear it', () => {
    const throttle = new LoginThrottle(new ManualClock(0));
    for (let i = 0; i < 19; i++) expect(fail(throttle, { username: `user${i}`, address: '10.0.0.9' }).allowed).toBe(true);
    const own = throttle.begin({ username: 'mallory', address: '10.0.0.9' });
    if (own.allowed) own.lease.succeeded();
    expect(fail(throttle, { username: 'user19', address: '10.0.0.9' }).allowed).toBe(true);
    expect(throttle.begin({ username: 'someone-else', address: '10.0.0.9' }).allowed).toBe(false);
    expect(throttle.begin({ username: 'someone-else', address: '10.0.0.10' }).allowed).toBe(true);
  });

  it('counts a username case-insensitively', () => {
    const throttle = new LoginThrottle(new ManualClock(0));
    for (let i = 0; i < 5; i++) fail(throttle, { username: i % 2 === 0 ? 'Alice' : 'ALICE', address: `10.0.1.${i}` });
    expect(throttle.begin({ username: 'alice', address: '10.0.2.1' }).allowed).toBe(false);
  });

  it('lets no more parallel attempts through than failures remain before the lock', () => {
    const throttle = new LoginThrottle(new ManualClock(0));
    const burst = Array.from({ length: 8 }, () => throttle.begin(alice));
    expect(burst.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    for (const d of burst) if (d.allowed) d.lease.failed();
    expect(throttle.begin(alice).allowed).toBe(false);
  });

  it('forgets a key after an idle hour, and bounds how many keys it keeps', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock, { ...DEFAULT_THROTTLE, maxKeys: 10 });
    fail(throttle);
    clock.advance(60 * MIN);
    throttle.begin({ username: 'x', address: '10.0.0.2' });
    expect(throttle.size()).toBe(2);
    for (let i = 0; i < 50; i++) fail(throttle, { username: `u${i}`, address: `10.1.0.${i}` });
    expect(throttle.size()).toBeLessThanOrEqual(10);
  });

  it('counts a lease once however often it is settled', () => {
    const throttle = new LoginThrottle(new ManualClock(0));
    const d = throttle.begin(alice);
    if (d.allowed) for (let i = 0; i < 10; i++) d.lease.failed();
    for (let i = 0; i < 3; i++) fail(throttle);
    expect(throttle.begin(alice).allowed).toBe(true);
  });
});
