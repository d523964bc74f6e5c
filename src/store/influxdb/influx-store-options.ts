import type { InfluxStoreConfig } from '../../config/schema/store.js';
import type { Clock, Logger } from '../../core/index.js';
import type { InfluxSeriesStoreOptions } from './influx-series-store.js';

/**
 * The store options of a validated `store: {kind: influxdb}` config. `retention` stays the server's business
 * (retention policy / bucket) and `buffer` belongs to the spool in front of the store, so neither is read here.
 */
export function influxStoreOptions(config: InfluxStoreConfig, deps: { clock: Clock; log: Logger }): InfluxSeriesStoreOptions {
  return {
    url: config.url,
    version: config.version,
    token: config.token,
    org: config.org,
    bucket: config.bucket,
    database: config.database,
    clock: deps.clock,
    log: deps.log,
  };
}
