import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteReader,
  ByteWriter,
  MAX_VARINT,
  varintLength,
  zigzagDecode,
  zigzagEncode,
  zigzagsLength,
} from './varint.js';

const EDGES = [0, 1, 63, 64, 127, 128, 16_383, 16_384, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32];
const LARGE_EDGES = [2 ** 35, 2 ** 42 - 1, 2 ** 49, 2 ** 52, 2 ** 53 - 1, 2 ** 53];
const unsigned = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: 0, max: 0x7fffffff }),
  fc.bigInt({ min: 0n, max: 2n ** 53n }).map(Number),
);
const signed = fc.oneof(
  fc.integer({ min: -300, max: 300 }),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }).map(Number),
);

/** Signed integers with zero runs: long ones, runs of exactly one, at the start or the end, next to each other. */
const withZeroRuns = fc
  .array(
    fc.oneof(
      fc.constant([0]),
      fc.integer({ min: 2, max: 5 }).map((n) => new Array<number>(n).fill(0)),
      fc.integer({ min: 100, max: 20_000 }).map((n) => new Array<number>(n).fill(0)),
      fc.array(signed.filter((x) => x !== 0), { minLength: 1, maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((segments) => segments.flat());

function writeZigzags(values: readonly number[], zeroRuns: boolean): Uint8Array {
  const writer = new ByteWriter(16);
  writer.zigzags(values, 0, values.length, zeroRuns);
  return writer.view();
}

function readZigzags(bytes: Uint8Array, count: number, zeroRuns: boolean): { values: number[]; remaining: number } {
  const reader = new ByteReader(bytes);
  const out = new Float64Array(count).fill(NaN);
  reader.zigzags(out, 0, count, zeroRuns);
  return { values: Array.from(out), remaining: reader.remaining };
}

function roundTripVarints(values: readonly number[]): number[] {
  const writer = new ByteWriter(16);
  for (const value of values) writer.varint(value);
  const reader = new ByteReader(writer.view());
  const out = values.map(() => reader.varint());
  expect(reader.remaining).toBe(0);
  return out;
}

describe('varint', () => {
  it('round-trips edge values, including those beyond 32 bits', () => {
    const values = [...EDGES, ...LARGE_EDGES];
    expect(roundTripVarints(values)).toEqual(values);
  });

  it('round-trips arbitrary values up to 2^53 and varintLength matches the bytes written', () => {
    fc.assert(
      fc.property(unsigned, (value) => {
        const writer = new ByteWriter(16);
        writer.varint(value);
        expect(writer.length).toBe(varintLength(value));
        expect(new ByteReader(writer.view()).varint()).toBe(value);
      }),
    );
  });

  it('grows the writer past its initial capacity', () => {
    const values = Array.from({ length: 5000 }, (_, i) => i * 1_000_003);
    expect(roundTripVarints(values)).toEqual(values);
  });

  it('throws on truncated input', () => {
    const writer = new ByteWriter();
    writer.varint(2 ** 40);
    const bytes = writer.view();
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => new ByteReader(bytes.subarray(0, cut)).varint()).toThrow(/unexpected end of input/);
    }
  });

  it('throws when the bulk reader runs out of input inside a varint', () => {
    const writer = new ByteWriter();
    for (const value of [3, -300, 2 ** 40]) writer.zigzag(value);
    const bytes = writer.view();
    for (let cut = 0; cut < bytes.length; cut++) {
      const out = new Float64Array(3);
      expect(() => new ByteReader(bytes.subarray(0, cut)).zigzags(out, 0, 3)).toThrow(/unexpected end of input/);
    }
  });

  it('throws on a varint longer than 8 bytes or above 2^53', () => {
    expect(() => new ByteReader(new Uint8Array(9).fill(0xff)).varint()).toThrow(/exceeds 2\^53/);
    expect(() => new ByteReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)).varint()).toThrow(
      /exceeds 2\^53/,
    );
  });
});

describe('zero runs', () => {
  it('round-trip in both codings, and zigzagsLength matches the bytes written', () => {
    fc.assert(
      fc.property(withZeroRuns, (values) => {
        const lengths = zigzagsLength(values, 0, values.length);
        for (const zeroRuns of [false, true]) {
          const bytes = writeZigzags(values, zeroRuns);
          expect(bytes.length).toBe(zeroRuns ? lengths.zeroRuns : lengths.plain);
          const expected = { values: values.map((x) => x + 0), remaining: 0 };
          expect(readZigzags(bytes, values.length, zeroRuns)).toEqual(expected);
        }
      }),
    );
  });

  it('code a run as one zero and the count of the zeros after it', () => {
    expect(Array.from(writeZigzags([0], true))).toEqual([0, 0]);
    expect(Array.from(writeZigzags([0, 0, 0, 1, 0, -1, 0, 0], true))).toEqual([0, 2, 2, 0, 0, 1, 0, 1]);
    expect(Array.from(writeZigzags(new Array<number>(200).fill(0), true))).toEqual([0, 0xc7, 0x01]);
    expect(zigzagsLength([0, 0, 5, 0], 0, 4)).toEqual({ plain: 4, zeroRuns: 5 });
    expect(zigzagsLength([7, 0, 0, 0, 0, 9], 1, 5)).toEqual({ plain: 4, zeroRuns: 2 });
  });

  it('leave the bytes after the stream alone and read a stream in pieces', () => {
    const bytes = Uint8Array.of(0, 2, 4, 0, 0, 99);
    const reader = new ByteReader(bytes);
    const out = new Float64Array(5);
    reader.zigzags(out, 0, 3, true);
    reader.zigzags(out, 3, 5, true);
    expect(Array.from(out)).toEqual([0, 0, 0, 2, 0]);
    expect(reader.remaining).toBe(1);
  });

  it('throw on a run that overruns the stream or lacks its count', () => {
    expect(() => readZigzags(Uint8Array.of(0, 3), 3, true)).toThrow(/run of 4 zeros/);
    expect(() => readZigzags(Uint8Array.of(4, 0), 2, true)).toThrow(/unexpected end of input/);
    expect(() => readZigzags(Uint8Array.of(0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), 2, true)).toThrow(
      /exceeds 2\^53/,
    );
  });
});

describe('zigzag', () => {
  it('maps small magnitudes to small codes', () => {
    expect([0, -1, 1, -2, 2].map(zigzagEncode)).toEqual([0, 1, 2, 3, 4]);
  });

  it('round-trips values up to ±2^52, on both sides of the 32-bit fast path', () => {
    const edges = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 52, -(2 ** 52)];
    for (const x of edges) expect(zigzagDecode(zigzagEncode(x))).toBe(x);
    fc.assert(fc.property(signed, (x) => Object.is(zigzagDecode(zigzagEncode(x)), x + 0)));
  });

  it('keeps ±2^52 within the exact varint range', () => {
    expect(zigzagEncode(2 ** 52)).toBeLessThanOrEqual(MAX_VARINT);
    expect(zigzagEncode(-(2 ** 52))).toBeLessThanOrEqual(MAX_VARINT);
  });

  it('round-trips through the writer and the bulk reader', () => {
    fc.assert(
      fc.property(fc.array(signed, { maxLength: 200 }), (values) => {
        const writer = new ByteWriter(16);
        for (const value of values) writer.zigzag(value);
        const reader = new ByteReader(writer.view());
        const out = new Float64Array(values.length);
        reader.zigzags(out, 0, values.length);
        expect(Array.from(out)).toEqual(values.map((x) => x + 0));
        expect(reader.remaining).toBe(0);
      }),
    );
  });
});
