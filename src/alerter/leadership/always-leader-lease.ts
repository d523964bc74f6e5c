import type { LeaderLease, LeaseChange } from '../../core/index.js';

/** How long a resigned always-leader lease waits before it is taken again. */
const DEFAULT_RETRY_MS = 5_000;

/** The lease of a process that has no peer to share the alerter with (embedded stores): it is always won. */
export class AlwaysLeaderLease implements LeaderLease {
  private onChange: ((change: LeaseChange) => void) | undefined;
  private holding = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly retryMs = DEFAULT_RETRY_MS) {}

  start(onChange: (change: LeaseChange) => void): void {
    this.onChange = onChange;
    this.take();
  }

  held(): boolean {
    return this.holding;
  }

  async resign(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    this.onChange?.({ kind: 'lost', reason: 'resigned' });
    this.retry = setTimeout(() => this.take(), this.retryMs);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.retry);
    this.holding = false;
    this.onChange = undefined;
  }

  private take(): void {
    if (this.onChange === undefined) return;
    this.holding = true;
    this.onChange({ kind: 'acquired' });
  }
}
