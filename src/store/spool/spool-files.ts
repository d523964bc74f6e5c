import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { intactRecordSize, RECORD_HEADER_BYTES, type RecordSummary, summarizePayload } from './record-codec.js';

const SEGMENT_PATTERN = /^(\d{10})\.spool$/;
const CURSOR_FILE = 'cursor.json';

/** Where replay resumes: the first record not yet sent or dropped (segment number, byte offset). */
export interface SpoolCursor {
  readonly segment: number;
  readonly offset: number;
}

/** Path of segment number `segment` in `dir`. */
export function segmentPath(dir: string, segment: number): string {
  return join(dir, `${String(segment).padStart(10, '0')}.spool`);
}

/** Numbers of the segment files in `dir`, ascending. */
export function listSegments(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => SEGMENT_PATTERN.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The saved cursor, or the start of everything when there is none (first run) or it is unreadable. */
export function readCursor(dir: string): SpoolCursor {
  const path = join(dir, CURSOR_FILE);
  if (!existsSync(path)) return { segment: 0, offset: 0 };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<SpoolCursor>;
    const { segment, offset } = parsed;
    if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset) && (segment as number) >= 0 && (offset as number) >= 0) {
      return { segment: segment as number, offset: offset as number };
    }
  } catch {
    // An unreadable cursor only costs re-sending records the remote already has, which it rejects as repeats.
  }
  return { segment: 0, offset: 0 };
}

/**
 * Saves the cursor by writing a temporary file and renaming it over the old one, so a crash leaves either
 * the old or the new cursor, never half of one. It is not fsynced: after a power loss an older cursor only
 * means re-sending batches the remote already has (it rejects them as repeats), and saving it after every
 * write to the remote must not cost a disk flush each time.
 */
export function writeCursor(dir: string, cursor: SpoolCursor): void {
  const path = join(dir, CURSOR_FILE);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, JSON.stringify(cursor));
  renameSync(temporary, path);
}

/** Makes a file creation, deletion or rename in `dir` durable (Linux needs the directory fsynced). */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** One intact record found by {@link scanSegment}. */
export interface ScannedRecord extends RecordSummary {
  readonly offset: number;
  /** Header and payload bytes. */
  readonly size: number;
}

/** What a segment holds from an offset on. */
export interface SegmentScan {
  readonly records: ScannedRecord[];
  /** End of the last intact record: bytes past it are a torn or corrupt tail. */
  readonly intactEnd: number;
  readonly fileLength: number;
}

/** Reads segment `path` from byte `from`, record by record, stopping at the first that is not intact. */
export function scanSegment(path: string, from: number): SegmentScan {
  const data = readFileSync(path);
  const records: ScannedRecord[] = [];
  let offset = Math.min(from, data.length);
  for (;;) {
    const size = intactRecordSize(data, offset);
    if (size === 0) break;
    let summary: RecordSummary;
    try {
      summary = summarizePayload(data.subarray(offset + RECORD_HEADER_BYTES, offset + size));
    } catch {
      break;
    }
    records.push({ offset, size, ...summary });
    offset += size;
  }
  return { records, intactEnd: offset, fileLength: data.length };
}
