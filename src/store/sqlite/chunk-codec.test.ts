import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNocError } from '../../core/index.js';
import { chunkPointCount, decodeChunk, encodeChunk, inspectChunk } from './chunk-codec.js';

const MAX_T = 2 ** 52;
const POINTS = 360;
const STEP_MS = 10_000;
const START_MS = Date.UTC(2025, 0, 1);

// ---- helpers ----------------------------------------------------------------------------------------------

/** Index of the first element that differs under Object.is (NaN equals NaN, −0 differs from +0), or −1. */
function firstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) return i;
  return -1;
}

function bytesOf(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Asserts a decoded column equals the source slice: byte for byte for Float64Arrays (NaN payloads included). */
function expectColumn(decoded: Float64Array, source: ArrayLike<number>, start: number, end: number): void {
  if (source instanceof Float64Array) {
    expect(bytesOf(decoded)).toEqual(bytesOf(source.subarray(start, end)));
  } else {
    expect(firstDifference(decoded, Array.from(source).slice(start, end))).toBe(-1);
  }
}

function expectRoundTrip(t: ArrayLike<number>, columns: readonly ArrayLike<number>[], start = 0, end = t.length): void {
  const chunk = encodeChunk(t, columns, start, end);
  const decoded = decodeChunk(chunk);
  expect(chunkPointCount(chunk)).toBe(end - start);
  expect(firstDifference(decoded.t, Array.from(t).slice(start, end))).toBe(-1);
  expect(decoded.columns).toHaveLength(columns.length);
  columns.forEach((column, c) => expectColumn(decoded.columns[c] as Float64Array, column, start, end));
}

function expectCorrupt(data: Uint8Array, message: RegExp = /^corrupt chunk: /): void {
  let thrown: unknown;
  try {
    decodeChunk(data);
  } catch (error) {
    thrown = error;
  }
  expect(isNocError(thrown, 'internal'), `expected a NocError, got ${String(thrown)}`).toBe(true);
  expect((thrown as Error).message).toMatch(message);
}

/** Deterministic PRNG (mulberry32) for the realistic data sets. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

function roundTo(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

function steadyTimestamps(n = POINTS, jitterMs = 0, random = prng(7)): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => START_MS + i * STEP_MS + Math.round((random() * 2 - 1) * jitterMs));
}

function walk(n: number, first: number, step: (previous: number) => number): Float64Array {
  const values = new Float64Array(n);
  let value = first;
  for (let i = 0; i < n; i++) {
    if (i > 0) value = step(value);
    values[i] = value;
  }
  return values;
}

/** Two unrelated doubles in turn: incompressible for the column modes, highly repetitive for deflate. */
function repeating(n = POINTS): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? Math.PI : Math.E * 1e6));
}

const realistic = {
  gauge: (random = prng(1)) => walk(POINTS, 50, (v) => roundTo(v + (random() - 0.5), 2)),
  counter: (random = prng(2)) => walk(POINTS, 1e9, (v) => v + 125_000 + Math.round((random() * 2 - 1) * 10_000)),
  latency: (random = prng(3)) => walk(POINTS, 0.025, () => roundTo(0.025 + (random() * 2 - 1) * 0.005, 3)),
  flag: (random = prng(4)) => walk(POINTS, 0, (v) => (random() < 0.01 ? 1 - v : v)),
};

// ---- generators -------------------------------------------------------------------------------------------

const pointCount = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 0, max: 64 }),
  fc.integer({ min: 0, max: 1024 }),
);

const gap = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 9_997, max: 10_003 }),
  fc.integer({ min: 0, max: 0x7fffffff }),
  fc.bigInt({ min: 0n, max: 2n ** 46n }).map(Number),
);

/** Non-decreasing integer timestamps within ±2^52; clamping at 2^52 also yields runs of equal values there. */
function timestampsOf(n: number): fc.Arbitrary<number[]> {
  const start = fc.oneof(
    fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }),
    fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }).map(Number),
    fc.integer({ min: 0, max: 1_000_000 }).map((offset) => MAX_T - offset),
  );
  return fc.tuple(start, fc.array(gap, { minLength: Math.max(0, n - 1), maxLength: Math.max(0, n - 1) })).map(
    ([first, gaps]) => {
      if (n === 0) return [];
      const t = [first];
      for (const step of gaps) t.push(Math.min(MAX_T, (t.at(-1) as number) + step));
      return t;
    },
  );
}

