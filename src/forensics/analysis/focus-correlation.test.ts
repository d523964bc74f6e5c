import { describe, expect, it } from 'vitest';
import { correlationStep, describeLead, FocusCorrelator, medianInterval } from './focus-correlation.js';

describe('correlationStep', () => {
  it('uses the median sampling interval unless the window would need more than 500 points', () => {
    const every10s = Float64Array.from({ length: 100 }, (_, i) => i * 10_000);
    expect(medianInterval(every10s)).toBe(10_000);
    expect(correlationStep(every10s, { from: 0, to: 3_600_000 })).toBe(10_000);
    expect(correlationStep(every10s, { from: 0, to: 86_400_000 })).toBe(172_800);
  });
});

describe('describeLead', () => {
  it('says which series moved first, by how long, and whether inversely', () => {
    expect(describeLead(4, 10_000, 1)).toBe('leads by 40s');
    expect(describeLead(-9, 10_000, -1)).toBe('follows by 1m30s, inversely');
    expect(describeLead(0, 10_000, 1)).toBe('moves with it');
    expect(describeLead(0, 10_000, -1)).toBe('moves against it');
  });
});

describe('FocusCorrelator', () => {
  it('finds a lead on the common grid even when the candidate is sampled half as often', () => {
    const focusT = Float64Array.from({ length: 400 }, (_, i) => i * 10_000);
    const signal = (i: number): number => Math.sin(i / 7) + Math.sin(i / 3.1);
    const focusV = focusT.map((_, i) => signal(i));
    const candidateT = Float64Array.from({ length: 200 }, (_, k) => 2 * k * 10_000);
    const candidateV = candidateT.map((t) => signal(t / 10_000 + 6));
    const correlator = new FocusCorrelator(focusT, focusV, { from: 0, to: 3_990_000 }, { maxLag: 20 });
    const { values, pearson } = correlator.pearson(candidateT, candidateV);
    const report = correlator.correlation(pearson, correlator.spearman(values));
    expect(report.relation).toBe('leads');
    expect(Math.abs(report.lag - 6)).toBeLessThanOrEqual(1);
    expect(report.sign).toBe(1);
  });
});
