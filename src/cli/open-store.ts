import { resolve } from 'node:path';
import type { StoreConfig } from '../config/index.js';
import { type Clock, type Logger, NocError, type SampleAppender, type SeriesQuerier, type StoreHealth } from '../core/index.js';
import { SqliteSeriesStore } from '../store/sqlite/sqlite-series-store.js';

/** A running time-series store, seen through its ports. */
export interface OpenStore {
  readonly appender: SampleAppender;
  readonly querier: SeriesQuerier;
  readonly health: StoreHealth;
  /** The embedded database, when the store has one (the incident-side stores share it). */
  readonly database?: SqliteSeriesStore['database'];
  close(): Promise<void>;
}

type StoreOpener = (config: StoreConfig, deps: { clock: Clock; log: Logger; baseDir: string }) => OpenStore;

/** One opener per `store.kind`. */
const OPENERS: Partial<Record<StoreConfig['kind'], StoreOpener>> = {
  sqlite: (config, deps) => {
    if (config.kind !== 'sqlite') throw new Error('unreachable');
    const store = SqliteSeriesStore.open({
      path: resolve(deps.baseDir, config.path),
      hotWindow: config.hot_window,
      retention: config.retention,
      fsync: config.fsync,
      clock: deps.clock,
      log: deps.log,
    });
    return { appender: store, querier: store, health: store, database: store.database, close: () => store.close() };
  },
};

/** Opens the store the configuration names. */
export function openStore(config: StoreConfig, deps: { clock: Clock; log: Logger; baseDir: string }): OpenStore {
  const opener = OPENERS[config.kind];
  if (!opener) {
    const available = Object.keys(OPENERS).join(', ');
    throw new NocError('invalid_config', `store.kind ${config.kind} is not available in this version (available: ${available})`);
  }
  return opener(config, deps);
}
