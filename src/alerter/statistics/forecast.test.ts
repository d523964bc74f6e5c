import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComparisonOp } from '../../config/index.js';
import { fitLinear, fitLinearWindow, predictLinear } from './forecast.js';
import type { TimeValues } from './time-values.js';

const T0 = 1_717_200_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Relative closeness for values whose magnitude varies across cases. */
function expectClose(actual: number | undefined, expected: number, relative = 1e-9): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

/**
 * Prometheus's linearRegression (promql/functions.go, prometheus/prometheus@003b9e9d), transcribed: x in
 * seconds since interceptTime, one pass of Kahan–Neumaier sums, slope 0 and the value for a constant series.
 */
function prometheusLinearRegression(t: number[], v: number[], interceptTime: number): [number, number] {
  const inc = (x: number, sum: number, c: number): [number, number] => {
    const s = sum + x;
    if (!Number.isFinite(s)) return [s, 0];
    return [s, c + (Math.abs(sum) >= Math.abs(x) ? sum - s + x : x - s + sum)];
  };
  let n = 0;
  let [sumX, cX, sumY, cY, sumXY, cXY, sumX2, cX2] = [0, 0, 0, 0, 0, 0, 0, 0];
  const initY = v[0] as number;
  let constY = true;
  v.forEach((y, i) => {
    if (constY && i > 0 && y !== initY) constY = false;
    n += 1;
    const x = ((t[i] as number) - interceptTime) / 1e3;
    [sumX, cX] = inc(x, sumX, cX);
    [sumY, cY] = inc(y, sumY, cY);
    [sumXY, cXY] = inc(x * y, sumXY, cXY);
    [sumX2, cX2] = inc(x * x, sumX2, cX2);
  });
  if (constY) return Number.isFinite(initY) ? [0, initY] : [NaN, NaN];
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const slope = (sumXY - (sumX * sumY) / n) / (sumX2 - (sumX * sumX) / n);
  return [slope, sumY / n - (slope * sumX) / n];
}

/** funcPredictLinear over the range selector v[window] evaluated at `at`: samples in (at − window, at]. */
function prometheusPredictLinear(points: { t: number[]; v: number[] }, at: number, window: number, seconds: number): number | undefined {
  const inRange = points.t.map((t, i) => [t, points.v[i] as number] as const).filter(([t]) => t > at - window && t <= at);
  if (inRange.length < 2) return undefined;
  const [slope, intercept] = prometheusLinearRegression(
    inRange.map(([t]) => t),
    inRange.map(([, v]) => v),
    at,
  );
  return slope * seconds + intercept;
}

describe('fitLinear', () => {
  // scipy.stats.linregress((t − T0)/1000, v): slope 0.04799458035277764, intercept 9.954366503643412,
  // rvalue² 0.9795624103109487 (np.polyfit agrees to the last digits).
  const t = [0, 15_000, 29_500, 45_000, 61_000, 75_000, 90_250, 104_000, 120_000, 136_500].map((dt) => T0 + dt);
  const v = [10.0, 10.8, 11.1, 12.4, 12.9, 13.1, 14.6, 15.0, 15.2, 16.9];

  it('matches scipy linregress', () => {
    const fit = fitLinear({ t, v }, T0);
    expect(fit?.n).toBe(10);
    expectClose(fit?.slope, 0.04799458035277764, 1e-12);
    expectClose(fit?.intercept, 9.954366503643412, 1e-12);
    expectClose(fit?.r2, 0.9795624103109487, 1e-12);
    expect(fit?.origin).toBe(T0);
  });

  it('takes the intercept at the last point by default', () => {
    const fit = fitLinear({ t, v });
    expect(fit?.origin).toBe(T0 + 136_500);
    // intercept + slope·136.5 from the scipy fit.
    expectClose(fit?.intercept, 16.50562672179756, 1e-12);
    expectClose(fit?.predictAt(T0), 9.954366503643412, 1e-12);
  });

  it('stays exact with epoch-ms times and a tiny slope', () => {
    // v = 5e5 + 1e-6·seconds: a naive Σx² − (Σx)²/n on epoch seconds (~1.7e9, squared ~3e18) loses it all.
    const times = Array.from({ length: 500 }, (_, i) => T0 + i * 10_000);
    const fit = fitLinear({ t: times, v: times.map((x) => 5e5 + 1e-6 * ((x - T0) / 1000)) });
    expectClose(fit?.slope, 1e-6, 1e-6);
    expectClose(fit?.r2, 1, 1e-9);
  });

  it('returns slope 0 and the value itself for a constant series, with r² 1', () => {
    const fit = fitLinear({ t: [T0, T0 + 1000, T0 + 2000], v: [0.1, 0.1, 0.1] });
    expect(fit).toMatchObject({ slope: 0, intercept: 0.1, r2: 1 });
  });

  it('skips non-finite values', () => {
    const fit = fitLinear({ t: [0, 1000, 2000, 3000], v: [1, NaN, 3, Infinity] }, 0);
    expect(fit?.n).toBe(2);
    expectClose(fit?.slope, 1);
    expectClose(fit?.intercept, 1);
  });

  it('needs two points at two instants', () => {
    expect(fitLinear({ t: [T0], v: [1] })).toBeUndefined();
    expect(fitLinear({ t: [], v: [] })).toBeUndefined();
    expect(fitLinear({ t: [T0, T0], v: [1, 2] })).toBeUndefined();
  });
});

