import type { VictoriaMetricsStoreConfig } from '../../config/index.js';
import { NocError } from '../../core/index.js';

/** Where a VictoriaMetrics store writes and reads. */
export interface VmEndpoints {
  readonly insertUrl: string;
  readonly selectUrl: string;
}

/**
 * The endpoints of a `store.kind: victoriametrics` config: a single node's `url` serves both; a cluster gives
 * vminsert's `insert_url` (e.g. `http://vminsert:8480/insert/0/influx`) and vmselect's `select_url`
 * (e.g. `http://vmselect:8481/select/0/prometheus`). The schema guarantees one shape or the other.
 */
export function victoriaMetricsEndpoints(config: Pick<VictoriaMetricsStoreConfig, 'url' | 'insert_url' | 'select_url'>): VmEndpoints {
  if (config.url !== undefined) return { insertUrl: config.url, selectUrl: config.url };
  if (config.insert_url === undefined || config.select_url === undefined) {
    throw new NocError('invalid_config', 'store: give either url, or both insert_url and select_url');
  }
  return { insertUrl: config.insert_url, selectUrl: config.select_url };
}
