import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { ManualClock } from '../core/index.js';
import { MemorySeriesStore } from '../core/memory-series-store.js';
import { describeSeriesStoreContract, type SeriesStoreUnderTest } from './series-store.case.js';
import { SqliteSeriesStore } from './sqlite/sqlite-series-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function openSqlite(path: string, clock: ManualClock): SeriesStoreUnderTest {
  const store = SqliteSeriesStore.open({
    path,
    hotWindow: 3_600_000,
    retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 },
    clock,
    background: false,
  });
  return {
    appender: store,
    querier: store,
    flush: async () => store.maintain(clock.now()),
    reopen: async () => {
      await store.close();
      return openSqlite(path, clock);
    },
    close: () => store.close(),
  };
}

describeSeriesStoreContract('sqlite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'noc-store-'));
  dirs.push(dir);
  return openSqlite(join(dir, 'noc.db'), clock);
});

// The in-memory reference store that rule and forensics tests use must behave like the real one.
describeSeriesStoreContract('memory', async () => {
  const store = new MemorySeriesStore();
  const underTest: SeriesStoreUnderTest = {
    appender: store,
    querier: store,
    flush: async () => undefined,
    reopen: async () => underTest,
    close: async () => undefined,
  };
  return underTest;
});
