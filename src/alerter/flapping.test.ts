import { describe, expect, it } from 'vitest';
import { isNocError } from '../core/index.js';
import { FLAP_HISTORY_SIZE, FlapDetector, emptyFlapSnapshot, percentStateChange, recordFlapState, type FlapResult } from './flapping.js';

/** `n` copies of `value`. */
const times = (value: boolean, n: number): boolean[] => new Array<boolean>(n).fill(value);
/** `n` states alternating from `first`. */
const alternating = (n: number, first = true): boolean[] => Array.from({ length: n }, (_, i) => (i % 2 === 0) === first);

// Expected values are worked out by hand from Naemon's weight for transition x (1 = oldest, 20 = newest):
// w(x) = 0.75 + (x - 1) * 0.5 / 19, percent = 5 * sum of w over the transitions that are changes.
describe('percentStateChange', () => {
  it.each([
    { name: 'no change at all', states: times(false, 21), percent: 0 },
    { name: 'every transition a change: 20*0.75 + 0.5/19*(0+…+19) = 20', states: alternating(21), percent: 100 },
    { name: 'only the newest transition: 1.25 * 5', states: [...times(false, 20), true], percent: 6.25 },
    { name: 'only the oldest transition: 0.75 * 5', states: [true, ...times(false, 20)], percent: 3.75 },
    { name: 'only transition 10: (0.75 + 9/38) * 5', states: [...times(false, 10), ...times(true, 11)], percent: 4.934210526 },
    { name: 'the two newest: (0.75 + 18/38 + 1.25) * 5', states: [...times(false, 19), true, false], percent: 12.368421053 },
    { name: 'a short history keeps the newest weights', states: [false, true], percent: 6.25 },
    { name: 'states older than 21 do not count', states: [true, ...times(false, 21)], percent: 0 },
  ])('$name', ({ states, percent }) => {
    expect(percentStateChange(states)).toBeCloseTo(percent, 6);
  });
});

/** Feeds `states` to a fresh detector and returns every result. */
function feed(states: readonly boolean[], detector = new FlapDetector()): FlapResult[] {
  return states.map((s) => detector.record(s));
}

const indexesWhere = (results: readonly FlapResult[], key: 'started' | 'stopped'): number[] =>
  results.flatMap((r, i) => (r[key] ? [i] : []));

