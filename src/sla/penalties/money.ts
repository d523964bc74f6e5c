import { NocError } from '../../core/index.js';

// Money is computed in integer cents with exact decimal arithmetic: 0.1 + 0.2 must not cost an auditor a cent.

/** `value` exactly as written in its shortest decimal form: digits × 10^−scale. */
function decimalOf(value: number, field: string): { digits: bigint; scale: number } {
  if (!Number.isFinite(value)) throw new NocError('bad_request', `${field} must be a finite number, got ${String(value)}`);
  const [mantissa = '0', exponent = '0'] = value.toString().split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(whole + fraction);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** numerator / denominator rounded half away from zero (denominator > 0). */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const magnitude = remainder < 0n ? -remainder : remainder;
  if (2n * magnitude < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/** `amount` in whole cents, half a cent rounded away from zero; `field` names it in the error for a non-number. */
export function toCents(amount: number, field = 'amount'): number {
  const { digits, scale } = decimalOf(amount, field);
  return Number(divideRounded(digits * 100n, 10n ** BigInt(scale)));
}

/** `percent` % of `cents`, in whole cents, half a cent rounded away from zero. */
export function percentOfCents(cents: number, percent: number, field = 'percent'): number {
  const { digits, scale } = decimalOf(percent, field);
  return Number(divideRounded(BigInt(cents) * digits, 100n * 10n ** BigInt(scale)));
}

/** Cents as the report's amount (a number with at most two decimals). */
export function fromCents(cents: number): number {
  return cents / 100;
}

/** Cents as text with two decimals and the currency code: `250000.00 MXN`. */
export function formatCents(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  return `${sign}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')} ${currency}`;
}
