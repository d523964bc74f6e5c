/**
 * Grants run slots under a global cap and a per-key (per-target) cap, first come first served among
 * waiters whose key has room. `acquire` resolves when the slot is granted; `release` gives it back.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly perKey = new Map<string, number>();
  private readonly waiting: Array<{ key: string; grant: () => void }> = [];

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerKey: number,
  ) {}

  /** Runs in flight. */
  get active(): number {
    return this.running;
  }

  /** Runs waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves once a slot for `key` is held. */
  acquire(key: string): Promise<void> {
    if (this.hasRoom(key)) {
      this.take(key);
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ key, grant }));
  }

  /** Returns the slot held for `key` and wakes the first waiter that now has room. */
  release(key: string): void {
    this.running--;
    const left = (this.perKey.get(key) ?? 1) - 1;
    if (left === 0) this.perKey.delete(key);
    else this.perKey.set(key, left);
    const next = this.waiting.findIndex((w) => this.hasRoom(w.key));
    if (next >= 0) {
      const [waiter] = this.waiting.splice(next, 1);
      if (waiter) {
        this.take(waiter.key);
        waiter.grant();
      }
    }
  }

  private hasRoom(key: string): boolean {
    return this.running < this.maxTotal && (this.perKey.get(key) ?? 0) < this.maxPerKey;
  }

  private take(key: string): void {
    this.running++;
    this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
  }
}
