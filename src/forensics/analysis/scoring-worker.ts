// A scoring thread: scores the batches it is sent in shared memory and answers with their ids.
import { parentPort } from 'node:worker_threads';
import { batchSeries, claim, markScored, type ScoringBatchMemory, writeScoring } from './scoring-batch.js';
import { ScoringScratch, type ScoreOptions, scoreSeries } from './score-series.js';

/** A batch to score. */
export interface ScoringRequest {
  readonly id: number;
  readonly memory: ScoringBatchMemory;
  readonly options: ScoreOptions;
}

/** The answer: the batch is scored, was taken back by its sender, or why it could not be scored. */
export interface ScoringAnswer {
  readonly id: number;
  readonly skipped?: boolean;
  readonly error?: string;
}

const scratch = new ScoringScratch();
parentPort?.on('message', ({ id, memory, options }: ScoringRequest) => {
  let answer: ScoringAnswer = { id };
  // The sender may have taken the batch back to score it itself while it waited here.
  if (!claim(memory)) {
    parentPort?.postMessage({ id, skipped: true } satisfies ScoringAnswer);
    return;
  }
  try {
    for (let i = 0; i < memory.count; i++) writeScoring(memory, i, scoreSeries(batchSeries(memory, i), scratch, options));
    markScored(memory);
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
