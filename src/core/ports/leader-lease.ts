/** What happened to a lease: won (this process now leads) or lost (it must stop leading at once). */
export type LeaseChange = { readonly kind: 'acquired' } | { readonly kind: 'lost'; readonly reason: string };

/**
 * An exclusive lease that at most one process holds at a time (leader election). The holder learns of a
 * loss as soon as the lease can no longer be proven (its connection is gone), so it stops before another
 * process can win.
 */
export interface LeaderLease {
  /** Starts campaigning: `onChange` hears every acquisition and loss, in order, until `stop`. */
  start(onChange: (change: LeaseChange) => void): void;
  /** Whether the lease is held now. */
  held(): boolean;
  /** Gives the lease up (another process may win it) and campaigns again after a pause. */
  resign(): Promise<void>;
  /** Gives the lease up and stops campaigning; no change is reported after it. */
  stop(): Promise<void>;
}
