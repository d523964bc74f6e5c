import { describe, expect, it } from 'vitest';
import { isNocError } from '../../core/index.js';
import { identityOf, parseExport, parseQueryAnswer } from './vm-result.js';

describe('identityOf', () => {
  it('maps the suffixed name back and drops empty labels', () => {
    expect(identityOf({ __name__: 'up_value', target: 'a', site: '' })).toEqual({
      info: { key: 'up{target="a"}', metric: 'up', labels: { target: 'a' } },
      field: 'value',
    });
  });

  it('ignores series other writers put in the same server', () => {
    expect(identityOf({ __name__: 'node_load1' })).toBeUndefined();
    expect(identityOf({ job: 'x' })).toBeUndefined();
  });
});

describe('parseExport', () => {
  it('merges the value and special series of one label set in time order, decoding special codes', () => {
    const text = [
      '{"metric":{"__name__":"odd_value","target":"x"},"values":[0,1.5,-2],"timestamps":[1000,4000,6000]}',
      '{"metric":{"__name__":"odd_special","target":"x"},"values":[0,1,-1],"timestamps":[2000,3000,5000]}',
      '',
    ].join('\n');
    const [series, ...rest] = parseExport(text);
    expect(rest).toEqual([]);
    expect(series?.key).toBe('odd{target="x"}');
    expect([...(series?.t ?? [])]).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    expect([...(series?.v ?? [])]).toEqual([0, NaN, Infinity, 1.5, -Infinity, -2]);
  });

  it('joins one series split over several lines and lists series by key', () => {
    const text = [
      '{"metric":{"__name__":"m_value","t":"b"},"values":[3],"timestamps":[30]}',
      '{"metric":{"__name__":"m_value","t":"a"},"values":[1],"timestamps":[10]}',
      '{"metric":{"__name__":"m_value","t":"b"},"values":[2],"timestamps":[20]}',
      '{"metric":{"__name__":"foreign"},"values":[9],"timestamps":[10]}',
    ].join('\n');
    const result = parseExport(text);
    expect(result.map((s) => [s.key, [...s.t], [...s.v]])).toEqual([
      ['m{t="a"}', [10], [1]],
      ['m{t="b"}', [20, 30], [2, 3]],
    ]);
  });

  it('skips unknown special codes and rejects lines it cannot read', () => {
    expect(parseExport('{"metric":{"__name__":"m_special"},"values":[7],"timestamps":[1]}')).toEqual([]);
    expect(() => parseExport('not json')).toThrow(/not JSON/);
    expect(() => parseExport('{"metric":{"__name__":"m_value"},"values":[1,2],"timestamps":[1]}')).toThrow(/parallel/);
  });
});

describe('parseQueryAnswer', () => {
  it('reads a matrix with times in ms and string values', () => {
    const body = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'load_value', target: 'a' }, values: [[1793613600, '0.97'], [1793613660.045, '-4.26']] },
          { metric: { target: 'b' }, values: [[1793613600, '1']] },
        ],
      },
    };
    expect(parseQueryAnswer(body)).toEqual([
      { info: { key: 'load{target="a"}', metric: 'load', labels: { target: 'a' } }, field: 'value', t: [1793613600000, 1793613660045], v: [0.97, -4.26] },
    ]);
  });

  it('reads a vector', () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up_special' }, value: [10, '1793587582.002'] }] } };
    expect(parseQueryAnswer(body)).toEqual([{ info: { key: 'up', metric: 'up', labels: {} }, field: 'special', t: [10000], v: [1793587582.002] }]);
  });

  it('turns an error answer into a bad_request naming the server message', () => {
    const error = (() => {
      try {
        parseQueryAnswer({ status: 'error', errorType: 'bad_data', error: 'cannot parse query' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isNocError(error, 'bad_request')).toBe(true);
    expect((error as Error).message).toMatch(/cannot parse query/);
    expect(() => parseQueryAnswer({ status: 'success', data: {} })).toThrow(/data.result/);
  });
});
