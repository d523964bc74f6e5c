import { describe, expect, it } from 'vitest';
import { type LeaderLease, type LeaseChange, silentLogger } from '../../core/index.js';
import { AlwaysLeaderLease } from './always-leader-lease.js';
import { LeadershipGate } from './leadership-gate.js';

/** A lease moved by hand, recording what the gate asked of it. */
class ManualLease implements LeaderLease {
  readonly calls: string[] = [];
  private listener: ((change: LeaseChange) => void) | undefined;
  private holding = false;
  start(onChange: (change: LeaseChange) => void): void {
    this.listener = onChange;
  }
  held(): boolean {
    return this.holding;
  }
  async resign(): Promise<void> {
    this.calls.push('resign');
    this.holding = false;
  }
  async stop(): Promise<void> {
    this.calls.push('lease stop');
  }
  win(): void {
    this.holding = true;
    this.listener?.({ kind: 'acquired' });
  }
  lose(reason: string): void {
    this.holding = false;
    this.listener?.({ kind: 'lost', reason });
  }
}

function harness(options: { failFirst?: boolean; failStop?: boolean } = {}) {
  const lease = new ManualLease();
  const events: string[] = [];
  let built = 0;
  const gate = new LeadershipGate({
    lease,
    start: async () => {
      const term = ++built;
      events.push(`restore ${term}`);
      if (options.failFirst === true && term === 1) throw new Error('store unreachable');
      events.push(`start ${term}`);
      return {
        term,
        stop: async () => {
          events.push(`stop ${term}`);
          if (options.failStop === true) throw new Error('notification pipeline did not stop');
        },
      };
    },
    log: silentLogger,
    onChange: (leading) => events.push(leading ? 'leading' : 'standby'),
  });
  gate.start();
  return { lease, gate, events };
}

describe('LeadershipGate', () => {
  it('keeps handling changes after parts failed to stop, and still gives the lease up at stop', async () => {
    const { lease, gate, events } = harness({ failStop: true });
    lease.win();
    await gate.settled();
    lease.lose('connection closed');
    await gate.settled();
    expect(gate.leading()).toBe(false);
    lease.win();
    await gate.settled();
    expect(gate.current()?.term).toBe(2);
    await expect(gate.stop()).rejects.toThrow('notification pipeline did not stop');
    expect(lease.calls).toEqual(['lease stop']);
    expect(events).toEqual(['restore 1', 'start 1', 'leading', 'standby', 'stop 1', 'restore 2', 'start 2', 'leading', 'stop 2', 'standby']);
  });

  it('starts fresh parts at each acquisition and stops them at each loss', async () => {
    const { lease, gate, events } = harness();
    expect(gate.leading()).toBe(false);
    lease.win();
    await gate.settled();
    expect(gate.current()?.term).toBe(1);
    lease.lose('connection closed');
    await gate.settled();
    expect(gate.leading()).toBe(false);
    lease.win();
    await gate.settled();
    expect(gate.current()?.term).toBe(2);
    expect(events).toEqual(['restore 1', 'start 1', 'leading', 'standby', 'stop 1', 'restore 2', 'start 2', 'leading']);
  });

  it('stops parts whose lease was lost while they were starting', async () => {
    const { lease, gate, events } = harness();
    lease.win();
    lease.lose('connection terminated');
    await gate.settled();
    expect(gate.leading()).toBe(false);
    expect(events).toEqual(['restore 1', 'start 1', 'leading', 'standby', 'stop 1']);
  });

  it('ignores a second acquisition and a loss while not leading', async () => {
    const { lease, gate, events } = harness();
    lease.lose('never held');
    lease.win();
    lease.win();
    await gate.settled();
    expect(events).toEqual(['restore 1', 'start 1', 'leading']);
  });

  it('gives the lease up when the parts cannot start', async () => {
    const { lease, gate, events } = harness({ failFirst: true });
    lease.win();
    await gate.settled();
    expect(gate.leading()).toBe(false);
    expect((gate.lastFailure() as Error).message).toBe('store unreachable');
    expect(lease.calls).toEqual(['resign']);
    lease.win();
    await gate.settled();
    expect(gate.lastFailure()).toBeUndefined();
    expect(events).toEqual(['restore 1', 'restore 2', 'start 2', 'leading']);
  });

  it('on stop, stops the parts before it gives the lease up, and hears nothing after', async () => {
    const { lease, gate, events } = harness();
    lease.win();
    await gate.settled();
    await gate.stop();
    lease.win();
    await gate.settled();
    expect([...events, ...lease.calls]).toEqual(['restore 1', 'start 1', 'leading', 'stop 1', 'standby', 'lease stop']);
    expect(gate.leading()).toBe(false);
  });
});

describe('AlwaysLeaderLease', () => {
  it('is won at start, lost on resign, and silent after stop', async () => {
    const lease = new AlwaysLeaderLease(60_000);
    const changes: string[] = [];
    lease.start((change) => changes.push(change.kind === 'lost' ? `lost: ${change.reason}` : change.kind));
    expect(lease.held()).toBe(true);
    await lease.resign();
    expect(lease.held()).toBe(false);
    await lease.stop();
    expect(changes).toEqual(['acquired', 'lost: resigned']);
  });
});
