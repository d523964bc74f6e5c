import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../core/index.js';
import { type MaintenanceSpan, maintenanceEvents } from './maintenance-events.js';
import { storeMaintenance } from './store-maintenance.js';

const M = 60_000;
const FROM = Date.UTC(2026, 0, 1, 2);
const TO = FROM + 60 * M;

const span = (name: string, start: number, end: number, rest: Partial<MaintenanceSpan> = {}): MaintenanceSpan => ({ name, targets: ['db-1'], start, end, ...rest });

describe('maintenanceEvents', () => {
  const cases: { name: string; spans: MaintenanceSpan[]; targets?: string[]; want: string[] }[] = [
    { name: 'inside the window: start and end', spans: [span('w', FROM + M, FROM + 10 * M)], want: ['1 maintenance_started w', '10 maintenance_ended w'] },
    { name: 'spanning the window: ongoing at from', spans: [span('w', FROM - M, TO + M)], want: ['0 maintenance_ongoing w'] },
    { name: 'started before, ends inside', spans: [span('w', FROM - M, FROM + 5 * M)], want: ['0 maintenance_ongoing w', '5 maintenance_ended w'] },
    { name: 'ending exactly at from: ended, not ongoing', spans: [span('w', FROM - M, FROM)], want: ['0 maintenance_ended w'] },
    { name: 'starting exactly at to', spans: [span('w', TO, TO + M)], want: ['60 maintenance_started w'] },
    { name: 'outside the window: nothing', spans: [span('w', TO + 1, TO + M), span('v', FROM - 2 * M, FROM - M)], want: [] },
    { name: 'cancelled inside: ended at the cancellation', spans: [span('w', FROM + M, FROM + 30 * M, { cancelledAt: FROM + 3 * M })], want: ['1 maintenance_started w', '3 maintenance_ended w'] },
    { name: 'cancelled before it began: never in effect', spans: [span('w', FROM + M, FROM + 30 * M, { cancelledAt: FROM })], want: [] },
    { name: 'a target filter', spans: [span('w', FROM + M, TO + M), span('v', FROM + 2 * M, TO + M, { targets: ['web'] })], targets: ['web'], want: ['2 maintenance_started v'] },
  ];
  it.each(cases)('$name', async ({ spans, targets, want }) => {
    const events = await maintenanceEvents(() => Promise.resolve(spans), { from: FROM, to: TO }, targets);
    expect(events.map((e) => `${(e.at - FROM) / M} ${e.kind} ${e.details['name']}`)).toEqual(want);
  });

  it('asks the lookup for the closed window as a half-open range and describes the window', async () => {
    const asked: [number, number][] = [];
    const events = await maintenanceEvents(
      (from, to) => {
        asked.push([from, to]);
        return Promise.resolve([span('backup', FROM, FROM + M, { source: 'config', cron: '0 2 * * *', cancelledAt: FROM + M / 2, targets: ['db-1', 'db-2'] })]);
      },
      { from: FROM, to: TO },
      undefined,
    );
    expect(asked).toEqual([[FROM, TO + 1]]);
    expect(events.map((e) => e.title)).toEqual(['maintenance "backup" started (db-1, db-2)', 'maintenance "backup" cancelled (db-1, db-2)']);
    expect(events[0]?.details).toMatchObject({ source: 'config', cron: '0 2 * * *', targets: ['db-1', 'db-2'], cancelledAt: FROM + M / 2 });
    expect(events[0]?.target).toBeUndefined();
  });
});

describe('storeMaintenance', () => {
  it('turns API windows into spans, cancellations kept', async () => {
    const windows: MaintenanceWindow[] = [
      { id: 'm1', name: 'swap', targets: ['sbc-1'], startsAt: FROM, endsAt: FROM + M, createdBy: 'ana', comment: 'disk', cancelledAt: FROM + 1 },
      { id: 'm2', name: 'late', targets: ['sbc-1'], startsAt: TO + 5, endsAt: TO + M, createdBy: 'ana', comment: '' },
    ];
    const lookup = storeMaintenance({ listMaintenance: () => Promise.resolve(windows) });
    expect(await lookup(FROM, TO + 1)).toEqual([
      { source: 'api', id: 'm1', name: 'swap', targets: ['sbc-1'], start: FROM, end: FROM + M, createdBy: 'ana', comment: 'disk', cancelledAt: FROM + 1 },
    ]);
  });
});
