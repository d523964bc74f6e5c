import { describe, expect, it } from 'vitest';
import { NocError } from '../../core/index.js';
import { csvDocument, csvField, printedMoney, printedNumber } from './csv-writer.js';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['tab\tinside', 'tab\tinside'],
  ])('quotes %j as %j (RFC 4180)', (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+41 22 000', "'+41 22 000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', '"\'\rcmd"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
  ])('keeps %j from running as a formula', (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it('never guards numbers, negative ones included', () => {
    expect(csvField(-40.8)).toBe('-40.8');
    expect(csvField(2_589_900)).toBe('2589900');
    expect(csvField(0.0001)).toBe('0');
    expect(csvField(printedNumber(-12.34567, 4))).toBe('-12.3457');
    expect(csvField(printedMoney(150.5))).toBe('150.50');
  });

  it('prints booleans as words and null as empty', () => {
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
    expect(printedNumber(null, 4)).toBeNull();
  });

  it('refuses a number that is not finite, naming the column', () => {
    expect(() => csvField(Number.NaN, 'up_seconds')).toThrow(NocError);
    expect(() => csvField(Number.NaN, 'up_seconds')).toThrow(/'up_seconds'/);
  });
});

describe('csvDocument', () => {
  it('ends every record with CRLF, header first', () => {
    expect(csvDocument(['a', 'b'], [['x', 1], [null, 'y,z']])).toBe('a,b\r\nx,1\r\n,"y,z"\r\n');
  });

  it('is the header alone without rows', () => {
    expect(csvDocument(['a', 'b'], [])).toBe('a,b\r\n');
  });

  it('refuses a row that does not match the header', () => {
    expect(() => csvDocument(['a', 'b'], [['x']])).toThrow(/row 1 has 1 cells, expected 2/);
  });
});
