import { describe, expect, it } from 'vitest';
import { applyMaintenance, maintenanceSpans, type MaintenanceWindow } from './apply-maintenance.js';
import { timeline, utc, written } from './testing/timeline-fixtures.js';

const d = (time: string): string => `2026-04-20T${time}`;
const window = (start: string, end: string): { start: number; end: number } => ({ start: utc(start), end: utc(end) });

describe('applyMaintenance', () => {
  // Outage 10:30–11:30 lies inside maintenance; outage 12:50–13:10 overlaps its end.
  const history = timeline(d('00:00'), 'up', d('10:30'), 'down', d('11:30'), 'up', d('12:50'), 'down', d('13:10'), 'up', '2026-04-21T00:00');

  it('turns overlapping, unsorted windows into one stretch of maintenance whatever the state', () => {
    const result = applyMaintenance(history, [window(d('11:00'), d('13:00')), window(d('10:00'), d('12:00'))]);
    expect(written(result)).toEqual([d('00:00'), 'up', d('10:00'), 'maintenance', d('13:00'), 'down', d('13:10'), 'up', '2026-04-21T00:00']);
  });

  it('clips windows reaching past the timeline and ignores empty or inverted ones', () => {
    const result = applyMaintenance(history, [
      window('2026-04-19T22:00', d('01:00')),
      window(d('23:00'), '2026-04-21T02:00'),
      window(d('05:00'), d('05:00')),
      window(d('07:00'), d('06:00')),
    ]);
    expect(written(result)).toEqual([
      d('00:00'), 'maintenance', d('01:00'), 'up', d('10:30'), 'down', d('11:30'), 'up', d('12:50'), 'down', d('13:10'), 'up',
      d('23:00'), 'maintenance', '2026-04-21T00:00',
    ]);
  });

  it('merges with maintenance already in the timeline and spans several states', () => {
    const withState = timeline(d('00:00'), 'unknown', d('08:00'), 'maintenance', d('09:00'), 'up', '2026-04-21T00:00');
    const result = applyMaintenance(withState, [window(d('07:00'), d('08:00')), window(d('09:00'), d('09:30'))]);
    expect(written(result)).toEqual([d('00:00'), 'unknown', d('07:00'), 'maintenance', d('09:30'), 'up', '2026-04-21T00:00']);
  });

  it('leaves a timeline without windows as it is', () => {
    expect(applyMaintenance(history, [])).toEqual(history);
    expect(applyMaintenance([], [window(d('10:00'), d('11:00'))])).toEqual([]);
  });
});

describe('maintenanceSpans', () => {
  const range = { from: utc('2026-04-01T00:00'), to: utc('2026-04-25T12:00') };
  const windows: MaintenanceWindow[] = [
    { target: 'sbc-mx-2', name: 'extension', source: 'api', ...window(d('11:00'), d('13:00')) },
    { target: 'sbc-mx-2', name: 'upgrade', source: 'config', ...window(d('10:00'), d('12:00')) },
    { target: 'sbc-mx-2', name: 'power', source: 'config', ...window('2026-03-31T22:00', '2026-04-01T01:00') },
    { target: 'sbc-mx-2', name: 'late', source: 'api', ...window('2026-04-25T11:00', '2026-04-25T15:00') },
    { target: 'sbc-mx-2', name: 'next month', source: 'config', ...window('2026-05-02T00:00', '2026-05-02T01:00') },
  ];

  it('lists each window clipped to the range, in start order, overlapping ones each with its own span', () => {
    expect(maintenanceSpans(windows, range)).toEqual([
      { name: 'power', source: 'config', start: '2026-04-01T00:00:00.000Z', end: '2026-04-01T01:00:00.000Z', seconds: 3600 },
      { name: 'upgrade', source: 'config', start: '2026-04-20T10:00:00.000Z', end: '2026-04-20T12:00:00.000Z', seconds: 7200 },
      { name: 'extension', source: 'api', start: '2026-04-20T11:00:00.000Z', end: '2026-04-20T13:00:00.000Z', seconds: 7200 },
      { name: 'late', source: 'api', start: '2026-04-25T11:00:00.000Z', end: '2026-04-25T12:00:00.000Z', seconds: 3600 },
    ]);
  });
});
