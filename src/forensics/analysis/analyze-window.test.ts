import { describe, expect, it } from 'vitest';
import { seriesKey } from '../../core/labels.js';
import { isNocError } from '../../core/noc-error.js';
import type { Sample } from '../../core/sample.js';
import { parseSelector } from '../../core/selector.js';
import { analyzeWindow, readStep } from './analyze-window.js';
import { ScoringPool } from './scoring-pool.js';
import { BASELINE_STEPS, generate, inWindow, seededNormal, storeWith, STEP_MS, T0, TOTAL_STEPS, WINDOW } from './testing/synthetic-history.js';
import type { RankedSeries, WindowAnalysis } from './window-analysis.js';

const noise = (metric: string, target: string, mean: number, sd: number, seed: number): Sample[] => {
  const n = seededNormal(seed);
  return generate(metric, { target }, () => mean + sd * n());
};

/** A counter whose per-second rate is `rate(i)` plus noise. */
const counter = (metric: string, target: string, rate: (i: number) => number, seed: number): Sample[] => {
  const n = seededNormal(seed);
  let total = 1_000;
  return generate(metric, { target }, (i) => {
    if (i > 0) total += Math.max(0, rate(i) + 0.5 * n()) * (STEP_MS / 1000);
    return total;
  });
};

const entry = (analysis: WindowAnalysis, key: string): RankedSeries => {
  const found = analysis.entries.find((e) => e.key === key);
  if (found === undefined) throw new Error(`${key} is not in the ranking`);
  return found;
};

async function network() {
  return storeWith(
    generate('sip_options_rtt_seconds', { target: 'sbc-1' }, (() => {
      const n = seededNormal(1);
      return (i: number) => (inWindow(i) ? 0.1 : 0.05) + 0.005 * n();
    })()),
    noise('sip_options_rtt_seconds', 'sbc-2', 0.05, 0.005, 2),
    noise('sip_options_rtt_seconds', 'sbc-3', 0.2, 0.05, 3),
    noise('db_replication_lag_seconds', 'db-1', 0, 0.01, 4),
    noise('sip_active_dialogs', 'sbc-2', 300, 20, 5),
    counter('sip_transactions_total', 'sbc-1', (i) => (inWindow(i) ? 6.5 : 5), 6),
    counter('sip_transactions_total', 'sbc-2', () => 5, 7),
    generate('db_connections_max', { target: 'db-1' }, () => 100),
    generate('sip_blocked_sources', { target: 'sbc-9' }, (i) => i, BASELINE_STEPS + 10),
    generate('db_connections', { target: 'db-9' }, (i) => i % 7, 0, BASELINE_STEPS - 5),
  );
}