function valuesOf(n: number): fc.Arbitrary<ArrayLike<number>> {
  const exactly = { minLength: n, maxLength: n };
  return fc.oneof(
    fc.array(fc.double(), exactly),
    fc.float64Array({ ...exactly, noDefaultInfinity: false, noNaN: false }),
    // Arbitrary bit patterns: NaN payloads, subnormals, ±Infinity, −0.
    fc.uint8Array({ minLength: 8 * n, maxLength: 8 * n }).map((bytes) => new Float64Array(bytes.buffer)),
    fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), exactly).map((ints) => ints.map((x) => x / 100)),
    fc.array(fc.integer({ min: -50, max: 50 }), exactly).map((steps) => {
      let v = 20;
      return steps.map((s) => (v = roundTo(v + s / 100, 2)));
    }),
    fc.tuple(fc.double(), fc.integer({ min: 0, max: 3 })).map(([v, k]) => new Array<number>(n).fill(roundTo(v, k))),
  );
}

/**
 * Integers in runs: zero runs long and short (exactly one included), possibly at the start or the end, between
 * stretches of non-zero values.
 */
const zeroRunStream = fc
  .array(
    fc.oneof(
      fc.integer({ min: 1, max: 3 }).map((n) => new Array<number>(n).fill(0)),
      fc.integer({ min: 100, max: 600 }).map((n) => new Array<number>(n).fill(0)),
      fc.array(fc.integer({ min: -1000, max: 1000 }).filter((x) => x !== 0), { minLength: 1, maxLength: 4 }),
    ),
    { maxLength: 10 },
  )
  .map((segments) => segments.flat());

function cumulativeSum(values: readonly number[], first = 0): number[] {
  let sum = first;
  return values.map((x) => (sum += x));
}

/**
 * A chunk whose varint streams are `stream` itself: timestamp delta-of-deltas (clamped where the delta would
 * turn negative), decimal deltas of one column and decimal delta-of-deltas of another.
 */
function chunkFromStream(stream: readonly number[]): { t: number[]; columns: number[][] } {
  const deltas = cumulativeSum(stream).map((x) => Math.max(0, STEP_MS + x));
  const t = cumulativeSum(deltas, START_MS - (deltas[0] ?? 0));
  const walked = cumulativeSum(stream);
  return { t, columns: [walked.map((x) => x / 100), cumulativeSum(walked).map((x) => x / 10)] };
}

function chunkOf(columnCount: number): fc.Arbitrary<{ t: number[]; columns: ArrayLike<number>[] }> {
  return pointCount.chain((n) =>
    fc.record({
      t: timestampsOf(n),
      columns: fc.array(valuesOf(n), { minLength: columnCount, maxLength: columnCount }),
    }),
  );
}

// ---- tests ------------------------------------------------------------------------------------------------

