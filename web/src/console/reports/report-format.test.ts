// Pure helpers of the reports page: durations, truncated percentages, money, months, zoned times, order, routes.
import { describe, expect, it } from 'vitest';
import type { AvailabilityFiguresView, ComplianceFiguresView, SlaIncidentView } from '../../lib/types.js';
import { parseRoute, reportsHref } from '../route.js';
import { formatAvailability, formatCompliance, formatDuration, formatMoney, formatMonth, formatZoned, previousMonthOf, reportFileHref } from './report-format.js';
import { incidentsByOutcome, worstAvailabilityFirst, worstComplianceFirst } from './report-order.js';

describe('report formatting', () => {
  it('prints durations to the second with trailing zero units dropped', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(0.4)).toBe('0s');
    expect(formatDuration(263)).toBe('4m 23s');
    expect(formatDuration(259.56)).toBe('4m 20s');
    expect(formatDuration(7200)).toBe('2h');
    expect(formatDuration(7210)).toBe('2h 00m 10s');
    expect(formatDuration(2_595_600)).toBe('30d 01h');
    expect(formatDuration(2_222_626.43)).toBe('25d 17h 23m 46s');
    expect(formatDuration(-458.72)).toBe('\u22127m 39s');
  });

  it('truncates percentages so a miss never reads as the target', () => {
    expect(formatAvailability(99.99, 'en')).toBe('99.99%');
    expect(formatAvailability(99.98996, 'en')).toBe('99.9899%');
    expect(formatAvailability(99.98705046142773, 'en')).toBe('99.987%');
    expect(formatAvailability(99.9514563106796, 'en')).toBe('99.9514%');
    expect(formatAvailability(100, 'en')).toBe('100.00%');
    expect(formatAvailability(99.98705046142773, 'es')).toBe('99,987\u00a0%');
    expect(formatAvailability(null, 'en')).toBe('—');
    expect(formatCompliance(71.42857142857143, 'en')).toBe('71.42%');
    expect(formatCompliance(66.66666666666666, 'en')).toBe('66.66%');
    expect(formatCompliance(98, 'en')).toBe('98%');
  });

  it('prints money, months and times in the report’s zone', () => {
    expect(formatMoney(2250, 'USD', 'en')).toBe('$2,250.00');
    expect(formatMoney(2250, 'pesos', 'en')).toBe('2,250.00 pesos');
    expect(formatMonth('2026-04', 'en')).toBe('April 2026');
    expect(formatMonth('2026-04', 'es')).toBe('abril de 2026');
    expect(formatMonth('2026-4', 'en')).toBe('2026-4');
    expect(formatZoned('2026-05-01T02:30:00.000Z', 'America/Santiago')).toBe('2026-04-30 22:30');
    expect(formatZoned('2026-04-01T03:00:00.000Z', 'America/Santiago')).toBe('2026-04-01 00:00');
    expect(formatZoned(null, 'UTC')).toBe('—');
  });

  it('defaults to the month before the current one, across a year', () => {
    expect(previousMonthOf(new Date(2026, 4, 1, 0, 5))).toBe('2026-04');
    expect(previousMonthOf(new Date(2026, 0, 31, 23, 59))).toBe('2025-12');
    expect(previousMonthOf(new Date(2026, 2, 31))).toBe('2026-02');
  });

  it('addresses the report files and the page by month', () => {
    expect(reportFileHref('availability', '2026-04', 'csv')).toBe('/api/v1/reports/availability?month=2026-04&format=csv');
    expect(reportFileHref('sla', '2026-04', 'csv', 'penalties')).toBe('/api/v1/reports/sla?month=2026-04&format=csv&table=penalties');
    expect(reportsHref('2026-04')).toBe('#/reports?month=2026-04');
    expect(reportsHref()).toBe('#/reports');
    expect(parseRoute('#/reports?month=2026-04')).toEqual({ page: 'reports', month: '2026-04' });
    expect(parseRoute('#/reports?month=%202026-13%20')).toEqual({ page: 'reports', month: '2026-13' });
    expect(parseRoute('#/reports')).toEqual({ page: 'reports' });
    expect(parseRoute('#/reports?month=')).toEqual({ page: 'reports' });
  });
});

describe('report order', () => {
  const row = (name: string, availabilityPercent: number | null, downSeconds: number, unknownSeconds = 0) =>
    ({ name, availabilityPercent, downSeconds, unknownSeconds }) as unknown as AvailabilityFiguresView & { name: string };

  it('lists the lowest availability first, then the most down and unknown time, unmeasured last', () => {
    const rows = [row('a', 100, 0), row('b', null, 0), row('c', 99.95, 1260), row('d', 100, 0, 600), row('e', 99.95, 1300), row('f', 99.99, 240)];
    expect(worstAvailabilityFirst(rows, (r) => r.name).map((r) => r.name)).toEqual(['e', 'c', 'f', 'd', 'a', 'b']);
  });

  it('lists the lowest compliance first and incidents out of SLA first', () => {
    const group = (key: string, compliancePercent: number | null, attentionMissed: number) => ({ key, compliancePercent, attentionMissed, solutionMissed: 0 }) as ComplianceFiguresView;
    expect(worstComplianceFirst([group('mx', 100, 0), group('co', 50, 1), group('cl', 50, 2), group('pe', null, 0)]).map((g) => g.key)).toEqual(['cl', 'co', 'mx', 'pe']);
    const incident = (number: string, withinSla: boolean | null, registeredAt: string) => ({ number, withinSla, registeredAt }) as SlaIncidentView;
    const ordered = incidentsByOutcome([
      incident('N-1', true, '2026-04-01T00:00:00Z'),
      incident('N-2', null, '2026-04-02T00:00:00Z'),
      incident('N-3', false, '2026-04-03T00:00:00Z'),
      incident('N-4', false, '2026-04-01T12:00:00Z'),
    ]);
    expect(ordered.map((i) => i.number)).toEqual(['N-4', 'N-3', 'N-2', 'N-1']);
  });
});
