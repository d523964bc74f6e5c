import { crc32 } from 'node:zlib';
import type { Sample, SeriesKey } from '../../core/index.js';
import { ByteReader, ByteWriter } from '../sqlite/varint.js';

/** Bytes before each record's payload: u32 payload length, u32 CRC-32 of the payload (little-endian). */
export const RECORD_HEADER_BYTES = 8;

/** Largest payload a record may declare: a longer length can only be a torn or corrupt header. */
export const MAX_RECORD_PAYLOAD = 256 * 1024 * 1024;

/** Flag: times are zigzag deltas (every time a safe integer); else each time is a raw float64. */
const INTEGER_TIMES = 1;
/** Integer times up to this magnitude keep every delta within the varint's exact range. */
const MAX_DELTA_TIME = 2 ** 51;

/** What a record says about itself without decoding its samples. */
export interface RecordSummary {
  /** Wall-clock time (ms) the batch was pushed. */
  readonly pushedAt: number;
  readonly count: number;
}

/** A decoded record. */
export interface DecodedRecord extends RecordSummary {
  readonly samples: Sample[];
}

function integerTimes(samples: readonly Sample[]): boolean {
  return samples.every((s) => Number.isSafeInteger(s.t) && Math.abs(s.t) < MAX_DELTA_TIME);
}

/**
 * Encodes one batch as a framed record:
 * `[len u32][crc32 u32]` then the payload `[pushedAt f64][count varint][keys varint]{[len varint][utf8]}[flags u8]`
 * and per sample `[key index varint][time: zigzag Δ or f64][value f64]`. The series keys are a table per
 * record, so a batch of a poll (tens of samples, few series) stays compact and each record decodes alone.
 */
export function encodeRecord(samples: readonly Sample[], pushedAt: number, out: ByteWriter = new ByteWriter(4096)): Uint8Array {
  out.reset();
  out.ensure(RECORD_HEADER_BYTES);
  for (let i = 0; i < RECORD_HEADER_BYTES; i++) out.byte(0);
  out.float64(pushedAt);
  out.varint(samples.length);
  const indexOf = new Map<string, number>();
  for (const sample of samples) if (!indexOf.has(sample.series)) indexOf.set(sample.series, indexOf.size);
  out.varint(indexOf.size);
  for (const key of indexOf.keys()) {
    const bytes = Buffer.from(key, 'utf8');
    out.varint(bytes.length);
    out.bytes(bytes);
  }
  const integer = integerTimes(samples);
  out.byte(integer ? INTEGER_TIMES : 0);
  let previous = 0;
  for (const sample of samples) {
    out.varint(indexOf.get(sample.series) as number);
    if (integer) {
      out.zigzag(sample.t - previous);
      previous = sample.t;
    } else {
      out.float64(sample.t);
    }
    out.float64(sample.v);
  }
  out.patchUint32(0, out.length - RECORD_HEADER_BYTES);
  out.patchUint32(4, crc32(out.view(RECORD_HEADER_BYTES)));
  return out.view().slice();
}

/**
 * Checks the record framed at `offset` of `data`: returns its total size (header + payload), or 0 when the
 * bytes there are not a whole, intact record (a torn write or corruption).
 */
export function intactRecordSize(data: Uint8Array, offset: number): number {
  if (offset + RECORD_HEADER_BYTES > data.length) return 0;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const length = view.getUint32(offset, true);
  const end = offset + RECORD_HEADER_BYTES + length;
  if (length === 0 || length > MAX_RECORD_PAYLOAD || end > data.length) return 0;
  const payload = data.subarray(offset + RECORD_HEADER_BYTES, end);
  if (crc32(payload) !== view.getUint32(offset + 4, true)) return 0;
  return RECORD_HEADER_BYTES + length;
}

/** Reads the push time and sample count of an intact record's payload. */
export function summarizePayload(payload: Uint8Array): RecordSummary {
  const reader = new ByteReader(payload);
  const pushedAt = reader.float64();
  return { pushedAt, count: reader.varint() };
}

/** Decodes an intact record's payload; throws a RangeError on bytes that are not one. */
export function decodePayload(payload: Uint8Array): DecodedRecord {
  const reader = new ByteReader(payload);
  const pushedAt = reader.float64();
  const count = reader.varint();
  const keyCount = reader.varint();
  const keys: SeriesKey[] = [];
  for (let i = 0; i < keyCount; i++) {
    const length = reader.varint();
    const at = reader.skip(length);
    keys.push(Buffer.from(payload.buffer, payload.byteOffset + at, length).toString('utf8') as SeriesKey);
  }
  const integer = (reader.byte() & INTEGER_TIMES) !== 0;
  const samples: Sample[] = new Array<Sample>(count);
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const series = keys[reader.varint()];
    if (series === undefined) throw new RangeError(`record names series ${i} beyond its table of ${keyCount}`);
    let t: number;
    if (integer) {
      t = previous + reader.zigzag();
      previous = t;
    } else {
      t = reader.float64();
    }
    samples[i] = { series, t, v: reader.float64() };
  }
  if (reader.remaining !== 0) throw new RangeError(`record has ${reader.remaining} bytes after its ${count} samples`);
  return { pushedAt, count, samples };
}
