import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Logger } from '../../core/index.js';
import { ByteReader, ByteWriter } from './varint.js';

/**
 * A batch of samples as the head log stores them (catalog id of the series, time, value), in reusable
 * parallel arrays so that appending allocates nothing per sample.
 */
export class HeadLogBatch {
  ids = new Float64Array(1024);
  t = new Float64Array(1024);
  v = new Float64Array(1024);
  length = 0;

  /** Empties the batch, making room for `capacity` samples. */
  reset(capacity: number): void {
    if (this.ids.length < capacity) {
      this.ids = new Float64Array(capacity);
      this.t = new Float64Array(capacity);
      this.v = new Float64Array(capacity);
    }
    this.length = 0;
  }

  /** Adds one sample (capacity must have been reserved with reset). */
  push(id: number, t: number, v: number): void {
    const i = this.length++;
    this.ids[i] = id;
    this.t[i] = t;
    this.v[i] = v;
  }
}

/** Receives every replayed sample, in append order, with the segment it came from. */
export type ReplayVisitor = (seriesId: number, t: number, v: number, segment: number) => void;

const RECORD_HEADER = 8; // u32 payload length + u32 CRC-32 of the payload
const SEGMENT_PATTERN = /^(\d{10})\.log$/;

/**
 * Write-ahead log of appended samples, in numbered segment files. One record per append call (a poll batch):
 * `[len u32][crc32 u32][count varint][base time f64]` then per sample `[series id varint][zigzag Δt varint][value f64]`.
 * A record is written with one `write()`, so once `append` returns the batch is in the OS and survives the
 * process being killed; with `fsync` it also survives power loss. Replay stops at the first torn or
 * corrupt record and cuts the file there, keeping everything before it.
 */
export class HeadLog {
  private fd = -1;
  private segment = 0;
  private segmentBytes = 0;
  private segmentOpenedAt = 0;
  private readonly writer = new ByteWriter(1 << 20);
  private totalBytes = 0;

  constructor(
    private readonly dir: string,
    private readonly options: { fsync: boolean; maxSegmentBytes: number; maxSegmentAgeMs: number; log: Logger },
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Numbers of the segment files present, ascending. */
  segments(): number[] {
    return readdirSync(this.dir)
      .map((name) => SEGMENT_PATTERN.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** The segment new records go to. */
  currentSegment(): number {
    return this.segment;
  }

  /** Bytes written by this process so far. */
  bytesWritten(): number {
    return this.totalBytes;
  }

  /** Reads every segment in order, calling `visit` for each sample; cuts a torn tail. Returns the sample count. */
  replay(visit: ReplayVisitor): number {
    let samples = 0;
    for (const segment of this.segments()) {
      const path = this.pathOf(segment);
      const data = readFileSync(path);
      const good = this.replaySegment(data, segment, visit);
      samples += good.samples;
      if (good.bytes < data.length) {
        this.options.log.warn(
          { segment, keptBytes: good.bytes, droppedBytes: data.length - good.bytes },
          'head log: torn or corrupt record at the end of a segment; keeping what precedes it',
        );
        const fd = openSync(path, 'r+');
        ftruncateSync(fd, good.bytes);
        closeSync(fd);
      }
    }
    return samples;
  }

  /** Opens a fresh segment after the existing ones; call once after replay. */
  open(now: number): void {
    const existing = this.segments();
    this.startSegment((existing.at(-1) ?? 0) + 1, now);
  }

  /** Appends one batch as one record. Throws if the write fails (nothing of the batch is then durable). */
  append(samples: HeadLogBatch, now: number): void {
    if (samples.length === 0) return;
    if (this.segmentBytes >= this.options.maxSegmentBytes || now - this.segmentOpenedAt >= this.options.maxSegmentAgeMs) {
      this.startSegment(this.segment + 1, now);
    }
    const record = this.encode(samples);
    const size = record.length;
    let written = 0;
    while (written < size) written += writeSync(this.fd, record, written, size - written);
    if (this.options.fsync) fsyncSync(this.fd);
    this.segmentBytes += size;
    this.totalBytes += size;
  }

  /** Deletes the segments numbered below `segment` (their samples are all in sealed chunks). */
  truncateBefore(segment: number): number {
    let removed = 0;
    for (const n of this.segments()) {
      if (n >= segment || n === this.segment) continue;
      rmSync(this.pathOf(n), { force: true });
      removed++;
    }
    return removed;
  }

  /** Flushes to stable storage and closes the current segment. */
  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }

  private startSegment(segment: number, now: number): void {
    if (this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
    }
    this.segment = segment;
    this.fd = openSync(this.pathOf(segment), 'a');
    this.segmentBytes = 0;
    this.segmentOpenedAt = now;
  }

  private pathOf(segment: number): string {
    return join(this.dir, `${String(segment).padStart(10, '0')}.log`);
  }

  private encode(samples: HeadLogBatch): Uint8Array {
    const n = samples.length;
    const { ids, t, v } = samples;
    const out = this.writer;
    out.reset();
    out.ensure(RECORD_HEADER);
    for (let i = 0; i < RECORD_HEADER; i++) out.byte(0);
    out.varint(n);
    let prev = t[0] as number;
    out.float64(prev);
    for (let i = 0; i < n; i++) {
      out.varint(ids[i] as number);
      const time = t[i] as number;
      out.zigzag(time - prev);
      prev = time;
      out.float64(v[i] as number);
    }
    out.patchUint32(0, out.length - RECORD_HEADER);
    out.patchUint32(4, crc32(out.view(RECORD_HEADER)));
    return out.view();
  }

  private replaySegment(data: Buffer, segment: number, visit: ReplayVisitor): { bytes: number; samples: number } {
    let offset = 0;
    let samples = 0;
    while (offset + RECORD_HEADER <= data.length) {
      const length = data.readUInt32LE(offset);
      const end = offset + RECORD_HEADER + length;
      if (length === 0 || end > data.length) break;
      const payload = data.subarray(offset + RECORD_HEADER, end);
      if (crc32(payload) !== data.readUInt32LE(offset + 4)) break;
      samples += decodeRecord(payload, segment, visit);
      offset = end;
    }
    return { bytes: offset, samples };
  }
}

function decodeRecord(payload: Buffer, segment: number, visit: ReplayVisitor): number {
  const reader = new ByteReader(payload);
  const count = reader.varint();
  let t = reader.float64();
  for (let i = 0; i < count; i++) {
    const seriesId = reader.varint();
    t += reader.zigzag();
    visit(seriesId, t, reader.float64(), segment);
  }
  return count;
}
