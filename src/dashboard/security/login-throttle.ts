import type { Clock } from '../../core/index.js';

/** When failed logins lock a key, and for how long. */
export interface ThrottlePolicy {
  /** Failures of one username before it is locked. */
  readonly userFailures: number;
  /** Failures from one client address before it is locked (higher: several people may share a NAT). */
  readonly addressFailures: number;
  /** First lock; each further failure after a lock doubles it. */
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  /** A key with no failure for this long is forgotten. */
  readonly forgetAfterMs: number;
  /** Keys remembered at most (the oldest go first), so a flood of names cannot grow memory without limit. */
  readonly maxKeys: number;
}

/** 5 failures of a name (20 of an address) → 1 min, then 2, 4, 8, 15 min; forgotten after an idle hour. */
export const DEFAULT_THROTTLE: ThrottlePolicy = {
  userFailures: 5,
  addressFailures: 20,
  baseLockMs: 60_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxKeys: 10_000,
};

interface Entry {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
  inFlight: number;
}

/** A login attempt let through: report how it ended, exactly once. */
export interface ThrottleLease {
  /** Correct credentials: the username's count starts over. */
  succeeded(): void;
  failed(): void;
}

/** The answer of {@link LoginThrottle.begin}. */
export type ThrottleDecision = { readonly allowed: true; readonly lease: ThrottleLease } | { readonly allowed: false; readonly retryAfterMs: number };

/** What a login attempt is counted against. */
export interface ThrottleKeys {
  readonly username: string;
  readonly address: string;
}

/**
 * Counts failed logins per username and per client address, in memory, and locks a key for an exponentially
 * growing time once it has failed too often. Attempts in flight count as failures-to-be, so a burst of
 * parallel guesses cannot slip through before the first one fails. A success clears the username's count
 * but not the address's: otherwise one valid account would let an address guess other accounts forever.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  /** Lets the attempt through with a lease, or says how long to wait. */
  begin(keys: ThrottleKeys): ThrottleDecision {
    const now = this.clock.now();
    this.forget(now);
    const checked = [
      { key: `user:${keys.username.toLowerCase()}`, threshold: this.policy.userFailures },
      { key: `addr:${keys.address}`, threshold: this.policy.addressFailures },
    ];
    let wait = 0;
    for (const { key, threshold } of checked) {
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      if (entry.lockedUntil > now) wait = Math.max(wait, entry.lockedUntil - now);
      // Before the threshold the remaining failures may run at once; past it, one attempt at a time.
      else if (entry.inFlight >= Math.max(1, threshold - entry.failures)) wait = Math.max(wait, 1_000);
    }
    if (wait > 0) return { allowed: false, retryAfterMs: wait };

    const held = checked.map(({ key, threshold }) => ({ entry: this.entry(key, now), threshold, key }));
    for (const { entry } of held) entry.inFlight += 1;
    let settled = false;
    const settle = (failed: boolean): void => {
      if (settled) return;
      settled = true;
      const at = this.clock.now();
      for (const { entry, threshold, key } of held) {
        entry.inFlight -= 1;
        if (failed) {
          entry.failures += 1;
          entry.lastFailureAt = at;
          if (entry.failures >= threshold) {
            const lock = this.policy.baseLockMs * 2 ** Math.min(entry.failures - threshold, 30);
            entry.lockedUntil = at + Math.min(lock, this.policy.maxLockMs);
          }
        } else if (key.startsWith('user:')) {
          entry.failures = 0;
          entry.lockedUntil = 0;
        }
        if (entry.failures === 0 && entry.inFlight === 0) this.entries.delete(key);
      }
    };
    return { allowed: true, lease: { succeeded: () => settle(false), failed: () => settle(true) } };
  }

  /** Keys now remembered (for tests and metrics). */
  size(): number {
    return this.entries.size;
  }

  private entry(key: string, now: number): Entry {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      if (this.entries.size >= this.policy.maxKeys) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      entry = { failures: 0, lastFailureAt: now, lockedUntil: 0, inFlight: 0 };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private forget(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.inFlight === 0 && entry.lockedUntil <= now && now - entry.lastFailureAt >= this.policy.forgetAfterMs) this.entries.delete(key);
    }
  }
}
