// Counters come back as float8: pg returns bigint and numeric as strings, float8 as numbers.

/** Connections, their limit, whether this server is a replica and, on a replica, its replay lag. */
export const STATUS_SQL = `
SELECT
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::float8 AS connections,
  current_setting('max_connections')::float8 AS max_connections,
  pg_is_in_recovery() AS is_replica,
  CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())
  END::float8 AS lag_seconds`;

/** What {@link STATUS_SQL} returns. */
export interface StatusRow {
  readonly connections: number;
  readonly max_connections: number;
  readonly is_replica: boolean;
  readonly lag_seconds: number | null;
}

/**
 * The replicas a primary streams to, named by application_name or address. `replay_lag` turns NULL once
 * a replica has caught up and nothing new was written: that is no lag, not an unknown one.
 */
export const REPLICAS_SQL = `
SELECT coalesce(nullif(application_name, ''), host(client_addr), 'local') AS replica,
       coalesce(extract(epoch FROM replay_lag), 0)::float8 AS lag_seconds
FROM pg_stat_replication`;

/** What {@link REPLICAS_SQL} returns. */
export interface ReplicaRow {
  readonly replica: string;
  readonly lag_seconds: number;
}

const DATABASE_COLUMNS = `
SELECT d.datname AS database,
       s.xact_commit::float8 AS commits,
       s.xact_rollback::float8 AS rollbacks,
       s.deadlocks::float8 AS deadlocks,
       CASE WHEN has_database_privilege(d.datname, 'CONNECT') THEN pg_database_size(d.datname)::float8 END AS size_bytes
FROM pg_database d JOIN pg_stat_database s ON s.datid = d.oid`;

/** Transaction counters and size of the databases named in `$1`. */
export const NAMED_DATABASES_SQL = `${DATABASE_COLUMNS} WHERE d.datname = ANY($1::text[]) ORDER BY d.datname`;

/** Transaction counters and size of every database one can connect to, templates left out. */
export const ALL_DATABASES_SQL = `${DATABASE_COLUMNS} WHERE d.datallowconn AND NOT d.datistemplate ORDER BY d.datname`;

/** What the database queries return; size is NULL where the probe's user may not connect. */
export interface DatabaseRow {
  readonly database: string;
  readonly commits: number;
  readonly rollbacks: number;
  readonly deadlocks: number;
  readonly size_bytes: number | null;
}

/** Client queries active for longer than `$1` seconds, the probe's own session left out. */
export const LONG_QUERIES_SQL = `
SELECT count(*)::float8 AS count
FROM pg_stat_activity
WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
  AND query_start < now() - make_interval(secs => $1)`;

/** When WAL was last archived: the backup age when continuous archiving is the backup. */
export const LAST_ARCHIVED_SQL = 'SELECT last_archived_time AS at FROM pg_stat_archiver';