describe('predictLinear (PromQL predict_linear)', () => {
  const range = (n: number, f: (i: number) => [number, number]): { t: number[]; v: number[] } => {
    const pairs = Array.from({ length: n }, (_, i) => f(i));
    return { t: pairs.map(([t]) => t), v: pairs.map(([, v]) => v) };
  };
  const series = {
    diskFree: range(61, (i) => [T0 + i * MINUTE, 500e9 - i * 1.25e9 + ((((i * 7919) % 13) - 6) * 1e7)]),
    certExpiry: range(13, (i) => [T0 + i * 300_000, 864_000 - i * 300]),
    registrations: range(40, (i) => [T0 + i * 30_000 + (i % 3) * 1000, 1200 - i * 4 + (i % 5) * 3]),
    constant: range(10, (i) => [T0 + i * 10_000, 42]),
  };

  // Expected values from a Python transcription of Prometheus's linearRegression + funcPredictLinear
  // (np.polyfit on the same window agrees to ~1e-12 relative).
  it.each([
    ['diskFree', T0 + HOUR, HOUR, 4 * 3600, 125000565249.60638],
    ['diskFree', T0 + HOUR, 10 * MINUTE, 86400, -1374565272727.273],
    ['certExpiry', T0 + HOUR, HOUR, 864000, -3600],
    ['registrations', T0 + 20 * MINUTE, 15 * MINUTE, 1800, 812.137317831834],
    ['registrations', T0 + 1_170_000, 1_170_000, 600, 971.2187687700524],
    ['constant', T0 + 90_000, MINUTE, 1e6, 42],
  ] as const)('%s at +%d ms over %d ms, %d s ahead', (name, at, window, seconds, expected) => {
    expectClose(predictLinear(series[name], at, window, seconds), expected, 1e-12);
    expectClose(predictLinear(series[name], at, window, seconds), prometheusPredictLinear(series[name], at, window, seconds) as number, 1e-12);
  });

  it('excludes a point exactly at the window start (left-open, as Prometheus 3)', () => {
    // Points every minute from T0; (T0, T0 + 1h] holds 60 of them, not 61.
    expect(fitLinearWindow(series.diskFree, T0 + HOUR, HOUR)?.n).toBe(60);
    expect(fitLinearWindow(series.diskFree, T0 + HOUR, HOUR + 1)?.n).toBe(61);
  });

  it('includes a point exactly at the evaluation time and takes the intercept there', () => {
    const fit = fitLinearWindow(series.certExpiry, T0 + HOUR, HOUR);
    expect(fit?.origin).toBe(T0 + HOUR);
    // Exactly linear: 864000 − 300·12 at the last point, which is `at`.
    expectClose(fit?.intercept, 860_400, 1e-12);
    expectClose(fit?.slope, -1, 1e-12);
  });

  it('gives nothing with fewer than two points in the window', () => {
    expect(predictLinear(series.certExpiry, T0 + HOUR, 5 * MINUTE, 60)).toBeUndefined();
  });

  it('is exact where Prometheus loses digits: a 1 ms window extrapolated hours ahead', () => {
    // Exact answer with Python fractions.Fraction: −0.0001313351266920018. Prometheus's transcription gives
    // a result off by ~1e-9 (1e-5 relative).
    const points = { t: [T0 + 1, T0 + 2], v: [1.2820455104192935e-11, 0] };
    const at = T0 + 2 + 89_186;
    expectClose(predictLinear(points, at, HOUR, 10_155), -0.0001313351266920018, 1e-15);
    const prometheus = prometheusPredictLinear(points, at, HOUR, 10_155) as number;
    expect(Math.abs(prometheus - -0.0001313351266920018)).toBeGreaterThan(1e-10);
  });

  it('agrees with the Prometheus transcription on arbitrary series', () => {
    const sample = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 120_000 }), fc.double({ min: -1e9, max: 1e9, noNaN: true })), { minLength: 2, maxLength: 80 })
      .map((steps) => {
        let t = T0;
        return { t: steps.map(([dt]) => (t += dt)), v: steps.map(([, v]) => v) };
      });
    fc.assert(
      fc.property(sample, fc.integer({ min: 0, max: 3_600_000 }), fc.integer({ min: 0, max: 86_400 }), (points, lag, seconds) => {
        const at = (points.t[points.t.length - 1] as number) + lag;
        const window = at - (points.t[0] as number) + 1;
        const ours = predictLinear(points, at, window, seconds) as number;
        const theirs = prometheusPredictLinear(points, at, window, seconds) as number;
        // Prometheus's one-pass sums measure x from `at`, so they lose digits to cancellation in proportion to
        // Σx² / Σ(x − x̄)²; allow for that (the centred fit is the more accurate one, see the next test).
        const xs = points.t.map((t) => (t - at) / 1000);
        const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
        const condition = xs.reduce((a, x) => a + x * x, 0) / xs.reduce((a, x) => a + (x - meanX) ** 2, 0);
        const scale = Math.max(1, Math.abs(theirs), ...points.v.map(Math.abs));
        expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-12 * Math.max(1, condition) * scale);
      }),
    );
  });
});

