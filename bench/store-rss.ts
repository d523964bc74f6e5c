// Child of the store benchmark: 100,000 series polled every 10 s for 70 minutes with a 1 h hot window,
// then prints the process RSS (after a full GC) as JSON rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type Sample } from '../src/core/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { SyntheticNetwork } from './data.js';
import type { BenchRow } from './measure.js';

const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'noc-bench-rss-'));
const clock = new ManualClock(T0);
const store = SqliteSeriesStore.open({
  path: join(dir, 'noc.db'),
  hotWindow: 3_600_000,
  retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 },
  clock,
  background: false,
});
const net = new SyntheticNetwork(1000, 100);
const batch: Sample[] = new Array(100);
for (let poll = 0; poll < 7 * 60; poll++) {
  for (let target = 0; target < 1000; target++) {
    const t = T0 + poll * 10_000 + target * 10;
    for (let i = 0; i < 100; i++) batch[i] = { series: net.keys[target * 100 + i] as Sample['series'], t, v: net.next(target * 100 + i) };
    clock.set(t);
    await store.append(batch);
  }
  await new Promise((resolve) => setImmediate(resolve));
}
store.flush();
(globalThis as { gc?: () => void }).gc?.();
const rss = process.memoryUsage().rss;
const points = store.stats().memoryPoints;
await store.close();
rmSync(dir, { recursive: true, force: true });
const rows: BenchRow[] = [
  { figure: 'RSS with 100 k active series and a 1 h hot window', value: rss / 2 ** 20, unit: 'MiB', goal: '≤ 1,024' },
  { figure: 'points held in memory for it', value: points, unit: 'points', goal: '' },
];
console.log(JSON.stringify(rows));
