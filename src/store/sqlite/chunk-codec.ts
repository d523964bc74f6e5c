// Compressed chunk format of the embedded time-series store.
//
//   header byte   FORMAT_VERSION | FLAG_DEFLATED when the body is raw-deflated | FLAG_TIME_RUNS
//   varint        point count n
//   varint        column count
//   body          timestamps section, then one section per value column
//
// Timestamps: first t, first delta, then delta-of-deltas, all zigzag varints; with FLAG_TIME_RUNS the stream
// uses zero runs: each run of zeros is one 0 byte followed by the varint count of the zeros after it.
// Each column starts with a mode byte:
//   MODE_CONSTANT       8 bytes: the one float64 shared bit-for-bit by all points
//   MODE_DECIMAL_DELTA  byte k, then round(v·10^k) as zigzag varints: first value, then deltas
//   MODE_DECIMAL_DOD    byte k, then round(v·10^k) as zigzag varints: first value, first delta, delta-of-deltas
//                       (either decimal mode | MODE_ZERO_RUNS: the varints use zero runs as above)
//   MODE_XOR            per point, the 64 bits of v XOR the previous point's bits (0 before the first), as
//                       a byte (trailing zero bytes << 4 | significant byte count) then the significant bytes
// Float bits are always written least significant byte first, whatever the platform's byte order.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { NocError } from '../../core/index.js';
import { ByteReader, ByteWriter, zigzagsLength } from './varint.js';

/** A decoded chunk: timestamps in ms since the epoch and value columns of the same length, all views of one ArrayBuffer. */
export interface DecodedChunk {
  readonly t: Float64Array;
  readonly columns: Float64Array[];
}

/** How one value column is stored (see the format description at the top of this file). */
export type ChunkColumnMode = 'constant' | 'decimal-delta' | 'decimal-dod' | 'xor';

/** Layout facts about a stored chunk, for diagnostics and tests. */
export interface ChunkLayout {
  readonly points: number;
  readonly deflated: boolean;
  readonly modes: ChunkColumnMode[];
  /** Whether the timestamp stream uses zero runs. */
  readonly timestampZeroRuns: boolean;
  /** Per column, whether its varint stream uses zero runs (always false for constant and XOR columns). */
  readonly columnZeroRuns: boolean[];
}

const FORMAT_VERSION = 1;
const FLAG_DEFLATED = 0x80;
const FLAG_TIME_RUNS = 0x40;
const VERSION_MASK = 0x3f;

const MODE_CONSTANT = 0;
const MODE_DECIMAL_DELTA = 1;
const MODE_DECIMAL_DOD = 2;
const MODE_XOR = 3;
const MODE_ZERO_RUNS = 0x40;
const MODE_NAMES: readonly ChunkColumnMode[] = ['constant', 'decimal-delta', 'decimal-dod', 'xor'];

/** Rollups need 5 columns; the cap keeps a damaged header from making a chunk of countless empty columns. */
const MAX_COLUMNS = 255;
const MAX_DECIMAL_DIGITS = 12;
/** Scaled decimals stay ≤ 2^50 so that their delta-of-deltas (≤ 2^52) zigzag exactly. */
const MAX_SCALED = 2 ** 50;
/** Timestamps and their gaps stay ≤ 2^52 so that delta-of-deltas zigzag exactly. */
const MAX_TIMESTAMP = 2 ** 52;
/**
 * Without zero runs every point after the first costs a timestamp byte, which bounds what a damaged header can
 * make the decoder allocate; so timestamp zero runs are only used in chunks of at most this many values
 * (timestamps included).
 */
const MAX_RUN_CELLS = 2 ** 20;
const POW10: readonly number[] = Array.from({ length: MAX_DECIMAL_DIGITS + 1 }, (_, k) => 10 ** k);

/** Bodies shorter than this never shrink under deflate (its framing alone costs a few bytes). */
const MIN_DEFLATE_INPUT = 16;
/**
 * Inflating costs more than decoding a typical chunk, and zero runs already take what deflate saved most, so
 * deflate is kept only when it saves this share of the body, or MIN_DEFLATE_BYTES and MIN_DEFLATE_SHARE_LARGE.
 * On 360-point chunks it would still save about 38% (140 bytes) for ms-resolution latencies, 17% for timestamps
 * with random jitter, under 5% for gauges and counters: all of those stay inflate-free.
 */