describe('analyzeWindow', () => {
  it('ranks a series whose level shifted in the window first, by its level or volume score', async () => {
    const analysis = await analyzeWindow(await network(), WINDOW);
    const first = analysis.entries[0] as RankedSeries;
    expect(first.key).toBe(seriesKey('sip_options_rtt_seconds', { target: 'sbc-1' }));
    expect(first.rank).toBe(1);
    expect(first.rankedBy).not.toBe('ks');
    expect(first.normalised.levelShift).toBeGreaterThan(0.8);
    expect(first.scores.levelShift).toBeGreaterThan(5);
    expect(first.baselineStats.median).toBeCloseTo(0.05, 2);
    expect(first.windowStats.median).toBeCloseTo(0.1, 2);
    expect(first.windowStats.count).toBe(361);
    expect(first.baselineStats.count).toBe(BASELINE_STEPS);
  });

  it('ranks series carrying only noise low, including noise around zero', async () => {
    const analysis = await analyzeWindow(await network(), WINDOW);
    for (const [metric, target] of [
      ['sip_options_rtt_seconds', 'sbc-2'],
      ['sip_options_rtt_seconds', 'sbc-3'],
      ['db_replication_lag_seconds', 'db-1'],
      ['sip_active_dialogs', 'sbc-2'],
    ] as const) {
      const found = entry(analysis, seriesKey(metric, { target }));
      expect(found.rank).toBeGreaterThan(2);
      expect(found.combined).toBeLessThan(0.25);
    }
  });

  it('scores counters as rates: a faster counter ranks high, steady growth does not', async () => {
    const analysis = await analyzeWindow(await network(), WINDOW);
    const faster = entry(analysis, seriesKey('sip_transactions_total', { target: 'sbc-1' }));
    const steady = entry(analysis, seriesKey('sip_transactions_total', { target: 'sbc-2' }));
    expect(faster.rated).toBe(true);
    expect(faster.rank).toBeLessThanOrEqual(2);
    expect(faster.baselineStats.median).toBeCloseTo(5, 0);
    expect(faster.windowStats.median).toBeCloseTo(6.5, 0);
    expect(steady.rated).toBe(true);
    expect(steady.combined).toBeLessThan(0.25);
  });

  it('skips and counts constant and empty series', async () => {
    const analysis = await analyzeWindow(await network(), WINDOW);
    expect(analysis.skipped).toEqual({ empty: 2, constant: 1 });
    expect(analysis.considered).toBe(10);
    expect(analysis.scored).toBe(7);
    expect(analysis.entries).toHaveLength(7);
    expect(analysis.entries.map((e) => e.metric)).not.toContain('db_connections_max');
  });

  it('scores only the series matching the label filter', async () => {
    const analysis = await analyzeWindow(await network(), { ...WINDOW, filter: parseSelector('{target="sbc-2"}') });
    expect(analysis.entries.map((e) => e.key).sort()).toEqual([
      seriesKey('sip_active_dialogs', { target: 'sbc-2' }),
      seriesKey('sip_options_rtt_seconds', { target: 'sbc-2' }),
      seriesKey('sip_transactions_total', { target: 'sbc-2' }),
    ]);
    const oneMetric = await analyzeWindow(await network(), { ...WINDOW, filter: parseSelector('sip_options_rtt_seconds{target=~"sbc-[12]"}') });
    expect(oneMetric.entries.map((e) => e.key)).toEqual([
      seriesKey('sip_options_rtt_seconds', { target: 'sbc-1' }),
      seriesKey('sip_options_rtt_seconds', { target: 'sbc-2' }),
    ]);
  });

  it('reads several metrics per store query and ranks the same as one query per metric', async () => {
    const store = await network();
    const batched = await analyzeWindow(store, WINDOW, { batchSize: 3 });
    const whole = await analyzeWindow(store, WINDOW);
    expect(batched.entries.map((e) => [e.key, e.combined])).toEqual(whole.entries.map((e) => [e.key, e.combined]));
  });

  it('keeps only the best entries with limit, still counting every scored series', async () => {
    const analysis = await analyzeWindow(await network(), WINDOW, { limit: 2 });
    expect(analysis.entries.map((e) => e.rank)).toEqual([1, 2]);
    expect(analysis.scored).toBe(7);
  });

  it('can read per-step buckets instead of raw samples and still find the shift', async () => {
    const analysis = await analyzeWindow(await network(), WINDOW, { stepMs: 30_000 });
    expect((analysis.entries[0] as RankedSeries).key).toBe(seriesKey('sip_options_rtt_seconds', { target: 'sbc-1' }));
    expect(entry(analysis, seriesKey('sip_transactions_total', { target: 'sbc-1' })).windowStats.median).toBeCloseTo(6.5, 0);
  });

  it('rejects a reversed window and an unknown focus series', async () => {
    const store = await network();
    await expect(analyzeWindow(store, { from: WINDOW.to, to: WINDOW.from })).rejects.toSatisfy((e: unknown) => isNocError(e, 'bad_request'));
    await expect(analyzeWindow(store, { ...WINDOW, focus: seriesKey('nothing', { target: 'x' }) })).rejects.toSatisfy((e: unknown) => isNocError(e, 'not_found'));
  });
});

