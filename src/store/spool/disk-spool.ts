import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { type Clock, type Logger, NocError, type Sample, silentLogger, systemClock } from '../../core/index.js';
import { ByteWriter } from '../sqlite/varint.js';
import { SegmentWriter } from './segment-writer.js';
import { encodeRecord } from './record-codec.js';
import { type RecordLocation, readRecords } from './record-reader.js';
import { lockSpoolDirectory } from './spool-lock.js';
import { listSegments, readCursor, scanSegment, segmentPath, type SpoolCursor, writeCursor } from './spool-files.js';

/** How a {@link DiskSpool} is opened. */
export interface DiskSpoolOptions {
  /** Directory of the segment files (created when missing); one spool per directory. */
  readonly directory: string;
  /** Bound on the bytes of records waiting to be sent; beyond it the oldest are dropped and counted. */
  readonly maxBytes: number;
  /** fsync before a push resolves, shared by concurrent pushes (default true); false survives a crash of the process, not of the machine. */
  readonly fsync?: boolean;
  /** Size at which a new segment file is started (default maxBytes / 16, within 64 KiB … 64 MiB). */
  readonly segmentBytes?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** The oldest pending records, concatenated: what one write to the remote carries. */
export interface SpoolBatch {
  readonly samples: Sample[];
  readonly records: number;
  /** Pass to {@link DiskSpool.ack} once the remote has the batch. */
  readonly lastSeq: number;
}

/** A spool's counters. */
export interface SpoolStats {
  readonly pendingRecords: number;
  readonly pendingSamples: number;
  /** Bytes of pending records (what `maxBytes` bounds). */
  readonly pendingBytes: number;
  /** When the oldest pending record was pushed (ms since the epoch); undefined when nothing is pending. */
  readonly oldestPushedAt: number | undefined;
  /** Samples dropped by this process: evicted past the bound, larger than the bound, or unreadable on disk. */
  readonly droppedSamples: number;
  readonly droppedRecords: number;
  /** Bytes found torn or corrupt at the end of segments when opening (cut off, never replayed). */
  readonly discardedBytes: number;
  readonly bytesWritten: number;
  /** Size of the segment files. */
  readonly diskBytes: number;
}

interface PendingRecord extends RecordLocation {
  readonly seq: number;
  readonly count: number;
  readonly pushedAt: number;
}

const MIN_SEGMENT = 64 * 1024;
const MAX_SEGMENT = 64 * 1024 * 1024;
/** Records decoded per disk read when loading the pending ones back into memory. */
const READ_CHUNK_RECORDS = 4096;

/**
 * An append-only, crash-safe queue of sample batches in segment files of length-prefixed, CRC-32-checked
 * records (see record-codec.ts). A torn write at the end of a segment (crash mid-write) fails its check on
 * reopen and is cut off, so it is never replayed as garbage. Records are replayed in push order through
 * `peek`/`ack`; the position of the first unsent record is kept in `cursor.json`, and segments wholly before
 * it are deleted. Delivery is at least once: after a crash between a send and the cursor save, the last
 * batch is sent again and the remote rejects it as repeated timestamps.
 */
export class DiskSpool {
  private readonly pending: PendingRecord[] = [];
  private head = 0;
  private pendingBytes = 0;
  private pendingSamples = 0;
  private nextSeq = 1;
  private readonly segmentSizes = new Map<number, number>();
  private readonly writer: SegmentWriter;
  private readonly encoder = new ByteWriter(64 * 1024);
  private inFlightUpTo = 0;
  private evictedInFlight = { records: 0, samples: 0 };
  private closed = false;
  private unlock: () => void = () => undefined;
  private dropped = { records: 0, samples: 0 };
  private discardedBytes = 0;
  private bytesWritten = 0;
  private readonly fsync: boolean;
  private readonly clock: Clock;
  private readonly log: Logger;

  private constructor(private readonly options: DiskSpoolOptions) {
    if (!(options.maxBytes > 0)) throw new NocError('bad_request', `spool maxBytes must be a positive number of bytes, got ${options.maxBytes}`);
    this.fsync = options.fsync ?? true;
    const segmentBytes = options.segmentBytes ?? Math.min(MAX_SEGMENT, Math.max(MIN_SEGMENT, Math.floor(options.maxBytes / 16)));
    this.writer = new SegmentWriter(options.directory, { segmentBytes, fsync: this.fsync });
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
  }