const MIN_DEFLATE_SHARE = 0.4;
/**
 * Large bodies are deflated for fewer savings: a chunk that crosses about 1 KB costs SQLite an overflow page,
 * and a 360-point counter with periodic timestamp jitter shrinks by 29% (350 bytes) to below that.
 */
const MIN_DEFLATE_BYTES = 256;
const MIN_DEFLATE_SHARE_LARGE = 0.1;
/**
 * A 4 KB window covers a typical chunk whole, costs under 1% on the largest (1024 points × 5 columns) and
 * makes each call a little cheaper to set up. Decoding uses zlib's default window, which reads any window size.
 */
const DEFLATE_OPTIONS = { level: 6, windowBits: 12 } as const;

// Index of the low and high 32-bit word of a float64 in a Uint32Array overlay on this platform.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/**
 * Encodes points [start, end) of `t` (integer ms, non-decreasing) and of every value column into one chunk.
 * Values round-trip bit-exactly, including NaN payloads (when columns are Float64Arrays), ±Infinity and −0.
 * Each call allocates fresh working memory, which costs a few µs per chunk: code that encodes many chunks
 * should keep a ChunkEncoder instead.
 */
export function encodeChunk(
  t: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
  start = 0,
  end: number = t.length,
): Buffer {
  return new ChunkEncoder().encode(t, columns, start, end);
}

/** An encoder's per-point working memory: all views of one ArrayBuffer. */
interface EncoderScratch {
  /** The column being encoded, and the same bytes as 32-bit words. */
  readonly values: Float64Array;
  readonly words: Uint32Array;
  /** The column's values times 10^k, once a decimal scale k is found. */
  readonly scaled: Float64Array;
  /** The varint streams: deltas (also used for timestamps) and delta-of-deltas. */
  readonly deltas: Float64Array;
  readonly dods: Float64Array;
}

function allocateScratch(points: number): EncoderScratch {
  // One ArrayBuffer rather than four: each costs about a microsecond to allocate, the views next to nothing.
  const buffer = new ArrayBuffer(32 * points);
  const values = new Float64Array(buffer, 0, points);
  return {
    values,
    words: new Uint32Array(buffer, 0, 2 * points),
    scaled: new Float64Array(buffer, 8 * points, points),
    deltas: new Float64Array(buffer, 16 * points, points),
    dods: new Float64Array(buffer, 24 * points, points),
  };
}

/**
 * Encodes chunks like encodeChunk, keeping its working memory from one call to the next, so that after the
 * first few chunks it allocates nothing but the returned Buffers. Encoding is synchronous, so calls on one
 * encoder never interleave.
 */
export class ChunkEncoder {
  private readonly writer = new ByteWriter(0);
  private scratch = allocateScratch(0);

  /** Encodes points [start, end) of `t` and of every value column into one chunk, as encodeChunk does. */
  encode(t: ArrayLike<number>, columns: readonly ArrayLike<number>[], start = 0, end: number = t.length): Buffer {
    checkSlice(t, columns, start, end);
    const n = end - start;
    const writer = this.writer;
    writer.reset();
    // Room for a typical chunk up front, so that a fresh encoder allocates its output buffer once.
    writer.ensure(16 + 2 * n * (1 + columns.length));
    writer.byte(FORMAT_VERSION);
    writer.varint(n);
    writer.varint(columns.length);
    const bodyStart = writer.length;
    this.ensureScratch(n);
    if (this.writeTimestamps(t, start, end, columns.length)) writer.patch(0, FORMAT_VERSION | FLAG_TIME_RUNS);
    for (const column of columns) this.writeColumn(column, start, n);
    return this.finish(bodyStart);
  }

  private ensureScratch(n: number): void {
    const capacity = this.scratch.values.length;
    if (capacity < n) this.scratch = allocateScratch(Math.max(n, capacity * 2));
  }

  /** Writes the timestamp section and returns whether it uses zero runs. */
  private writeTimestamps(t: ArrayLike<number>, start: number, end: number, columnCount: number): boolean {
    const n = end - start;
    if (n === 0) return false;
    const { deltas } = this.scratch;
    timestampStream(t, start, end, deltas);
    const { plain, zeroRuns } = zigzagsLength(deltas, 0, n);
    const runs = zeroRuns < plain && n * (1 + columnCount) <= MAX_RUN_CELLS;
    this.writer.zigzags(deltas, 0, n, runs);
    return runs;
  }

