import { describe, expect, it } from 'vitest';
import { offsetsBetween, zoneOffsets } from './zone-offset.js';

const HOUR = 3_600_000;
const utc = (iso: string): number => Date.parse(`${iso}Z`);

describe('zoneOffsets', () => {
  it('is 0 for UTC', () => {
    expect(zoneOffsets().offsetAt(utc('2024-06-01T12:00:00'))).toBe(0);
    expect(zoneOffsets('UTC').offsetAt(utc('2024-06-01T12:00:00'))).toBe(0);
  });

  // Offsets checked against Python's zoneinfo.
  it.each([
    ['America/Santiago', '2024-04-07T02:59:59', -3 * HOUR],
    ['America/Santiago', '2024-04-07T03:00:00', -4 * HOUR],
    ['America/Santiago', '2024-09-08T03:59:59', -4 * HOUR],
    ['America/Santiago', '2024-09-08T04:00:00', -3 * HOUR],
    ['Asia/Kolkata', '2024-01-15T00:00:00', 5.5 * HOUR],
    ['Australia/Lord_Howe', '2024-01-15T00:00:00', 11 * HOUR],
    ['Australia/Lord_Howe', '2024-07-15T00:00:00', 10.5 * HOUR],
    ['Etc/GMT+5', '2024-07-15T00:00:00', -5 * HOUR],
  ])('%s at %s', (zone, iso, offset) => {
    expect(zoneOffsets(zone).offsetAt(utc(iso))).toBe(offset);
  });

  it('handles instants with milliseconds and before the epoch', () => {
    const santiago = zoneOffsets('America/Santiago');
    expect(santiago.offsetAt(utc('2024-04-07T02:59:59.999'))).toBe(-3 * HOUR);
    expect(zoneOffsets('Asia/Kolkata').offsetAt(utc('1969-12-31T23:59:59.500'))).toBe(5.5 * HOUR);
  });

  it('throws RangeError for an unknown zone', () => {
    expect(() => zoneOffsets('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('offsetsBetween', () => {
  const santiago = zoneOffsets('America/Santiago');

  it('finds the transition to the millisecond', () => {
    const offsetAt = offsetsBetween(santiago, utc('2024-04-07T01:17:00'), utc('2024-04-07T04:43:00'));
    expect(offsetAt(utc('2024-04-07T02:59:59.999'))).toBe(-3 * HOUR);
    expect(offsetAt(utc('2024-04-07T03:00:00'))).toBe(-4 * HOUR);
  });

  it('is constant when no transition falls in the span', () => {
    const offsetAt = offsetsBetween(santiago, utc('2024-06-01T00:00:00'), utc('2024-06-01T02:00:00'));
    expect(offsetAt(utc('2024-06-01T01:00:00'))).toBe(-4 * HOUR);
  });
});
