import { closeSync, openSync, readSync } from 'node:fs';
import type { Logger, Sample } from '../../core/index.js';
import { decodePayload, intactRecordSize, RECORD_HEADER_BYTES } from './record-codec.js';
import { segmentPath } from './spool-files.js';

/** Where a record lies: segment number, byte offset and size (header and payload). */
export interface RecordLocation {
  readonly segment: number;
  readonly offset: number;
  readonly size: number;
}

/**
 * Reads and decodes records of the spool in `dir`, one disk read per run of records adjacent in the same
 * segment. Each comes back with its samples, or undefined when it no longer reads back intact.
 */
export function readRecords<R extends RecordLocation>(dir: string, records: readonly R[], log: Logger): Array<[R, Sample[] | undefined]> {
  const out: Array<[R, Sample[] | undefined]> = [];
  let start = 0;
  while (start < records.length) {
    let end = start + 1;
    while (end < records.length && isAdjacent(records[end - 1] as R, records[end] as R)) end++;
    const run = records.slice(start, end);
    const data = readSpan(dir, run, log);
    const base = (run[0] as R).offset;
    for (const record of run) out.push([record, data === undefined ? undefined : decodeAt(data, record.offset - base, record.size)]);
    start = end;
  }
  return out;
}

function isAdjacent(before: RecordLocation, after: RecordLocation): boolean {
  return after.segment === before.segment && after.offset === before.offset + before.size;
}

function readSpan(dir: string, run: readonly RecordLocation[], log: Logger): Uint8Array | undefined {
  const first = run[0] as RecordLocation;
  const last = run[run.length - 1] as RecordLocation;
  const length = last.offset + last.size - first.offset;
  const data = new Uint8Array(length);
  let fd = -1;
  try {
    fd = openSync(segmentPath(dir, first.segment), 'r');
    let done = 0;
    while (done < length) {
      const n = readSync(fd, data, done, length - done, first.offset + done);
      if (n === 0) return data.subarray(0, done);
      done += n;
    }
    return data;
  } catch (error) {
    log.error({ err: error, segment: first.segment, offset: first.offset }, 'spool: cannot read pending records');
    return undefined;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** The samples of the record at `offset` of `data`, or undefined when it is not intact there. */
function decodeAt(data: Uint8Array, offset: number, size: number): Sample[] | undefined {
  if (offset + size > data.length || intactRecordSize(data, offset) !== size) return undefined;
  try {
    return decodePayload(data.subarray(offset + RECORD_HEADER_BYTES, offset + size)).samples;
  } catch {
    return undefined;
  }
}