  private writeColumn(column: ArrayLike<number>, start: number, n: number): void {
    if (n === 0) return;
    const { values, words } = this.scratch;
    loadColumn(column, start, n, values);
    if (isConstant(words, n)) {
      this.writer.byte(MODE_CONSTANT);
      this.writeFloatBits(words[LO] as number, words[HI] as number);
      return;
    }
    const k = decimalScale(values, this.scratch.scaled, n);
    if (k >= 0) {
      const layout = this.decimalLayout(n);
      if (layout.size <= xorEncodedSize(words, n)) {
        this.writer.byte(layout.mode);
        this.writer.byte(k);
        this.writer.zigzags(layout.stream, 0, n, (layout.mode & MODE_ZERO_RUNS) !== 0);
        return;
      }
    }
    this.writeXor(n);
  }

  private writeFloatBits(lo: number, hi: number): void {
    const writer = this.writer;
    writer.byte(lo);
    writer.byte(lo >>> 8);
    writer.byte(lo >>> 16);
    writer.byte(lo >>> 24);
    writer.byte(hi);
    writer.byte(hi >>> 8);
    writer.byte(hi >>> 16);
    writer.byte(hi >>> 24);
  }

  /** Fills the delta and delta-of-delta streams from the scaled values and picks the smallest of the four decimal layouts. */
  private decimalLayout(n: number): DecimalLayout {
    const { scaled, deltas: deltaStream, dods: dodStream } = this.scratch;
    deltaStream[0] = scaled[0] as number;
    dodStream[0] = scaled[0] as number;
    let prevDelta = 0;
    for (let i = 1; i < n; i++) {
      const delta = (scaled[i] as number) - (scaled[i - 1] as number);
      deltaStream[i] = delta;
      dodStream[i] = delta - prevDelta;
      prevDelta = delta;
    }
    const deltas = zigzagsLength(deltaStream, 0, n);
    const dods = zigzagsLength(dodStream, 0, n);
    // Ties go to plain deltas, the cheapest to decode.
    let best: DecimalLayout = { mode: MODE_DECIMAL_DELTA, stream: deltaStream, size: 2 + deltas.plain };
    const candidates: DecimalLayout[] = [
      { mode: MODE_DECIMAL_DELTA | MODE_ZERO_RUNS, stream: deltaStream, size: 2 + deltas.zeroRuns },
      { mode: MODE_DECIMAL_DOD, stream: dodStream, size: 2 + dods.plain },
      { mode: MODE_DECIMAL_DOD | MODE_ZERO_RUNS, stream: dodStream, size: 2 + dods.zeroRuns },
    ];
    for (const candidate of candidates) if (candidate.size < best.size) best = candidate;
    return best;
  }

  private writeXor(n: number): void {
    const { writer } = this;
    const { words } = this.scratch;
    writer.byte(MODE_XOR);
    writer.ensure(9 * n);
    let prevLo = 0;
    let prevHi = 0;
    for (let i = 0; i < n; i++) {
      const lo = words[2 * i + LO] as number;
      const hi = words[2 * i + HI] as number;
      this.writeXorWord(lo ^ prevLo, hi ^ prevHi);
      prevLo = lo;
      prevHi = hi;
    }
  }

  /** Writes one 64-bit XOR as (trailing zero bytes << 4 | significant length) and its significant bytes. */
  private writeXorWord(xorLo: number, xorHi: number): void {
    const writer = this.writer;
    if ((xorLo | xorHi) === 0) {
      writer.byte(0);
      return;
    }
    const trail = trailingZeroBytes(xorLo, xorHi);
    const length = 8 - leadingZeroBytes(xorLo, xorHi) - trail;
    writer.byte((trail << 4) | length);
    for (let b = trail; b < trail + length; b++) writer.byte(b < 4 ? xorLo >>> (8 * b) : xorHi >>> (8 * (b - 4)));
  }

  /** Deflates the body when that saves enough (see deflatePays); returns the finished chunk as a fresh Buffer. */
  private finish(bodyStart: number): Buffer {
    const writer = this.writer;
    const bodyLength = writer.length - bodyStart;
    if (bodyLength >= MIN_DEFLATE_INPUT) {
      const deflated = deflateRawSync(writer.view(bodyStart), DEFLATE_OPTIONS);
      if (deflatePays(bodyLength, deflated.length)) {
        const out = Buffer.allocUnsafe(bodyStart + deflated.length);
        out.set(writer.view().subarray(0, bodyStart));
        out[0] = (out[0] as number) | FLAG_DEFLATED;
        out.set(deflated, bodyStart);
        return out;
      }
    }
    return Buffer.from(writer.view());
  }
}

