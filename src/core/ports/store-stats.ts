/** Counters a time-series store reports about itself (exported on /metrics). */
export interface StoreStats {
  readonly series: number;
  readonly samplesAppended: number;
  /** Out-of-order or duplicate samples refused. */
  readonly samplesRejected: number;
  readonly chunksWritten: number;
  readonly chunkBytesWritten: number;
  readonly headLogBytesWritten: number;
  /** Series with cut chunks not yet on disk. */
  readonly sealBacklog: number;
  /** Points held in memory (hot window and unsealed tail). */
  readonly memoryPoints: number;
  /** Size of the store's files on disk. */
  readonly diskBytes: number;
}

/** A store's self-report, for health checks and metrics. */
export interface StoreHealth {
  stats(): StoreStats;
  /** False until start-up (replay) is over, and after close. */
  ready(): boolean;
}
