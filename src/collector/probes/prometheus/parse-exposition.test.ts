import { describe, expect, it } from 'vitest';
import { parseExposition, parseFloatToken, type ExpositionSample } from './parse-exposition.js';

function samplesOf(text: string): readonly ExpositionSample[] {
  const result = parseExposition(text);
  if (!result.ok) throw new Error(result.error);
  return result.samples;
}

function errorOf(text: string): string {
  const result = parseExposition(text);
  if (result.ok) throw new Error('expected a syntax error');
  return result.error;
}

describe('parseExposition', () => {
  it('reads plain samples with labels, a timestamp, comments and blank lines', () => {
    const text = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
      '# just a comment, with # and { in it',
      '  metric_without_timestamp_and_labels 12.47',
      'trailing_comma{a="1",} -2e-3',
      'spaced { a = "1" , b="2" } 5',
      'no_labels{} 7\t',
    ].join('\n');
    expect(samplesOf(text)).toEqual([
      { family: 'http_requests_total', name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestampMs: 1395066363000 },
      { family: 'http_requests_total', name: 'http_requests_total', labels: { method: 'post', code: '400' }, value: 3, timestampMs: 1395066363000 },
      { family: 'metric_without_timestamp_and_labels', name: 'metric_without_timestamp_and_labels', labels: {}, value: 12.47 },
      { family: 'trailing_comma', name: 'trailing_comma', labels: { a: '1' }, value: -0.002 },
      { family: 'spaced', name: 'spaced', labels: { a: '1', b: '2' }, value: 5 },
      { family: 'no_labels', name: 'no_labels', labels: {}, value: 7 },
    ]);
  });

  it('resolves the escapes of label values and keeps braces, commas and # inside them', () => {
    const [sample] = samplesOf('msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\"",odd="a,b}c#d"} 1.458255915e9\n');
    expect(sample?.labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"', odd: 'a,b}c#d' });
    expect(sample?.value).toBe(1458255915);
  });

  it('reads NaN, +Inf, -Inf and negative timestamps', () => {
    const values = samplesOf('a NaN\nb +Inf\nc -Inf\nd Inf\ne 1 -1000\n').map((sample) => [sample.value, sample.timestampMs]);
    expect(values).toEqual([
      [Number.NaN, undefined],
      [Infinity, undefined],
      [-Infinity, undefined],
      [Infinity, undefined],
      [1, -1000],
    ]);
  });

  it('puts histogram buckets, sums and counts in their family, one series per label set', () => {
    const text = [
      '# TYPE rq histogram',
      'rq_bucket{path="/a",le="0.1"} 1',
      'rq_bucket{path="/a",le="+Inf"} 2',
      'rq_sum{path="/a"} 0.3',
      'rq_count{path="/a"} 2',
      'rq_bucket{path="/b",le="0.1"} 5',
      'rq_bucket{path="/b",le="+Inf"} 7',
      'rq_sum{path="/b"} 1.5',
      'rq_count{path="/b"} 7',
    ].join('\n');
    const samples = samplesOf(text);
    expect(samples).toHaveLength(8);
    expect(samples.every((sample) => sample.family === 'rq')).toBe(true);
    expect(samples.filter((sample) => sample.labels['path'] === '/a').map((s) => s.name)).toEqual(['rq_bucket', 'rq_bucket', 'rq_sum', 'rq_count']);
  });

  it('puts summary quantiles, sums and counts in their family', () => {
    const text = '# TYPE rpc summary\nrpc{quantile="0.5"} 4773\nrpc{quantile="0.99"} 76656\nrpc_sum 1.7560473e+07\nrpc_count 2693\n';
    expect(samplesOf(text).map((sample) => [sample.family, sample.name, sample.labels['quantile']])).toEqual([
      ['rpc', 'rpc', '0.5'],
      ['rpc', 'rpc', '0.99'],
      ['rpc', 'rpc_sum', undefined],
      ['rpc', 'rpc_count', undefined],
    ]);
  });

  it('keeps _count, _sum and _bucket names of untyped or gauge families as families of their own', () => {
    expect(samplesOf('# TYPE jobs_count gauge\njobs_count 3\nx_bucket 1\n').map((sample) => sample.family)).toEqual(['jobs_count', 'x_bucket']);
  });

  it('accepts CRLF line ends', () => {
    expect(samplesOf('# TYPE a gauge\r\na 1\r\n').map((sample) => sample.value)).toEqual([1]);
  });

  it.each([
    ['a value that is not a number', 'a{b="c"} twelve', 'line 1: a has a value that is not a number'],
    ['a missing value', 'a{b="c"}', 'line 1: expected a value after a'],
    ['an unclosed label value', 'a{b="c} 1', 'line 1: label value not closed by "'],
    ['an invalid escape', 'a{b="c\\d"} 1', 'line 1: invalid escape in a label value'],
    ['a label without quotes', 'a{b=c} 1', 'line 1: expected """, got "c"'],
    ['a repeated label', 'a{b="1",b="2"} 1', 'line 1: label b given twice'],
    ['a bad label name', 'a{1b="1"} 1', 'line 1: expected a label name, got "1"'],
    ['a bad metric name', '1a 1', 'line 1: expected a metric name, got "1"'],
    ['a fractional timestamp', 'a 1 1.5', 'line 1: a has a timestamp that is not whole milliseconds'],
    ['text after the timestamp', 'a 1 2 3', 'line 1: unexpected text after the timestamp of a'],
    ['an unknown type', '# TYPE a gauges', 'line 1: unknown type "gauges" for a'],
    ['a second TYPE', '# TYPE a gauge\n# TYPE a counter', 'line 2: second TYPE line for a'],
    ['a TYPE after samples', 'a 1\n# TYPE a gauge', 'line 2: TYPE line for a after its samples'],
    ['a second HELP', '# HELP a x\n# HELP a y', 'line 2: second HELP line for a'],
    ['a bucket without le', '# TYPE h histogram\nh_bucket{a="1"} 1', 'line 2: h_bucket of histogram needs a le label'],
    ['a bucket with a bad le', '# TYPE h histogram\nh_bucket{le="x"} 1', 'line 2: h_bucket has a le label that is not a number'],
    ['a quantile without its label', '# TYPE s summary\ns 1', 'line 2: s of summary needs a quantile label'],
  ])('rejects %s with its line number', (_, text, message) => {
    expect(errorOf(text)).toContain(message);
  });
});

describe('parseFloatToken', () => {
  it.each([
    ['0', 0],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1.5E-3', 0.0015],
    ['+Inf', Infinity],
    ['-inf', -Infinity],
    ['+Infinity', Infinity],
  ])('reads %s', (token, value) => {
    expect(parseFloatToken(token)).toBe(value);
  });

  it.each(['', '0x10', '1_000', 'one', '1e', '--1', 'NaNa'])('refuses %j', (token) => {
    expect(parseFloatToken(token)).toBeUndefined();
  });

  it('reads NaN', () => {
    expect(parseFloatToken('NaN')).toBeNaN();
  });
});
