import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { StoreStats } from '../core/index.js';
import { registerStoreMetrics } from './metrics.js';

const BASE: StoreStats = {
  series: 4,
  samplesAppended: 100,
  samplesRejected: 2,
  chunksWritten: 0,
  chunkBytesWritten: 0,
  headLogBytesWritten: 0,
  sealBacklog: 0,
  memoryPoints: 40,
  diskBytes: 0,
};

async function scrape(stats: StoreStats): Promise<string> {
  const registry = new Registry();
  registerStoreMetrics(registry, { stats: () => stats, ready: () => true });
  return registry.metrics();
}

describe('store metrics', () => {
  it('exports a remote store’s buffer: drops, what waits, its age, and whether the remote answers', async () => {
    const text = await scrape({
      ...BASE,
      spool: { droppedSamples: 17, pendingSamples: 1200, pendingBytes: 48_000, oldestPendingAgeSeconds: 61.5, remoteUp: false },
    });
    expect(text).toMatch(/^noc_store_dropped_samples_total 17$/m);
    expect(text).toMatch(/^noc_store_spool_pending_samples 1200$/m);
    expect(text).toMatch(/^noc_store_spool_bytes 48000$/m);
    expect(text).toMatch(/^noc_store_spool_oldest_pending_seconds 61.5$/m);
    expect(text).toMatch(/^noc_store_remote_up 0$/m);
  });
});
