import type { Sample, SeriesKey } from '../../core/index.js';

/** A batch split into the samples to write and the count refused as out of order. */
export interface GuardedBatch {
  readonly accepted: Sample[];
  readonly rejected: number;
}

/**
 * Keeps the newest time written per series so a remote store refuses (counts) samples older than or equal
 * to it, as the SampleAppender port requires: remote engines would otherwise overwrite or interleave them.
 */
export class SampleOrderGuard {
  private readonly newest = new Map<SeriesKey, number>();

  /** Series with a known newest time. */
  get size(): number {
    return this.newest.size;
  }

  /** The newest accepted time of `key`, if known. */
  newestOf(key: SeriesKey): number | undefined {
    return this.newest.get(key);
  }

  /** Keys of `samples` whose newest time is unknown: the ones worth seeding from the server. */
  unknown(samples: readonly Sample[]): SeriesKey[] {
    const keys = new Set<SeriesKey>();
    for (const sample of samples) if (!this.newest.has(sample.series)) keys.add(sample.series);
    return [...keys];
  }

  /** Sets what the server already holds (after a restart); never moves a series' newest time back. */
  seed(key: SeriesKey, t: number): void {
    const known = this.newest.get(key);
    if (known === undefined || t > known) this.newest.set(key, t);
  }

  /**
   * Splits a batch, in order, advancing each series' newest time as samples are accepted. Call
   * {@link rollback} with the result when the write then fails, so a retry is not refused.
   */
  admit(samples: readonly Sample[]): GuardedBatch & { readonly previous: ReadonlyMap<SeriesKey, number | undefined> } {
    const accepted: Sample[] = [];
    const previous = new Map<SeriesKey, number | undefined>();
    let rejected = 0;
    for (const sample of samples) {
      const known = this.newest.get(sample.series);
      if (known !== undefined && sample.t <= known) {
        rejected++;
        continue;
      }
      if (!previous.has(sample.series)) previous.set(sample.series, known);
      this.newest.set(sample.series, sample.t);
      accepted.push(sample);
    }
    return { accepted, rejected, previous };
  }

  /** Restores the newest times an {@link admit} replaced, for series no later admit moved on. */
  rollback(admitted: { readonly accepted: readonly Sample[]; readonly previous: ReadonlyMap<SeriesKey, number | undefined> }): void {
    const lastOf = new Map<SeriesKey, number>();
    for (const sample of admitted.accepted) lastOf.set(sample.series, sample.t);
    for (const [key, before] of admitted.previous) {
      if (this.newest.get(key) !== lastOf.get(key)) continue;
      if (before === undefined) this.newest.delete(key);
      else this.newest.set(key, before);
    }
  }
}
