import { resolve } from 'node:path';
import type { StoreConfig } from '../config/index.js';
import { type Clock, type Logger, NocError, type SampleAppender, type SeriesQuerier, type StoreHealth } from '../core/index.js';
import { SqliteSeriesStore } from '../store/sqlite/sqlite-series-store.js';
import { InfluxSeriesStore } from '../store/influxdb/influx-series-store.js';
import { influxStoreOptions } from '../store/influxdb/influx-store-options.js';
import type { RetryPolicy } from '../store/remote/retry-with-backoff.js';
import { BufferedRemoteStore } from '../store/spool/buffered-remote-store.js';
import { victoriaMetricsEndpoints } from '../store/victoriametrics/vm-endpoints.js';
import { VictoriaMetricsSeriesStore } from '../store/victoriametrics/vm-series-store.js';

/** A running time-series store, seen through its ports. */
export interface OpenStore {
  readonly appender: SampleAppender;
  readonly querier: SeriesQuerier;
  readonly health: StoreHealth;
  /** The embedded database, when the store has one (the incident-side stores share it). */
  readonly database?: SqliteSeriesStore['database'];
  close(): Promise<void>;
}

type StoreDeps = {
  clock: Clock;
  log: Logger;
  baseDir: string;
  /** Whether this process alone writes the store (one `all` process): only then may memory answer recent reads. */
  soleWriter?: boolean;
};

/**
 * Behind the buffer a write is tried once: the buffer's flusher retries with its own back-off, and a failed
 * attempt must show at once (noc_store_remote_up 0) rather than after the remote's own retries ran out.
 */
const TRY_ONCE: RetryPolicy = { maxRetries: 0, minDelay: 0, maxDelay: 0 };
type StoreOpener = (config: StoreConfig, deps: StoreDeps) => OpenStore;

/** A remote store behind its outage buffer: appends are durable in the spool, recent reads come from memory. */
function buffered(
  remote: (InfluxSeriesStore | VictoriaMetricsSeriesStore),
  name: string,
  buffer: Extract<StoreConfig, { kind: 'influxdb' }>['buffer'],
  deps: StoreDeps,
): OpenStore {
  const store = BufferedRemoteStore.open({
    remote,
    name,
    directory: resolve(deps.baseDir, buffer.path),
    maxBytes: buffer.max_size,
    hotWindowMs: buffer.hot_window,
    answerFromMemory: deps.soleWriter !== false,
    clock: deps.clock,
    log: deps.log.child({ component: 'store' }),
  });
  return {
    appender: store,
    querier: store,
    health: store,
    close: async () => {
      await store.close();
      await remote.close();
    },
  };
}

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
  influxdb: (config, deps) => {
    if (config.kind !== 'influxdb') throw new Error('unreachable');
    const options = influxStoreOptions(config, { clock: deps.clock, log: deps.log.child({ component: 'influxdb' }) });
    const remote = new InfluxSeriesStore({ ...options, retry: TRY_ONCE });
    return buffered(remote, `influxdb at ${config.url}`, config.buffer, deps);
  },
  victoriametrics: (config, deps) => {
    if (config.kind !== 'victoriametrics') throw new Error('unreachable');
    const endpoints = victoriaMetricsEndpoints(config);
    const remote = new VictoriaMetricsSeriesStore({ ...endpoints, retry: TRY_ONCE, clock: deps.clock, log: deps.log.child({ component: 'victoriametrics' }) });
    return buffered(remote, `victoriametrics at ${endpoints.insertUrl}`, config.buffer, deps);
  },
};

/** Opens the store the configuration names. */
export function openStore(config: StoreConfig, deps: StoreDeps): OpenStore {
  const opener = OPENERS[config.kind];
  if (!opener) {
    const available = Object.keys(OPENERS).join(', ');
    throw new NocError('invalid_config', `store.kind ${config.kind} is not available in this version (available: ${available})`);
  }
  return opener(config, deps);
}
