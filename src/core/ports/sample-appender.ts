import type { Sample } from '../sample.js';

/** Write side of a time-series store. */
export interface SampleAppender {
  /**
   * Appends one poll batch. When the promise resolves the batch is durable: it survives the process being
   * killed. Samples older than their series' latest are rejected (counted), never reordered.
   */
  append(samples: readonly Sample[]): Promise<AppendResult>;
}

/** What an append did with its batch. */
export interface AppendResult {
  readonly accepted: number;
  /** Samples older than the latest of their series (out of order), or repeating its timestamp. */
  readonly rejected: number;
}
