import { describe, expect, it } from 'vitest';
import type { SeriesKey } from '../../core/index.js';
import type { SeriesAround } from './series-around.js';
import { valueChanges } from './value-changes.js';

function series(values: number[], before?: number): SeriesAround {
  return {
    key: 'm' as SeriesKey,
    metric: 'm',
    labels: {},
    ...(before === undefined ? {} : { before: { t: -1, v: before } }),
    t: Float64Array.from(values.map((_, i) => i)),
    v: Float64Array.from(values),
  };
}

describe('valueChanges', () => {
  const cases: { name: string; values: number[]; before?: number; assumeBefore?: number; want: number[] }[] = [
    { name: 'no point before: the first point is no change', values: [0, 0, 1], want: [2] },
    { name: 'a point before that differs makes the first a change', values: [0, 0, 1], before: 1, want: [0, 2] },
    { name: 'an assumed value stands in when nothing precedes', values: [1, 1, 0], assumeBefore: 0, want: [0, 2] },
    { name: 'a real point wins over the assumed value', values: [1, 1], before: 1, assumeBefore: 0, want: [] },
    { name: 'NaN equals NaN', values: [Number.NaN, Number.NaN, 2], want: [2] },
    { name: 'empty', values: [], before: 3, want: [] },
  ];
  it.each(cases)('$name', ({ values, before, assumeBefore, want }) => {
    const options = assumeBefore === undefined ? {} : { assumeBefore };
    expect(valueChanges(series(values, before), options).map((c) => c.at)).toEqual(want);
  });
});
