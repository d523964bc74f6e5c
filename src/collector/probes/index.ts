import type { ProbeFactories } from '../probe-registry.js';
import { httpsProbe } from './https.js';
import { kamailioRpcProbe } from './kamailio-rpc.js';
import { mysqlProbe } from './mysql.js';
import { postgresProbe } from './postgres.js';
import { prometheusProbe } from './prometheus.js';
import { sipOptionsProbe } from './sip-options.js';
import { snmpProbe } from './snmp.js';
import { sslLabsProbe } from './ssllabs.js';
import { tcpProbe } from './tcp.js';

/** Every probe kind this version can run: one line per kind. */
export const PROBE_FACTORIES: ProbeFactories = {
  https: httpsProbe,
  ssllabs: sslLabsProbe,
  tcp: tcpProbe,
  prometheus: prometheusProbe,
  sip_options: sipOptionsProbe,
  kamailio_rpc: kamailioRpcProbe,
  postgres: postgresProbe,
  snmp: snmpProbe,
  mysql: mysqlProbe,
};
