import type { ConnectionOptions } from 'mysql2/promise';
import type { ProbeOf } from '../../../config/index.js';

/** Where and how a `mysql` probe connects; the handshake may take the whole run's timeout. */
export function connectionOptions(config: ProbeOf<'mysql'>, timeoutMs: number): ConnectionOptions {
  const tls = config.tls;
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    ...(config.password === undefined ? {} : { password: config.password }),
    ...(config.database === undefined ? {} : { database: config.database }),
    ...(tls === undefined ? {} : { ssl: { rejectUnauthorized: tls.verify, ...(tls.ca === undefined ? {} : { ca: tls.ca }) } }),
    connectTimeout: Math.max(1, Math.round(timeoutMs)),
  };
}