describe('analyzeWindow with a focus series', () => {
  /** A focus driven by a white-noise signal; the candidates see the same signal earlier, later, or inverted. */
  async function focused() {
    const n = seededNormal(11);
    const signal = Float64Array.from({ length: TOTAL_STEPS + 20 }, () => n());
    const jitter = seededNormal(12);
    const focusKey = seriesKey('sip_registered_contacts', { target: 'core-1' });
    const store = await storeWith(
      generate('sip_registered_contacts', { target: 'core-1' }, (i) => 1_000 + 10 * (signal[i + 10] as number)),
      // Shows at step i what the focus shows at step i + 4: it moves 4 steps (40 s) earlier.
      generate('sip_options_rtt_seconds', { target: 'sbc-2' }, (i) => 0.05 + 0.01 * (signal[i + 14] as number) + 0.001 * jitter()),
      generate('db_query_seconds', { target: 'db-1' }, (i) => 1 - 0.1 * (signal[i + 7] as number) + 0.01 * jitter()),
      noise('sip_active_dialogs', 'sbc-5', 300, 20, 13),
    );
    return { store, focusKey };
  }

  it('finds a series leading the focus by four steps, with the lag in time and the sign', async () => {
    const { store, focusKey } = await focused();
    const analysis = await analyzeWindow(store, { ...WINDOW, focus: focusKey });
    expect(analysis.focus?.grid.step).toBe(STEP_MS);
    expect(analysis.focus?.grid.start).toBe(WINDOW.from);
    expect(analysis.focus?.maxLag).toBe(30);
    const leader = entry(analysis, seriesKey('sip_options_rtt_seconds', { target: 'sbc-2' })).correlation;
    expect(leader?.lag).toBe(4);
    expect(leader?.lagMs).toBe(40_000);
    expect(leader?.relation).toBe('leads');
    expect(leader?.sign).toBe(1);
    expect(leader?.r).toBeGreaterThan(0.9);
    expect(leader?.pearson.lag).toBe(4);
    expect(leader?.spearman?.lag).toBe(4);
    expect(leader?.description).toBe('leads by 40s');
  });

  it('reports a follower with a negative lag and an inverse relation with a negative sign', async () => {
    const { store, focusKey } = await focused();
    const analysis = await analyzeWindow(store, { ...WINDOW, focus: focusKey });
    const follower = entry(analysis, seriesKey('db_query_seconds', { target: 'db-1' })).correlation;
    expect(follower?.lag).toBe(-3);
    expect(follower?.sign).toBe(-1);
    expect(follower?.r).toBeLessThan(-0.9);
    expect(follower?.description).toBe('follows by 30s, inversely');
    const unrelated = entry(analysis, seriesKey('sip_active_dialogs', { target: 'sbc-5' })).correlation;
    expect(Math.abs(unrelated?.r ?? 1)).toBeLessThan(0.3);
  });

  it('does not correlate the focus with itself and computes Spearman only for the strongest', async () => {
    const { store, focusKey } = await focused();
    const analysis = await analyzeWindow(store, { ...WINDOW, focus: focusKey }, { spearmanLimit: 1 });
    expect(entry(analysis, focusKey).correlation).toBeUndefined();
    const withSpearman = analysis.entries.filter((e) => e.correlation?.spearman !== undefined);
    expect(withSpearman).toHaveLength(1);
  });
});

describe('readStep', () => {
  it('keeps the requested step unless the range would exceed the bucket limit', () => {
    expect(readStep({ from: T0, to: T0 + 5 * 3_600_000 }, 10_000)).toBe(10_000);
    expect(readStep({ from: T0, to: T0 + 30 * 86_400_000 }, 10_000)).toBe(236_000);
  });
});

describe('analyzeWindow on scoring threads', () => {
  it('gives the same analysis, focus correlations included, as scoring every series on the calling thread', async () => {
    const pool = ScoringPool.create(1);
    try {
      const store = await network();
      const focus = seriesKey('sip_transactions_total', { target: 'sbc-1' });
      const here = await analyzeWindow(store, { ...WINDOW, focus }, { scoringPool: null });
      const threaded = await analyzeWindow(store, { ...WINDOW, focus }, { scoringPool: pool });
      expect(threaded).toEqual(here);
      expect(here.scored).toBeGreaterThan(5);
    } finally {
      await pool.close();
    }
  });
});
