import type { StoreStats } from '../../core/index.js';

/**
 * Counters of a remote store for StoreHealth: series seen, samples appended and refused. The chunk, head
 * log, memory and disk fields belong to the embedded engine and stay 0 (the server reports its own).
 */
export class RemoteStoreStats {
  private samplesAppended = 0;
  private samplesRejected = 0;
  private writeFailures = 0;

  constructor(private readonly seriesCount: () => number) {}

  /** Records one acknowledged batch. */
  recordAppend(accepted: number, rejected: number): void {
    this.samplesAppended += accepted;
    this.samplesRejected += rejected;
  }

  /** Records a batch the server refused or never acknowledged. */
  recordFailure(): void {
    this.writeFailures++;
  }

  /** Batches that failed since start. */
  failures(): number {
    return this.writeFailures;
  }

  /** The StoreStats view. */
  snapshot(): StoreStats {
    return {
      series: this.seriesCount(),
      samplesAppended: this.samplesAppended,
      samplesRejected: this.samplesRejected,
      chunksWritten: 0,
      chunkBytesWritten: 0,
      headLogBytesWritten: 0,
      sealBacklog: 0,
      memoryPoints: 0,
      diskBytes: 0,
    };
  }
}
