import type { Measurement } from '../../probe.js';
import type { DatabaseRow } from './queries.js';

/** Per-database series of the database rows, and which of the `wanted` names had no row. */
export function describeDatabases(
  rows: readonly DatabaseRow[],
  wanted: readonly string[],
): { measurements: Measurement[]; missing: string[] } {
  const measurements: Measurement[] = [];
  for (const row of rows) {
    const labels = { database: row.database };
    measurements.push(
      { metric: 'db_commits_total', labels, value: row.commits },
      { metric: 'db_rollbacks_total', labels, value: row.rollbacks },
      { metric: 'db_deadlocks_total', labels, value: row.deadlocks },
    );
    if (row.size_bytes !== null) measurements.push({ metric: 'db_size_bytes', labels, value: row.size_bytes });
  }
  const found = new Set(rows.map((row) => row.database));
  return { measurements, missing: wanted.filter((name) => !found.has(name)) };
}

/** Epoch milliseconds of a backup timestamp cell (a Date, or text a Date can parse); undefined for NULL or junk. */
export function backupTime(cell: unknown): number | undefined {
  const at = cell instanceof Date ? cell.getTime() : typeof cell === 'string' ? Date.parse(cell) : Number.NaN;
  return Number.isFinite(at) ? at : undefined;
}
