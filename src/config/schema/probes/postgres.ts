import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { PositiveDuration } from '../duration.js';
import { ProbeCommon } from '../probe-common.js';
import { Secret } from '../secret.js';
import { Port } from './tcp.js';

/** Default `long_query_threshold`: queries active for longer count as long. */
export const DEFAULT_LONG_QUERY_THRESHOLD_MS = 60_000;

/** How a `postgres` probe speaks TLS: libpq's `sslmode` names, minus the ones that silently fall back. */
export const PostgresTls = z.strictObject({
  mode: z.enum(['disable', 'require', 'verify-full'], { error: 'expected disable, require or verify-full' }).default('disable'),
  /** Trusted CA certificates, PEM (usually through `ca_file`); only used by `verify-full`. */
  ca: z.string().min(1).optional(),
});
/** How a `postgres` probe speaks TLS. */
export type PostgresTls = DeepReadonly<z.infer<typeof PostgresTls>>;

const DatabaseName = z.string().min(1, { message: 'expected a database name' });

/** Which databases get `db_size_bytes` and transaction counters: `all`, or a list of names. */
export const DatabaseSelection = z.union([z.literal('all'), z.array(DatabaseName).min(1, { message: 'expected at least one database, or all' })], {
  error: 'expected all or a list of database names',
});
/** Which databases get per-database series. */
export type DatabaseSelection = DeepReadonly<z.infer<typeof DatabaseSelection>>;

/** Where a `dsn` points; parts it leaves out come from the probe's own keys and their defaults. */
export interface PostgresDsn {
  readonly host: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
}

/** A `postgres://user[:password]@host[:port][/database]` URL, split at load. */
export const PostgresDsn = z.string().transform((text, ctx): PostgresDsn => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // It may carry a password: never echoed.
    ctx.addIssue({ code: 'custom', message: 'expected a URL such as postgres://user@host:5432/database' });
    return z.NEVER;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    ctx.addIssue({ code: 'custom', message: `expected a postgres:// URL, got scheme "${url.protocol.slice(0, -1)}"` });
    return z.NEVER;
  }
  const port = url.port === '' ? undefined : Number(url.port);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (url.hostname === '') {
    ctx.addIssue({ code: 'custom', message: 'expected a host in the URL' });
    return z.NEVER;
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    ...(port === undefined ? {} : { port }),
    ...(url.username === '' ? {} : { user: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(database === '' ? {} : { database }),
  };
});

/** A `postgres` probe: connections, replication lag, transactions, sizes, long queries and backup age. */
export const PostgresProbeConfig = ProbeCommon.extend({
  kind: z.literal('postgres'),
  /** Connection URL instead of `host`/`user`/`database`; `port` and `database` still apply when it leaves them out. */
  dsn: PostgresDsn.optional(),
  host: z.string().min(1).optional(),
  port: Port.default(5432),
  user: z.string().min(1).optional(),
  /** Usually through `password_file` or `${ENV}`; never logged. */
  password: Secret.optional(),
  /** The database connected to. */
  database: DatabaseName.default('postgres'),
  tls: PostgresTls.prefault({}),
  /** Set per session so no probe query outlives the run; defaults to 80% of the probe timeout. */
  statement_timeout: PositiveDuration.optional(),
  long_query_threshold: PositiveDuration.default(DEFAULT_LONG_QUERY_THRESHOLD_MS),
  /** SQL returning one timestamp: the last backup, when archiving is not how backups are made. */
  backup_marker_query: z.string().trim().min(1, { message: 'expected an SQL query' }).optional(),
  /** Per-database series for these databases; the connected database alone when absent. */
  databases: DatabaseSelection.optional(),
}).superRefine((probe, ctx) => {
  for (const key of ['host', 'user'] as const) {
    if (probe.dsn !== undefined && probe[key] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `give either dsn or ${key}, not both` });
    }
  }
  if (probe.dsn === undefined && probe.host === undefined) {
    ctx.addIssue({ code: 'custom', path: ['host'], message: 'missing required key "host" (or give dsn)' });
  }
  if ((probe.dsn?.user ?? probe.user) === undefined) {
    ctx.addIssue({ code: 'custom', path: [probe.dsn === undefined ? 'user' : 'dsn'], message: probe.dsn === undefined ? 'missing required key "user" (or give dsn)' : 'the URL names no user' });
  }
  if (probe.statement_timeout !== undefined && probe.timeout !== undefined && probe.statement_timeout >= probe.timeout) {
    ctx.addIssue({ code: 'custom', path: ['statement_timeout'], message: 'must be shorter than the probe timeout' });
  }
  if (probe.tls.ca !== undefined && probe.tls.mode !== 'verify-full') {
    ctx.addIssue({ code: 'custom', path: ['tls', 'ca'], message: 'only used with mode: verify-full' });
  }
});
/** A `postgres` probe. */
export type PostgresProbeConfig = DeepReadonly<z.infer<typeof PostgresProbeConfig>>;
