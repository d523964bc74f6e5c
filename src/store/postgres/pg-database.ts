import pg from 'pg';
import { NocError } from '../../core/index.js';
import { migratePg, PG_MIGRATIONS, type PgMigration } from './pg-migrations.js';

/** What the stores need from a connection: run one statement (a pool, or a client inside a transaction). */
export interface PgQueryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Options of {@link openPgDatabase}. */
export interface PgDatabaseOptions {
  /** Most connections the pool opens (default 10). */
  readonly maxConnections?: number;
  /** Server-side limit on each statement, ms (default: none). */
  readonly statementTimeoutMs?: number;
  /** How long to wait for a connection to be established, ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Told about errors of idle pooled connections (the server went away); the pool replaces them. */
  readonly onIdleError?: (error: Error) => void;
  /** Schema history to apply at open; the product's own by default. */
  readonly migrations?: readonly PgMigration[];
}

const INT8_OID = 20;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE']);

// bigint columns hold ms timestamps and ids, all far below 2^53: numbers, not the strings pg returns by default.
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? (text: string) => Number(text)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** SQLSTATE classes that mean the server or the connection is not there (08 connection, 57P operator shutdown). */
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code.startsWith('08') || code.startsWith('57P') || NETWORK_CODES.has(code);
  // pg reports a dropped socket and a pool connect timeout as plain Errors.
  return error instanceof Error && /^Connection terminated|timeout exceeded when trying to connect/.test(error.message);
}

/** An open PostgreSQL connection pool with the schema brought up to date. */
export class PgDatabase implements PgQueryable {
  /** The pool itself, for components that need their own session (advisory-lock leases). */
  readonly pool: pg.Pool;

  constructor(
    pool: pg.Pool,
    /** Where the pool connects, without credentials, for messages. */
    readonly where: string,
  ) {
    this.pool = pool;
  }

  /** Runs one statement on any pooled connection; losing the server surfaces as `unavailable`. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw this.wrap(error);
    }
  }

  /** Runs `fn` inside BEGIN … COMMIT on one connection, rolling back when it throws. */
  async transaction<T>(fn: (client: PgQueryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.wrap(error);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // A connection that cannot even roll back is not handed out again.
        broken = rollbackError as Error;
      }
      throw this.wrap(error);
    } finally {
      client.release(broken);
    }
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  private wrap(error: unknown): unknown {
    if (error instanceof NocError) return error;
    // 57014: cancelled by statement_timeout (or by an operator).
    if ((error as { code?: unknown }).code === '57014') {
      return new NocError('timeout', `PostgreSQL at ${this.where}: ${(error as Error).message}`, undefined, { cause: error });
    }
    if (!isUnavailable(error)) return error;
    return new NocError('unavailable', `PostgreSQL at ${this.where}: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** host:port/database of a connection URL, never its user or password. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    throw new NocError('bad_request', 'the PostgreSQL url must be postgres://[user[:password]@]host[:port]/database');
  }
}

/**
 * Opens a pool on `url` (postgres://user:password@host:port/database?sslmode=…), checks that the server
 * answers and applies pending migrations; `unavailable` when the server cannot be reached.
 */
export async function openPgDatabase(url: string, options: PgDatabaseOptions = {}): Promise<PgDatabase> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new NocError('bad_request', 'the PostgreSQL url must start with postgres:// or postgresql://');
  }
  const where = describeUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
    types: TYPES,
    application_name: 'noc',
  });
  // Without a listener an idle connection's error (server restart) would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new PgDatabase(pool, where);
  try {
    await migratePg(db, options.migrations ?? PG_MIGRATIONS);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof NocError) throw error;
    throw new NocError('unavailable', `cannot open PostgreSQL at ${where}: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  return db;
}
