import { describe, expect, it } from 'vitest';
import { AvailabilityFigures } from '../report-model.js';
import { figuresOf, outagesOf } from './availability-figures.js';
import { timeline } from './testing/timeline-fixtures.js';

const d = (time: string): string => `2026-04-01T${time}`;
const NEXT_DAY = '2026-04-02T00:00';

describe('figuresOf', () => {
  it('splits a day into up, down, unknown and maintenance and judges it against 99.99%', () => {
    // up 36000 + 16950 + 15300 + 10740 = 78990 s; down 1050 + 60 = 1110 s; unknown 2700 s; maintenance 3600 s.
    const day = timeline(
      d('00:00'), 'up', d('10:00'), 'down', d('10:17:30'), 'up', d('15:00'), 'unknown', d('15:45'), 'up',
      d('20:00'), 'maintenance', d('21:00'), 'up', d('23:59'), 'down', NEXT_DAY,
    );
    const { figures, outages } = figuresOf(day, 99.99);
    expect(figures).toEqual({
      upSeconds: 78_990,
      downSeconds: 1110,
      unknownSeconds: 2700,
      maintenanceSeconds: 3600,
      availabilityPercent: expect.closeTo((78_990 / 80_100) * 100, 9) as number,
      targetPercent: 99.99,
      allowedDowntimeSeconds: 8.28, // 0.01% of (86400 − 3600) s
      errorBudgetLeftSeconds: -1101.72,
      met: false,
      outages: 2,
      mttrSeconds: 555,
      mtbfSeconds: 39_495,
    });
    expect(AvailabilityFigures.parse(figures)).toEqual(figures);
    expect(outages).toEqual([
      { start: '2026-04-01T10:00:00.000Z', end: '2026-04-01T10:17:30.000Z', seconds: 1050, ongoing: false },
      { start: '2026-04-01T23:59:00.000Z', end: '2026-04-02T00:00:00.000Z', seconds: 60, ongoing: true },
    ]);
  });

  it('counts milliseconds exactly, without float noise', () => {
    // down 0.1 s and 0.2 s, separated by 0.9 s unknown: two outages; up 10 + 48.8 s.
    const minute = timeline(d('00:00'), 'up', d('00:00:10'), 'down', d('00:00:10.100'), 'unknown', d('00:00:11'), 'down', d('00:00:11.200'), 'up', d('00:01'));
    const { figures, outages } = figuresOf(minute, 99.99);
    expect(figures.downSeconds).toBe(0.3);
    expect(figures.upSeconds).toBe(58.8);
    expect(figures.unknownSeconds).toBe(0.9);
    expect(figures.allowedDowntimeSeconds).toBe(0.006);
    expect(figures.errorBudgetLeftSeconds).toBe(-0.294);
    expect(figures.mttrSeconds).toBe(0.15);
    expect(figures.mtbfSeconds).toBe(29.4);
    expect(outages.map((outage) => outage.seconds)).toEqual([0.1, 0.2]);
  });

  it('meets the target exactly at 99.99% and misses it one second later', () => {
    // 100000 s measured: 10 s down is exactly the allowance.
    const exact = figuresOf(timeline(d('00:00'), 'up', '2026-04-02T03:46:30', 'down', '2026-04-02T03:46:40'), 99.99).figures;
    expect(exact).toMatchObject({ availabilityPercent: 99.99, met: true, allowedDowntimeSeconds: 10, errorBudgetLeftSeconds: 0 });
    const over = figuresOf(timeline(d('00:00'), 'up', '2026-04-02T03:46:29', 'down', '2026-04-02T03:46:40'), 99.99).figures;
    expect(over).toMatchObject({ availabilityPercent: 99.989, met: false, allowedDowntimeSeconds: 10, errorBudgetLeftSeconds: -1 });
  });

  it('reports nothing measured as null availability, not as 0% or 100%', () => {
    const unknown = figuresOf(timeline(d('00:00'), 'unknown', NEXT_DAY), 99.99).figures;
    expect(unknown).toMatchObject({ unknownSeconds: 86_400, availabilityPercent: null, met: null, allowedDowntimeSeconds: 8.64, outages: 0, mttrSeconds: null, mtbfSeconds: null });
    const maintenance = figuresOf(timeline(d('00:00'), 'maintenance', NEXT_DAY), 99.99).figures;
    expect(maintenance).toMatchObject({ maintenanceSeconds: 86_400, availabilityPercent: null, met: null, allowedDowntimeSeconds: 0, errorBudgetLeftSeconds: 0 });
    const empty = figuresOf([], 99.99);
    expect(empty.outages).toEqual([]);
    expect(empty.figures).toMatchObject({ upSeconds: 0, downSeconds: 0, availabilityPercent: null, allowedDowntimeSeconds: 0 });
  });
});

describe('outagesOf', () => {
  it('ends an outage at any other state, merges touching down spans, and marks only a run to the end ongoing', () => {
    const spans = [
      ...timeline(d('00:00'), 'down', d('01:00'), 'maintenance', d('02:00'), 'down', d('02:30')),
      ...timeline(d('02:30'), 'down', d('03:00'), 'up', d('04:00')),
    ];
    expect(outagesOf(spans)).toEqual([
      { start: '2026-04-01T00:00:00.000Z', end: '2026-04-01T01:00:00.000Z', seconds: 3600, ongoing: false },
      { start: '2026-04-01T02:00:00.000Z', end: '2026-04-01T03:00:00.000Z', seconds: 3600, ongoing: false },
    ]);
  });
});
