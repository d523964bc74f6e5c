import { describe, expect, it } from 'vitest';
import { type Sample, seriesKey } from '../../core/index.js';
import { decodeSampleValue, formatFloat, LineProtocolEncoder, samplePoint, specialCode } from './line-protocol.js';

const T = 1_700_000_000_123;

describe('line protocol encoding', () => {
  it('writes metric as measurement, labels as sorted tags, field value and a ms timestamp', () => {
    const encoder = new LineProtocolEncoder();
    const lines = encoder.encode([{ series: seriesKey('sip_options_rtt_seconds', { target: 'sbc-1', site: 'mx' }), t: T, v: 0.25 }]);
    expect(lines).toEqual([`sip_options_rtt_seconds,site=mx,target=sbc-1 value=0.25 ${T}`]);
  });

  it('escapes commas, spaces and equals signs in tag values, keeps quotes and inner backslashes as they are', () => {
    const encoder = new LineProtocolEncoder();
    const key = seriesKey('m', { a: 'x=1, y z', b: `it's "q"`, c: 'C:\\path\\x' });
    expect(encoder.line({ series: key, t: 5, v: 1 })).toBe(`m,a=x\\=1\\,\\ y\\ z,b=it's\\ "q",c=C:\\path\\x value=1 5`);
  });

  it('refuses labels line protocol cannot carry: a newline, a trailing backslash', () => {
    const encoder = new LineProtocolEncoder();
    expect(() => encoder.line({ series: seriesKey('m', { a: 'two\nlines' }), t: 1, v: 1 })).toThrow(/label 'a'/);
    expect(() => encoder.line({ series: seriesKey('m', { a: 'ends\\' }), t: 1, v: 1 })).toThrow(/trailing backslash/);
  });

  it('writes NaN and ±Inf as the special field, and decodes them back', () => {
    const encoder = new LineProtocolEncoder();
    const key = seriesKey('m');
    const lines = encoder.encode([NaN, Infinity, -Infinity].map((v, i): Sample => ({ series: key, t: i, v })));
    expect(lines).toEqual(['m special=0 0', 'm special=1 1', 'm special=-1 2']);
    expect([0, 1, -1].map((code) => decodeSampleValue(null, code))).toEqual([NaN, Infinity, -Infinity]);
    expect(decodeSampleValue(null, 7)).toBeUndefined();
    expect(decodeSampleValue(undefined, undefined)).toBeUndefined();
    expect(decodeSampleValue(2.5, null)).toBe(2.5);
    expect(specialCode(3)).toBeUndefined();
  });

  it('formats floats so they parse back to the same double: -0, subnormals, MAX_VALUE, 0.1+0.2', () => {
    const values = [-0, 0, 5e-324, 1e-310, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, 1e21, 123456789012345680000, -123456.789];
    for (const v of values) expect(Object.is(Number.parseFloat(formatFloat(v)), v), String(v)).toBe(true);
    expect(formatFloat(-0)).toBe('-0');
    expect(formatFloat(Number.MAX_VALUE)).toBe('1.7976931348623157e+308');
    expect(() => formatFloat(NaN)).toThrow(RangeError);
  });

  it('drops empty labels, as series keys do, and truncates fractional times', () => {
    const point = samplePoint('m', { a: '', b: 'x' }, 1000.7, -0);
    expect(point.toLineProtocol({ convertTime: (t) => (t === undefined ? undefined : String(t)) })).toBe('m,b=x value=-0 1000');
  });

  it('gives the same text from the cache as the first time', () => {
    const encoder = new LineProtocolEncoder(1);
    const a = seriesKey('m', { x: 'a b' });
    const b = seriesKey('n', { y: '1' });
    expect([encoder.line({ series: a, t: 1, v: 1 }), encoder.line({ series: b, t: 1, v: 2 }), encoder.line({ series: a, t: 2, v: 3 })]).toEqual([
      'm,x=a\\ b value=1 1',
      'n,y=1 value=2 1',
      'm,x=a\\ b value=3 2',
    ]);
  });
});
