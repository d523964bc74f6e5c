import pg from 'pg';
import type { ProbeOf } from '../../config/index.js';
import type { Clock } from '../../core/index.js';
import { abortReason } from '../abort-reason.js';
import type { Measurement, ProbeFactory, ProbeResult, ProbeRunContext } from '../probe.js';
import { clientConfig } from './postgres/client-config.js';
import { backupTime, describeDatabases } from './postgres/interpret.js';
import {
  ALL_DATABASES_SQL,
  LAST_ARCHIVED_SQL,
  LONG_QUERIES_SQL,
  NAMED_DATABASES_SQL,
  REPLICAS_SQL,
  STATUS_SQL,
  type DatabaseRow,
  type ReplicaRow,
  type StatusRow,
} from './postgres/queries.js';

type PostgresConfig = ProbeOf<'postgres'>;

/**
 * Connects once per run and reads `db_query_seconds`, `db_connections`, `db_connections_max`,
 * `db_up_is_replica`, `db_replication_lag_seconds`, per-database counters and sizes, `db_long_queries`
 * and `db_last_backup_age_seconds`.
 */
export const postgresProbe: ProbeFactory<'postgres'> = (config, deps) => ({
  run: (context) => new PostgresRun(config, deps.clock, context).run(),
});

/** One run over one connection; remembers how far it got, so a failure says where it stopped. */
class PostgresRun {
  private readonly measurements: Measurement[] = [];
  private readonly notes: string[] = [];
  private stage = 'while connecting';

  constructor(
    private readonly config: PostgresConfig,
    private readonly clock: Clock,
    private readonly context: ProbeRunContext,
  ) {}

  async run(): Promise<ProbeResult> {
    const { signal, timeoutMs } = this.context;
    const client = new pg.Client(clientConfig(this.config, timeoutMs));
    // Errors reach the awaited call; this keeps one between calls from crashing the process.
    client.on('error', () => undefined);
    // end() destroys the socket when a query or the handshake is in flight; a pending connect() may
    // then never settle, so the run also stops waiting on the abort itself.
    const close = () => void client.end().catch(() => undefined);
    let onAbort = close;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        close();
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      signal.throwIfAborted();
      await Promise.race([this.connectAndMeasure(client), aborted]);
      const error = this.notes.length === 0 ? {} : { error: this.notes.join('; ') };
      return { up: true, measurements: this.measurements, ...error };
    } catch (error) {
      return { up: false, measurements: this.measurements, error: this.failure(error) };
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) close();
      else await client.end().catch(() => undefined);
    }
  }

  private async connectAndMeasure(client: pg.Client): Promise<void> {
    await client.connect();
    await this.measure(client);
  }

  private async measure(client: pg.Client): Promise<void> {
    this.stage = 'in SELECT 1';
    const started = this.clock.monotonic();
    await client.query('SELECT 1');
    this.add('db_query_seconds', (this.clock.monotonic() - started) / 1000);

    this.stage = 'reading connections and recovery status';
    const status = (await client.query<StatusRow>(STATUS_SQL)).rows[0];
    if (status === undefined) throw new Error('the status query returned no row');
    this.add('db_connections', status.connections);
    this.add('db_connections_max', status.max_connections);
    this.add('db_up_is_replica', status.is_replica ? 1 : 0);
    if (status.is_replica) {
      if (status.lag_seconds !== null) this.add('db_replication_lag_seconds', Math.max(0, status.lag_seconds));
    } else {
      this.stage = 'reading pg_stat_replication';
      for (const row of (await client.query<ReplicaRow>(REPLICAS_SQL)).rows) {
        this.add('db_replication_lag_seconds', row.lag_seconds, { replica: row.replica });
      }
    }

    await this.measureDatabases(client);

    this.stage = 'counting long queries';
    const long = (await client.query<{ count: number }>(LONG_QUERIES_SQL, [this.config.long_query_threshold / 1000])).rows[0];
    this.add('db_long_queries', long?.count ?? 0);

    await this.measureBackup(client);
  }

  private async measureDatabases(client: pg.Client): Promise<void> {
    this.stage = 'reading pg_stat_database';
    const selection = this.config.databases ?? [this.config.dsn?.database ?? this.config.database];
    const rows =
      selection === 'all'
        ? (await client.query<DatabaseRow>(ALL_DATABASES_SQL)).rows
        : (await client.query<DatabaseRow>(NAMED_DATABASES_SQL, [selection])).rows;
    const { measurements, missing } = describeDatabases(rows, selection === 'all' ? [] : selection);
    this.measurements.push(...measurements);
    if (missing.length > 0) this.notes.push(`no database named ${missing.map((name) => JSON.stringify(name)).join(', ')}`);
  }

  private async measureBackup(client: pg.Client): Promise<void> {
    const marker = this.config.backup_marker_query;
    this.stage = marker === undefined ? 'reading pg_stat_archiver' : 'in backup_marker_query';
    const result = await client.query<unknown[]>({ text: marker ?? LAST_ARCHIVED_SQL, rowMode: 'array' });
    const at = backupTime(result.rows[0]?.[0]);
    if (at !== undefined) this.add('db_last_backup_age_seconds', Math.max(0, (this.clock.now() - at) / 1000));
    else if (marker !== undefined) this.notes.push('backup_marker_query returned no timestamp');
  }

  private add(metric: string, value: number, labels?: Measurement['labels']): void {
    this.measurements.push(labels === undefined ? { metric, value } : { metric, labels, value });
  }

  private failure(error: unknown): string {
    const { signal } = this.context;
    if (signal.aborted) return `${abortReason(this.context)} ${this.stage}`;
    const message = error instanceof Error ? error.message : String(error);
    // Node's connect errors already say "connect ECONNREFUSED host:port"; server errors do not say where.
    return this.stage === 'while connecting' && /^connect /.test(message) ? message : `${message} (${this.stage})`;
  }
}
