import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

describe('ConcurrencyLimiter', () => {
  it('honours the global and the per-key cap, and hands freed slots to waiters that fit', async () => {
    const limiter = new ConcurrencyLimiter(3, 2);
    const granted: string[] = [];
    const take = (key: string) => limiter.acquire(key).then(() => granted.push(key));
    void take('a');
    void take('a');
    void take('a'); // per-key cap: waits
    void take('b');
    void take('c'); // global cap: waits
    await Promise.resolve();
    await Promise.resolve();
    expect(granted).toEqual(['a', 'a', 'b']);
    expect([limiter.active, limiter.queued]).toEqual([3, 2]);
    limiter.release('b'); // 'a' still has 2 running: the first waiter that fits is 'c'
    await Promise.resolve();
    expect(granted).toEqual(['a', 'a', 'b', 'c']);
    limiter.release('a');
    await Promise.resolve();
    expect(granted).toEqual(['a', 'a', 'b', 'c', 'a']);
    expect([limiter.active, limiter.queued]).toEqual([3, 0]);
  });
});