/** Decodes a chunk written by encodeChunk; throws a NocError (code `internal`) when the bytes are not a valid chunk. */
export function decodeChunk(data: Uint8Array): DecodedChunk {
  return decode(data, undefined, undefined);
}

/** Memory reused by successive decodes whose results are consumed before the next one. */
export class DecodeScratch {
  private buffer = new ArrayBuffer(0);
  private last: DecodedChunk | undefined;

  /** An ArrayBuffer of at least `bytes`; what was decoded into it before is overwritten. */
  take(bytes: number): ArrayBuffer {
    if (this.buffer.byteLength < bytes) this.buffer = new ArrayBuffer(Math.max(bytes, this.buffer.byteLength * 2));
    return this.buffer;
  }

  /**
   * Views for a chunk of `n` points × `columnCount` columns over this scratch's buffer, laid out as
   * readBody expects: the previous decode's when they fit exactly, since chunks of a read mostly share
   * their size and a typed array view costs more to make than a short column to decode.
   */
  views(n: number, columnCount: number): DecodedChunk {
    const last = this.last;
    if (last !== undefined && last.t.length === n && last.columns.length === columnCount && last.t.buffer === this.buffer) return last;
    this.last = arraysOver(this.take(8 * n * (1 + columnCount)), n, columnCount);
    return this.last;
  }
}

/** Decodes into `scratch`: the arrays are valid until the next decode into the same scratch (no allocation). */
export function decodeChunkInto(data: Uint8Array, scratch: DecodeScratch): DecodedChunk {
  return decode(data, undefined, scratch);
}

/** Decodes a chunk and reports how it is stored: point count, whether deflated, each column's mode (none when empty). */
export function inspectChunk(data: Uint8Array): ChunkLayout {
  const modes: number[] = [];
  const { t } = decode(data, modes, undefined);
  const header = readHeaderByte(data);
  return {
    points: t.length,
    deflated: (header & FLAG_DEFLATED) !== 0,
    modes: modes.map((mode) => MODE_NAMES[mode & ~MODE_ZERO_RUNS] as ChunkColumnMode),
    timestampZeroRuns: (header & FLAG_TIME_RUNS) !== 0,
    columnZeroRuns: modes.map((mode) => (mode & MODE_ZERO_RUNS) !== 0),
  };
}

/** Reads the number of points of a chunk from its header, without decoding anything else. */
export function chunkPointCount(data: Uint8Array): number {
  // Sizing a wide read counts every chunk first: the usual header (a count below 2^14, fewer than 128
  // columns) is read in place; anything else, damaged headers included, takes the checked path.
  const b1 = data[1] ?? 0x80;
  const count = b1 < 0x80 ? b1 : (b1 & 0x7f) | ((data[2] ?? 0x80) << 7);
  const columnsAt = b1 < 0x80 ? 2 : 3;
  const columns = data[columnsAt] ?? 0;
  if (((data[0] as number) & VERSION_MASK) === FORMAT_VERSION && count < 1 << 14 && columns > 0 && columns < 0x80) return count;
  return readHeader(new ByteReader(data)).n;
}

function checkSlice(t: ArrayLike<number>, columns: readonly ArrayLike<number>[], start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > t.length) {
    throw new RangeError(`invalid slice [${start}, ${end}) of ${t.length} timestamps`);
  }
  if (columns.length === 0 || columns.length > MAX_COLUMNS) {
    throw new RangeError(`a chunk needs 1 to ${MAX_COLUMNS} value columns, got ${columns.length}`);
  }
  for (const column of columns) {
    if (column.length < end) throw new RangeError(`value column has ${column.length} points, slice ends at ${end}`);
  }
}

