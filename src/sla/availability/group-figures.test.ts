import { describe, expect, it } from 'vitest';
import type { AvailabilityFigures } from '../report-model.js';
import { figuresFromTotals } from './availability-figures.js';
import { groupFigures, sumFigures } from './group-figures.js';

const MONTH_MS = 2_592_000_000;

function figures(upMs: number, downMs: number, unknownMs: number, maintenanceMs: number, outages: number): AvailabilityFigures {
  return figuresFromTotals({ upMs, downMs, unknownMs, maintenanceMs, outages }, 99.99);
}

describe('groupFigures', () => {
  // Two SBCs of a 30-day month: one with 2850 s down in 2 outages and 2700 s unknown; one with 3 h of
  // maintenance and 900 s down in 2 outages.
  const sbc1 = figures(2_586_450_000, 2_850_000, 2_700_000, 0, 2);
  const sbc2 = figures(2_580_300_000, 900_000, 0, 10_800_000, 2);

  it('sums seconds and outages and recomputes every ratio from the sums', () => {
    expect(groupFigures('sbc', [sbc1, sbc2], 99.99)).toEqual({
      key: 'sbc',
      targets: 2,
      upSeconds: 5_166_750,
      downSeconds: 3750,
      unknownSeconds: 2700,
      maintenanceSeconds: 10_800,
      availabilityPercent: expect.closeTo((5_166_750 / 5_170_500) * 100, 9) as number,
      targetPercent: 99.99,
      allowedDowntimeSeconds: 517.32, // 0.01% of (2 × 2592000 − 10800) s
      errorBudgetLeftSeconds: -3232.68,
      met: false,
      outages: 4,
      mttrSeconds: 937.5, // 3750 s / 4, not the mean of 1425 and 450
      mtbfSeconds: 1_291_687.5,
    });
  });

  it('counts a target without data in time but not in availability', () => {
    const noData = figures(0, 0, MONTH_MS, 0, 0);
    const sum = sumFigures([sbc1, noData], 99.99);
    expect(sum).toMatchObject({ unknownSeconds: 2_594_700, availabilityPercent: sbc1.availabilityPercent, allowedDowntimeSeconds: 518.4, outages: 2 });
  });

  it('keeps milliseconds exact through the sum', () => {
    const sum = sumFigures([figures(100, 100, 0, 0, 1), figures(200, 200, 0, 0, 1)], 99.99);
    expect(sum).toMatchObject({ upSeconds: 0.3, downSeconds: 0.3, availabilityPercent: 50, mttrSeconds: 0.15 });
  });

  it('gives an empty group zeros and null ratios', () => {
    expect(groupFigures('none', [], 99.99)).toMatchObject({ targets: 0, upSeconds: 0, availabilityPercent: null, met: null, allowedDowntimeSeconds: 0, mttrSeconds: null });
  });
});
