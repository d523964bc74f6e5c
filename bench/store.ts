// Benchmark of the embedded store: durable ingest, bytes on disk and written, query latencies.
// Data: 10,000 series polled every 10 s (gauges with two decimals, octet counters, latencies, 0/1 flags),
// written poll by poll: one append per target (100 series) stamped on the target's schedule grid.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, parseSelector, type Sample } from '../src/core/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { SyntheticNetwork } from './data.js';
import { median, type BenchRow, timeMs } from './measure.js';

const INTERVAL = 10_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);

function ioCounters(): { wchar: number; writeBytes: number } {
  const io = readFileSync('/proc/self/io', 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}: (\\d+)`).exec(io)?.[1] ?? 0);
  return { wchar: field('wchar'), writeBytes: field('write_bytes') };
}

function open(path: string, clock: ManualClock): SqliteSeriesStore {
  return SqliteSeriesStore.open({
    path,
    hotWindow: HOUR,
    retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 },
    clock,
    background: false,
  });
}

/** Runs the store benchmark; `samples` total samples over 10,000 series. */
export async function runStoreBench(samples = 10_000_000, targets = 100, perTarget = 100): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-'));
  const path = join(dir, 'noc.db');
  const net = new SyntheticNetwork(targets, perTarget);
  const polls = Math.ceil(samples / net.seriesCount);
  const clock = new ManualClock(T0);
  const store = open(path, clock);

  // Ingest: poll by poll, one append per target, each target at its own offset within the interval.
  const batch: Sample[] = new Array(perTarget);
  const io0 = ioCounters();
  const started = performance.now();
  for (let poll = 0; poll < polls; poll++) {
    for (let target = 0; target < targets; target++) {
      // Each target at its own offset in the interval, stamped on its schedule grid as the collector does.
      const t = T0 + poll * INTERVAL + Math.floor((target * INTERVAL) / targets);
      for (let i = 0; i < perTarget; i++) {
        const index = target * perTarget + i;
        batch[i] = { series: net.keys[index] as Sample['series'], t, v: net.next(index) };
      }
      clock.set(t);
      await store.append(batch);
    }
    // Give queued sealing its turn between polls, as the event loop does in the running process.
    await new Promise((resolve) => setImmediate(resolve));
  }
  store.flush();
  const ingestMs = performance.now() - started;
  const io1 = ioCounters();
  const total = polls * net.seriesCount;
  rows.push({ figure: 'durable ingest (head log + chunks)', value: total / (ingestMs / 1000), unit: 'samples/s', goal: '≥ 1,000,000' });
  rows.push({ figure: 'bytes written to disk per sample (write() calls)', value: (io1.wchar - io0.wchar) / total, unit: 'B', goal: '≤ 32' });

  // Disk: raw chunks table pages against the samples sealed in it.
  store.database.pragma('wal_checkpoint(TRUNCATE)');
  const sealed = (store.database.prepare('SELECT sum(count) AS n FROM chunks').get() as { n: number }).n;
  const pages = store.database.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{ name: string; bytes: number }>;
  const bytesOf = (name: string) => pages.find((p) => p.name === name)?.bytes ?? 0;
  rows.push({ figure: 'disk bytes per sample, raw resolution (chunks table pages)', value: bytesOf('chunks') / sealed, unit: 'B', goal: '≤ 2.0' });
  const payload = (store.database.prepare('SELECT sum(length(data)) AS n FROM chunks').get() as { n: number }).n;
  rows.push({ figure: 'compressed chunk payload per sample', value: payload / sealed, unit: 'B', goal: '' });
  const allPages = pages.reduce((s, p) => s + p.bytes, 0);
  rows.push({ figure: 'whole database per sample (raw + 1m + 1h rollups + catalog)', value: allPages / sealed, unit: 'B', goal: '' });

  // Queries, from the running store (hot window = the last hour).
  const now = clock.now();
  const oneSeries = parseSelector(`bench_gauge{target="t-3",i="0"}`);
  const oldHour = { from: T0 + 30 * 60_000, to: T0 + 90 * 60_000 };
  const lastHour = { from: now - HOUR, to: now };
  const allSeries = parseSelector('{__name__=~"bench_.*"}');
  rows.push({ figure: 'latest value of all 10 k series', value: median(await timeMs(50, () => store.latest(allSeries, { at: now }))), unit: 'ms', goal: '≤ 20' });
  rows.push({ figure: '10 k series × 1 h into typed arrays, from the hot window', value: median(await timeMs(21, () => store.range(allSeries, lastHour))), unit: 'ms', goal: '≤ 50' });
  rows.push({ figure: '10 k series × 1 h into typed arrays, from disk', value: median(await timeMs(11, () => store.range(allSeries, oldHour))), unit: 'ms', goal: '≤ 500' });
  rows.push({ figure: 'one series, 1 h of sealed data', value: median(await timeMs(200, () => store.range(oneSeries, oldHour))), unit: 'ms', goal: '' });
  await store.close();

  // One series, one day: 8,640 samples at 10 s, read from disk after reopen.
  const dayClock = new ManualClock(T0);
  const dayStore = open(join(dir, 'day.db'), dayClock);
  const day = new SyntheticNetwork(1, 4);
  for (let poll = 0; poll < 8640 + 400; poll++) {
    const t = T0 + poll * INTERVAL;
    dayClock.set(t);
    await dayStore.append(day.keys.map((series, i) => ({ series, t, v: day.next(i) })));
  }
  dayStore.maintain(dayClock.now());
  await dayStore.close();
  const reopened = open(join(dir, 'day.db'), dayClock);
  const dayRange = { from: T0, to: T0 + 24 * HOUR - 1 };
  const daySelector = parseSelector(`bench_gauge{target="t-0"}`);
  const check = await reopened.range(daySelector, dayRange);
  if (check[0]?.t.length !== 8640) throw new Error(`expected 8640 samples, got ${check[0]?.t.length}`);
  rows.push({ figure: 'one series, one day (8,640 samples), from disk', value: median(await timeMs(200, () => reopened.range(daySelector, dayRange))), unit: 'ms', goal: '≤ 2' });
  rows.push({ figure: 'one series, one day, 5 min avg from 1 m rollups', value: median(await timeMs(200, () => reopened.aggregate(daySelector, dayRange, 300_000, 'avg'))), unit: 'ms', goal: '' });
  await reopened.close();
  rmSync(dir, { recursive: true, force: true });

  rows.push(...rssRows());
  return rows;
}

/** RSS with 100 k active series and a 1 h hot window, measured in a fresh process. */
function rssRows(): BenchRow[] {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'store-rss.ts')], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as BenchRow[];
}
