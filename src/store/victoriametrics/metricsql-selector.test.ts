import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../core/index.js';
import { escapeRegex, quoteString, splitVmName, vmNamesSelector, vmSeriesSelector } from './metricsql-selector.js';

describe('quoteString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', String.raw`"say \"hi\""`],
    ['C:\\dir\\', '"C:\\\\dir\\\\"'],
    ['a\nb\tc\rd', String.raw`"a\nb\tc\rd"`],
    ['bell\u0007', String.raw`"bell\x07"`],
    ['ñandú €', '"ñandú €"'],
    ['', '""'],
  ])('%j → %s', (text, quoted) => expect(quoteString(text)).toBe(quoted));
});

describe('escapeRegex', () => {
  it('escapes every RE2 metacharacter so the pattern matches only the text', () => {
    expect(escapeRegex('a.b+c*d?e(f)g|h[i]j{k}l^m$n\\o')).toBe(String.raw`a\.b\+c\*d\?e\(f\)g\|h\[i\]j\{k\}l\^m\$n\\o`);
    expect(escapeRegex('sip_active_dialogs')).toBe('sip_active_dialogs');
  });
});

describe('vmSeriesSelector', () => {
  const translate = (text: string, fields?: Array<'value' | 'special'>) => vmSeriesSelector(parseSelector(text), fields);

  it('maps the metric name onto both suffixed series names', () => {
    expect(translate('up')).toBe('{__name__=~"up_(?:value|special)"}');
    expect(translate('up', ['value'])).toBe('{__name__=~"up_value"}');
    expect(translate('up', ['special'])).toBe('{__name__=~"up_special"}');
  });

  it('keeps label matchers with their operators and quoted values', () => {
    expect(translate('up{role="sbc",site!="co",target=~"sbc-.*",ip!~"10\\\\..*"}')).toBe(
      String.raw`{__name__=~"up_(?:value|special)",role="sbc",site!="co",target=~"sbc-.*",ip!~"10\\..*"}`,
    );
  });

  it('escapes quotes and backslashes in label values', () => {
    const selector = { metric: 'm', matchers: [{ name: 'path', op: '=' as const, value: 'C:\\"x"\\' }] };
    expect(vmSeriesSelector(selector)).toBe(String.raw`{__name__=~"m_(?:value|special)",path="C:\\\"x\"\\"}`);
  });

  it('applies __name__ matchers to the unsuffixed name', () => {
    expect(translate('{__name__="up"}')).toBe('{__name__=~"up_(?:value|special)"}');
    expect(translate('{__name__=~"sip_.*|up"}')).toBe('{__name__=~"(?:sip_.*|up)_(?:value|special)"}');
    expect(translate('{__name__!="up",target="a"}')).toBe('{__name__=~".+_(?:value|special)",__name__!~"up_(?:value|special)",target="a"}');
    expect(translate('{__name__!~"up|db_.*"}')).toBe('{__name__=~".+_(?:value|special)",__name__!~"(?:up|db_.*)_(?:value|special)"}');
  });

  it('escapes regex metacharacters of an exact __name__ value', () => {
    const selector = { matchers: [{ name: '__name__', op: '=' as const, value: 'a.b' }] };
    expect(vmSeriesSelector(selector)).toBe(String.raw`{__name__=~"a\\.b_(?:value|special)"}`);
  });

  it('restricts a selector without a metric to the series this store wrote', () => {
    expect(translate('{target="core-1"}')).toBe('{__name__=~".+_(?:value|special)",target="core-1"}');
    expect(translate('{__name__=~".+"}', ['value'])).toBe('{__name__=~"(?:.+)_value"}');
  });
});

describe('vmNamesSelector', () => {
  it('selects exactly the given metrics', () => {
    expect(vmNamesSelector(['up', 'a.b'])).toBe(String.raw`{__name__=~"(?:up|a\\.b)_(?:value|special)"}`);
  });
});

describe('splitVmName', () => {
  it.each([
    ['up_value', { metric: 'up', field: 'value' }],
    ['up_special', { metric: 'up', field: 'special' }],
    ['foo_value_value', { metric: 'foo_value', field: 'value' }],
    ['x_special_special', { metric: 'x_special', field: 'special' }],
    ['_value', undefined],
    ['up', undefined],
    ['node_load1', undefined],
  ])('%s', (name, expected) => expect(splitVmName(name)).toEqual(expected));
});
