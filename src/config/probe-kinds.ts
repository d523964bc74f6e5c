import { TcpProbeConfig } from './schema/probes/tcp.js';
import { PrometheusProbeConfig } from './schema/probes/prometheus.js';
import { SslLabsProbeConfig } from './schema/probes/ssllabs.js';
import { HttpsProbeConfig } from './schema/probes/https.js';
import { KamailioRpcProbeConfig } from './schema/probes/kamailio-rpc.js';
import { PostgresProbeConfig } from './schema/probes/postgres.js';
import { SipOptionsProbeConfig } from './schema/probes/sip-options.js';
import { SnmpProbeConfig } from './schema/probes/snmp.js';
import { MysqlProbeConfig } from './schema/probes/mysql.js';

/**
 * Every probe kind and the schema of its config; adding a kind is one line here (and its collector).
 * Each schema extends `ProbeCommon` with a literal `kind`.
 */
export const PROBE_KINDS = {
  https: HttpsProbeConfig,
  ssllabs: SslLabsProbeConfig,
  tcp: TcpProbeConfig,
  prometheus: PrometheusProbeConfig,
  sip_options: SipOptionsProbeConfig,
  kamailio_rpc: KamailioRpcProbeConfig,
  snmp: SnmpProbeConfig,
  postgres: PostgresProbeConfig,
  mysql: MysqlProbeConfig,
} as const;

/** A probe kind name. */
export type ProbeKind = keyof typeof PROBE_KINDS;

/** All probe kind names, in registry order. */
export const PROBE_KIND_NAMES = Object.keys(PROBE_KINDS) as ProbeKind[];
