import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DatabaseMetrics } from './simulation.js';

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly value: number | undefined;
}

/** The metrics of one database node in the Prometheus text format, under the platform's `db_*` names. */
export function renderDatabaseMetrics(metrics: DatabaseMetrics): string {
  const families: Family[] = [
    { name: 'db_connections', help: 'Client connections open.', type: 'gauge', value: metrics.connections },
    { name: 'db_connections_max', help: 'Connections allowed (max_connections).', type: 'gauge', value: metrics.connectionsMax },
    { name: 'db_replication_lag_seconds', help: 'How far replay trails the primary.', type: 'gauge', value: metrics.replicationLagSeconds },
    { name: 'db_last_backup_age_seconds', help: 'Time since the last completed backup.', type: 'gauge', value: metrics.lastBackupAgeSeconds },
    { name: 'db_query_seconds', help: 'Latency of the health query.', type: 'gauge', value: metrics.querySeconds },
    { name: 'db_commits_total', help: 'Transactions committed.', type: 'counter', value: metrics.commitsTotal },
    { name: 'db_rollbacks_total', help: 'Transactions rolled back.', type: 'counter', value: metrics.rollbacksTotal },
  ];
  return families
    .filter((family) => family.value !== undefined)
    .map((family) => `# HELP ${family.name} ${family.help}\n# TYPE ${family.name} ${family.type}\n${family.name} ${family.value}\n`)
    .join('');
}

/** Serves `GET /metrics` like a database exporter would. */
export function databaseExporterHandler(read: () => DatabaseMetrics): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('try /metrics\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(renderDatabaseMetrics(read()));
  };
}
