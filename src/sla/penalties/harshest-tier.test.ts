import { describe, expect, it } from 'vitest';
import { harshestTier } from './harshest-tier.js';

// Listed out of order on purpose: the config does not sort them.
const TIERS = [
  { below: 99.9, discount: 10 },
  { below: 99.99, discount: 5 },
  { below: 99, discount: 25 },
];

describe('harshestTier', () => {
  it.each([
    [100, undefined],
    [99.99, undefined], // at the threshold is not below it
    [99.9899, { below: 99.99, discount: 5 }],
    [99.9, { below: 99.99, discount: 5 }],
    [99.5, { below: 99.9, discount: 10 }],
    [98.5, { below: 99, discount: 25 }],
    [0, { below: 99, discount: 25 }],
  ])('%d%% → %o', (percent, tier) => {
    expect(harshestTier(percent, TIERS)).toEqual(tier);
  });

  it('applies nothing when unmeasured, without tiers, or for a 0% tier', () => {
    expect(harshestTier(null, TIERS)).toBeUndefined();
    expect(harshestTier(50, [])).toBeUndefined();
    expect(harshestTier(50, [{ below: 98, discount: 0 }])).toBeUndefined();
  });

  it('prefers the larger discount, then the lower threshold', () => {
    expect(harshestTier(50, [{ below: 99, discount: 30 }, { below: 90, discount: 20 }])).toEqual({ below: 99, discount: 30 });
    expect(harshestTier(50, [{ below: 99, discount: 20 }, { below: 90, discount: 20 }])).toEqual({ below: 90, discount: 20 });
  });
});
