// Child process of parallel-scorer.test.ts: scores on the process-wide pool, then has its thread score one
// more batch (the process must stay alive for the answer), prints both, and must then exit by itself (an
// idle pool keeps no process alive).
import { ParallelScorer } from '../parallel-scorer.js';
import { ScoringScratch } from '../score-series.js';
import { ScoringPool } from '../scoring-pool.js';

const scorer = new ParallelScorer(ScoringPool.shared(), new ScoringScratch(), {});
for (let s = 0; s < 300; s++) {
  const t = Float64Array.from({ length: 100 }, (_, i) => i * 1000);
  const v = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i + s) + (i > 80 ? 1 : 0));
  scorer.add({ t, v, split: 80, rated: false });
}
const results = await scorer.finish();
const pool = ScoringPool.shared();
const batch = pool?.takeBatch();
batch?.add({ t: Float64Array.from([1, 2, 3, 4, 5, 6]), v: Float64Array.from([1, 3, 2, 5, 4, 9]), split: 3, rated: false });
const outcome = pool === undefined || batch === undefined ? 'no thread' : await pool.submit(batch, {}).answered;
process.stdout.write(`${JSON.stringify({ scored: results.length, outcome })}\n`);
