import { describe, expect, it } from 'vitest';
import { pairName, pairSample } from './pair-status.js';

describe('pair status', () => {
  it('names a pair the same from either member', () => {
    expect(pairName('core-2', 'core-1')).toBe('core-1+core-2');
    expect(pairName('core-1', 'core-2')).toBe('core-1+core-2');
  });

  it.each([
    [['up', 'up'], 2],
    [['up', 'down'], 1],
    [['down', 'down'], 0],
    [['up', 'unknown'], undefined],
  ] as const)('%j → %s members up', (states, expected) => {
    expect(pairSample(['core-1', 'core-2'], states, 1000)?.v).toBe(expected);
  });
});
