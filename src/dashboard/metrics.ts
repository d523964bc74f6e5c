import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { CollectorStats, StoreHealth } from '../core/index.js';
import type { StreamStats } from './stream/index.js';

/** The process's own metrics, served on /metrics. */
export interface NocMetrics {
  readonly registry: Registry;
  /** 1 when the last config (re)load succeeded, 0 when it failed and the previous config stayed. */
  readonly configReloadSuccessful: Gauge;
  readonly configReloadSuccessTimestamp: Gauge;
}

/** Creates the registry: Node process metrics plus the product's own (`noc_*`). */
export function createMetrics(): NocMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    configReloadSuccessful: new Gauge({
      name: 'noc_config_last_reload_successful',
      help: 'Whether the last configuration reload attempt was successful (1) or kept the previous configuration (0).',
      registers: [registry],
    }),
    configReloadSuccessTimestamp: new Gauge({
      name: 'noc_config_last_reload_success_timestamp_seconds',
      help: 'Timestamp of the last successful configuration reload.',
      registers: [registry],
    }),
  };
}

/** A gauge whose value is read from `source` at scrape time, so nothing is added to the hot paths. */
function scrapedGauges<S>(registry: Registry, source: () => S) {
  return (name: string, help: string, read: (stats: S) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(source()));
      },
    });
}

/** Exports the collector's counters (`noc_collector_*`). */
export function registerCollectorMetrics(registry: Registry, stats: () => CollectorStats): void {
  const gauge = scrapedGauges(registry, stats);
  gauge('noc_collector_probes', 'Probes configured.', (s) => s.probes);
  gauge('noc_collector_runs_total', 'Probe runs completed.', (s) => s.runs);
  gauge('noc_collector_failed_runs_total', 'Probe runs that found their target down.', (s) => s.failures);
  gauge('noc_collector_overruns_total', 'Runs skipped because the previous run of the probe was still going.', (s) => s.overruns);
  gauge('noc_collector_runs_in_flight', 'Probe runs in progress.', (s) => s.inFlight);
  gauge('noc_collector_runs_queued', 'Probe runs waiting for a concurrency slot.', (s) => s.queued);
}

/** Exports a store's counters, read at scrape time (nothing is added to the ingest path). */
export function registerStoreMetrics(registry: Registry, store: StoreHealth): void {
  const gauge = scrapedGauges(registry, () => store.stats());
  // Counters are exposed as gauges read from the store's own totals, which only grow.
  gauge('noc_store_series', 'Series known to the store.', (s) => s.series);
  gauge('noc_store_samples_appended_total', 'Samples accepted by the store.', (s) => s.samplesAppended);
  gauge('noc_store_samples_rejected_total', 'Samples refused as out of order or duplicate.', (s) => s.samplesRejected);
  gauge('noc_store_chunks_written_total', 'Compressed chunks written to disk.', (s) => s.chunksWritten);
  gauge('noc_store_chunk_bytes_written_total', 'Compressed chunk bytes written to disk.', (s) => s.chunkBytesWritten);
  gauge('noc_store_head_log_bytes_written_total', 'Bytes written to the head log.', (s) => s.headLogBytesWritten);
  gauge('noc_store_seal_backlog_series', 'Series with cut chunks not yet written.', (s) => s.sealBacklog);
  gauge('noc_store_memory_points', 'Points held in memory (hot window and unsealed tail).', (s) => s.memoryPoints);
  gauge('noc_store_disk_bytes', 'Size of the store files on disk.', (s) => s.diskBytes);
  // Always exported, 0 for the embedded store, so one alert rule fits every deployment.
  gauge('noc_store_dropped_samples_total', 'Samples dropped because the remote store was away and its buffer was full.', (s) => s.spool?.droppedSamples ?? 0);
  gauge('noc_store_spool_pending_samples', 'Samples waiting in the buffer for the remote store.', (s) => s.spool?.pendingSamples ?? 0);
  gauge('noc_store_spool_bytes', 'Size on disk of the samples waiting for the remote store.', (s) => s.spool?.pendingBytes ?? 0);
  gauge('noc_store_spool_oldest_pending_seconds', 'Age of the oldest sample waiting for the remote store.', (s) => s.spool?.oldestPendingAgeSeconds ?? 0);
  gauge('noc_store_remote_up', 'Whether the remote store answered the last write (always 1 for the embedded store).', (s) => (s.spool === undefined || s.spool.remoteUp ? 1 : 0));
}

/** The outbox figures the notification metrics read. */
export interface NotificationFigures {
  readonly sent: number;
  readonly failed: number;
  readonly dead: number;
  readonly pending: number;
  readonly oldestPendingAgeSeconds: number;
}

/** Exports the notification outbox's counters (`noc_notifications_*`), read at scrape time. */
export function registerNotificationMetrics(registry: Registry, figures: () => Promise<NotificationFigures>): void {
  const gauge = (name: string, help: string, read: (f: NotificationFigures) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(read(await figures()));
      },
    });
  gauge('noc_notifications_sent_total', 'Notifications delivered.', (f) => f.sent);
  gauge('noc_notifications_failed_total', 'Failed delivery attempts (each retry counts).', (f) => f.failed);
  gauge('noc_notifications_dead_total', 'Notifications given up on (dead letters).', (f) => f.dead);
  gauge('noc_notifications_pending', 'Notifications waiting for delivery.', (f) => f.pending);
  gauge('noc_notifications_oldest_pending_seconds', 'Age of the oldest notification not yet delivered (0 when none waits).', (f) => f.oldestPendingAgeSeconds);
}

/** Exports the live stream's counters (`noc_stream_*`), read at scrape time. */
export function registerStreamMetrics(registry: Registry, stats: () => StreamStats): void {
  const gauge = scrapedGauges(registry, stats);
  gauge('noc_stream_clients', 'WebSocket clients connected now.', (s) => s.clients);
  gauge('noc_stream_accepted_total', 'WebSocket clients accepted.', (s) => s.accepted);
  gauge('noc_stream_refused_total', 'WebSocket handshakes refused (unauthenticated, foreign origin, wrong path).', (s) => s.refused);
  gauge('noc_stream_slow_consumers_total', 'Clients closed because they fell more than the send bound behind.', (s) => s.slowConsumers);
  gauge('noc_stream_dead_peers_total', 'Clients dropped for not answering pings.', (s) => s.deadPeers);
}