/** Fills `stream` with the first timestamp, the first delta and the delta-of-deltas. */
function timestampStream(t: ArrayLike<number>, start: number, end: number, stream: Float64Array): void {
  let prev = t[start] as number;
  checkTimestamp(prev, start);
  stream[0] = prev;
  let prevDelta = 0;
  for (let i = start + 1; i < end; i++) {
    const ts = t[i] as number;
    checkTimestamp(ts, i);
    const delta = ts - prev;
    if (delta < 0 || delta > MAX_TIMESTAMP) {
      throw new RangeError(`timestamps must be non-decreasing with gaps ≤ 2^52: t[${i}] = ${ts} after ${prev}`);
    }
    // The first delta is written as is: a delta-of-delta against the implicit 0.
    stream[i - start] = delta - prevDelta;
    prevDelta = delta;
    prev = ts;
  }
}

function checkTimestamp(ts: number, index: number): void {
  if (!Number.isInteger(ts) || ts > MAX_TIMESTAMP || ts < -MAX_TIMESTAMP) {
    throw new RangeError(`timestamp t[${index}] = ${ts} is not an integer within ±2^52`);
  }
}

/** Copies the column slice into `values`; a Float64Array is copied as bytes so NaN payloads survive. */
function loadColumn(column: ArrayLike<number>, start: number, n: number, values: Float64Array): void {
  if (column instanceof Float64Array) {
    values.set(column.subarray(start, start + n));
    return;
  }
  for (let i = 0; i < n; i++) values[i] = column[start + i] as number;
}

/** Whether the first n float64s of `words` (two words each) are all the same bits. */
function isConstant(words: Uint32Array, n: number): boolean {
  const lo = words[LO];
  const hi = words[HI];
  for (let i = 1; i < n; i++) {
    if (words[2 * i + LO] !== lo || words[2 * i + HI] !== hi) return false;
  }
  return true;
}

/**
 * Smallest k ≤ 12 at which every value is exactly round(v·10^k) / 10^k, filling `scaled` with the scaled
 * integers; −1 when there is none. The test is the decoder's own expression, so decoding is exact.
 */
function decimalScale(values: Float64Array, scaled: Float64Array, n: number): number {
  next: for (let k = 0; k <= MAX_DECIMAL_DIGITS; k++) {
    const scale = POW10[k] as number;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      // `+ 0` turns −0 into +0, so a −0 value fails the identity test instead of decoding as +0.
      const s = Math.round(v * scale) + 0;
      if (!(Math.abs(s) <= MAX_SCALED) || !Object.is(s / scale, v)) continue next;
      scaled[i] = s;
    }
    return k;
  }
  return -1;
}

/** One decimal layout of a column's scaled values: mode byte, varint stream and body size (mode and k bytes included). */
interface DecimalLayout {
  readonly mode: number;
  readonly stream: Float64Array;
  readonly size: number;
}

/** Body size (mode byte included) of the XOR layout of the first n float64s of `words`. */
function xorEncodedSize(words: Uint32Array, n: number): number {
  let size = 1 + n;
  let prevLo = 0;
  let prevHi = 0;
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i + LO] as number;
    const hi = words[2 * i + HI] as number;
    const xorLo = lo ^ prevLo;
    const xorHi = hi ^ prevHi;
    if ((xorLo | xorHi) !== 0) size += 8 - leadingZeroBytes(xorLo, xorHi) - trailingZeroBytes(xorLo, xorHi);
    prevLo = lo;
    prevHi = hi;
  }
  return size;
}

/** Zero bytes at the most significant end of a non-zero 64-bit word. */
function leadingZeroBytes(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) >>> 3 : 4 + (Math.clz32(lo) >>> 3);
}

/** Zero bytes at the least significant end of a non-zero 64-bit word. */
function trailingZeroBytes(lo: number, hi: number): number {
  return lo !== 0 ? trailingZeroBits(lo) >>> 3 : 4 + (trailingZeroBits(hi) >>> 3);
}

function trailingZeroBits(word: number): number {
  return 31 - Math.clz32(word & -word);
}

function deflatePays(bodyLength: number, deflatedLength: number): boolean {
  const saved = bodyLength - deflatedLength;
  if (saved >= MIN_DEFLATE_SHARE * bodyLength) return true;
  return saved >= MIN_DEFLATE_BYTES && saved >= MIN_DEFLATE_SHARE_LARGE * bodyLength;
}

