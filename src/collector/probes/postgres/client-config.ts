import type { ClientConfig } from 'pg';
import type { ProbeOf } from '../../../config/index.js';

/** Share of the run's timeout a statement may take when `statement_timeout` is not configured. */
export const DEFAULT_STATEMENT_SHARE = 0.8;

/** Where and how a `postgres` probe connects, with the `dsn` parts merged over the other keys. */
export function clientConfig(config: ProbeOf<'postgres'>, timeoutMs: number): ClientConfig {
  const dsn = config.dsn;
  const password = config.password ?? dsn?.password;
  return {
    host: dsn?.host ?? config.host ?? '',
    port: dsn?.port ?? config.port,
    user: dsn?.user ?? config.user ?? '',
    database: dsn?.database ?? config.database,
    ...(password === undefined ? {} : { password }),
    ssl: sslOptions(config.tls),
    statement_timeout: Math.max(1, Math.round(config.statement_timeout ?? timeoutMs * DEFAULT_STATEMENT_SHARE)),
    application_name: 'noc-probe',
  };
}

function sslOptions(tls: ProbeOf<'postgres'>['tls']): ClientConfig['ssl'] {
  switch (tls.mode) {
    case 'disable':
      return false;
    case 'require':
      // libpq's `require`: encrypted, certificate not checked.
      return { rejectUnauthorized: false };
    case 'verify-full':
      return { rejectUnauthorized: true, ...(tls.ca === undefined ? {} : { ca: tls.ca }) };
  }
}
