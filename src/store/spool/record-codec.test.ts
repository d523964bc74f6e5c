import { describe, expect, it } from 'vitest';
import { type Sample, seriesKey } from '../../core/index.js';
import { decodePayload, encodeRecord, intactRecordSize, RECORD_HEADER_BYTES, summarizePayload } from './record-codec.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);

function decode(record: Uint8Array) {
  return decodePayload(record.subarray(RECORD_HEADER_BYTES));
}

function expectSame(actual: Sample[], expected: Sample[]): void {
  expect(actual.map((s) => [s.series, s.t])).toEqual(expected.map((s) => [s.series, s.t]));
  actual.forEach((s, i) => expect(Object.is(s.v, expected[i]?.v), `value ${i}`).toBe(true));
}

describe('spool record codec', () => {
  const a = seriesKey('up', { target: 'sbc-1', probe: 'sip' });
  const b = seriesKey('http_phase_seconds', { target: 'web "1"', phase: 'tls', city: 'Bogotá' });

  it('round-trips integer times (any order), a key table and every float value', () => {
    const values = [0, -0, NaN, Infinity, -Infinity, 1e-310, 0.1 + 0.2, -123456.789];
    const samples: Sample[] = values.map((v, i) => ({ series: i % 2 === 0 ? a : b, t: T0 + (i % 3 === 0 ? -i : i) * 1000, v }));
    const record = encodeRecord(samples, T0 + 5);
    expect(intactRecordSize(record, 0)).toBe(record.length);
    const decoded = decode(record);
    expect(decoded.pushedAt).toBe(T0 + 5);
    expect(decoded.count).toBe(values.length);
    expectSame(decoded.samples, samples);
    expect(summarizePayload(record.subarray(RECORD_HEADER_BYTES))).toEqual({ pushedAt: T0 + 5, count: values.length });
  });

  it('keeps fractional times exactly', () => {
    const samples: Sample[] = [
      { series: a, t: T0 + 0.25, v: 1 },
      { series: a, t: T0 + 1000.5, v: 2 },
    ];
    expectSame(decode(encodeRecord(samples, T0)).samples, samples);
  });

  it('writes each series key once per record', () => {
    const one = encodeRecord([{ series: a, t: T0, v: 1 }], T0);
    const many = encodeRecord(
      Array.from({ length: 11 }, (_, i) => ({ series: a, t: T0 + i * 10_000, v: 1 })),
      T0,
    );
    // Each further sample: key index (1 byte) + Δt 10 000 ms as zigzag varint (3 bytes) + value (8 bytes).
    expect(many.length - one.length).toBe(10 * 12);
  });

  it('finds no intact record in any proper prefix (a torn write) nor after a flipped bit', () => {
    const record = encodeRecord([{ series: a, t: T0, v: 1 }, { series: b, t: T0, v: 2 }], T0);
    for (let length = 0; length < record.length; length++) expect(intactRecordSize(record.subarray(0, length), 0), `prefix ${length}`).toBe(0);
    for (let byte = 0; byte < record.length; byte++) {
      const flipped = record.slice();
      flipped[byte] = (flipped[byte] as number) ^ 0x10;
      expect(intactRecordSize(flipped, 0), `flip in byte ${byte}`).toBe(0);
    }
  });
});
