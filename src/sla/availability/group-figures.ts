import type { AvailabilityFigures, GroupAvailability } from '../report-model.js';
import { figuresFromTotals } from './availability-figures.js';

function toMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/**
 * Several targets' figures together: seconds and outages summed, every ratio recomputed from the sums
 * (availability, allowed downtime, MTTR = total down / total outages), never averaged.
 */
export function sumFigures(members: readonly AvailabilityFigures[], targetPercent: number): AvailabilityFigures {
  let upMs = 0;
  let downMs = 0;
  let unknownMs = 0;
  let maintenanceMs = 0;
  let outages = 0;
  for (const member of members) {
    upMs += toMs(member.upSeconds);
    downMs += toMs(member.downSeconds);
    unknownMs += toMs(member.unknownSeconds);
    maintenanceMs += toMs(member.maintenanceSeconds);
    outages += member.outages;
  }
  return figuresFromTotals({ upMs, downMs, unknownMs, maintenanceMs, outages }, targetPercent);
}

/** The targets of one role, one site, or all of them, reported under `key`. */
export function groupFigures(key: string, members: readonly AvailabilityFigures[], targetPercent: number): GroupAvailability {
  return { key, targets: members.length, ...sumFigures(members, targetPercent) };
}
