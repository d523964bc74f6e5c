import { describe, expect, it } from 'vitest';
import { backupTime, describeDatabases } from './interpret.js';

describe('describeDatabases', () => {
  it('labels counters and sizes by database and lists wanted names without a row', () => {
    const { measurements, missing } = describeDatabases(
      [
        { database: 'billing', commits: 10, rollbacks: 1, deadlocks: 0, size_bytes: 8_000_000 },
        { database: 'secret', commits: 2, rollbacks: 0, deadlocks: 0, size_bytes: null },
      ],
      ['billing', 'crm'],
    );
    expect(missing).toEqual(['crm']);
    expect(measurements).toContainEqual({ metric: 'db_commits_total', labels: { database: 'billing' }, value: 10 });
    expect(measurements).toContainEqual({ metric: 'db_size_bytes', labels: { database: 'billing' }, value: 8_000_000 });
    expect(measurements.filter((m) => m.labels?.database === 'secret').map((m) => m.metric)).toEqual([
      'db_commits_total',
      'db_rollbacks_total',
      'db_deadlocks_total',
    ]);
  });
});

describe('backupTime', () => {
  it.each([
    [new Date('2026-01-02T03:04:05Z'), Date.parse('2026-01-02T03:04:05Z')],
    ['2026-01-02 03:04:05+00', Date.parse('2026-01-02T03:04:05Z')],
    [null, undefined],
    ['yesterday-ish', undefined],
    [42, undefined],
  ])('reads %s', (cell, expected) => {
    expect(backupTime(cell)).toBe(expected);
  });
});
