import { describe, expect, it } from 'vitest';
import { anomalyScore, anomalyScoreInPlace } from './anomaly-score.js';

// Active SIP dialogs at this hour on previous days: median 100, |x − 100| sorted = 0 1 1 2 2 3 3 4 4 5 6 → MAD 3,
// σ-consistent MAD 4.4478.
const DIALOGS = [100, 97, 103, 101, 99, 104, 96, 102, 98, 105, 94];

describe('anomalyScore', () => {
  it('flags a spike with k = 3 and lets a normal value pass', () => {
    const spike = anomalyScore(150, DIALOGS, { k: 3, direction: 'both' });
    expect(spike.median).toBe(100);
    expect(spike.mad).toBeCloseTo(4.4478, 10);
    expect(spike.n).toBe(11);
    expect(spike.score).toBeCloseTo(50 / 4.4478, 10);
    expect(spike.anomalous).toBe(true);

    const normal = anomalyScore(106, DIALOGS, { k: 3, direction: 'both' });
    expect(normal.score).toBeCloseTo(6 / 4.4478, 10);
    expect(normal.anomalous).toBe(false);
  });

  it('honours the direction', () => {
    expect(anomalyScore(150, DIALOGS, { k: 3, direction: 'above' }).anomalous).toBe(true);
    expect(anomalyScore(150, DIALOGS, { k: 3, direction: 'below' }).anomalous).toBe(false);
    expect(anomalyScore(40, DIALOGS, { k: 3, direction: 'below' }).anomalous).toBe(true);
    expect(anomalyScore(40, DIALOGS, { k: 3, direction: 'above' }).anomalous).toBe(false);
    expect(anomalyScore(40, DIALOGS, { k: 3, direction: 'both' }).anomalous).toBe(true);
    for (const direction of ['above', 'below', 'both'] as const) {
      expect(anomalyScore(101, DIALOGS, { k: 3, direction }).anomalous).toBe(false);
      expect(anomalyScore(99, DIALOGS, { k: 3, direction }).anomalous).toBe(false);
    }
  });

  it('is not anomalous exactly at k: only beyond it', () => {
    const atK = anomalyScore(110, DIALOGS, { k: 10 / 4.4478, direction: 'both' });
    const k = atK.score;
    expect(anomalyScore(110, DIALOGS, { k, direction: 'both' }).anomalous).toBe(false);
    expect(anomalyScore(110.001, DIALOGS, { k, direction: 'both' }).anomalous).toBe(true);
  });

  it('scores against a constant baseline without dividing by zero', () => {
    const flat = Array.from({ length: 20 }, () => 1000);
    const same = anomalyScore(1000, flat, { k: 3, direction: 'both' });
    expect(same.score).toBe(0);
    expect(same.anomalous).toBe(false);
    // Floor: 1% of 1000 = 10.
    const wobble = anomalyScore(1020, flat, { k: 3, direction: 'both' });
    expect(wobble).toMatchObject({ score: 2, anomalous: false, mad: 0, scale: 10 });
    const drain = anomalyScore(600, flat, { k: 3, direction: 'below' });
    expect(drain).toMatchObject({ score: -40, anomalous: true });
  });

  it('is never anomalous without a baseline or a value', () => {
    const empty = anomalyScore(5, [], { k: 3, direction: 'both' });
    expect(empty.n).toBe(0);
    expect(empty.score).toBeNaN();
    expect(empty.anomalous).toBe(false);
    expect(anomalyScore(NaN, DIALOGS, { k: 3, direction: 'both' }).anomalous).toBe(false);
  });

  it('is not thrown off by the outliers already in the baseline', () => {
    // Two earlier incidents in the baseline would inflate a mean/σ score; the median/MAD barely moves.
    const withIncidents = [...DIALOGS, 0, 0];
    expect(anomalyScore(40, withIncidents, { k: 3, direction: 'below' }).anomalous).toBe(true);
  });
});

describe('anomalyScoreInPlace', () => {
  it('scores as anomalyScore against the first n values of the array', () => {
    for (const [value, direction] of [[150, 'both'], [80, 'below'], [101, 'above']] as const) {
      const array = Float64Array.from([...DIALOGS, 1e9, -1e9]);
      expect(anomalyScoreInPlace(value, array, DIALOGS.length, { k: 3, direction })).toEqual(anomalyScore(value, DIALOGS, { k: 3, direction }));
    }
  });
});
