import { describe, expect, it } from 'vitest';
import { parseDslSeries, parseDslValues, samplesFromDsl, SeriesDslError } from './series-dsl.js';

describe('parseDslValues', () => {
  it.each([
    ['1 1 0 0', [1, 1, 0, 0]],
    ['1 _ 2', [1, undefined, 2]],
    ['0x3', [0, 0, 0]],
    ['_x2 1', [undefined, undefined, 1]],
    ['1+1x3', [1, 2, 3]],
    ['-2+4x3', [-2, 2, 6]],
    ['10-2.5x3', [10, 7.5, 5]],
    ['0.1+0.1x3', [0.1, 0.2, 0.3]],
    ['1e3-1e2x2', [1000, 900]],
    ['5x0 7', [7]],
    ['NaN Inf -Inf +Inf', [NaN, Infinity, -Infinity, Infinity]],
  ] as const)('%s', (text, expected) => {
    expect(parseDslValues(text)).toEqual(expected);
  });

  it.each(['1 two', '0x1f', '1+x3', '_+1x3', '1xx2', '1x', 'x3'])('rejects %s', (text) => {
    expect(() => parseDslValues(text)).toThrow(SeriesDslError);
  });

  it('refuses a runaway expansion instead of allocating it', () => {
    expect(() => parseDslValues('0x100000000')).toThrow(/more than/);
  });
});

describe('parseDslSeries', () => {
  it('takes label values, dropping empty ones from the key', () => {
    expect(parseDslSeries('up{target="sbc-1",ip=""}')).toEqual({ metric: 'up', labels: { target: 'sbc-1', ip: '' }, key: 'up{target="sbc-1"}' });
  });

  it.each([
    ['{target="a"}', /metric name/],
    ['up{target=~"a"}', /not matchers/],
    ['up{a="1",a="2"}', /twice/],
    ['up{a=1}', /quoted/],
  ])('rejects %s', (text, message) => {
    expect(() => parseDslSeries(text)).toThrow(message);
  });
});

describe('samplesFromDsl', () => {
  it('writes one sample per value, none for _, in time order', () => {
    expect(samplesFromDsl('a 1 _ 3\nb{x="1"} 2x2', 1000, 10)).toEqual([
      { series: 'a', t: 1000, v: 1 },
      { series: 'b{x="1"}', t: 1000, v: 2 },
      { series: 'b{x="1"}', t: 1010, v: 2 },
      { series: 'a', t: 1020, v: 3 },
    ]);
  });
});