describe('chunk codec round trip', () => {
  it('is bit-exact for arbitrary single-column chunks', () => {
    fc.assert(fc.property(chunkOf(1), ({ t, columns }) => expectRoundTrip(t, columns)), { numRuns: 300 });
  });

  it('is bit-exact for arbitrary five-column (rollup) chunks', () => {
    fc.assert(fc.property(chunkOf(5), ({ t, columns }) => expectRoundTrip(t, columns)), { numRuns: 100 });
  });

  it('encodes exactly the [start, end) slice', () => {
    const sliced = chunkOf(2).chain((chunk) =>
      fc
        .tuple(fc.nat(chunk.t.length), fc.nat(chunk.t.length))
        .map(([a, b]) => ({ ...chunk, start: Math.min(a, b), end: Math.max(a, b) })),
    );
    fc.assert(fc.property(sliced, ({ t, columns, start, end }) => expectRoundTrip(t, columns, start, end)));
  });

  it('is bit-exact for streams with zero runs: long, of exactly one, at the start and at the end', () => {
    fc.assert(
      fc.property(zeroRunStream, (stream) => {
        const { t, columns } = chunkFromStream(stream);
        expectRoundTrip(t, columns);
      }),
      { numRuns: 300 },
    );
  });

  it('is bit-exact when whole streams are zero', () => {
    for (const n of [1, 2, 3, 359, 360, 1024]) {
      const zeros = new Array<number>(n).fill(0);
      const lastOne = zeros.map((_, i) => (i === n - 1 ? 1 : 0));
      const firstOne = zeros.map((_, i) => (i === 0 ? 1 : 0));
      expectRoundTrip(zeros, [zeros, lastOne, firstOne]);
      expectRoundTrip(steadyTimestamps(n), [zeros.map((_, i) => (i % 2 === 0 ? 0 : 5))]);
    }
  });

  it('handles 0, 1 and 2 points', () => {
    const empty = decodeChunk(encodeChunk([], [[], [], [], [], []]));
    expect(empty.t).toHaveLength(0);
    expect(empty.columns.map((c) => c.length)).toEqual([0, 0, 0, 0, 0]);
    expectRoundTrip([START_MS], [[-0]]);
    expectRoundTrip([START_MS, START_MS], [[NaN, -Infinity]]);
    expectRoundTrip([START_MS, START_MS + 1], [[1.5, 2.25]]);
  });

  it('keeps NaN payloads, subnormals, ±Infinity and −0 bit for bit', () => {
    const words = new Uint32Array([0x00000001, 0x7ff00000, 0xdeadbeef, 0xfff7ffff, 0, 0x80000000, 1, 0, 0, 0x7ff00000]);
    const values = new Float64Array(words.buffer);
    const t = steadyTimestamps(values.length);
    expectRoundTrip(t, [values]);
    expectRoundTrip(t.subarray(0, 2), [new Float64Array([values[0] as number, values[0] as number])]);
    expectRoundTrip(t, [new Float64Array(values.length).fill(-0)]);
  });

  it('round-trips values that are almost, but not exactly, short decimals', () => {
    const values = [0.1 + 0.2, 0.3, 1 - 1e-16, 123.456, 1e-12, 1.0000000000001, 2 ** 50 + 0.5, 5e-324];
    expectRoundTrip(steadyTimestamps(values.length), [values]);
  });

  it('round-trips timestamps at the edges of the range, with big gaps and repeats', () => {
    const cases = [
      [0, MAX_T],
      [-MAX_T, 0, 0, MAX_T],
      [MAX_T - 3, MAX_T - 2, MAX_T, MAX_T, MAX_T],
      [-MAX_T, -MAX_T, -MAX_T + 1],
      [START_MS, START_MS + 2 ** 40, START_MS + 2 ** 40, START_MS + 2 ** 41 + 17],
    ];
    for (const t of cases) expectRoundTrip(t, [t.map((_, i) => i)]);
    expectRoundTrip(steadyTimestamps(1024, 3), [walk(1024, 1, (v) => v * 1.5)]);
  });
});

