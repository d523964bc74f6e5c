import type { ProbeFactories } from '../probe-registry.js';

/** Every probe kind this version can run: one line per kind. */
export const PROBE_FACTORIES: ProbeFactories = {};
