import { createConnection } from 'mysql2';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { ProbeOf } from '../../config/index.js';
import { formatDuration, type Clock } from '../../core/index.js';
import type { Measurement, ProbeFactory, ProbeResult, ProbeRunContext } from '../probe.js';
import { connectionOptions } from './mysql/connection-options.js';
import { replicationState, statusMeasurements, STATUS_METRICS, type ReplicaStatusRow, type StatusRow } from './mysql/interpret.js';
import { abortReason } from '../abort-reason.js';

type MysqlConfig = ProbeOf<'mysql'>;

const STATUS_SQL = `SHOW GLOBAL STATUS WHERE Variable_name IN (${Object.keys(STATUS_METRICS)
  .map((name) => `'${name}'`)
  .join(', ')})`;

/**
 * Connects once per run and reads `db_query_seconds`, `db_connections`, `db_connections_max`, the
 * server counters and, on a replica, `db_replication_running` and `db_replication_lag_seconds`. A replica
 * whose replication is stopped answers but is down: its data goes stale.
 */
export const mysqlProbe: ProbeFactory<'mysql'> = (config, deps) => ({
  run: (context) => new MysqlRun(config, deps.clock, context).run(),
});

/** One run over one connection; remembers how far it got, so a failure says where it stopped. */
class MysqlRun {
  private readonly measurements: Measurement[] = [];
  private readonly notes: string[] = [];
  private replicationBroken = false;
  private stage = 'while connecting';
  private connection: Connection | undefined;

  constructor(
    private readonly config: MysqlConfig,
    private readonly clock: Clock,
    private readonly context: ProbeRunContext,
  ) {}

  async run(): Promise<ProbeResult> {
    const { signal } = this.context;
    let onAbort: () => void = () => undefined;
    // The driver takes no signal: the run stops waiting on the abort itself and destroys the socket.
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        this.connection?.destroy();
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    let clean = false;
    try {
      signal.throwIfAborted();
      await Promise.race([this.connectAndMeasure(), aborted]);
      clean = true;
      const error = this.notes.length === 0 ? {} : { error: this.notes.join('; ') };
      return { up: !this.replicationBroken, measurements: this.measurements, ...error };
    } catch (error) {
      return { up: false, measurements: this.measurements, error: this.failure(error) };
    } finally {
      signal.removeEventListener('abort', onAbort);
      const connection = this.connection;
      // end() waits for the server's goodbye, which never comes over a failed handshake or a broken link.
      if (clean && !signal.aborted) await connection?.end().catch(() => connection.destroy());
      else connection?.destroy();
    }
  }

  private async connectAndMeasure(): Promise<void> {
    // The callback driver hands the connection over before the handshake, so an abort can destroy it.
    const core = createConnection(connectionOptions(this.config, this.context.timeoutMs));
    // Errors reach the awaited call; this keeps one between calls from crashing the process.
    core.on('error', () => undefined);
    this.connection = core.promise();
    await new Promise<void>((resolve, reject) => core.connect((error) => (error ? reject(error) : resolve())));
    await this.measure(this.connection);
  }

  private async measure(connection: Connection): Promise<void> {
    this.stage = 'in SELECT 1';
    const started = this.clock.monotonic();
    await connection.query('SELECT 1');
    this.add('db_query_seconds', (this.clock.monotonic() - started) / 1000);

    this.stage = 'reading global status';
    const [status] = await connection.query<(StatusRow & RowDataPacket)[]>(STATUS_SQL);
    this.measurements.push(...statusMeasurements(status));
    const [limits] = await connection.query<RowDataPacket[]>('SELECT @@GLOBAL.max_connections AS max_connections');
    const max = Number(limits[0]?.['max_connections']);
    if (Number.isFinite(max)) this.add('db_connections_max', max);

    await this.measureReplication(connection);
  }

  private async measureReplication(connection: Connection): Promise<void> {
    this.stage = 'in SHOW REPLICA STATUS';
    let rows: (ReplicaStatusRow & RowDataPacket)[];
    try {
      [rows] = await connection.query<(ReplicaStatusRow & RowDataPacket)[]>('SHOW REPLICA STATUS');
    } catch (error) {
      // Without the REPLICA MONITOR privilege the rest of the run still stands.
      if (this.context.signal.aborted || !isAccessDenied(error)) throw error;
      this.notes.push(`cannot read the replication status: ${(error as Error).message}`);
      return;
    }
    const row = rows[0];
    if (row === undefined) return;
    const state = replicationState(row);
    this.add('db_replication_running', state.running ? 1 : 0);
    if (state.running) {
      this.add('db_replication_lag_seconds', state.lagSeconds);
    } else {
      this.replicationBroken = true;
      this.notes.push(state.reason);
    }
  }

  private add(metric: string, value: number): void {
    this.measurements.push({ metric, value });
  }

  private failure(error: unknown): string {
    const { signal, timeoutMs } = this.context;
    if (signal.aborted) return `${abortReason(this.context)} ${this.stage}`;
    const message = error instanceof Error ? error.message : String(error);
    if (this.stage !== 'while connecting') return `${message} (${this.stage})`;
    const code = (error as { code?: unknown }).code;
    if (code === 'ER_ACCESS_DENIED_ERROR') return `authentication failed: ${message}`;
    if (code === 'ETIMEDOUT') return `timed out after ${formatDuration(timeoutMs)} while connecting`;
    // Node's connect errors already say "connect ECONNREFUSED host:port".
    return /^connect /.test(message) ? message : `${message} (while connecting to ${this.config.host}:${this.config.port})`;
  }
}

function isAccessDenied(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR' || code === 'ER_TABLEACCESS_DENIED_ERROR';
}