describe('timeToCross', () => {
  // v = 100 − 2·seconds since T0.
  const falling: TimeValues = { t: [T0, T0 + 10_000, T0 + 20_000], v: [100, 80, 60] };
  const fit = fitLinear(falling, T0);
  if (fit === undefined) throw new Error('fit expected');

  it('gives the seconds until a falling line goes below the threshold', () => {
    expectClose(fit.timeToCross(50, T0, '<'), 25);
    expectClose(fit.timeToCross(50, T0 + 5000, '<='), 20);
    expectClose(fit.predictAt(T0 + 25_000), 50);
  });

  it('is 0 when the condition already holds', () => {
    expect(fit.timeToCross(50, T0 + 30_000, '<')).toBe(0);
    expect(fit.timeToCross(50, T0 + 25_000, '<=')).toBe(0);
    expect(fit.timeToCross(120, T0, '<')).toBe(0);
  });

  it('is undefined when the line moves away or is flat', () => {
    expect(fit.timeToCross(150, T0, '>')).toBeUndefined();
    expect(fit.timeToCross(150, T0, '==')).toBeUndefined();
    const flat = fitLinear({ t: [T0, T0 + 1000], v: [7, 7] });
    expect(flat?.timeToCross(5, T0, '<')).toBeUndefined();
    expect(flat?.timeToCross(5, T0)).toBeUndefined();
    expect(flat?.timeToCross(7, T0)).toBe(0);
    expect(flat?.timeToCross(7, T0, '!=')).toBeUndefined();
  });

  it('asks when the value is reached, either way, by default', () => {
    expectClose(fit.timeToCross(50, T0), 25);
    expect(fit.timeToCross(100, T0)).toBe(0);
    expect(fit.timeToCross(120, T0)).toBeUndefined();
  });

  it('handles != and infinite or NaN thresholds', () => {
    expect(fit.timeToCross(100, T0, '!=')).toBe(0);
    expect(fit.timeToCross(3, T0, '!=')).toBe(0);
    expect(fit.timeToCross(-Infinity, T0, '<')).toBeUndefined();
    expect(fit.timeToCross(NaN, T0, '<')).toBeUndefined();
  });

  it('says when a disk fills: 100 GB free, losing 1 GB a minute', () => {
    const t = Array.from({ length: 31 }, (_, i) => T0 + i * MINUTE);
    const disk = fitLinearWindow({ t, v: t.map((x) => 100e9 - ((x - T0) / MINUTE) * 1e9) }, T0 + 30 * MINUTE, 30 * MINUTE);
    // 70 GB left at T0 + 30 min: 70 more minutes.
    expectClose(disk?.timeToCross(0, T0 + 30 * MINUTE, '<='), 70 * 60, 1e-9);
  });

  it('is within the horizon exactly when the condition holds now or at the horizon (monotone ops)', () => {
    const op = fc.constantFrom<ComparisonOp>('<', '<=', '>', '>=');
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: -2000, max: 2000 }),
        fc.integer({ min: 1, max: 100 }),
        op,
        (start, perTenSeconds, threshold, horizon, comparison) => {
          const line = fitLinear({ t: [T0, T0 + 10_000], v: [start, start + perTenSeconds] }, T0);
          if (line === undefined) throw new Error('fit expected');
          const holds = (x: number): boolean => (comparison === '<' ? x < threshold : comparison === '<=' ? x <= threshold : comparison === '>' ? x > threshold : x >= threshold);
          const end = line.predictAt(T0 + horizon * 1000);
          fc.pre(Math.abs(end - threshold) > 1e-6);
          const seconds = line.timeToCross(threshold, T0, comparison);
          const within = seconds !== undefined && seconds <= horizon;
          expect(within).toBe(holds(line.predictAt(T0)) || holds(end));
        },
      ),
    );
  });
});
