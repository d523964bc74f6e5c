import { describe, expect, it } from 'vitest';
import { NocError } from '../../core/index.js';
import { fixedDecimals, formatDuration, formatInstant, formatMoney, formatPercent, instantFormatter, NO_VALUE, plainNumber } from './format-report-values.js';

describe('plainNumber', () => {
  it.each([
    [259.2, 3, '259.2'],
    [1500, 3, '1500'],
    [1_294_950, 3, '1294950'],
    [(100 * 2_589_900) / 2_590_200, 4, '99.9884'],
    [99.99, 4, '99.99'],
    [-40.8, 3, '-40.8'],
    [-0.0001, 3, '0'],
    [1e-7, 3, '0'],
    [12.3456789, 0, '12'],
  ])('%d with up to %d decimals is %s', (value, decimals, text) => {
    expect(plainNumber(value, decimals)).toBe(text);
  });

  it('refuses what is not a finite number', () => {
    expect(() => plainNumber(Number.NaN, 3)).toThrow(NocError);
    expect(() => plainNumber(Number.POSITIVE_INFINITY, 3)).toThrow(/finite/);
  });
});

describe('fixedDecimals', () => {
  it('keeps trailing zeros and drops the sign of a rounded zero', () => {
    expect(fixedDecimals(150.5, 2)).toBe('150.50');
    expect(fixedDecimals(-0.001, 2)).toBe('0.00');
    expect(fixedDecimals(-1.5, 2)).toBe('-1.50');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.0004, '0 s'],
    [0.25, '0.25 s'],
    [19.2, '19.2 s'],
    [45, '45 s'],
    [59.96, '1 min 0 s'],
    [259.2, '4 min 19.2 s'],
    [150, '2 min 30 s'],
    [3599.96, '1 h 00 min'],
    [3 * 3600 + 5 * 60 + 29, '3 h 05 min'],
    [3 * 3600 + 5 * 60 + 30, '3 h 06 min'],
    [86_370, '1 d 0 h'],
    [2 * 86_400 + 4 * 3600, '2 d 4 h'],
    [2_595_600, '30 d 1 h'],
    [-40.8, '-40.8 s'],
    [-0.0001, '0 s'],
    [-3 * 3600, '-3 h 00 min'],
  ])('%d s is "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('prints null as no value', () => {
    expect(formatDuration(null)).toBe(NO_VALUE);
  });

  it('refuses NaN', () => {
    expect(() => formatDuration(Number.NaN)).toThrow(NocError);
  });
});

describe('formatPercent', () => {
  it('prints 4 decimals and a percent sign', () => {
    expect(formatPercent(99.95123)).toBe('99.9512 %');
    expect(formatPercent(99.99)).toBe('99.9900 %');
    expect(formatPercent(100)).toBe('100.0000 %');
    expect(formatPercent(50)).toBe('50.0000 %');
    expect(formatPercent(-0.00001)).toBe('0.0000 %');
    expect(formatPercent(null)).toBe(NO_VALUE);
  });
});

describe('formatMoney', () => {
  it('prints 2 decimals, no grouping, and the currency code', () => {
    expect(formatMoney(1250, 'USD')).toBe('1250.00 USD');
    expect(formatMoney(150.5, 'CLP')).toBe('150.50 CLP');
    expect(formatMoney(1_234_567.891, 'EUR')).toBe('1234567.89 EUR');
    expect(formatMoney(0, 'USD')).toBe('0.00 USD');
  });
});

describe('instantFormatter', () => {
  const santiago = instantFormatter('America/Santiago');

  it('prints wall-clock time in the zone with its offset', () => {
    expect(santiago('2026-04-03T17:05:00.000Z')).toBe('2026-04-03 14:05:00 -03');
    expect(santiago('2026-04-01T03:00:00.000Z')).toBe('2026-04-01 00:00:00 -03');
    expect(santiago('2026-05-01T04:00:00.000Z')).toBe('2026-05-01 00:00:00 -04');
  });

  it('tells apart the hour a DST change repeats', () => {
    // Santiago goes from -03 back to -04 at 2026-04-05T03:00Z: 23:00–24:00 on 4 April happens twice.
    expect(santiago('2026-04-05T02:30:00.000Z')).toBe('2026-04-04 23:30:00 -03');
    expect(santiago('2026-04-05T03:30:00.000Z')).toBe('2026-04-04 23:30:00 -04');
  });

  it('prints whole-hour, half-hour and zero offsets', () => {
    expect(instantFormatter('UTC')('2026-04-03T17:05:09.999Z')).toBe('2026-04-03 17:05:09 +00');
    expect(instantFormatter('Asia/Kolkata')('2026-04-03T17:05:00.000Z')).toBe('2026-04-03 22:35:00 +05:30');
    expect(instantFormatter('Asia/Tokyo')('2026-04-03T17:05:00.000Z')).toBe('2026-04-04 02:05:00 +09');
  });

  it('refuses an unknown zone and a malformed instant', () => {
    expect(() => instantFormatter('Mars/Olympus_Mons')).toThrow(/period.timeZone must be an IANA time zone/);
    expect(() => santiago('yesterday')).toThrow(/instant must be ISO-8601/);
  });
});

describe('formatInstant', () => {
  it('formats one instant, null as no value', () => {
    expect(formatInstant('2026-04-03T17:05:00.000Z', 'America/Santiago')).toBe('2026-04-03 14:05:00 -03');
    expect(formatInstant(null, 'America/Santiago')).toBe(NO_VALUE);
  });
});
