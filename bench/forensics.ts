// Benchmark of the forensics window analysis: 10,000 series at 10 s, a 1 h window against the 4 h baseline
// before it, every series scored (KS on first differences, volume, level shift), without and with a focus
// series (Pearson lag search for every series, Spearman for the top 100), read from the hot window of the
// embedded store and from disk (sealed chunks older than the hot window). Scoring uses the process-wide
// scoring pool (one worker thread per spare core), as `noc start` does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManualClock, parseSelector, type Sample, type SeriesKey, type SeriesPoints, type SeriesQuerier, type TimeRange } from '../src/core/index.js';
import { analyzeWindow, type WindowAnalysis } from '../src/forensics/analysis/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { SyntheticNetwork } from './data.js';
import { type BenchRow, median, timeMs, toMarkdown } from './measure.js';

const INTERVAL = 10_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);
/** Baseline (4 h) plus window (1 h) fit in the hot window; the first 5 h written are sealed and evicted. */
const HOT_WINDOW = 5.5 * HOUR;
const HOURS_WRITTEN = 11;

/** A querier over series already in memory: scoring cost alone, without the store's reads. */
function preloaded(all: readonly SeriesPoints[]): SeriesQuerier {
  return {
    series: async () => all.map(({ key, metric, labels }) => ({ key, metric, labels })),
    latest: async () => [],
    range: async () => [...all],
    aggregate: async () => [],
  };
}

/** Runs the benchmark: `reps` timed analyses per figure, the four store figures interleaved round by round. */
export async function runForensicsBench(reps = Number(process.env.BENCH_FORENSICS_REPS ?? 7)): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-forensics-'));
  const clock = new ManualClock(T0);
  const store = SqliteSeriesStore.open({ path: join(dir, 'noc.db'), hotWindow: HOT_WINDOW, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
  const net = new SyntheticNetwork(100, 100);
  const targets = net.targets;
  const perTarget = net.perTarget;
  const batch: Sample[] = new Array(perTarget);
  const polls = (HOURS_WRITTEN * HOUR) / INTERVAL;
  for (let poll = 0; poll < polls; poll++) {
    for (let target = 0; target < targets; target++) {
      const t = T0 + poll * INTERVAL + Math.floor((target * INTERVAL) / targets);
      for (let i = 0; i < perTarget; i++) {
        const index = target * perTarget + i;
        batch[i] = { series: net.keys[index] as Sample['series'], t, v: net.next(index) };
      }
      clock.set(t);
      await store.append(batch);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  store.flush();
  const now = T0 + polls * INTERVAL;
  clock.set(now);
  store.maintain(now);

  const hot: TimeRange = { from: now - HOUR, to: now };
  const disk: TimeRange = { from: T0 + 4 * HOUR, to: T0 + 5 * HOUR };
  const focus = net.keys[0] as SeriesKey;
  const all = parseSelector('{__name__=~"bench_.*"}');
  // Every read of the disk case must come from sealed chunks: its whole span is older than the hot window.
  if (disk.to > now - HOT_WINDOW) throw new Error('the disk window overlaps the hot window');

  const check = (analysis: WindowAnalysis) => {
    if (analysis.considered !== net.seriesCount) throw new Error(`considered ${analysis.considered} series, expected ${net.seriesCount}`);
  };
  const cases: Array<{ figure: string; goal: string; run: () => Promise<unknown> }> = [
    { figure: 'from the hot window', goal: '≤ 300', run: async () => check(await analyzeWindow(store, hot)) },
    { figure: 'from the hot window, with a focus series', goal: '', run: async () => check(await analyzeWindow(store, { ...hot, focus })) },
    { figure: 'from disk', goal: '≤ 1,500', run: async () => check(await analyzeWindow(store, disk)) },
    { figure: 'from disk, with a focus series', goal: '', run: async () => check(await analyzeWindow(store, { ...disk, focus })) },
    { figure: 'from the hot window, scored on the calling thread only', goal: '', run: async () => check(await analyzeWindow(store, hot, { scoringPool: null })) },
  ];
  const spanOf = (range: TimeRange): TimeRange => ({ from: range.from - 4 * HOUR, to: range.to });
  const reads: Array<{ figure: string; run: () => Promise<unknown> }> = [
    { figure: 'of which streaming 10 k series × 5 h from the hot window (`scanRange`)', run: () => store.scanRange(all, spanOf(hot), () => undefined) },
    { figure: 'of which streaming 10 k series × 5 h from disk (`scanRange`)', run: () => store.scanRange(all, spanOf(disk), () => undefined) },
    { figure: 'for comparison: the same read into arrays (`range`), from the hot window', run: () => store.range(all, spanOf(hot)) },
    { figure: 'for comparison: the same read into arrays (`range`), from disk', run: () => store.range(all, spanOf(disk)) },
  ];
  const inMemory = preloaded(await store.range(all, spanOf(hot)));
  const scoring: Array<{ figure: string; run: () => Promise<unknown> }> = [
    { figure: 'scoring alone (series already in memory)', run: () => analyzeWindow(inMemory, hot) },
    { figure: 'scoring alone, with a focus series', run: () => analyzeWindow(inMemory, { ...hot, focus }) },
    { figure: 'scoring alone, on the calling thread only', run: () => analyzeWindow(inMemory, hot, { scoringPool: null }) },
  ];

  const sample = await analyzeWindow(store, hot);
  const times = new Map<string, number[]>();
  const everything = [...cases, ...reads, ...scoring];
  // Warm-up, then rounds that take every figure once, so load on the shared machine spreads over all.
  for (const c of everything) await c.run();
  for (let rep = 0; rep < reps; rep++) {
    for (const c of everything) times.set(c.figure, [...(times.get(c.figure) ?? []), ...(await timeMs(1, c.run))]);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const ms = (figure: string) => median(times.get(figure) ?? []);
  return [
    { figure: 'workload: series matched (a quarter each gauges, counters, latencies, 0/1 flags)', value: sample.considered, unit: 'series', goal: '' },
    { figure: 'workload: series scored (the rest constant: flags that never flipped)', value: sample.scored, unit: 'series', goal: '' },
    ...cases.map((c) => ({ figure: `full analysis, ${c.figure}, median of ${reps}`, value: ms(c.figure), unit: 'ms', goal: c.goal })),
    ...[...reads, ...scoring].map((c) => ({ figure: c.figure, value: ms(c.figure), unit: 'ms', goal: '' })),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(toMarkdown(await runForensicsBench()));
}
