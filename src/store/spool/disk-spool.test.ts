import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock, type Sample, seriesKey } from '../../core/index.js';
import { DiskSpool, type DiskSpoolOptions } from './disk-spool.js';
import { encodeRecord } from './record-codec.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'noc-spool-'));
  dirs.push(dir);
  return dir;
}

const KEYS = [seriesKey('up', { target: 'core-1' }), seriesKey('up', { target: 'sbc-1' })];

/** Batch number `n`: one sample per series at T0 + n s, values n and n + 0.5. */
function batch(n: number): Sample[] {
  return KEYS.map((series, i) => ({ series, t: T0 + n * 1000, v: n + i / 2 }));
}

/** Every batch is the same size on disk (same keys, same shape, same push time). */
const RECORD_BYTES = encodeRecord(batch(1), T0).length;

function open(directory: string, options: Partial<DiskSpoolOptions> = {}): DiskSpool {
  return DiskSpool.open({ directory, maxBytes: 1024 * 1024, clock: new ManualClock(T0), ...options });
}

/** Peeks and acks everything pending, returning the batches' samples in order. */
function drain(spool: DiskSpool): Sample[] {
  const out: Sample[] = [];
  for (let next = spool.peek(1000); next !== undefined; next = spool.peek(1000)) {
    out.push(...next.samples);
    spool.ack(next.lastSeq);
  }
  return out;
}

function segmentFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.spool')).sort();
}

