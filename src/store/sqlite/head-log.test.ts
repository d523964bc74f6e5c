import { appendFileSync, closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { HeadLog, HeadLogBatch } from './head-log.js';

function batchOf(samples: Array<{ seriesId: number; t: number; v: number }>): HeadLogBatch {
  const batch = new HeadLogBatch();
  batch.reset(samples.length);
  for (const s of samples) batch.push(s.seriesId, s.t, s.v);
  return batch;
}

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newLog(options: Partial<{ maxSegmentBytes: number; maxSegmentAgeMs: number }> = {}, log = silentLogger) {
  dir = mkdtempSync(join(tmpdir(), 'noc-head-'));
  return new HeadLog(dir, { fsync: false, maxSegmentBytes: 1 << 20, maxSegmentAgeMs: 3_600_000, log, ...options });
}

function replayAll(log: HeadLog): Array<[number, number, number, number]> {
  const seen: Array<[number, number, number, number]> = [];
  log.replay((id, t, v, segment) => seen.push([id, t, v, segment]));
  return seen;
}

describe('HeadLog', () => {
  it('replays every sample of every batch in order, bit-exact', () => {
    const log = newLog();
    log.open(0);
    const batches = [
      [
        { seriesId: 1, t: 1_700_000_000_000, v: 0.1 },
        { seriesId: 200_000, t: 1_700_000_000_005, v: NaN },
      ],
      [
        { seriesId: 3, t: 1_699_999_999_000, v: -0 },
        { seriesId: 1, t: 1_700_000_010_000, v: Infinity },
      ],
    ];
    for (const batch of batches) log.append(batchOf(batch), 0);
    log.close();
    const seen = replayAll(newLogAt(dir));
    expect(seen.map(([id, t]) => [id, t])).toEqual(batches.flat().map((s) => [s.seriesId, s.t]));
    expect(seen.map(([, , v]) => v)).toEqual([0.1, NaN, -0, Infinity]);
    expect(Object.is(seen[2]?.[2], -0)).toBe(true);
  });

  it('cuts a torn tail and keeps the records before it', () => {
    const warn = vi.fn();
    const log = newLog({}, { ...silentLogger, warn, child: () => silentLogger });
    log.open(0);
    log.append(batchOf([{ seriesId: 7, t: 1000, v: 1 }]), 0);
    log.close();
    const segment = join(dir, readdirSync(dir)[0] as string);
    const goodSize = statSync(segment).size;
    appendFileSync(segment, Buffer.from([40, 0, 0, 0, 1, 2, 3, 4, 9, 9]));
    const reopened = new HeadLog(dir, { fsync: false, maxSegmentBytes: 1 << 20, maxSegmentAgeMs: 3_600_000, log: { ...silentLogger, warn, child: () => silentLogger } });
    expect(replayAll(reopened)).toEqual([[7, 1000, 1, 1]]);
    expect(statSync(segment).size).toBe(goodSize);
    expect(warn).toHaveBeenCalledOnce();
  });

  it('stops at a record whose checksum does not match', () => {
    const log = newLog();
    log.open(0);
    log.append(batchOf([{ seriesId: 1, t: 1, v: 1 }]), 0);
    log.append(batchOf([{ seriesId: 2, t: 2, v: 2 }]), 0);
    log.close();
    const segment = join(dir, readdirSync(dir)[0] as string);
    const bytes = statSync(segment).size;
    // Flip a value byte of the second record.
    const fd = openSync(segment, 'r+');
    writeSync(fd, Buffer.from([0xff]), 0, 1, bytes - 2);
    closeSync(fd);
    expect(replayAll(newLogAt(dir)).map(([id]) => id)).toEqual([1]);
  });

  it('rotates segments by size and age, and deletes the ones below a number', () => {
    const log = newLog({ maxSegmentBytes: 64, maxSegmentAgeMs: 1000 });
    log.open(0);
    for (let i = 0; i < 10; i++) log.append(batchOf([{ seriesId: i, t: i, v: i }, { seriesId: i, t: i + 1, v: i }]), i * 10);
    log.append(batchOf([{ seriesId: 1, t: 100, v: 0 }]), 5000);
    expect(log.segments().length).toBeGreaterThan(3);
    const current = log.currentSegment();
    log.truncateBefore(current);
    expect(log.segments()).toEqual([current]);
    log.close();
  });
});

function newLogAt(path: string): HeadLog {
  return new HeadLog(path, { fsync: false, maxSegmentBytes: 1 << 20, maxSegmentAgeMs: 3_600_000, log: silentLogger });
}
