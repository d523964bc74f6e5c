import type { ProbeFactories } from '../probe-registry.js';
import { httpsProbe } from './https.js';
import { prometheusProbe } from './prometheus.js';
import { sslLabsProbe } from './ssllabs.js';
import { tcpProbe } from './tcp.js';

/** Every probe kind this version can run: one line per kind. */
export const PROBE_FACTORIES: ProbeFactories = {
  https: httpsProbe,
  ssllabs: sslLabsProbe,
  tcp: tcpProbe,
  prometheus: prometheusProbe,
};
