// LEB128 varints and zigzag for integers up to 2^53. JavaScript bitwise operators truncate to 32 bits, so
// every path that may see a value of 2^31 or more uses arithmetic; the bitwise fast paths are kept for the
// small values that dominate delta-encoded data.

/** The largest magnitude the varint and zigzag helpers accept exactly: 2^53. */
export const MAX_VARINT = 2 ** 53;

/** Longest encoding of a value ≤ MAX_VARINT: 8 groups of 7 bits. */
const MAX_VARINT_BYTES = 8;
const TWO_POW_28 = 2 ** 28;
const TWO_POW_32 = 2 ** 32;


/** Maps a signed integer with |x| ≤ 2^52 to an unsigned one so that small magnitudes stay small. */
export function zigzagEncode(x: number): number {
  // Arithmetic rather than `(x << 1) ^ (x >> 31)`, which only works below 2^31; multiplication is just as fast.
  return x >= 0 ? x * 2 : -x * 2 - 1;
}

/** Inverse of zigzagEncode. */
export function zigzagDecode(z: number): number {
  if (z < TWO_POW_32) return (z >>> 1) ^ -(z & 1);
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Number of bytes the varint of `value` (a non-negative integer ≤ 2^53) takes. */
export function varintLength(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  if (value < 2 ** 35) return 5;
  if (value < 2 ** 42) return 6;
  if (value < 2 ** 49) return 7;
  return 8;
}

/** Encoded sizes of a stream of zigzag varints, without and with zero-run coding (see ByteWriter.zigzags). */
export interface ZigzagStreamLengths {
  readonly plain: number;
  readonly zeroRuns: number;
}

/** Bytes that values[from], …, values[to − 1] (integers, |x| ≤ 2^52) take as zigzag varints, plain and zero-run. */
export function zigzagsLength(values: ArrayLike<number>, from: number, to: number): ZigzagStreamLengths {
  let plain = 0;
  let zeroRuns = 0;
  let run = 0;
  for (let i = from; i < to; i++) {
    const value = values[i] as number;
    if (value === 0) {
      plain++;
      run++;
      continue;
    }
    if (run > 0) zeroRuns += 1 + varintLength(run - 1);
    run = 0;
    const length = varintLength(zigzagEncode(value));
    plain += length;
    zeroRuns += length;
  }
  if (run > 0) zeroRuns += 1 + varintLength(run - 1);
  return { plain, zeroRuns };
}

/** An append-only byte buffer that grows by doubling; reuse one instance (see `reset`) to avoid garbage. */
export class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;
  private floatView: DataView | undefined;

  constructor(initialCapacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Bytes written since the last reset. */
  get length(): number {
    return this.pos;
  }

  /** Forgets the content but keeps the allocated memory. */
  reset(): void {
    this.pos = 0;
  }

  /** A view of the written bytes; valid until the next write or reset. */
  view(from = 0): Uint8Array {
    return this.buf.subarray(from, this.pos);
  }

  /** Overwrites one already written byte. */
  patch(offset: number, value: number): void {
    this.buf[offset] = value;
  }

  /** Appends one byte (the low 8 bits of `value`). */
  byte(value: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = value;
  }

  /** Appends bytes. */
  bytes(source: Uint8Array): void {
    this.ensure(source.length);
    this.buf.set(source, this.pos);
    this.pos += source.length;
  }

  /** Appends a non-negative integer ≤ 2^53 as an unsigned LEB128 varint. */
  varint(value: number): void {
    this.ensure(MAX_VARINT_BYTES);
    const buf = this.buf;
    let pos = this.pos;
    let v = value;
    if (v < 0x80) {
      buf[pos] = v;
      this.pos = pos + 1;
      return;
    }
    while (v >= TWO_POW_32) {
      buf[pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** Appends a signed integer with |x| ≤ 2^52 as a zigzag varint. */
  zigzag(value: number): void {
    this.varint(zigzagEncode(value));
  }

  /**
   * Appends values[from], …, values[to − 1] (integers, |x| ≤ 2^52) as zigzag varints. With `zeroRuns`, each run
   * of zeros is written as one zero followed by the varint count of the zeros after it.
   */
  zigzags(values: ArrayLike<number>, from: number, to: number, zeroRuns = false): void {
    for (let i = from; i < to; i++) {
      const value = values[i] as number;
      if (value !== 0 || !zeroRuns) {
        this.varint(zigzagEncode(value));
        continue;
      }
      let end = i + 1;
      while (end < to && values[end] === 0) end++;
      this.byte(0);
      this.varint(end - i - 1);
      i = end - 1;
    }
  }

  /** Appends a float64, little-endian. */
  float64(value: number): void {
    this.ensure(8);
    // A view over this writer's own bytes, made on first use: readers of many small chunks that never
    // touch floats pay nothing for it.
    this.floatView ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.floatView.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** Overwrites four already written bytes with `value` as a little-endian uint32. */
  patchUint32(offset: number, value: number): void {
    const buf = this.buf;
    buf[offset] = value & 0xff;
    buf[offset + 1] = (value >>> 8) & 0xff;
    buf[offset + 2] = (value >>> 16) & 0xff;
    buf[offset + 3] = (value >>> 24) & 0xff;
  }

  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    if (this.pos + extra > this.buf.length) this.grow(extra);
  }

  private grow(extra: number): void {
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.floatView = undefined;
  }
}

/** Sequential reader over bytes; every read is bounds-checked and throws a RangeError past the end. */
export class ByteReader {
  private pos: number;
  private floatView: DataView | undefined;

  constructor(
    private readonly buf: Uint8Array,
    offset = 0,
  ) {
    this.pos = offset;
  }

  /** Offset of the next byte to read. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Reads one byte. */
  byte(): number {
    if (this.pos >= this.buf.length) throw this.truncated();
    return this.buf[this.pos++] as number;
  }

  /** Reads an unsigned LEB128 varint written by ByteWriter.varint. */
  varint(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < buf.length) {
      const first = buf[pos] as number;
      if (first < 0x80) {
        this.pos = pos + 1;
        return first;
      }
    }
    return this.varintSlow();
  }

  /** Reads a zigzag varint written by ByteWriter.zigzag. */
  zigzag(): number {
    return zigzagDecode(this.varint());
  }

  /**
   * Reads zigzag varints into out[from], …, out[to − 1]: the bulk form of `zigzag`, for hot loops. With
   * `zeroRuns`, reads the zero-run coding of ByteWriter.zigzags.
   */
  zigzags(out: Float64Array, from: number, to: number, zeroRuns = false): void {
    const buf = this.buf;
    const length = buf.length;
    let pos = this.pos;
    for (let i = from; i < to; i++) {
      let b = pos < length ? (buf[pos] as number) : 0x80;
      if (b < 0x80) {
        pos++;
        if (b === 0 && zeroRuns) {
          this.pos = pos;
          i = this.zeroRun(out, i, to);
          pos = this.pos;
          continue;
        }
        out[i] = (b >>> 1) ^ -(b & 1);
        continue;
      }
      // Two bytes, the usual size of a delta that is not tiny, without the loop.
      const second = pos + 1 < length ? (buf[pos + 1] as number) : 0x80;
      if (second < 0x80) {
        const z = (b & 0x7f) | (second << 7);
        out[i] = (z >>> 1) ^ -(z & 1);
        pos += 2;
        continue;
      }
      // Up to four bytes (28 bits) decode inline with 32-bit shifts; longer or truncated ones take the checked path.
      let z = 0;
      let shift = 0;
      while (b >= 0x80 && shift < 28 && pos < length) {
        b = buf[pos++] as number;
        z |= (b & 0x7f) << shift;
        shift += 7;
      }
      if (b < 0x80) {
        out[i] = (z >>> 1) ^ -(z & 1);
      } else {
        this.pos = pos - shift / 7;
        out[i] = zigzagDecode(this.varintSlow());
        pos = this.pos;
      }
    }
    this.pos = pos;
  }

  /** Reads the count that follows the zero at out[at], fills the run and returns the index of its last zero. */
  private zeroRun(out: Float64Array, at: number, to: number): number {
    const further = this.varint();
    if (further >= to - at) throw new RangeError(`run of ${further + 1} zeros at byte ${this.pos} overruns the stream`);
    const last = at + further;
    for (let i = at; i <= last; i++) out[i] = 0;
    return last;
  }

  /** Reads a float64 written by ByteWriter.float64. */
  float64(): number {
    const at = this.skip(8);
    this.floatView ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.floatView.getFloat64(at, true);
  }

  /** Skips `count` bytes and returns the offset of the first, for callers that read them straight from the buffer. */
  skip(count: number): number {
    const at = this.pos;
    if (at + count > this.buf.length) throw this.truncated();
    this.pos = at + count;
    return at;
  }

  private varintSlow(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    // The first four groups fit in 28 bits, so shifts are safe; later groups need multiplication.
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= buf.length) throw this.truncated();
      const b = buf[pos++] as number;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
    }
    let scale = TWO_POW_28;
    for (let i = 4; i < MAX_VARINT_BYTES; i++) {
      if (pos >= buf.length) throw this.truncated();
      const b = buf[pos++] as number;
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (result > MAX_VARINT) break;
        this.pos = pos;
        return result;
      }
      scale *= 0x80;
    }
    throw new RangeError(`varint at byte ${this.pos} exceeds 2^53`);
  }

  private truncated(): RangeError {
    return new RangeError(`unexpected end of input at byte ${this.pos}`);
  }
}
