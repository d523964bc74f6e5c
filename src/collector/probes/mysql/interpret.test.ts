import { describe, expect, it } from 'vitest';
import { numberOf, replicationState, statusMeasurements } from './interpret.js';

describe('statusMeasurements', () => {
  it('maps the known variables and skips the rest', () => {
    expect(
      statusMeasurements([
        { Variable_name: 'Threads_connected', Value: '3' },
        { Variable_name: 'Questions', Value: '1234' },
        { Variable_name: 'Uptime', Value: '60' },
        { Variable_name: 'Slow_queries', Value: null },
        { Variable_name: 'Bytes_sent', Value: '9' },
      ]),
    ).toEqual([
      { metric: 'db_connections', value: 3 },
      { metric: 'db_queries_total', value: 1234 },
      { metric: 'db_uptime_seconds', value: 60 },
    ]);
  });
});

describe('replicationState', () => {
  it('is running with its lag when both threads run', () => {
    expect(replicationState({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Seconds_Behind_Master: 0 })).toEqual({ running: true, lagSeconds: 0 });
    expect(replicationState({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Seconds_Behind_Master: '12' })).toEqual({ running: true, lagSeconds: 12 });
  });

  it.each([
    [{ Slave_IO_Running: 'No', Slave_SQL_Running: 'No', Seconds_Behind_Master: null, Last_IO_Error: '', Last_SQL_Error: '' }, 'replication stopped: IO thread stopped, SQL thread stopped'],
    [
      { Slave_IO_Running: 'Connecting', Slave_SQL_Running: 'Yes', Seconds_Behind_Master: null, Last_IO_Error: "error connecting to master 'repl@127.0.0.1:1'", Last_SQL_Error: '' },
      "replication stopped: IO thread connecting, SQL thread running; error connecting to master 'repl@127.0.0.1:1'",
    ],
    [
      { Slave_IO_Running: 'Yes', Slave_SQL_Running: 'No', Seconds_Behind_Master: null, Last_SQL_Error: "Error 'Duplicate entry' on query" },
      "replication stopped: IO thread running, SQL thread stopped; Error 'Duplicate entry' on query",
    ],
    [{ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Seconds_Behind_Master: null }, 'replication stopped: IO thread running, SQL thread running'],
  ])('is stopped with the reason for %o', (row, reason) => {
    expect(replicationState(row)).toEqual({ running: false, reason });
  });
});

describe('numberOf', () => {
  it.each([
    ['42', 42],
    [7, 7],
    ['', undefined],
    [null, undefined],
    ['OFF', undefined],
    [Number.NaN, undefined],
  ])('reads %o', (cell, expected) => {
    expect(numberOf(cell)).toBe(expected);
  });
});
