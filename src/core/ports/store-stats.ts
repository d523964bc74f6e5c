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
  /** A remote store's outage buffer; absent for the embedded store, which has none. */
  readonly spool?: SpoolStats;
}

/** How a remote store's on-disk outage buffer stands. */
export interface SpoolStats {
  /** Samples dropped because the buffer was full (the oldest go first). */
  readonly droppedSamples: number;
  /** Samples waiting to reach the remote store, and their size on disk. */
  readonly pendingSamples: number;
  readonly pendingBytes: number;
  /** Age of the oldest sample still waiting; 0 when none waits. */
  readonly oldestPendingAgeSeconds: number;
  /** Whether the last attempt to reach the remote store succeeded. */
  readonly remoteUp: boolean;
}

/** A store's self-report, for health checks and metrics. */
export interface StoreHealth {
  stats(): StoreStats;
  /** False until start-up (replay) is over, and after close. */
  ready(): boolean;
}
