import type { PreparedSeries } from './prepare-series.js';
import { batchSeries, type ScoringBatch, type ScoringBatchMemory } from './scoring-batch.js';
import type { ScoringPool, SubmittedBatch } from './scoring-pool.js';
import type { ScoringScratch} from './score-series.js';
import { type ScoreOptions, type SeriesScoring, scoreSeries } from './score-series.js';

interface InFlight extends SubmittedBatch {
  /** Position of each of the batch's series among everything added. */
  readonly positions: number[];
  /** Taken back from the queue and scored here. */
  takenBack?: boolean;
}

/**
 * Scores the series of one analysis on the calling thread and on a pool's threads at once: series are
 * packed into a batch for the pool while one of its threads has room, and scored here otherwise, so the
 * calling thread, which also reads and prepares them, is never idle and no thread waits for it. Results
 * come back in the order the series were added. Without a pool every series is scored here.
 */
export class ParallelScorer {
  private readonly results: (SeriesScoring | undefined)[] = [];
  private readonly inFlight: InFlight[] = [];
  private filling: { batch: ScoringBatch; positions: number[] } | undefined;
  /** Series whose scoring came from a pool thread. */
  scoredByPool = 0;

  constructor(
    private readonly pool: ScoringPool | undefined,
    private readonly scratch: ScoringScratch,
    private readonly options: ScoreOptions,
  ) {}

  /** Scores `series` here or copies it into a batch: it may be overwritten once this returns. */
  add(series: PreparedSeries): void {
    const position = this.results.length;
    this.results.push(undefined);
    this.collectScored();
    if (this.filling !== undefined && this.filling.batch.add(series)) {
      this.filling.positions.push(position);
      return;
    }
    this.submitFilling();
    const batch = this.pool?.takeBatch();
    if (batch !== undefined && batch.add(series)) {
      this.filling = { batch, positions: [position] };
      return;
    }
    if (batch !== undefined) this.pool?.release(batch);
    this.results[position] = scoreSeries(series, this.scratch, this.options);
  }

  /**
   * Every scoring, in the order the series were added. Batches still queued for a thread are taken back and
   * scored here, newest first, while the threads finish the ones they started.
   */
  async finish(): Promise<SeriesScoring[]> {
    this.submitFilling();
    for (const flight of [...this.inFlight].reverse()) {
      const memory = flight.batch.claimBack();
      if (memory === undefined) continue;
      this.scoreHere(flight, memory);
      flight.batch.markScoredHere();
      flight.takenBack = true;
    }
    for (const flight of this.inFlight.splice(0)) {
      const outcome = await flight.answered;
      if (flight.takenBack === true) this.pool?.release(flight.batch);
      else this.readBatch(flight, outcome === 'scored');
    }
    return this.results as SeriesScoring[];
  }

  private submitFilling(): void {
    if (this.filling === undefined || this.pool === undefined) return;
    const { batch, positions } = this.filling;
    this.filling = undefined;
    this.inFlight.push({ ...this.pool.submit(batch, this.options), positions });
  }

  /** Reads the results of batches already scored, so their memory is reused while the analysis goes on. */
  private collectScored(): void {
    for (let i = 0; i < this.inFlight.length; ) {
      const flight = this.inFlight[i] as InFlight;
      if (flight.batch.scored) {
        this.inFlight.splice(i, 1);
        this.readBatch(flight, true);
      } else i++;
    }
  }

  /** Copies a batch's results out (scoring it here when its thread could not) and releases it. */
  private readBatch(flight: InFlight, scored: boolean): void {
    const { batch, positions } = flight;
    if (scored) {
      this.scoredByPool += positions.length;
      positions.forEach((position, i) => {
        this.results[position] = batch.scoring(i);
      });
    } else {
      this.scoreHere(flight, batch.memory());
    }
    this.pool?.release(batch);
  }

  /** Scores a batch's series on this thread, from its shared memory. */
  private scoreHere(flight: InFlight, memory: ScoringBatchMemory): void {
    flight.positions.forEach((position, i) => {
      this.results[position] = scoreSeries(batchSeries(memory, i), this.scratch, this.options);
    });
  }
}
