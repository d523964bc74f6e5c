import type { PenaltyTier } from '../../config/index.js';

/**
 * The tier that applies to `percent`: of the tiers it falls below, the one discounting most (on a tie, the
 * lowest threshold). Undefined when none is reached, when nothing was measured, or when it discounts 0%.
 */
export function harshestTier(percent: number | null, tiers: readonly PenaltyTier[]): PenaltyTier | undefined {
  if (percent === null) return undefined;
  let harshest: PenaltyTier | undefined;
  for (const tier of tiers) {
    if (!(percent < tier.below)) continue;
    if (harshest === undefined || tier.discount > harshest.discount || (tier.discount === harshest.discount && tier.below < harshest.below)) {
      harshest = tier;
    }
  }
  return harshest !== undefined && harshest.discount > 0 ? harshest : undefined;
}