function decode(data: Uint8Array, modes: number[] | undefined, scratch: DecodeScratch | undefined): DecodedChunk {
  const reader = new ByteReader(data);
  const { n, columnCount, deflated, timeRuns } = readHeader(reader);
  // A stored body is read in place, after the header: a view of it would cost more than a small chunk's decoding.
  const body = deflated ? inflateBody(data, reader.offset, n, columnCount) : data;
  const bodyStart = deflated ? 0 : reader.offset;
  const bodyLength = body.length - bodyStart;
  // Without zero runs every point after the first costs at least one body byte, and every column costs at
  // least two; checking first keeps a damaged header from allocating huge arrays.
  const maxPoints = timeRuns ? Math.max(bodyLength, MAX_RUN_CELLS / (1 + columnCount)) : bodyLength;
  if (n > maxPoints || (n > 0 && columnCount * 2 > bodyLength)) {
    throw corrupt(`header claims ${n} points × ${columnCount} columns but the body has ${bodyLength} bytes`);
  }
  try {
    return readBody(new ByteReader(body, bodyStart), body, n, columnCount, timeRuns, modes, scratch);
  } catch (error) {
    if (error instanceof NocError) throw error;
    throw corrupt((error as Error).message, error);
  }
}

function readHeaderByte(data: Uint8Array): number {
  if (data.length === 0) throw corrupt('empty input');
  return data[0] as number;
}

/** The fields of a chunk header. */
interface ChunkHeader {
  readonly n: number;
  readonly columnCount: number;
  readonly deflated: boolean;
  readonly timeRuns: boolean;
}

function readHeader(reader: ByteReader): ChunkHeader {
  try {
    const header = reader.byte();
    const version = header & VERSION_MASK;
    if (version !== FORMAT_VERSION) {
      throw corrupt(`unsupported chunk format version ${version} (this build reads version ${FORMAT_VERSION})`);
    }
    const n = reader.varint();
    const columnCount = reader.varint();
    if (columnCount === 0 || columnCount > MAX_COLUMNS) throw corrupt(`bad column count ${columnCount}`);
    return { n, columnCount, deflated: (header & FLAG_DEFLATED) !== 0, timeRuns: (header & FLAG_TIME_RUNS) !== 0 };
  } catch (error) {
    if (error instanceof NocError) throw error;
    throw corrupt(`bad header: ${(error as Error).message}`, error);
  }
}

/** Upper bound of the body size of a valid chunk, to stop a damaged deflate stream from inflating without end. */
function maxBodyLength(n: number, columnCount: number): number {
  return 8 * n + 8 + columnCount * (9 * n + 10);
}

function inflateBody(data: Uint8Array, offset: number, n: number, columnCount: number): Uint8Array {
  try {
    return inflateRawSync(data.subarray(offset), { maxOutputLength: Math.max(64, maxBodyLength(n, columnCount)) });
  } catch (error) {
    throw corrupt(`deflated body is damaged: ${(error as Error).message}`, error);
  }
}

/** Reads the body from `reader` (positioned at its start in `body`) into fresh arrays or `scratch`'s views. */
function readBody(
  reader: ByteReader,
  body: Uint8Array,
  n: number,
  columnCount: number,
  timeRuns: boolean,
  modes: number[] | undefined,
  scratch: DecodeScratch | undefined,
): DecodedChunk {
  const decoded = scratch === undefined ? freshArrays(n, columnCount) : scratch.views(n, columnCount);
  readTimestamps(reader, decoded.t, timeRuns);
  if (n > 0) {
    for (let c = 0; c < columnCount; c++) {
      const mode = readColumn(reader, body, decoded.columns[c] as Float64Array, c);
      modes?.push(mode);
    }
  }
  if (reader.remaining !== 0) throw corrupt(`${reader.remaining} unexpected bytes after the last column`);
  return decoded;
}

/** Arrays for a chunk of `n` points × `columnCount` columns, as views of one new buffer. */
function freshArrays(n: number, columnCount: number): DecodedChunk {
  // One buffer for all arrays: each ArrayBuffer costs about a microsecond to allocate, the views next to nothing.
  return arraysOver(new ArrayBuffer(8 * n * (1 + columnCount)), n, columnCount);
}

/** The times then each column of a chunk of `n` points, as views laid end to end over `storage`. */
function arraysOver(storage: ArrayBuffer, n: number, columnCount: number): DecodedChunk {
  const columns: Float64Array[] = [];
  for (let c = 1; c <= columnCount; c++) columns.push(new Float64Array(storage, 8 * n * c, n));
  return { t: new Float64Array(storage, 0, n), columns };
}

