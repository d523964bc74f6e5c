import { NocError } from '../../core/noc-error.js';
import { ksExactPValue } from './ks-exact-p-value.js';
import { kolmogorovLimitSf, kolmogorovSf } from './kolmogorov-sf.js';
import { sortedCopy } from './sorted-copy.js';

/**
 * How the p-value is computed. `auto`, `exact` and `asymp` are scipy's `ks_2samp` methods (auto: exact when
 * both n ≤ 10,000). `limit` is Kolmogorov's limiting distribution at √(n1·n2/(n1+n2))·D (scipy's
 * `kstwobign`): O(1), slightly conservative for small samples, for ranking thousands of series fast.
 */
export type KsMethod = 'auto' | 'exact' | 'asymp' | 'limit';

/** Result of a two-sided two-sample Kolmogorov–Smirnov test. */
export interface KsResult {
  /** D = sup |F1 − F2|, in [0, 1]. */
  readonly statistic: number;
  /** Two-sided p-value, in [0, 1]. */
  readonly pValue: number;
  /** 1 − p: how surely the two samples come from different distributions (the ranking score). */
  readonly score: number;
  /** The method that produced the p-value (exact may fall back to asymp). */
  readonly method: 'exact' | 'asymp' | 'limit';
}

/** Options of {@link ksTwoSample}. */
export interface KsOptions {
  readonly method?: KsMethod;
  /** Scratch space of at least n1 + n2 numbers, reused across calls to avoid allocating in hot loops. */
  readonly scratch?: Float64Array;
}

const MAX_AUTO_N = 10_000;
const INT32_MAX = 2_147_483_647;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** numpy's round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The largest and the smallest cdf1 − cdf2 a Kolmogorov–Smirnov walk has met. */
export interface KsWalkExtremes {
  max: number;
  min: number;
}

/**
 * Walks the ascending runs a[i..endA) and b[j..endB) in merged order as scipy does (cdf1 − cdf2 at every
 * observation, ties advancing both sides), widening `extremes`. i and j are how many values of each sample
 * (n1 and n2 in all) lie below the runs, so that a walk can be done run by run.
 */
export function walkSortedRuns(a: ArrayLike<number>, i: number, endA: number, b: ArrayLike<number>, j: number, endB: number, n1: number, n2: number, extremes: KsWalkExtremes): void {
  let { max, min } = extremes;
  while (i < endA || j < endB) {
    const ai = i < endA ? (a[i] as number) : Infinity;
    const bj = j < endB ? (b[j] as number) : Infinity;
    const v = ai <= bj ? ai : bj;
    while (i < endA && (a[i] as number) <= v) i++;
    while (j < endB && (b[j] as number) <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > max) max = diff;
    if (diff < min) min = diff;
  }
  extremes.max = max;
  extremes.min = min;
}

/** D = sup |F1 − F2| from a whole walk's extremes, as scipy ends (the negative side clipped to [0, 1]). */
export function ksStatisticOfWalk({ max, min }: KsWalkExtremes): number {
  const minD = Math.min(Math.max(-min, 0), 1);
  return minD > max ? minD : max;
}

/**
 * D of two sorted samples, computed exactly as scipy does, so the float D, and hence the exact-path
 * rounding, is identical. O(n1 + n2).
 */
export function ksStatisticSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const extremes = { max: -Infinity, min: Infinity };
  walkSortedRuns(a, 0, a.length, b, 0, b.length, a.length, b.length, extremes);
  return ksStatisticOfWalk(extremes);
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test with the statistic and p-value of scipy's
 * `ks_2samp(a, b)` (method 'auto'): exact path counting when both samples have at most 10,000 values,
 * otherwise (or when the exact computation fails numerically) `kstwo.sf(D, round(n1·n2/(n1+n2)))`.
 * Cost: O((n1+n2) log(n1+n2)) to sort copies, plus O(max(n1,n2) · D·min(n1,n2)) for the exact p-value
 * (about 0.05–0.5 ms for 1,440 against 360 values); `asymp` is O(k³ log n) at worst, `limit` O(1).
 * Samples must be non-empty and free of NaN.
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>, options: KsOptions = {}): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new NocError('bad_request', 'the Kolmogorov–Smirnov test needs two non-empty samples');
  const scratch = options.scratch;
  const sa = sortedCopy(a, scratch?.subarray(0, n1));
  const sb = sortedCopy(b, scratch?.subarray(n1, n1 + n2));
  return ksFromSorted(sa, sb, options.method ?? 'auto');
}

/** {@link ksTwoSample} for samples already sorted ascending (skips the copies and the sort). */
export function ksFromSorted(a: ArrayLike<number>, b: ArrayLike<number>, method: KsMethod = 'auto'): KsResult {
  return ksFromStatistic(ksStatisticSorted(a, b), a.length, b.length, method);
}

/** The test's result from its statistic D (as {@link ksStatisticSorted} computes it) and the sample sizes. */
export function ksFromStatistic(statistic: number, n1: number, n2: number, method: KsMethod = 'auto'): KsResult {
  if (n1 === 0 || n2 === 0) throw new NocError('bad_request', 'the Kolmogorov–Smirnov test needs two non-empty samples');
  let d = statistic;
  if (method === 'limit') {
    const p = kolmogorovLimitSf(Math.sqrt((n1 * n2) / (n1 + n2)) * d);
    return { statistic: d, pValue: p, score: 1 - p, method: 'limit' };
  }
  const g = gcd(n1, n2);
  let mode: 'exact' | 'asymp';
  if (method === 'auto') mode = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (method === 'exact') mode = n1 / g >= INT32_MAX / (n2 / g) ? 'asymp' : 'exact';
  else mode = 'asymp';

  let p = Number.NaN;
  if (mode === 'exact') {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    p = ksExactPValue(n1, n2, g, h);
    if (!(p >= 0 && p <= 1)) mode = 'asymp';
  }
  if (mode === 'asymp') {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    p = kolmogorovSf(roundHalfEven((m * n) / (m + n)), d);
  }
  p = Math.min(Math.max(p, 0), 1);
  return { statistic: d, pValue: p, score: 1 - p, method: mode };
}
