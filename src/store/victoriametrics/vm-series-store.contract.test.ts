import { afterAll, describe, it } from 'vitest';
import type { ManualClock, SampleAppender, SeriesQuerier } from '../../core/index.js';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { startVictoriaMetrics, type VictoriaMetricsServer } from '../../../test/peers/victoria-metrics.js';
import { describeSeriesStoreContract, type SeriesStoreUnderTest } from '../series-store.case.js';
import { VictoriaMetricsSeriesStore, type VictoriaMetricsSeriesStoreOptions } from './vm-series-store.js';

const binary = peerBinary('/usr/bin/victoria-metrics', 'apt-get install victoria-metrics');

if (binary === undefined) {
  describe.skip('series store contract: victoriametrics', () => it('needs /usr/bin/victoria-metrics', () => undefined));
} else {
  // A fresh server per case (ready in ~0.1 s) isolates cases without anything test-only in the store;
  // closing the store under test stops it, afterAll catches cases that failed before closing.
  const servers: VictoriaMetricsServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  const unflushed = new Set<VictoriaMetricsServer>();

  const openOn = (server: VictoriaMetricsServer, clock: ManualClock, options: Partial<VictoriaMetricsSeriesStoreOptions>): SeriesStoreUnderTest => {
    const store = new VictoriaMetricsSeriesStore({ insertUrl: server.url, selectUrl: server.url, clock, timeoutMs: 10_000, ...options });
    // VictoriaMetrics makes acknowledged rows searchable within a second or two; the contract reads its
    // writes at once, so a read after an append first asks the server to flush (`/internal/force_flush`).
    const flushed = async (): Promise<void> => {
      if (!unflushed.delete(server)) return;
      await server.forceFlush();
    };
    const appender: SampleAppender = {
      append: async (samples) => {
        const result = await store.append(samples);
        unflushed.add(server);
        return result;
      },
    };
    const querier: SeriesQuerier = {
      series: async (...args) => (await flushed(), store.series(...args)),
      latest: async (...args) => (await flushed(), store.latest(...args)),
      range: async (...args) => (await flushed(), store.range(...args)),
      aggregate: async (...args) => (await flushed(), store.aggregate(...args)),
      aggregateMany: async (...args) => (await flushed(), store.aggregateMany(...args)),
    };
    const underTest: SeriesStoreUnderTest = {
      appender,
      querier,
      flush: () => server.forceFlush(),
      reopen: async () => {
        await store.close();
        return openOn(server, clock, options);
      },
      close: async () => {
        await store.close();
        await server.stop();
      },
    };
    // VictoriaMetrics stores decimals (about 12 significant digits, one exponent per block, no -0): the
    // precision the contract may hold it to once SeriesStoreUnderTest has `valuePrecision`.
    return Object.assign(underTest, { valuePrecision: 1e-12 });
  };

  // Aggregates take two paths: range queries (older buckets of long spans) and raw samples folded here
  // (short spans, recent buckets, series with NaN/±Inf). Each runs the whole contract.
  const variants: Array<[string, (clock: ManualClock) => Partial<VictoriaMetricsSeriesStoreOptions>]> = [
    ['victoriametrics, range queries', () => ({ rawAggregateSpanMs: 0 })],
    ['victoriametrics, defaults with recent buckets from raw samples', (clock) => ({ serverClock: clock })],
  ];
  for (const [name, options] of variants) {
    describeSeriesStoreContract(name, async (clock) => {
      const server = await startVictoriaMetrics(binary);
      servers.push(server);
      return openOn(server, clock, options(clock));
    });
  }
}
