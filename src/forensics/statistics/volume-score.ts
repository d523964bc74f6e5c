/** Tuning of {@link volumeScore}. */
export interface VolumeScoreOptions {
  /** Cap on |relative change|, so a near-zero baseline cannot outrank every real change. Default 10 (1000 %). */
  readonly maxRelativeChange?: number;
  /** Sample times (ms) of the window values; when given, "fraction of time" is time-weighted. */
  readonly windowTimes?: ArrayLike<number>;
  /** The means of the finite baseline and window values, when the caller has them already. */
  readonly means?: { readonly baseline: number; readonly window: number };
}

/** Result of {@link volumeScore}. */
export interface VolumeScore {
  /** |relativeChange| × fractionBeyond, in [0, maxRelativeChange]. */
  readonly score: number;
  /** Signed (windowMean − baselineMean) / |baselineMean|, capped; see {@link volumeScore} for a zero baseline. */
  readonly relativeChange: number;
  /** Fraction of the window spent beyond the baseline mean in the direction of the change, in [0, 1]. */
  readonly fractionBeyond: number;
  readonly baselineMean: number;
  readonly windowMean: number;
}

function finiteMean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * Volume score (after Netdata's volume method): how much the mean moved, weighted by how persistently.
 *
 * - relativeChange = (μw − μb) / |μb|, where μb, μw are the means of the finite baseline and window values.
 *   With μb = 0 the denominator becomes |μw|, so a series that appears from nothing scores ±1 (100 %);
 *   equal means give 0. The result is clamped to ±maxRelativeChange.
 * - fractionBeyond = share of the window spent strictly above μb when the mean rose (below when it fell).
 *   Without times each value weighs the same; with `windowTimes` each value holds until the next sample
 *   and the last one for the previous step.
 * - score = |relativeChange| × fractionBeyond: a brief spike and a slight but steady drift both score low.
 *
 * NaN everywhere when either side has no finite value. O(n), no allocation beyond the result.
 */
export function volumeScore(baseline: ArrayLike<number>, window: ArrayLike<number>, options: VolumeScoreOptions = {}): VolumeScore {
  const cap = options.maxRelativeChange ?? 10;
  const mb = options.means?.baseline ?? finiteMean(baseline);
  const mw = options.means?.window ?? finiteMean(window);
  if (Number.isNaN(mb) || Number.isNaN(mw)) {
    return { score: Number.NaN, relativeChange: Number.NaN, fractionBeyond: Number.NaN, baselineMean: mb, windowMean: mw };
  }
  const delta = mw - mb;
  if (delta === 0) return { score: 0, relativeChange: 0, fractionBeyond: 0, baselineMean: mb, windowMean: mw };
  const denominator = mb !== 0 ? Math.abs(mb) : Math.abs(mw);
  const relativeChange = Math.max(-cap, Math.min(cap, delta / denominator));
  const up = delta > 0;
  const times = options.windowTimes;
  let beyond = 0;
  let total = 0;
  const n = window.length;
  for (let i = 0; i < n; i++) {
    const v = window[i] as number;
    if (!Number.isFinite(v)) continue;
    let weight = 1;
    if (times !== undefined && n > 1) {
      weight = i + 1 < n ? (times[i + 1] as number) - (times[i] as number) : (times[i] as number) - (times[i - 1] as number);
      if (!(weight > 0)) continue;
    }
    total += weight;
    if (up ? v > mb : v < mb) beyond += weight;
  }
  const fractionBeyond = total > 0 ? beyond / total : 0;
  return { score: Math.abs(relativeChange) * fractionBeyond, relativeChange, fractionBeyond, baselineMean: mb, windowMean: mw };
}
