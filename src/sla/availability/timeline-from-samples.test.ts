import { describe, expect, it } from 'vitest';
import type { StateTimeline } from './state-timeline.js';
import { TimelineBuilder, timelineFromSamples } from './timeline-from-samples.js';

const S = 1000;

function build(times: readonly number[], values: readonly number[], from: number, to: number, validity = 20 * S): StateTimeline {
  return timelineFromSamples(Float64Array.from(times), Float64Array.from(values), { from, to }, validity);
}

describe('timelineFromSamples', () => {
  it('holds each sample until the next one: an up run is one span', () => {
    expect(build([0, 10 * S, 20 * S, 30 * S], [1, 1, 1, 1], 0, 40 * S)).toEqual([{ start: 0, end: 40 * S, state: 'up' }]);
  });

  it('counts 0, NaN and any value other than 1 as down', () => {
    expect(build([0, 10 * S, 20 * S, 30 * S, 40 * S], [1, 0, NaN, 2, 1], 0, 50 * S)).toEqual([
      { start: 0, end: 10 * S, state: 'up' },
      { start: 10 * S, end: 40 * S, state: 'down' },
      { start: 40 * S, end: 50 * S, state: 'up' },
    ]);
  });

  it('tolerates one missed run and not two: validity ends a sample 20 s after it', () => {
    // 20 s missing (one run): covered exactly up to the next sample.
    expect(build([0, 10 * S, 30 * S], [1, 1, 1], 0, 40 * S)).toEqual([{ start: 0, end: 40 * S, state: 'up' }]);
    // Two runs missing: the sample at 10 s holds until 30 s, then nothing until 40 s.
    expect(build([0, 10 * S, 40 * S], [1, 1, 1], 0, 50 * S)).toEqual([
      { start: 0, end: 30 * S, state: 'up' },
      { start: 30 * S, end: 40 * S, state: 'unknown' },
      { start: 40 * S, end: 50 * S, state: 'up' },
    ]);
  });

  it('lets a sample before the range cover its first seconds, and clips at both ends', () => {
    expect(build([-15 * S, -5 * S, 5 * S, 15 * S], [0, 0, 1, 1], 0, 12 * S)).toEqual([
      { start: 0, end: 5 * S, state: 'down' },
      { start: 5 * S, end: 12 * S, state: 'up' },
    ]);
    // A sample that ended before the range starts leaves its start unknown.
    expect(build([-25 * S, 3 * S], [1, 1], 0, 10 * S)).toEqual([
      { start: 0, end: 3 * S, state: 'unknown' },
      { start: 3 * S, end: 10 * S, state: 'up' },
    ]);
  });

  it('is unknown after the last sample expires, and all unknown without samples', () => {
    expect(build([0], [1], 0, 60 * S)).toEqual([
      { start: 0, end: 20 * S, state: 'up' },
      { start: 20 * S, end: 60 * S, state: 'unknown' },
    ]);
    expect(build([], [], 0, 60 * S)).toEqual([{ start: 0, end: 60 * S, state: 'unknown' }]);
    expect(build([70 * S], [1], 0, 60 * S)).toEqual([{ start: 0, end: 60 * S, state: 'unknown' }]);
  });

  it('lets the later of two samples at one time win', () => {
    expect(build([0, 10 * S, 10 * S], [1, 1, 0], 0, 20 * S)).toEqual([
      { start: 0, end: 10 * S, state: 'up' },
      { start: 10 * S, end: 20 * S, state: 'down' },
    ]);
  });

  it('gives an empty timeline for an empty range and rejects a validity that is not positive', () => {
    expect(build([0], [1], 5 * S, 5 * S)).toEqual([]);
    expect(() => build([0], [1], 0, 1, 0)).toThrow(/validityMs must be a positive/);
  });
});

describe('TimelineBuilder', () => {
  it('fills holes with unknown, merges equal neighbours and ignores what overlaps the end so far', () => {
    const builder = new TimelineBuilder({ from: 0, to: 100 });
    builder.add(-10, 10, 'up');
    builder.add(10, 20, 'up');
    builder.add(15, 30, 'down');
    builder.add(40, 50, 'down');
    builder.add(60, 60, 'up');
    expect(builder.end).toBe(50);
    expect(builder.finish()).toEqual([
      { start: 0, end: 20, state: 'up' },
      { start: 20, end: 30, state: 'down' },
      { start: 30, end: 40, state: 'unknown' },
      { start: 40, end: 50, state: 'down' },
      { start: 50, end: 100, state: 'unknown' },
    ]);
  });
});
