import { looseProbeKind } from './schema/probe-common.js';
import { TcpProbeConfig } from './schema/probes/tcp.js';
import { PrometheusProbeConfig } from './schema/probes/prometheus.js';
import { SslLabsProbeConfig } from './schema/probes/ssllabs.js';
import { HttpsProbeConfig } from './schema/probes/https.js';

/**
 * Every probe kind and the schema of its config; adding a kind is one line here (and its collector).
 * Each schema extends `ProbeCommon` with a literal `kind`.
 */
export const PROBE_KINDS = {
  https: HttpsProbeConfig,
  ssllabs: SslLabsProbeConfig,
  tcp: TcpProbeConfig,
  prometheus: PrometheusProbeConfig,
  sip_options: looseProbeKind('sip_options'),
  kamailio_rpc: looseProbeKind('kamailio_rpc'),
  snmp: looseProbeKind('snmp'),
  postgres: looseProbeKind('postgres'),
  mysql: looseProbeKind('mysql'),
} as const;

/** A probe kind name. */
export type ProbeKind = keyof typeof PROBE_KINDS;

/** All probe kind names, in registry order. */
export const PROBE_KIND_NAMES = Object.keys(PROBE_KINDS) as ProbeKind[];
