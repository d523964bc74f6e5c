import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { ProbeCommon } from '../probe-common.js';
import { Secret } from '../secret.js';
import { Port } from './tcp.js';

/** How a `mysql` probe speaks TLS; without `tls` the connection is plain. */
export const MysqlTls = z.strictObject({
  /** Check the server certificate against `ca` (or the system CAs); off only for lab or self-signed servers. */
  verify: z.boolean({ error: 'expected true or false' }).default(true),
  /** Trusted CA certificates, PEM (usually through `ca_file`). */
  ca: z.string().min(1, { message: 'expected PEM certificates' }).optional(),
});
/** How a `mysql` probe speaks TLS. */
export type MysqlTls = DeepReadonly<z.infer<typeof MysqlTls>>;

/** A `mysql` probe (MariaDB or MySQL): connections, replication, counters and `SELECT 1` latency. */
export const MysqlProbeConfig = ProbeCommon.extend({
  kind: z.literal('mysql'),
  host: z.string().min(1, { message: 'expected a host name or address' }),
  port: Port.default(3306),
  user: z.string().min(1, { message: 'expected a user name' }),
  /** Usually through `password_file` or `${ENV}`; never logged. */
  password: Secret.optional(),
  /** The default database of the session; none when absent. */
  database: z.string().min(1, { message: 'expected a database name' }).optional(),
  tls: MysqlTls.optional(),
}).superRefine((probe, ctx) => {
  if (probe.tls?.ca !== undefined && !probe.tls.verify) {
    ctx.addIssue({ code: 'custom', path: ['tls', 'ca'], message: 'only used with verify: true' });
  }
});
/** A `mysql` probe. */
export type MysqlProbeConfig = DeepReadonly<z.infer<typeof MysqlProbeConfig>>;
