import { describe, expect, it } from 'vitest';
import { trackingNumbersIn } from './tracking-number.js';

describe('trackingNumbersIn', () => {
  it.each([
    ['Re: [S2] NOC-2026-000042 calls drop', ['NOC-2026-000042']],
    ['RE: fw: noc-2026-000042', ['NOC-2026-000042']],
    ['[NOC-2026-000042] and (NOC-2025-000007)', ['NOC-2026-000042', 'NOC-2025-000007']],
    ['NOC-2026-000042 again NOC-2026-000042', ['NOC-2026-000042']],
    ['XNOC-2026-000042', []],
    ['NOC-2026-0000421', []],
    ['NOC-26-000042', []],
    ['OPS-2026-000042', []],
    ['calls to Bogotá fail', []],
  ])('%s', (subject, expected) => {
    expect(trackingNumbersIn(subject, 'NOC')).toEqual(expected);
  });

  it('takes the configured prefix', () => {
    expect(trackingNumbersIn('Re: OPS2-2026-000001', 'OPS2')).toEqual(['OPS2-2026-000001']);
  });
});
