/** Tuning of {@link isCounter}'s shape test. */
export interface CounterDetectionOptions {
  /** Fewest finite values needed to judge by shape; shorter unnamed series are not counters. Default 6. */
  readonly minSamples?: number;
  /** Most drops allowed, as a fraction of steps, before a series counts as a gauge. Default 0.05. */
  readonly maxResetFraction?: number;
  /** Fewest rises needed, as a fraction of steps. Default 0: rising once is enough. */
  readonly minRiseFraction?: number;
}

/**
 * True when a series is a counter that must be turned into a rate before scoring. By name first: Prometheus
 * conventions end counters in `_total`. Otherwise by shape, for SNMP and scraped metrics that keep their own
 * names: non-negative, rising at least once, and every drop is a restart, i.e. a fall to at most half the
 * previous value (a gauge wobbles down by small steps), with drops rare (≤ maxResetFraction of steps, at
 * least one allowed). A sawtooth gauge such as a backup age can pass the shape test; name-based detection
 * is the reliable path. O(n).
 */
export function isCounter(name: string, values: ArrayLike<number>, options: CounterDetectionOptions = {}): boolean {
  if (name.endsWith('_total')) return true;
  const minSamples = options.minSamples ?? 6;
  const maxResetFraction = options.maxResetFraction ?? 0.05;
  let count = 0;
  let rises = 0;
  let drops = 0;
  let prev = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    if (v < 0) return false;
    count++;
    if (count > 1) {
      if (v > prev) rises++;
      else if (v < prev) {
        if (v > prev / 2) return false;
        drops++;
      }
    }
    prev = v;
  }
  if (count < minSamples || rises === 0 || rises < (count - 1) * (options.minRiseFraction ?? 0)) return false;
  return drops <= Math.max(1, Math.floor((count - 1) * maxResetFraction));
}