describe('FlapDetector', () => {
  // Alternating from an all-inactive history, record k leaves k changes at the newest positions:
  // k = 8 gives 46.3%, k = 9 gives 51.5% (start at >= 50). After a full alternating window, s steady
  // records leave changes at x = 1…20-s: s = 13 gives 29.0%, s = 14 gives 24.5% (stop at <= 25).
  it.each([
    {
      name: 'alternating 0/1 then steady: starts once, stops once',
      states: [...alternating(30), ...times(false, 20)],
      started: [8],
      stopped: [30 + 13],
    },
    {
      name: 'steady from the start never flaps',
      states: times(true, 40),
      started: [],
      stopped: [],
    },
    {
      name: 'alternating for only 8 records stays below 50% and never starts',
      states: [...alternating(8), ...times(false, 30)],
      started: [],
      stopped: [],
    },
    {
      name: 'flapping twice: each episode notifies once at start and once at stop',
      states: [...alternating(30), ...times(false, 20), ...alternating(30), ...times(false, 20)],
      started: [8, 50 + 8],
      stopped: [43, 50 + 43],
    },
  ])('$name', ({ states, started, stopped }) => {
    const results = feed(states);
    expect(indexesWhere(results, 'started')).toEqual(started);
    expect(indexesWhere(results, 'stopped')).toEqual(stopped);
  });

  it('holds its status between the thresholds (hysteresis)', () => {
    const results = feed([...alternating(30), ...times(false, 20)]);
    const at = (i: number): FlapResult => results[i] as FlapResult;
    // record 5 (k = 6 changes): 35.5%, between 25 and 50 and not yet flapping
    expect(at(5).percent).toBeCloseTo(35.526315789, 6);
    expect(at(5).flapping).toBe(false);
    // 13 steady records after the alternation: 29.0%, between 25 and 50 and still flapping
    expect(at(29 + 13).percent).toBeCloseTo(29.013157895, 6);
    expect(at(29 + 13).flapping).toBe(true);
    expect(at(29 + 14).flapping).toBe(false);
  });

  it.each([
    { name: 'reaching high exactly starts flapping (>=)', thresholds: { low: 1, high: 6.25 }, was: false, flapping: true },
    { name: 'just under high does not', thresholds: { low: 1, high: 6.26 }, was: false, flapping: false },
    { name: 'reaching low exactly stops flapping (<=)', thresholds: { low: 6.25, high: 10 }, was: true, flapping: false },
    { name: 'just over low does not', thresholds: { low: 6.24, high: 10 }, was: true, flapping: true },
  ])('$name', ({ thresholds, was, flapping }) => {
    // One change at the newest position: exactly 6.25%.
    const detector = new FlapDetector(thresholds, { states: times(false, 21), flapping: was });
    const result = detector.record(true);
    expect(result.percent).toBe(6.25);
    expect(result.flapping).toBe(flapping);
    expect(result.started).toBe(!was && flapping);
    expect(result.stopped).toBe(was && !flapping);
  });

  it('continues identically from a JSON round trip of its snapshot', () => {
    const states = [...alternating(30), ...times(true, 25)];
    const live = new FlapDetector();
    const liveResults = feed(states, live);
    for (const cut of [0, 5, 10, 20, 35, 40, 54]) {
      const first = new FlapDetector();
      feed(states.slice(0, cut), first);
      const restored = new FlapDetector(undefined, JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<FlapDetector['snapshot']>);
      expect(feed(states.slice(cut), restored)).toEqual(liveResults.slice(cut));
    }
    expect(live.snapshot().states).toEqual(states.slice(-21));
  });

  it('judges a steady history as any other: 0 %, against the thresholds', () => {
    const steady = recordFlapState({ states: times(true, 21), flapping: false }, true);
    expect(steady.snapshot.states).toEqual(times(true, 21));
    expect(steady.result).toEqual({ percent: 0, flapping: false, started: false, stopped: false });
    expect(recordFlapState({ states: times(false, 21), flapping: true }, false).result).toEqual({ percent: 0, flapping: false, started: false, stopped: true });
    expect(recordFlapState(emptyFlapSnapshot(), false, { low: 0, high: 0 })).toEqual({
      snapshot: { states: times(false, 21), flapping: true },
      result: { percent: 0, flapping: true, started: true, stopped: false },
    });
    // A short (restored) history is padded, and the newest state then differs from the padding.
    expect(recordFlapState({ states: [true], flapping: false }, true).snapshot.states).toEqual([...times(false, 19), true, true]);
  });

  it('hands out snapshots that later records do not change', () => {
    const detector = new FlapDetector();
    const before = detector.snapshot();
    detector.record(true);
    expect(before).toEqual(emptyFlapSnapshot());
    expect(detector.snapshot().states.at(-1)).toBe(true);
  });

  it.each([
    { name: 'a short snapshot is padded with inactive at the old end', states: [true], padded: [...times(false, 20), true] },
    { name: 'a long snapshot keeps its newest 21', states: [true, true, ...times(false, 21)], padded: times(false, 21) },
  ])('$name', ({ states, padded }) => {
    const detector = new FlapDetector();
    detector.restore({ states, flapping: true });
    expect(detector.snapshot()).toEqual({ states: padded, flapping: true });
    expect(detector.snapshot().states).toHaveLength(FLAP_HISTORY_SIZE);
  });

  it.each([
    { low: 50, high: 25 },
    { low: -1, high: 50 },
    { low: 25, high: 101 },
    { low: Number.NaN, high: 50 },
  ])('rejects thresholds low $low, high $high', (thresholds) => {
    let caught: unknown;
    try {
      new FlapDetector(thresholds);
    } catch (error) {
      caught = error;
    }
    expect(isNocError(caught, 'invalid_config')).toBe(true);
  });
});
