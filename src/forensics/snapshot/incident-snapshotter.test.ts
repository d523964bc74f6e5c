import { describe, expect, it } from 'vitest';
import { type ForensicSnapshotStore, type Logger, ManualClock, MemoryForensicSnapshotStore, type StoredForensicSnapshot } from '../../core/index.js';
import { generate, inWindow, seededNormal, STEP_MS, storeWith, T0, TOTAL_STEPS } from '../analysis/testing/synthetic-history.js';
import { fromStoredSnapshot } from './forensic-snapshot.js';
import { IncidentSnapshotter } from './incident-snapshotter.js';

const NOW = T0 + (TOTAL_STEPS - 1) * STEP_MS;
const MINUTE = 60_000;

/** A logger that records what it is told, by level. */
function recordingLog(): { log: Logger; lines: Array<[string, unknown, string | undefined]> } {
  const lines: Array<[string, unknown, string | undefined]> = [];
  const at = (level: string) => (objOrMsg: unknown, msg?: string) => void lines.push([level, objOrMsg, msg]);
  const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log } as unknown as Logger;
  return { log, lines };
}

async function history() {
  const noise = seededNormal(7);
  const quiet = seededNormal(8);
  return storeWith(
    ...Array.from({ length: 12 }, (_, n) => generate('db_query_seconds', { target: `db-${n}` }, () => 50 + quiet())),
    generate('sip_options_rtt_seconds', { target: 'sbc-1' }, (i) => (inWindow(i) ? 400 : 20) + noise()),
  );
}

describe('IncidentSnapshotter', () => {
  it('freezes the top entries of the incident window, one incident after the other', async () => {
    const series = await history();
    const store = new MemoryForensicSnapshotStore();
    const { log } = recordingLog();
    const snapshotter = new IncidentSnapshotter({ sources: { series }, store, clock: new ManualClock(NOW), log, options: { top: 3 } });
    snapshotter.schedule({ number: 'NOC-1', occurredAt: NOW - 45 * MINUTE });
    snapshotter.schedule({ number: 'NOC-2', occurredAt: NOW - 20 * MINUTE });
    await snapshotter.idle();
    const first = fromStoredSnapshot((await store.get('NOC-1')) as StoredForensicSnapshot);
    expect(first.window).toEqual({ from: NOW - 60 * MINUTE, to: NOW });
    expect(first.takenAt).toBe(NOW);
    expect(first.entries.map((e) => e.rank)).toEqual([1, 2, 3]);
    expect(first.entries[0]?.key).toBe('sip_options_rtt_seconds{target="sbc-1"}');
    expect(first.scored).toBe(13);
    expect((await store.get('NOC-2'))?.window).toEqual({ from: NOW - 35 * MINUTE, to: NOW });
  });

  it('runs one analysis at a time and logs a failure without stopping the next', async () => {
    const series = await history();
    let running = 0;
    let most = 0;
    const saved: string[] = [];
    const store: ForensicSnapshotStore = {
      save: async (snapshot) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        if (snapshot.incident === 'NOC-2') throw new Error('disk full');
        saved.push(snapshot.incident);
      },
      get: async () => undefined,
    };
    const { log, lines } = recordingLog();
    const snapshotter = new IncidentSnapshotter({ sources: { series }, store, clock: new ManualClock(NOW), log });
    for (const n of [1, 2, 3]) snapshotter.schedule({ number: `NOC-${n}`, occurredAt: NOW - 10 * MINUTE });
    await snapshotter.idle();
    expect(saved).toEqual(['NOC-1', 'NOC-3']);
    expect(most).toBe(1);
    expect(lines.filter(([level]) => level === 'error')).toEqual([['error', expect.objectContaining({ incident: 'NOC-2' }), 'forensic snapshot failed']]);
  });

  it('drops incidents beyond the backlog with a warning, and nothing after stop', async () => {
    const series = await history();
    const store = new MemoryForensicSnapshotStore();
    const { log, lines } = recordingLog();
    const snapshotter = new IncidentSnapshotter({ sources: { series }, store, clock: new ManualClock(NOW), log, backlog: 1 });
    // The first is taken off the queue at once; the second waits; the third finds the queue full.
    for (const n of [1, 2, 3]) snapshotter.schedule({ number: `NOC-${n}`, occurredAt: NOW - 10 * MINUTE });
    await snapshotter.idle();
    expect(await store.get('NOC-3')).toBeUndefined();
    expect(await store.get('NOC-2')).toBeDefined();
    expect(lines.filter(([level]) => level === 'warn').map(([, obj]) => obj)).toEqual([{ incident: 'NOC-3' }]);
    await snapshotter.stop();
    snapshotter.schedule({ number: 'NOC-4', occurredAt: NOW - 10 * MINUTE });
    await snapshotter.idle();
    expect(await store.get('NOC-4')).toBeUndefined();
  });
});