describe('column modes', () => {
  const t = steadyTimestamps();

  it('stores bit-identical values once', () => {
    for (const value of [42, NaN, -0, Infinity]) {
      const chunk = encodeChunk(t, [new Float64Array(POINTS).fill(value)]);
      expect(inspectChunk(chunk).modes).toEqual(['constant']);
    }
  });

  it('stores short decimals as scaled integers: deltas for a random walk, delta-of-deltas for a steady rate', () => {
    expect(inspectChunk(encodeChunk(t, [realistic.gauge()])).modes).toEqual(['decimal-delta']);
    const steady = walk(POINTS, 1000, (v) => v + 125_000);
    expect(inspectChunk(encodeChunk(t, [steady])).modes).toEqual(['decimal-dod']);
    const ticking = walk(POINTS, 0.5, (v) => roundTo(v + 0.75, 2));
    expect(inspectChunk(encodeChunk(t, [ticking])).modes).toEqual(['decimal-dod']);
  });

  it('codes zero runs only in the streams where they save bytes', () => {
    const gauge = inspectChunk(encodeChunk(t, [realistic.gauge()]));
    expect(gauge).toMatchObject({ timestampZeroRuns: true, columnZeroRuns: [false] });
    const flag = inspectChunk(encodeChunk(steadyTimestamps(POINTS, 3), [realistic.flag()]));
    expect(flag).toMatchObject({ modes: ['decimal-delta'], timestampZeroRuns: false, columnZeroRuns: [true] });
    const steps = walk(POINTS, 0, (v) => v + 1).map((v) => v - (v % 60));
    expect(inspectChunk(encodeChunk(t, [steps])).columnZeroRuns).toEqual([true]);
  });

  it('stores a regular series of constant stretches in a few bytes', () => {
    expect(encodeChunk(t, [new Float64Array(POINTS).fill(3)]).length).toBeLessThanOrEqual(25);
    const steps = walk(POINTS, 0, (v) => v + 1).map((v) => v - (v % 60));
    expect(encodeChunk(t, [steps]).length).toBeLessThanOrEqual(40);
    expectRoundTrip(t, [steps]);
  });

  it('falls back to XOR for values with no short decimal form, −0 or NaN among decimals', () => {
    const random = prng(9);
    const noise = walk(POINTS, 0, () => random() * 1000);
    expect(inspectChunk(encodeChunk(t, [noise])).modes).toEqual(['xor']);
    const withNegativeZero = realistic.gauge();
    withNegativeZero[100] = -0;
    expect(inspectChunk(encodeChunk(t, [withNegativeZero])).modes).toEqual(['xor']);
    expectRoundTrip(t, [withNegativeZero]);
    const withNaN = realistic.latency();
    withNaN[7] = NaN;
    expect(inspectChunk(encodeChunk(t, [withNaN])).modes).toEqual(['xor']);
  });

  it('chooses per column in rollup chunks', () => {
    const gauge = realistic.gauge();
    const count = new Float64Array(POINTS).fill(6);
    const sum = gauge.map((v) => v * 6 + 0.1 + 0.2);
    const modes = inspectChunk(encodeChunk(t, [gauge, gauge, sum, count, gauge])).modes;
    expect(modes).toEqual(['decimal-delta', 'decimal-delta', 'xor', 'constant', 'decimal-delta']);
  });
});

describe('chunk size on realistic data (360 points at 10 s)', () => {
  const t = steadyTimestamps();
  const size = (values: Float64Array, times: Float64Array = t): number => encodeChunk(times, [values]).length;

  it('stays well under 1 KB per kind', () => {
    expect(size(realistic.gauge())).toBeLessThan(400);
    expect(size(realistic.counter())).toBeLessThan(900);
    expect(size(realistic.latency())).toBeLessThan(400);
    expect(size(realistic.flag())).toBeLessThan(40);
  });

  it('averages at most 1.25 bytes per point over the mix', () => {
    const kinds = [realistic.gauge(), realistic.counter(), realistic.latency(), realistic.flag()];
    const average = kinds.reduce((sum, values) => sum + size(values), 0) / (kinds.length * POINTS);
    expect(average).toBeLessThanOrEqual(1.25);
  });

  it('costs about a byte per point for timestamps with ±3 ms jitter', () => {
    const jittered = steadyTimestamps(POINTS, 3);
    expect(size(new Float64Array(POINTS), jittered)).toBeLessThanOrEqual(POINTS + 24);
    expect(size(realistic.gauge(), jittered)).toBeLessThan(800);
    expectRoundTrip(jittered, [realistic.gauge()]);
  });

  it('keeps deflate only when it saves a large share of the body', () => {
    for (const values of Object.values(realistic)) {
      expect(inspectChunk(encodeChunk(t, [values()])).deflated).toBe(false);
    }
    expect(inspectChunk(encodeChunk(t, [repeating()])).deflated).toBe(true);
    expect(size(repeating())).toBeLessThan(100);
    // A large body is deflated for a smaller share: here periodic jitter makes the timestamps cost 360 bytes.
    const periodic = t.map((ts, i) => ts + (i % 3));
    expect(inspectChunk(encodeChunk(periodic, [realistic.counter()])).deflated).toBe(true);
    expect(size(realistic.counter(), periodic)).toBeLessThan(900);
    expect(inspectChunk(encodeChunk(periodic, [realistic.latency()])).deflated).toBe(true);
    expect(inspectChunk(encodeChunk([START_MS], [[1]])).deflated).toBe(false);
  });
});