  /** Opens the spool in `options.directory`, finding the records a previous run left unsent, in order. */
  static open(options: DiskSpoolOptions): DiskSpool {
    const spool = new DiskSpool(options);
    spool.recover();
    return spool;
  }

  /** Pushes a batch and resolves once it is durable (see `fsync`). */
  push(samples: readonly Sample[]): Promise<void> {
    try {
      this.append(samples);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.sync();
  }

  /**
   * Writes a batch as one record, synchronously, so records are in call order; durable after {@link sync}.
   * Throws (having written nothing) when the disk refuses. Past `maxBytes` the oldest records are dropped.
   */
  append(samples: readonly Sample[]): void {
    if (this.closed) throw new NocError('unavailable', `spool ${this.options.directory} is closed`);
    if (samples.length === 0) return;
    const pushedAt = this.clock.now();
    const record = encodeRecord(samples, pushedAt, this.encoder);
    if (record.length > this.options.maxBytes) {
      this.countDropped(1, samples.length);
      this.log.warn({ samples: samples.length, bytes: record.length, maxBytes: this.options.maxBytes }, 'spool: a batch larger than the whole spool was dropped');
      return;
    }
    const { segment, offset } = this.writer.write(record);
    this.pending.push({ seq: this.nextSeq++, segment, offset, size: record.length, count: samples.length, pushedAt });
    this.pendingBytes += record.length;
    this.pendingSamples += samples.length;
    this.segmentSizes.set(segment, offset + record.length);
    this.bytesWritten += record.length;
    // A monitor is read for the present: when the outage outlasts the bound, the newest samples are what the
    // alerter and the operators need once the store is back, so the oldest make room.
    while (this.pendingBytes > this.options.maxBytes) this.evictOldest();
    this.removeDeadSegments();
  }

  /** Resolves when every record appended so far is on stable storage; concurrent callers share one fsync. */
  sync(): Promise<void> {
    return this.writer.sync();
  }

  /**
   * The oldest pending records, up to `maxSamples` samples (at least one record), marked in flight until
   * {@link ack}, {@link release} or {@link discard}. Undefined when nothing is pending.
   */
  peek(maxSamples: number): SpoolBatch | undefined {
    for (;;) {
      const first = this.pending[this.head];
      if (first === undefined || this.closed) return undefined;
      let end = this.head + 1;
      let total = first.count;
      for (let next = this.pending[end]; next !== undefined && total + next.count <= maxSamples; next = this.pending[++end]) total += next.count;
      const samples: Sample[] = [];
      let lastSeq = 0;
      let records = 0;
      for (const [record, decoded] of readRecords(this.options.directory, this.pending.slice(this.head, end), this.log)) {
        if (decoded === undefined) break;
        for (const sample of decoded) samples.push(sample);
        lastSeq = record.seq;
        records++;
      }
      if (records > 0) {
        this.inFlightUpTo = lastSeq;
        return { samples, records, lastSeq };
      }
      this.log.error({ segment: first.segment, offset: first.offset, samples: first.count }, 'spool: a pending record no longer reads back intact; dropped');
      this.removeHead();
      this.countDropped(1, first.count);
    }
  }

  /** The remote has every record up to `lastSeq`: forget them. */
  ack(lastSeq: number): void {
    this.settleInFlight(lastSeq, false);
  }

  /** The remote refused every record up to `lastSeq` for good (bad data): forget them, counted as dropped. */
  discard(lastSeq: number): void {
    this.settleInFlight(lastSeq, true);
  }

  /** The send of the in-flight batch failed: its records stay pending (those evicted meanwhile now count as dropped). */
  release(): void {
    this.countDropped(this.evictedInFlight.records, this.evictedInFlight.samples);
    this.evictedInFlight = { records: 0, samples: 0 };
    this.inFlightUpTo = 0;
  }

  /** Decoded batches of the pending records pushed at or after `since` (ms), oldest first. */
  *pendingSince(since: number): Generator<Sample[]> {
    const wanted = this.pending.slice(this.head).filter((record) => record.pushedAt >= since);
    for (let from = 0; from < wanted.length; from += READ_CHUNK_RECORDS) {
      for (const [, samples] of readRecords(this.options.directory, wanted.slice(from, from + READ_CHUNK_RECORDS), this.log)) if (samples !== undefined) yield samples;
    }
  }

  /** The spool's counters. */
  stats(): SpoolStats {
    let diskBytes = 0;
    for (const size of this.segmentSizes.values()) diskBytes += size;
    return {
      pendingRecords: this.pending.length - this.head,
      pendingSamples: this.pendingSamples,
      pendingBytes: this.pendingBytes,
      oldestPushedAt: this.pending[this.head]?.pushedAt,
      droppedSamples: this.dropped.samples,
      droppedRecords: this.dropped.records,
      discardedBytes: this.discardedBytes,
      bytesWritten: this.bytesWritten,
      diskBytes,
    };
  }

  /** Waits for a pending fsync, makes everything durable, saves the cursor and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.close();
    this.saveCursor();
    this.unlock();
  }

  private recover(): void {
    const dir = this.options.directory;
    mkdirSync(dir, { recursive: true });
    this.unlock = lockSpoolDirectory(dir);
    const cursor = readCursor(dir);
    let last = cursor.segment;
    for (const segment of listSegments(dir)) {
      const path = segmentPath(dir, segment);
      last = Math.max(last, segment);
      if (segment < cursor.segment) {
        rmSync(path, { force: true });
        continue;
      }
      const scan = scanSegment(path, segment === cursor.segment ? cursor.offset : 0);
      if (scan.intactEnd < scan.fileLength) {
        this.log.warn({ segment, keptBytes: scan.intactEnd, droppedBytes: scan.fileLength - scan.intactEnd }, 'spool: torn or corrupt record in a segment; cut off there');
        this.discardedBytes += scan.fileLength - scan.intactEnd;
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, scan.intactEnd);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      this.segmentSizes.set(segment, scan.intactEnd);
      for (const record of scan.records) {
        this.pending.push({ seq: this.nextSeq++, segment, offset: record.offset, size: record.size, count: record.count, pushedAt: record.pushedAt });
        this.pendingBytes += record.size;
        this.pendingSamples += record.count;
      }
    }
    this.writer.start(last + 1);
    this.segmentSizes.set(last + 1, 0);
    while (this.pendingBytes > this.options.maxBytes) this.evictOldest();
    this.removeDeadSegments();
    this.saveCursor();
  }

  private settleInFlight(lastSeq: number, asDropped: boolean): void {
    let records = 0;
    let samples = 0;
    for (let first = this.pending[this.head]; first !== undefined && first.seq <= lastSeq; first = this.pending[this.head]) {
      this.removeHead();
      records++;
      samples += first.count;
    }
    if (asDropped) this.countDropped(records + this.evictedInFlight.records, samples + this.evictedInFlight.samples);
    this.evictedInFlight = { records: 0, samples: 0 };
    this.inFlightUpTo = 0;
    if (this.closed) return;
    this.removeDeadSegments();
    this.saveCursor();
  }

  private evictOldest(): void {
    const oldest = this.removeHead();
    if (oldest === undefined) return;
    // A record being sent is counted when the send ends: if it gets through, it was not lost.
    if (oldest.seq <= this.inFlightUpTo) {
      this.evictedInFlight.records++;
      this.evictedInFlight.samples += oldest.count;
    } else {
      this.countDropped(1, oldest.count);
    }
  }

  private removeHead(): PendingRecord | undefined {
    const record = this.pending[this.head];
    if (record === undefined) return undefined;
    this.head++;
    this.pendingBytes -= record.size;
    this.pendingSamples -= record.count;
    if (this.head === this.pending.length || (this.head >= 4096 && this.head * 2 >= this.pending.length)) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    return record;
  }

  private countDropped(records: number, samples: number): void {
    this.dropped = { records: this.dropped.records + records, samples: this.dropped.samples + samples };
  }

  private cursor(): SpoolCursor {
    const first = this.pending[this.head];
    return first === undefined ? this.writer.position : { segment: first.segment, offset: first.offset };
  }

  private saveCursor(): void {
    writeCursor(this.options.directory, this.cursor());
  }

  private removeDeadSegments(): void {
    const live = this.cursor().segment;
    for (const segment of this.segmentSizes.keys()) {
      if (segment >= live) break;
      rmSync(segmentPath(this.options.directory, segment), { force: true });
      this.segmentSizes.delete(segment);
    }
  }
}
