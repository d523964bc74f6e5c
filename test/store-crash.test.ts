import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock, parseSelector } from '../src/core/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { peerBinary } from './peers/peer-binary.js';
import { TS_NODE_ARGS } from './support/run-ts.js';
import { CRASH_SERIES, CRASH_STEP, CRASH_T0, crashBatch } from './support/crash-batches.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the appender child until it has acknowledged `acks` batches, then kills it with SIGKILL. */
async function appendThenKill(path: string, acks: number): Promise<number> {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, 'test/support/crash-appender.ts', path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lastAcked = -1;
  let pending = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}`))));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) lastAcked = Number(line);
      if (lastAcked + 1 >= acks) child.kill('SIGKILL');
    });
  });
  return lastAcked;
}

describe('embedded store after SIGKILL', () => {
  it('keeps every acknowledged sample and an intact database', async () => {
    const path = join(dir, 'noc.db');
    // 150 one-minute batches cross two hour boundaries, so chunks are sealed while the child runs.
    const lastAcked = await appendThenKill(path, 150);
    expect(lastAcked).toBeGreaterThanOrEqual(149);

    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The kill must have found data in both places: sealed chunks on disk and points only in the head log.
    expect((db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n).toBeGreaterThan(0);
    const sealedUntil = (db.prepare('SELECT max(sealed_until) AS t FROM series').get() as { t: number }).t;
    expect(sealedUntil).toBeLessThan(CRASH_T0 + lastAcked * CRASH_STEP);
    db.close();
    // A second, independent SQLite (Debian's shell) must agree that the file is intact.
    const shell = peerBinary('/usr/bin/sqlite3', 'Debian package sqlite3');
    if (shell) expect(execFileSync(shell, [path, 'PRAGMA integrity_check;'], { encoding: 'utf8' }).trim()).toBe('ok');

    const clock = new ManualClock(CRASH_T0 + (lastAcked + 1) * CRASH_STEP);
    const store = SqliteSeriesStore.open({
      path,
      hotWindow: 3_600_000,
      retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 },
      clock,
      background: false,
    });
    const series = await store.range(parseSelector('crash_metric'), { from: CRASH_T0, to: clock.now() });
    expect(series).toHaveLength(CRASH_SERIES);
    const byKey = new Map(series.map((s) => [s.key, s]));
    for (let batch = 0; batch <= lastAcked; batch++) {
      for (const sample of crashBatch(batch)) {
        const points = byKey.get(sample.series);
        expect(points?.t[batch], `batch ${batch} ${sample.series}`).toBe(sample.t);
        expect(points?.v[batch]).toBe(sample.v);
      }
    }
    await store.close();
  });
});
