import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelScorer } from './parallel-scorer.js';
import type { PreparedSeries } from './prepare-series.js';
import { ScoringScratch, scoreSeries } from './score-series.js';
import { ScoringPool } from './scoring-pool.js';

/** Deterministic series of varied shapes: walks, flags, a step in the window, quantised noise. */
function makeSeries(count: number, length: number): PreparedSeries[] {
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const split = Math.floor(length * 0.8);
  return Array.from({ length: count }, (_, s) => {
    const t = Float64Array.from({ length }, (_, i) => 1_000_000 + i * 10_000);
    let level = 50;
    const v = Float64Array.from({ length }, (_, i) => {
      if (s % 3 === 0) return (level = Math.round((level + next() - 0.5) * 100) / 100);
      if (s % 3 === 1) return next() < 0.05 ? 0 : 1;
      return Math.round((i >= split ? 40 : 20) + next() * 10) / 1000;
    });
    return { t, v, split, rated: s % 5 === 0 };
  });
}

const direct = (series: PreparedSeries[]) => series.map((s) => scoreSeries(s, new ScoringScratch()));

describe('ParallelScorer', () => {
  const pool = ScoringPool.create(1);
  afterAll(() => pool.close());

  it('has a pool thread score a submitted batch, with the results of scoring each series directly', async () => {
    const series = makeSeries(20, 400);
    const batch = pool.takeBatch();
    if (batch === undefined) throw new Error('the pool has no room');
    for (const s of series) expect(batch.add(s)).toBe(true);
    expect(await pool.submit(batch, {}).answered).toBe('scored');
    expect(batch.scored).toBe(true);
    expect(series.map((_, i) => batch.scoring(i))).toEqual(direct(series));
  });

  it('scores on the pool thread and here, with the results of scoring each series directly, in order', async () => {
    const series = makeSeries(600, 500);
    const scorer = new ParallelScorer(pool, new ScoringScratch(), {});
    for (const s of series) scorer.add(s);
    expect(await scorer.finish()).toEqual(direct(series));
  });

  it('takes back batches still queued when the series run out, and the thread skips them', async () => {
    // The thread is kept busy by a large batch, so the small one behind it is still queued when taken back.
    const busy = pool.takeBatch();
    const batch = pool.takeBatch();
    if (busy === undefined || batch === undefined) throw new Error('the pool has no room');
    for (const s of makeSeries(120, 4_000)) busy.add(s);
    for (const s of makeSeries(40, 300)) batch.add(s);
    const first = pool.submit(busy, {});
    const second = pool.submit(batch, {});
    expect(batch.claimBack()).toBeDefined();
    expect(batch.claimBack()).toBeUndefined();
    batch.markScoredHere();
    expect(await first.answered).toBe('scored');
    expect(await second.answered).toBe('skipped');
  });

  it('may reuse the caller’s arrays as soon as add returns (batches hold copies)', async () => {
    const series = makeSeries(200, 300);
    const expected = direct(series);
    const scorer = new ParallelScorer(pool, new ScoringScratch(), {});
    const t = new Float64Array(300);
    const v = new Float64Array(300);
    for (const s of series) {
      t.set(s.t);
      v.set(s.v);
      scorer.add({ ...s, t, v });
    }
    expect(await scorer.finish()).toEqual(expected);
  });

  it('scores every series here without a pool', async () => {
    const series = makeSeries(50, 200);
    const scorer = new ParallelScorer(undefined, new ScoringScratch(), {});
    for (const s of series) scorer.add(s);
    expect(await scorer.finish()).toEqual(direct(series));
    expect(scorer.scoredByPool).toBe(0);
  });

  it('scores here the batches of a pool that stopped', async () => {
    const stopping = ScoringPool.create(1);
    const series = makeSeries(400, 300);
    const scorer = new ParallelScorer(stopping, new ScoringScratch(), {});
    for (const s of series) scorer.add(s);
    await stopping.close();
    expect(await scorer.finish()).toEqual(direct(series));
    expect(stopping.size).toBe(0);
  });

  it('leaves the process free to exit once the shared pool has answered everything', () => {
    const child = fileURLToPath(new URL('./testing/shared-pool-child.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 60_000 });
    expect(run.error).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout.trim()) as { scored: number; outcome: string };
    expect(printed.scored).toBe(300);
    // The shared pool has a thread when there is a core to spare.
    expect(printed.outcome).toBe(availableParallelism() > 1 ? 'scored' : 'no thread');
  });
});
