import type { Measurement } from '../../probe.js';

/** Global status variables read each run, and the series each becomes. */
export const STATUS_METRICS: Readonly<Record<string, string>> = {
  Threads_connected: 'db_connections',
  Slow_queries: 'db_slow_queries_total',
  Aborted_connects: 'db_aborted_connects_total',
  Questions: 'db_queries_total',
  Uptime: 'db_uptime_seconds',
};

/** A `SHOW GLOBAL STATUS` row; the driver hands values over as strings. */
export interface StatusRow {
  readonly Variable_name: string;
  readonly Value: string | null;
}

/** The `SHOW REPLICA STATUS` columns the probe reads; MariaDB keeps the old `Master`/`Slave` names. */
export interface ReplicaStatusRow {
  readonly Slave_IO_Running?: string | null;
  readonly Slave_SQL_Running?: string | null;
  readonly Seconds_Behind_Master?: number | string | null;
  readonly Last_IO_Error?: string | null;
  readonly Last_SQL_Error?: string | null;
}

/** What a replica's status says: running with a lag, or stopped with the reason. */
export type ReplicationState = { readonly running: true; readonly lagSeconds: number } | { readonly running: false; readonly reason: string };

/** Turns the status rows into measurements; a variable the server does not report is left out. */
export function statusMeasurements(rows: readonly StatusRow[]): Measurement[] {
  const measurements: Measurement[] = [];
  for (const row of rows) {
    const metric = STATUS_METRICS[row.Variable_name];
    const value = numberOf(row.Value);
    if (metric !== undefined && value !== undefined) measurements.push({ metric, value });
  }
  return measurements;
}

/** Reads one replication channel: both threads running and a known lag, or why not. */
export function replicationState(row: ReplicaStatusRow): ReplicationState {
  const io = row.Slave_IO_Running ?? 'No';
  const sql = row.Slave_SQL_Running ?? 'No';
  const lag = numberOf(row.Seconds_Behind_Master);
  if (io === 'Yes' && sql === 'Yes' && lag !== undefined) return { running: true, lagSeconds: Math.max(0, lag) };
  const errors = [row.Last_IO_Error, row.Last_SQL_Error].filter((text): text is string => typeof text === 'string' && text !== '');
  const threads = `IO thread ${describeThread(io)}, SQL thread ${describeThread(sql)}`;
  return { running: false, reason: `replication stopped: ${[threads, ...errors].join('; ')}` };
}

function describeThread(state: string): string {
  return state === 'Yes' ? 'running' : state === 'No' ? 'stopped' : state.toLowerCase();
}

/** A numeric cell as a number; NULL, empty and non-numeric cells are undefined. */
export function numberOf(cell: unknown): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell !== 'string' || cell.trim() === '') return undefined;
  const value = Number(cell);
  return Number.isFinite(value) ? value : undefined;
}