describe('invalid input', () => {
  it('rejects timestamps that are not non-decreasing integers within ±2^52', () => {
    expect(() => encodeChunk([2, 1], [[0, 0]])).toThrow(RangeError);
    expect(() => encodeChunk([1.5], [[0]])).toThrow(RangeError);
    expect(() => encodeChunk([NaN], [[0]])).toThrow(RangeError);
    expect(() => encodeChunk([MAX_T + 2], [[0]])).toThrow(RangeError);
    expect(() => encodeChunk([-MAX_T, MAX_T], [[0, 0]])).toThrow(/gaps ≤ 2\^52/);
  });

  it('rejects bad slices and column shapes', () => {
    expect(() => encodeChunk([1, 2], [[0, 0]], 1, 3)).toThrow(RangeError);
    expect(() => encodeChunk([1, 2], [[0, 0]], 2, 1)).toThrow(RangeError);
    expect(() => encodeChunk([1, 2], [[0]])).toThrow(/value column has 1 points/);
    expect(() => encodeChunk([1, 2], [])).toThrow(/value columns/);
  });
});

describe('corrupt chunks', () => {
  const t = steadyTimestamps();
  const samples = {
    deflated: encodeChunk(t, [repeating()]),
    runs: encodeChunk(t, [realistic.flag()]),
    rollup: encodeChunk(t, [realistic.gauge(), realistic.gauge(), realistic.counter(), realistic.flag(), t]),
    raw: encodeChunk([START_MS, START_MS + 10], [[Math.PI, Math.E]]),
    tiny: encodeChunk([START_MS], [[1]]),
  };

  it('throws on every truncation', () => {
    expect(inspectChunk(samples.raw).deflated).toBe(false);
    expect(inspectChunk(samples.deflated).deflated).toBe(true);
    const runs = { deflated: false, timestampZeroRuns: true, columnZeroRuns: [true] };
    expect(inspectChunk(samples.runs)).toMatchObject(runs);
    for (const chunk of Object.values(samples)) {
      for (let cut = 0; cut < chunk.length; cut++) expectCorrupt(chunk.subarray(0, cut));
    }
  });

  it('throws on an unknown format version', () => {
    const chunk = Buffer.from(samples.deflated);
    chunk[0] = (chunk[0] as number) + 1;
    expectCorrupt(chunk, /unsupported chunk format version 2/);
    expect(() => chunkPointCount(chunk)).toThrow(/version 2/);
    expect(() => chunkPointCount(new Uint8Array(0))).toThrow(/corrupt chunk/);
  });

  it('throws on trailing bytes, unknown modes and impossible headers', () => {
    expectCorrupt(Buffer.concat([samples.raw, Buffer.of(0)]), /unexpected bytes/);
    const badMode = Buffer.from(samples.tiny);
    badMode[badMode.length - 9] = 9;
    expectCorrupt(badMode, /unknown mode 9/);
    expectCorrupt(Uint8Array.of(1, 0xff, 0xff, 0x03, 1, 0, 0), /header claims/);
    expectCorrupt(Uint8Array.of(1, 0, 0), /column count/);
  });

  it('throws on zero runs that overrun their stream or promise too many points', () => {
    // 4 points, 1 column: timestamps 0 then a run of 3 further zeros, a constant column of zeros.
    const valid = Uint8Array.of(0x41, 4, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    expect(decodeChunk(valid).t).toEqual(new Float64Array(4));
    const overrun = Uint8Array.from(valid);
    overrun[4] = 4;
    expectCorrupt(overrun, /run of 5 zeros/);
    // 2^20 points in one column: more than zero runs may promise.
    const huge = Uint8Array.of(0x41, 0x80, 0x80, 0x40, 1, 0, 0x80, 0x80, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    expectCorrupt(huge, /header claims/);
    // Without the zero-run flag the same stream is one point short of four, and has two bytes left over.
    expectCorrupt(Uint8Array.of(0x01, 4, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  });

  it('throws only NocErrors on arbitrary or damaged bytes, and otherwise returns well-formed arrays', () => {
    const damaged = fc
      .tuple(fc.constantFrom(...Object.values(samples)), fc.nat(), fc.integer({ min: 1, max: 255 }))
      .map(([chunk, at, flip]) => {
        const copy = Buffer.from(chunk);
        const index = at % copy.length;
        copy[index] = (copy[index] as number) ^ flip;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), damaged), (bytes) => {
        try {
          const { t: times, columns } = decodeChunk(bytes);
          for (const column of columns) expect(column.length).toBe(times.length);
        } catch (error) {
          expect(isNocError(error, 'internal'), String(error)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
