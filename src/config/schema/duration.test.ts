import { describe, expect, it } from 'vitest';
import { Duration, PositiveDuration } from './duration.js';

describe('Duration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['0', 0],
    [0, 0],
  ])('parses %j as %d ms', (text, ms) => {
    expect(Duration.parse(text)).toBe(ms);
  });

  it.each(['10 sec', '1h30', '30m1h', '-5s', '', 30])('rejects %j with the duration hint', (text) => {
    const result = Duration.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^expected a duration such as 10s, 5m or 1h30m/);
  });

  it('rejects zero where a positive duration is needed', () => {
    expect(PositiveDuration.safeParse('0s').success).toBe(false);
    expect(PositiveDuration.parse('1s')).toBe(1_000);
  });
});
