import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { ManualClock } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { describeSeriesStoreContract, type SeriesStoreUnderTest } from '../series-store.case.js';
import { BufferedRemoteStore } from './buffered-remote-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The spool in front of a remote (here the reference store, which outlives reopen as a server would). */
function openBuffered(directory: string, remote: MemorySeriesStore, clock: ManualClock): SeriesStoreUnderTest {
  const store = BufferedRemoteStore.open({ remote, name: 'memory remote', directory, maxBytes: 64 * 1024 * 1024, hotWindowMs: 3_600_000, clock, fsync: false });
  return {
    appender: store,
    querier: store,
    flush: () => store.flush(),
    reopen: async () => {
      await store.close();
      return openBuffered(directory, remote, clock);
    },
    close: () => store.close(),
  };
}

describeSeriesStoreContract('buffered remote (spool + hot window over a memory store)', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'noc-buffered-contract-'));
  dirs.push(dir);
  return openBuffered(dir, new MemorySeriesStore(), clock);
});