describe('DiskSpool', () => {
  it('replays pushed batches in order through peek and ack, bounded by samples per peek', async () => {
    const spool = open(freshDir());
    for (let n = 1; n <= 5; n++) await spool.push(batch(n));
    expect(spool.stats()).toMatchObject({ pendingRecords: 5, pendingSamples: 10, pendingBytes: 5 * RECORD_BYTES, oldestPushedAt: T0 });
    const first = spool.peek(5);
    // Whole records only: two batches of two samples fit in five, a third would not.
    expect(first?.records).toBe(2);
    expect(first?.samples).toEqual([...batch(1), ...batch(2)]);
    spool.ack(first?.lastSeq ?? 0);
    expect(drain(spool)).toEqual([3, 4, 5].flatMap(batch));
    expect(spool.stats()).toMatchObject({ pendingRecords: 0, pendingSamples: 0, pendingBytes: 0, oldestPushedAt: undefined, droppedSamples: 0 });
    await spool.close();
  });

  it('gives at least one record even when it holds more samples than asked', async () => {
    const spool = open(freshDir());
    await spool.push(batch(1));
    expect(spool.peek(0)?.samples).toEqual(batch(1));
    await spool.close();
  });

  it('finds the unsent records, in order, after a clean close and resumes after the acknowledged ones', async () => {
    const dir = freshDir();
    const spool = open(dir);
    for (let n = 1; n <= 4; n++) await spool.push(batch(n));
    const sent = spool.peek(4);
    spool.ack(sent?.lastSeq ?? 0);
    await spool.close();

    const reopened = open(dir);
    expect(reopened.stats()).toMatchObject({ pendingRecords: 2, pendingSamples: 4 });
    await reopened.push(batch(5));
    expect(drain(reopened)).toEqual([3, 4, 5].flatMap(batch));
    await reopened.close();

    const again = open(dir);
    expect(again.stats().pendingRecords).toBe(0);
    expect(again.peek(100)).toBeUndefined();
    await again.close();
  });

  it('drops a torn record at the end of a segment after a crash and replays the intact ones, never garbage', async () => {
    const dir = freshDir();
    const crashed = open(dir);
    for (let n = 1; n <= 3; n++) await crashed.push(batch(n));
    // The process dies while writing the third record: only part of it reached the file.
    const [segment] = segmentFiles(dir);
    const path = join(dir, segment as string);
    expect(statSync(path).size).toBe(3 * RECORD_BYTES);
    truncateSync(path, 2 * RECORD_BYTES + 13);

    const reopened = open(dir);
    expect(reopened.stats()).toMatchObject({ pendingRecords: 2, pendingSamples: 4, discardedBytes: 13 });
    expect(statSync(path).size).toBe(2 * RECORD_BYTES);
    await reopened.push(batch(4));
    await reopened.close();

    const third = open(dir);
    expect(drain(third)).toEqual([1, 2, 4].flatMap(batch));
    await third.close();
  });

  it('cuts a segment at a corrupt record: what follows it in that file is not replayed', async () => {
    const dir = freshDir();
    const spool = open(dir);
    for (let n = 1; n <= 3; n++) await spool.push(batch(n));
    await spool.close();
    const [segment] = segmentFiles(dir);
    const path = join(dir, segment as string);
    const bytes = readFileSync(path);
    bytes[RECORD_BYTES + 20] = (bytes[RECORD_BYTES + 20] as number) ^ 0xff;
    writeFileSync(path, bytes);

    const reopened = open(dir);
    expect(reopened.stats()).toMatchObject({ pendingRecords: 1, discardedBytes: 2 * RECORD_BYTES });
    expect(drain(reopened)).toEqual(batch(1));
    await reopened.close();
  });

  it('drops the oldest records beyond the byte bound and counts their samples exactly', async () => {
    const spool = open(freshDir(), { maxBytes: 3 * RECORD_BYTES + RECORD_BYTES / 2 });
    for (let n = 1; n <= 10; n++) await spool.push(batch(n));
    expect(spool.stats()).toMatchObject({ pendingRecords: 3, pendingBytes: 3 * RECORD_BYTES, droppedRecords: 7, droppedSamples: 14 });
    expect(drain(spool)).toEqual([8, 9, 10].flatMap(batch));
    await spool.close();
  });

  it('drops a batch larger than the whole bound, keeping what is pending', async () => {
    const spool = open(freshDir(), { maxBytes: 2 * RECORD_BYTES });
    await spool.push(batch(1));
    const huge = Array.from({ length: 50 }, (_, i) => ({ series: KEYS[0] as Sample['series'], t: T0 + i, v: i }));
    await spool.push(huge);
    expect(spool.stats()).toMatchObject({ pendingRecords: 1, droppedRecords: 1, droppedSamples: 50 });
    expect(drain(spool)).toEqual(batch(1));
    await spool.close();
  });

  it('counts a record evicted while being sent only when its send fails', async () => {
    const spool = open(freshDir(), { maxBytes: 2 * RECORD_BYTES });
    await spool.push(batch(1));
    await spool.push(batch(2));
    const inFlight = spool.peek(2);
    expect(inFlight?.samples).toEqual(batch(1));
    await spool.push(batch(3));
    expect(spool.stats().droppedSamples).toBe(0);
    spool.ack(inFlight?.lastSeq ?? 0);
    expect(spool.stats().droppedSamples).toBe(0);

    const failing = spool.peek(2);
    expect(failing?.samples).toEqual(batch(2));
    await spool.push(batch(4));
    spool.release();
    expect(spool.stats()).toMatchObject({ droppedSamples: 2, droppedRecords: 1 });
    expect(drain(spool)).toEqual([3, 4].flatMap(batch));
    await spool.close();
  });

  it('counts a refused (discarded) batch as dropped', async () => {
    const spool = open(freshDir());
    await spool.push(batch(1));
    await spool.push(batch(2));
    spool.discard(spool.peek(2)?.lastSeq ?? 0);
    expect(spool.stats()).toMatchObject({ droppedSamples: 2, pendingRecords: 1 });
    await spool.close();
  });

  it('rolls segments and deletes those wholly sent; the bound is kept across them', async () => {
    const dir = freshDir();
    const spool = open(dir, { segmentBytes: 2 * RECORD_BYTES, maxBytes: 5 * RECORD_BYTES });
    for (let n = 1; n <= 9; n++) await spool.push(batch(n));
    // Segments hold two records each; the four oldest records (two segments) went past the bound.
    expect(spool.stats()).toMatchObject({ pendingRecords: 5, droppedRecords: 4 });
    expect(segmentFiles(dir)).toHaveLength(3);
    expect(drain(spool)).toEqual([5, 6, 7, 8, 9].flatMap(batch));
    expect(segmentFiles(dir)).toHaveLength(1);
    expect(spool.stats().diskBytes).toBe(RECORD_BYTES);
    await spool.close();

    const reopened = open(dir, { segmentBytes: 2 * RECORD_BYTES });
    expect(reopened.stats().pendingRecords).toBe(0);
    await reopened.close();
  });

  it('applies a smaller bound on reopen by dropping the oldest', async () => {
    const dir = freshDir();
    const spool = open(dir);
    for (let n = 1; n <= 4; n++) await spool.push(batch(n));
    await spool.close();
    const reopened = open(dir, { maxBytes: 2 * RECORD_BYTES });
    expect(reopened.stats()).toMatchObject({ pendingRecords: 2, droppedSamples: 4 });
    expect(drain(reopened)).toEqual([3, 4].flatMap(batch));
    await reopened.close();
  });

  it('shares fsyncs between concurrent pushes, all durable and in call order', async () => {
    const dir = freshDir();
    const spool = open(dir, { fsync: true, segmentBytes: 3 * RECORD_BYTES });
    await Promise.all(Array.from({ length: 20 }, (_, i) => spool.push(batch(i + 1))));
    await spool.close();
    const reopened = open(dir);
    expect(drain(reopened)).toEqual(Array.from({ length: 20 }, (_, i) => batch(i + 1)).flat());
    await reopened.close();
  });

  it('yields the pending batches pushed since a time, for reloading memory', async () => {
    const clock = new ManualClock(T0);
    const spool = open(freshDir(), { clock });
    await spool.push(batch(1));
    clock.advance(60_000);
    await spool.push(batch(2));
    await spool.push(batch(3));
    expect([...spool.pendingSince(T0 + 1)]).toEqual([batch(2), batch(3)]);
    expect(spool.stats().oldestPushedAt).toBe(T0);
    await spool.close();
  });

  it('refuses pushes after close', async () => {
    const spool = open(freshDir());
    await spool.close();
    await expect(spool.push(batch(1))).rejects.toThrow(/closed/);
  });
});

describe('DiskSpool directory lock', () => {
  it('refuses a directory another live process spools into, naming it, and takes over a dead one’s', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'noc-spool-lock-'));
    dirs.push(directory);
    // The parent of this test process is alive and is not this process.
    writeFileSync(join(directory, 'LOCK'), String(process.ppid));
    expect(() => DiskSpool.open({ directory, maxBytes: 1 << 20 })).toThrow(`spool ${directory} is in use by process ${process.ppid}`);
    writeFileSync(join(directory, 'LOCK'), '2147483646');
    const spool = DiskSpool.open({ directory, maxBytes: 1 << 20 });
    expect(readFileSync(join(directory, 'LOCK'), 'utf8')).toBe(String(process.pid));
    await spool.close();
    expect(existsSync(join(directory, 'LOCK'))).toBe(false);
  });
});
