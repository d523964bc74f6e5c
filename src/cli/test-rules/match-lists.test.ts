import { describe, expect, it } from 'vitest';
import { matchLists } from './match-lists.js';

// Expected items give some fields of a record; actual records have them all.
type Record = { readonly a: string; readonly b: string };
const differences = (expected: Partial<Record>, got: Record): string[] =>
  (['a', 'b'] as const).filter((key) => expected[key] !== undefined && expected[key] !== got[key]).map((key) => `${key}: expected ${expected[key]}, got ${got[key]}`);

describe('matchLists', () => {
  it('lets a lax expectation give way to a strict one rather than pairing first come', () => {
    const got = [{ a: '1', b: 'x' }, { a: '1', b: 'y' }];
    expect(matchLists([{ a: '1' }, { a: '1', b: 'x' }], got, differences)).toEqual({ ok: true, missing: [], unexpected: [] });
  });

  it('names, for an unmatched expectation, the closest unclaimed item and how it differs', () => {
    const got = [{ a: '1', b: 'x' }, { a: '2', b: 'z' }];
    const match = matchLists([{ a: '1', b: 'x' }, { a: '2', b: 'y' }], got, differences);
    expect(match.ok).toBe(false);
    expect(match.missing).toEqual([{ expected: { a: '2', b: 'y' }, index: 1, closest: { got: { a: '2', b: 'z' }, index: 1, differences: ['b: expected y, got z'] } }]);
    expect(match.unexpected).toEqual([{ got: { a: '2', b: 'z' }, index: 1 }]);
  });

  it('fails on an item nobody expected, and on an empty actual list', () => {
    expect(matchLists([], [{ a: '1', b: 'x' }], differences).unexpected).toHaveLength(1);
    expect(matchLists([{ a: '1' }], [], differences).missing).toEqual([{ expected: { a: '1' }, index: 0 }]);
  });
});
