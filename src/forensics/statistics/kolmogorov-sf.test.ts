import { describe, expect, it } from 'vitest';
import { kolmogorovLimitSf, kolmogorovSf, smirnovSf } from './kolmogorov-sf.js';

// Reference values: scipy 1.17.1, scipy.stats.kstwo.sf(x, n); one case per branch scipy selects.
const KSTWO: [number, number, number, string][] = [
  [1, 0.7, 0.6000000000000001, 'n·x ≥ n − 1 tail'],
  [5, 0.12, 0.999987712, 'Ruben–Gambino, 1/2n < x ≤ 1/n'],
  [10, 0.3, 0.27053557479999946, 'Durbin, small n'],
  [37, 0.15, 0.34125540101202434, 'Durbin (Pomeranz range)'],
  [37, 0.45, 2.3399730193862996e-7, 'Smirnov sum, small n'],
  [50, 0.5, 4.392853499119748e-12, 'x ≥ 0.5'],
  [100, 0.2, 0.0005551927327988775, 'Smirnov, n ≤ 140'],
  [141, 0.05, 0.854845693009663, 'Durbin, n > 140'],
  [500, 0.03, 0.7473166700457021, 'Durbin, n > 140'],
  [500, 0.08, 0.0031305058199356268, 'Smirnov, n > 140'],
  [3529, 0.01, 0.868452980906065, 'Pelz–Good'],
  [3529, 0.03, 0.0034138016680478993, 'Smirnov, large n'],
  [20000, 0.01, 0.03638603905248727, 'Pelz–Good'],
  [150000, 0.001, 0.9982358422822605, 'Pelz–Good, n > 100,000'],
  [150000, 0.01, 1.8579324004514643e-13, 'Smirnov, very large n'],
];

describe('kolmogorovSf', () => {
  it.each(KSTWO)('n=%d x=%d matches scipy (%s)', (n, x, expected) => {
    expect(kolmogorovSf(n, x) / expected).toBeCloseTo(1, 8);
  });

  it('handles the edges', () => {
    expect(kolmogorovSf(10, 0)).toBe(1);
    expect(kolmogorovSf(10, 1)).toBe(0);
    expect(kolmogorovSf(10, 0.04)).toBe(1);
    expect(kolmogorovSf(3529, 0.45)).toBe(0);
    expect(kolmogorovSf(2.5, 0.1)).toBeNaN();
  });

  it('decreases in x', () => {
    let previous = 1;
    for (let x = 0.001; x < 1; x += 0.007) {
      const p = kolmogorovSf(300, x);
      expect(p).toBeLessThanOrEqual(previous + 1e-12);
      previous = p;
    }
  });
});

describe('smirnovSf', () => {
  it('matches the closed form for n = 1 (Pr(D+ ≥ x) = 1 − x)', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 14);
  });
});

describe('kolmogorovLimitSf', () => {
  // scipy.stats.kstwobign.sf(y)
  it.each([
    [0.2, 0.999999999999495],
    [0.5, 0.9639452436648751],
    [0.99, 0.2808738392255489],
    [1.0, 0.26999967167735456],
    [1.5, 0.022217962616525127],
    [3, 3.045995948942526e-8],
  ])('y=%d matches scipy', (y, expected) => {
    expect(kolmogorovLimitSf(y) / expected).toBeCloseTo(1, 12);
  });
});
