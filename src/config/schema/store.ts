import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { discriminatedRegistry } from './discriminated-registry.js';
import { ByteSize } from './byte-size.js';
import { Duration } from './duration.js';
import { Secret } from './secret.js';

/** How long each resolution of a series is kept. */
export const RetentionConfig = z.strictObject({
  raw: Duration.prefault('15d'),
  '1m': Duration.prefault('90d'),
  '1h': Duration.prefault('2y'),
});
/** How long each resolution is kept, in ms. */
export type RetentionConfig = DeepReadonly<z.infer<typeof RetentionConfig>>;

const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** The embedded SQLite store (the default). */
export const SqliteStoreConfig = z.strictObject({
  kind: z.literal('sqlite'),
  path: z.string().min(1).default('./data/noc.db'),
  /** Raw samples this recent stay in memory for fast queries. */
  hot_window: Duration.prefault('3h'),
  retention: RetentionConfig.prefault({}),
  fsync: z.boolean().default(false),
});
/** The embedded SQLite store. */
export type SqliteStoreConfig = DeepReadonly<z.infer<typeof SqliteStoreConfig>>;

/**
 * How a remote store rides out an outage: batches wait in an on-disk spool of at most `max_size` (the oldest
 * dropped beyond it, counted), and the last `hot_window` of samples stays in memory for the alerter.
 */
export const SpoolConfig = z.strictObject({
  path: z.string().min(1).default('./data/spool'),
  max_size: ByteSize.prefault('1GiB').refine((bytes) => bytes >= 1024 * 1024, { message: 'must be at least 1MiB' }),
  hot_window: Duration.prefault('3h'),
});
/** The spool of a remote store. */
export type SpoolConfig = DeepReadonly<z.infer<typeof SpoolConfig>>;

/** An InfluxDB 1.x (`database`) or 2.x (`org` + `bucket` + `token`) server; retention is the server's (bucket or retention policy). */
export const InfluxStoreConfig = z.strictObject({
  kind: z.literal('influxdb'),
  url: HttpUrl,
  version: z.union([z.literal(1), z.literal(2)], { error: 'expected 1 or 2' }).default(2),
  token: Secret.optional(),
  org: z.string().optional(),
  bucket: z.string().optional(),
  database: z.string().optional(),
  buffer: SpoolConfig.prefault({}),
});
/** An InfluxDB server. */
export type InfluxStoreConfig = DeepReadonly<z.infer<typeof InfluxStoreConfig>>;

/** A VictoriaMetrics server: one `url`, or separate `insert_url` and `select_url` (cluster). */
export const VictoriaMetricsStoreConfig = z
  .strictObject({
    kind: z.literal('victoriametrics'),
    url: HttpUrl.optional(),
    insert_url: HttpUrl.optional(),
    select_url: HttpUrl.optional(),
    buffer: SpoolConfig.prefault({}),
  })
  .refine(
    (store) =>
      store.url !== undefined
        ? store.insert_url === undefined && store.select_url === undefined
        : store.insert_url !== undefined && store.select_url !== undefined,
    { message: 'give either url, or both insert_url and select_url' },
  );
/** A VictoriaMetrics server. */
export type VictoriaMetricsStoreConfig = DeepReadonly<z.infer<typeof VictoriaMetricsStoreConfig>>;

/** Where samples are kept; SQLite with defaults when absent. */
export const StoreConfig = discriminatedRegistry('store', {
  sqlite: SqliteStoreConfig,
  influxdb: InfluxStoreConfig,
  victoriametrics: VictoriaMetricsStoreConfig,
}).prefault({ kind: 'sqlite' });
/** Where samples are kept. */
export type StoreConfig = DeepReadonly<z.infer<typeof StoreConfig>>;
