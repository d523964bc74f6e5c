import type { AvailabilityFigures, Outage } from '../report-model.js';
import type { StateTimeline } from './state-timeline.js';

/** Whole milliseconds per state and the number of outages: what every figure is derived from. */
export interface StateTotals {
  readonly upMs: number;
  readonly downMs: number;
  readonly unknownMs: number;
  readonly maintenanceMs: number;
  readonly outages: number;
}

// Percentages are rounded to 1e-9 so float noise (99.99000000000001) neither shows in the report nor flips `met`.
function roundPercent(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** The figures of `totals` against `targetPercent` (e.g. 99.99); seconds are exact to the millisecond. */
export function figuresFromTotals(totals: StateTotals, targetPercent: number): AvailabilityFigures {
  const { upMs, downMs, unknownMs, maintenanceMs, outages } = totals;
  const decided = upMs + downMs;
  const availabilityPercent = decided === 0 ? null : roundPercent((upMs * 100) / decided);
  const countedMs = upMs + downMs + unknownMs;
  const allowedMs = Math.round((roundPercent(100 - targetPercent) * countedMs) / 100);
  return {
    upSeconds: upMs / 1000,
    downSeconds: downMs / 1000,
    unknownSeconds: unknownMs / 1000,
    maintenanceSeconds: maintenanceMs / 1000,
    availabilityPercent,
    targetPercent,
    allowedDowntimeSeconds: allowedMs / 1000,
    errorBudgetLeftSeconds: (allowedMs - downMs) / 1000,
    met: availabilityPercent === null ? null : availabilityPercent >= targetPercent,
    outages,
    mttrSeconds: outages === 0 ? null : Math.round(downMs / outages) / 1000,
    mtbfSeconds: outages === 0 ? null : Math.round(upMs / outages) / 1000,
  };
}

/** The maximal runs of down time in `timeline`: any other state ends an outage; the last may be ongoing. */
export function outagesOf(timeline: StateTimeline): Outage[] {
  const runs: { start: number; end: number }[] = [];
  for (const span of timeline) {
    if (span.state !== 'down') continue;
    const last = runs.at(-1);
    if (last !== undefined && last.end === span.start) last.end = span.end;
    else runs.push({ start: span.start, end: span.end });
  }
  const timelineEnd = timeline.at(-1)?.end;
  return runs.map((run) => ({
    start: new Date(run.start).toISOString(),
    end: new Date(run.end).toISOString(),
    seconds: (run.end - run.start) / 1000,
    ongoing: run.end === timelineEnd,
  }));
}

/** The availability figures and the outage list of one timeline against `targetPercent`. */
export function figuresOf(timeline: StateTimeline, targetPercent: number): { figures: AvailabilityFigures; outages: Outage[] } {
  const ms = { up: 0, down: 0, unknown: 0, maintenance: 0 };
  for (const span of timeline) ms[span.state] += Math.round(span.end - span.start);
  const outages = outagesOf(timeline);
  const totals = { upMs: ms.up, downMs: ms.down, unknownMs: ms.unknown, maintenanceMs: ms.maintenance, outages: outages.length };
  return { figures: figuresFromTotals(totals, targetPercent), outages };
}