function readTimestamps(reader: ByteReader, t: Float64Array, zeroRuns: boolean): void {
  const n = t.length;
  if (n === 0) return;
  // Read the raw first t, first delta and delta-of-deltas in bulk, then integrate twice in place.
  reader.zigzags(t, 0, n, zeroRuns);
  let ts = t[0] as number;
  let delta = 0;
  for (let i = 1; i < n; i++) {
    delta += t[i] as number;
    if (delta < 0) throw corrupt(`timestamps decrease at point ${i}`);
    ts += delta;
    t[i] = ts;
  }
  // Timestamps never decrease, so checking the ends covers every point.
  if (!(Math.abs(t[0] as number) <= MAX_TIMESTAMP && Math.abs(ts) <= MAX_TIMESTAMP)) {
    throw corrupt('timestamps beyond ±2^52');
  }
}

/** Reads one column section into `out` and returns its mode. */
function readColumn(reader: ByteReader, body: Uint8Array, out: Float64Array, index: number): number {
  const mode = reader.byte();
  switch (mode) {
    case MODE_CONSTANT:
      readConstant(reader, out);
      break;
    case MODE_DECIMAL_DELTA:
    case MODE_DECIMAL_DOD:
    case MODE_DECIMAL_DELTA | MODE_ZERO_RUNS:
    case MODE_DECIMAL_DOD | MODE_ZERO_RUNS:
      readDecimal(reader, out, (mode & ~MODE_ZERO_RUNS) === MODE_DECIMAL_DOD, (mode & MODE_ZERO_RUNS) !== 0);
      break;
    case MODE_XOR:
      readXor(reader, body, out);
      break;
    default:
      throw corrupt(`unknown mode ${mode} in column ${index}`);
  }
  return mode;
}

function readConstant(reader: ByteReader, out: Float64Array): void {
  const lo = readWord(reader);
  const hi = readWord(reader);
  // The float64 is assembled in out's first element (readColumn is only called for n > 0).
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  words[LO] = lo;
  words[HI] = hi;
  const value = out[0] as number;
  if (!Number.isNaN(value)) {
    out.fill(value);
    return;
  }
  // Writing words rather than `out.fill(value)` keeps NaN payloads, which a JS number may not carry.
  for (let i = 1; i < out.length; i++) {
    words[2 * i + LO] = lo;
    words[2 * i + HI] = hi;
  }
}

function readWord(reader: ByteReader): number {
  return (reader.byte() | (reader.byte() << 8) | (reader.byte() << 16) | (reader.byte() << 24)) >>> 0;
}

function readDecimal(reader: ByteReader, out: Float64Array, deltaOfDelta: boolean, zeroRuns: boolean): void {
  const k = reader.byte();
  if (k > MAX_DECIMAL_DIGITS) throw corrupt(`decimal scale ${k} exceeds ${MAX_DECIMAL_DIGITS}`);
  const scale = POW10[k] as number;
  reader.zigzags(out, 0, out.length, zeroRuns);
  // The same sums in the same order as one loop would make, in loops that each do one thing.
  let scaled = out[0] as number;
  if (deltaOfDelta) {
    let delta = 0;
    for (let i = 1; i < out.length; i++) {
      delta += out[i] as number;
      scaled += delta;
      out[i] = scaled;
    }
  } else {
    for (let i = 1; i < out.length; i++) {
      scaled += out[i] as number;
      out[i] = scaled;
    }
  }
  // Integers (k = 0) are already themselves: x / 1 is x.
  if (scale !== 1) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / scale;
}

function readXor(reader: ByteReader, body: Uint8Array, out: Float64Array): void {
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < out.length; i++) {
    const head = reader.byte();
    if (head !== 0) {
      const trail = head >>> 4;
      const length = head & 0x0f;
      if (length === 0 || trail + length > 8) throw corrupt(`bad XOR header byte ${head} at point ${i}`);
      const at = reader.skip(length) - trail;
      for (let b = trail; b < trail + length; b++) {
        const byte = body[at + b] as number;
        if (b < 4) lo ^= byte << (8 * b);
        else hi ^= byte << (8 * (b - 4));
      }
    }
    words[2 * i + LO] = lo;
    words[2 * i + HI] = hi;
  }
}

function corrupt(message: string, cause?: unknown): NocError {
  return new NocError('internal', `corrupt chunk: ${message}`, undefined, cause === undefined ? undefined : { cause });
}
