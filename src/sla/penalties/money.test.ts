import { describe, expect, it } from 'vitest';
import { NocError } from '../../core/index.js';
import { formatCents, fromCents, percentOfCents, toCents } from './money.js';

describe('toCents', () => {
  it.each([
    [250000, 25_000_000],
    [800.5, 80_050],
    [0.335, 34], // half a cent goes away from zero
    [1.005, 101], // binary floating point would give 100
    [0.334, 33],
    [1e-7, 0],
    [1e21, 1e23],
    [0, 0],
  ])('%d → %d cents', (amount, cents) => {
    expect(toCents(amount)).toBe(cents);
  });

  it('rejects a non-number naming the field', () => {
    expect(() => toCents(Number.NaN, 'monthly_fee')).toThrow(NocError);
    expect(() => toCents(Number.POSITIVE_INFINITY, 'monthly_fee')).toThrow(/monthly_fee must be a finite number/);
  });
});

describe('percentOfCents', () => {
  it.each([
    [25_000_000, 5, 1_250_000],
    [8_000_000, 25, 2_000_000],
    [1_234_500, 0.1, 1235], // 1234.5 cents
    [1_234_400, 0.1, 1234], // 1234.4 cents
    [12_345, 0.1, 12], // 12.345 cents
    [1, 50, 1], // half a cent
    [3, 50, 2],
    [8_000_000, 20, 1_600_000],
    [700, 0.7, 5], // 4.9 cents
  ])('%d cents × %d%% = %d cents', (cents, percent, expected) => {
    expect(percentOfCents(cents, percent)).toBe(expected);
  });
});

describe('formatCents and fromCents', () => {
  it('prints two decimals and the currency', () => {
    expect(formatCents(25_000_000, 'MXN')).toBe('250000.00 MXN');
    expect(formatCents(34, 'USD')).toBe('0.34 USD');
    expect(formatCents(80_050, 'USD')).toBe('800.50 USD');
    expect(formatCents(-5, 'USD')).toBe('-0.05 USD');
  });

  it('turns cents into the report amount', () => {
    expect(fromCents(3_010_084)).toBe(30100.84);
    expect(fromCents(34)).toBe(0.34);
  });
});
