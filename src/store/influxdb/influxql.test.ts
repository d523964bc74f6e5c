import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../core/index.js';
import { fromClause, labelConditions, matcherCondition, quoteIdentifier, quoteString, regexLiteral, timeConditions, whereClause } from './influxql.js';

describe('selector → InfluxQL', () => {
  it('translates each matcher operator on a tag, anchoring regexes', () => {
    const selector = parseSelector(`up{target="core-1",role!="sbc",site=~"mx|co",ip!~"10\\\\..*"}`);
    expect(labelConditions(selector)).toEqual([
      `"target"::tag = 'core-1'`,
      `"role"::tag != 'sbc'`,
      `"site"::tag =~ /^(?:mx|co)$/`,
      `"ip"::tag !~ /^(?:10\\..*)$/`,
    ]);
  });

  it('leaves metric-name matchers to the FROM clause', () => {
    expect(labelConditions(parseSelector('{__name__=~"up|x",a="1"}'))).toEqual([`"a"::tag = '1'`]);
    expect(fromClause(['up', 'sip_active_dialogs'])).toBe(' FROM "up","sip_active_dialogs"');
  });

  it('keeps quotes and backslashes inside string literals (injection attempts stay values)', () => {
    expect(quoteString(`x' OR 1=1 --`)).toBe(`'x\\' OR 1=1 --'`);
    expect(quoteString(`a\\' ; DROP DATABASE noc`)).toBe(`'a\\\\\\' ; DROP DATABASE noc'`);
    expect(quoteString('two\nlines')).toBe(`'two\\nlines'`);
    expect(quoteIdentifier('we"ird\\')).toBe(`"we\\"ird\\\\"`);
  });

  it('escapes slashes of a regex so it cannot end the literal, and passes other escapes through to RE2', () => {
    expect(regexLiteral('a/b')).toBe('/^(?:a\\/b)$/');
    expect(regexLiteral('a\\/b')).toBe('/^(?:a\\/b)$/');
    expect(regexLiteral('/$/ OR 1=1')).toBe('/^(?:\\/$\\/ OR 1=1)$/');
    expect(regexLiteral('\\d+\\.\\\\')).toBe('/^(?:\\d+\\.\\\\)$/');
    expect(regexLiteral('x\\')).toBe('/^(?:x\\)$/');
    expect(matcherCondition({ name: 'path', op: '=~', value: '/api/.*' })).toBe(`"path"::tag =~ /^(?:\\/api\\/.*)$/`);
  });

  it('bounds time in ms, closed at both ends, and joins conditions', () => {
    expect(timeConditions({ from: 1000.9, to: 2000 })).toEqual(['time >= 1000ms', 'time <= 2000ms']);
    expect(whereClause([])).toBe('');
    expect(whereClause(['a', 'b OR c'])).toBe(' WHERE (a) AND (b OR c)');
  });
});
