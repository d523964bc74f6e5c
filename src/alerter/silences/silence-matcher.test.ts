import { describe, expect, it } from 'vitest';
import { type LabelMatcher, parseSelector, type Silence } from '../../core/index.js';
import {
  formatSilenceMatchers,
  silenceMatches,
  silenceMatchersFromText,
  silenceMatchersProblem,
  silenceStatus,
  silencedBy,
} from './silence-matcher.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const HOUR = 3_600_000;

function silence(matchers: string, overrides: Partial<Silence> = {}): Silence {
  return {
    id: overrides.id ?? 's1',
    matchers: silenceMatchersFromText(matchers),
    startsAt: T0,
    endsAt: T0 + 2 * HOUR,
    createdBy: 'ops',
    comment: 'planned work',
    ...overrides,
  };
}

const SBC = { alertname: 'TargetDown', target: 'sbc-mx-1', site: 'mx', role: 'sbc' };

describe('silence matchers', () => {
  it.each([
    ['= equal', '{target="sbc-mx-1"}', true],
    ['= different', '{target="sbc-mx-2"}', false],
    ['= empty matches an absent label', '{target="sbc-mx-1",pair=""}', true],
    ['!= different', '{site!="co"}', true],
    ['!= equal', '{site!="mx"}', false],
    ['!= on an absent label', '{target="sbc-mx-1",pair!="a"}', true],
    ['=~ anchored match', '{target=~"sbc-.*"}', true],
    ['=~ is anchored at both ends', '{target=~"sbc"}', false],
    ['=~ alternation', '{site=~"co|mx"}', true],
    ['!~ excluded', '{site!~"mx|co"}', false],
    ['!~ not excluded', '{site!~"co"}', true],
    ['all must hold', '{target="sbc-mx-1",site="co"}', false],
    ['a leading name is the alertname', 'TargetDown{site="mx"}', true],
    ['another alertname', 'HighRtt{site="mx"}', false],
  ])('%s: %s', (_name, text, expected) => {
    expect(silenceMatches(silence(text), SBC, T0 + HOUR)).toBe(expected);
  });
});

describe('silence time bounds and expiry', () => {
  const expiredAt = T0 + HOUR;
  it.each([
    ['before its start', {}, T0 - 1, 'pending'],
    ['at its start (inclusive)', {}, T0, 'active'],
    ['inside', {}, T0 + HOUR, 'active'],
    ['at its end (exclusive)', {}, T0 + 2 * HOUR, 'expired'],
    ['after its end', {}, T0 + 3 * HOUR, 'expired'],
    ['before being expired by hand', { expiredAt }, expiredAt - 1, 'active'],
    ['when expired by hand', { expiredAt }, expiredAt, 'expired'],
    ['expired by hand before it began', { expiredAt: T0 - HOUR }, T0 + 1, 'expired'],
  ] as const)('%s', (_name, overrides, at, status) => {
    const s = silence('{target="sbc-mx-1"}', overrides);
    expect(silenceStatus(s, at)).toBe(status);
    expect(silenceMatches(s, SBC, at)).toBe(status === 'active');
  });
});

describe('silencedBy', () => {
  it('returns the ids of the active matching silences, in order', () => {
    const silences = [
      silence('{site="mx"}', { id: 'a' }),
      silence('{site="co"}', { id: 'b' }),
      silence('{role="sbc"}', { id: 'c', startsAt: T0 + HOUR }),
      silence('{target=~"sbc-.*"}', { id: 'd', expiredAt: T0 + 30 * 60_000 }),
      silence('{alertname="TargetDown"}', { id: 'e' }),
    ];
    expect(silencedBy(SBC, silences, T0 + 10 * 60_000)).toEqual(['a', 'd', 'e']);
    expect(silencedBy(SBC, silences, T0 + HOUR)).toEqual(['a', 'c', 'e']);
    expect(silencedBy({ target: 'core-1' }, silences, T0 + HOUR)).toEqual([]);
    expect(silencedBy(SBC, [], T0)).toEqual([]);
  });
});

describe('silence matcher checks', () => {
  it.each([
    ['no matcher', [], /at least one matcher/],
    ['only matchers that match empty values', silenceMatchersFromText('{target=~".*",site!="mx"}'), /mute all alerts/],
    ['a bad regex', [{ name: 'target', op: '=~', value: '(' }] as LabelMatcher[], /invalid regex for 'target'/],
  ])('refuses %s', (_name, matchers, message) => {
    expect(silenceMatchersProblem(matchers)).toMatch(message);
  });

  it('accepts matchers that select something', () => {
    expect(silenceMatchersProblem(silenceMatchersFromText('{target=~".*",site="mx"}'))).toBeUndefined();
  });

  it('formats matchers as text that parses back to the same matchers', () => {
    const matchers: LabelMatcher[] = [
      { name: 'target', op: '=', value: 'sbc "1"\\2' },
      { name: 'site', op: '=~', value: 'mx.*' },
      { name: 'role', op: '!~', value: 'core|db' },
      { name: 'pair', op: '!=', value: 'a\nb' },
    ];
    const text = formatSilenceMatchers(matchers);
    expect(text).toBe('{target="sbc \\"1\\"\\\\2",site=~"mx.*",role!~"core|db",pair!="a\\nb"}');
    expect(parseSelector(text).matchers).toEqual(matchers);
  });
});
