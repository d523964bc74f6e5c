import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ForensicSnapshotStore, MemoryForensicSnapshotStore, type StoredForensicSnapshot } from '../../core/index.js';
import { openSqliteDatabase } from './database.js';
import { SqliteForensicSnapshotStore } from './sqlite-forensic-snapshot-store.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-forensic-snapshots-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function freshPath(): string {
  files++;
  return join(dir, `noc-${files}.db`);
}

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);

function snapshot(incident: string, takenAt: number, content: Record<string, unknown>): StoredForensicSnapshot {
  return { incident, takenAt, window: { from: takenAt - 900_000, to: takenAt }, content };
}

const CONTENT = {
  entries: [
    {
      rank: 1,
      key: 'sip_options_rtt_seconds{target="sbc-1"}',
      labels: { target: 'sbc-1', note: 'NaN' },
      scores: { ks: 0.99, effectSize: Number.POSITIVE_INFINITY, relativeChange: Number.NEGATIVE_INFINITY, levelShift: Number.NaN },
      nested: [{ $number: 'text' }, 1.5, null],
    },
  ],
  timeline: [{ at: T0, kind: 'alert_firing', title: 'SbcDown firing on sbc-1', labels: {}, details: {} }],
};

// One contract for every implementation: what is saved comes back, non-finite numbers included.
const implementations: Array<[string, () => { store: ForensicSnapshotStore; close(): void }]> = [
  ['memory', () => ({ store: new MemoryForensicSnapshotStore(), close: () => undefined })],
  [
    'sqlite',
    () => {
      const db = openSqliteDatabase(freshPath());
      return { store: new SqliteForensicSnapshotStore(db), close: () => db.close() };
    },
  ],
];

describe.each(implementations)('ForensicSnapshotStore (%s)', (_name, open) => {
  it('returns undefined for an incident without a snapshot', async () => {
    const { store, close } = open();
    expect(await store.get('NOC-2026-000001')).toBeUndefined();
    close();
  });

  it('round-trips the content, NaN and infinities included, and labels that read "NaN" stay text', async () => {
    const { store, close } = open();
    await store.save(snapshot('NOC-2026-000001', T0, CONTENT));
    const back = await store.get('NOC-2026-000001');
    expect(back).toEqual(snapshot('NOC-2026-000001', T0, CONTENT));
    const scores = (back?.content.entries as Array<{ scores: Record<string, number>; labels: Record<string, string> }>)[0];
    expect(scores?.scores.effectSize).toBe(Number.POSITIVE_INFINITY);
    expect(scores?.scores.relativeChange).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(scores?.scores.levelShift)).toBe(true);
    expect(scores?.labels.note).toBe('NaN');
    close();
  });

  it('keeps one snapshot per incident: a later one replaces it, others stay apart', async () => {
    const { store, close } = open();
    await store.save(snapshot('NOC-2026-000001', T0, { entries: [1] }));
    await store.save(snapshot('NOC-2026-000002', T0 + 1, { entries: [2] }));
    await store.save(snapshot('NOC-2026-000001', T0 + 60_000, { entries: [3] }));
    expect(await store.get('NOC-2026-000001')).toEqual(snapshot('NOC-2026-000001', T0 + 60_000, { entries: [3] }));
    expect(await store.get('NOC-2026-000002')).toEqual(snapshot('NOC-2026-000002', T0 + 1, { entries: [2] }));
    close();
  });
});

describe('SqliteForensicSnapshotStore', () => {
  it('keeps snapshots across a close and reopen of the file', async () => {
    const path = freshPath();
    const first = openSqliteDatabase(path);
    await new SqliteForensicSnapshotStore(first).save(snapshot('NOC-2026-000007', T0, CONTENT));
    first.close();
    const second = openSqliteDatabase(path);
    expect(await new SqliteForensicSnapshotStore(second).get('NOC-2026-000007')).toEqual(snapshot('NOC-2026-000007', T0, CONTENT));
    second.close();
  });
});
