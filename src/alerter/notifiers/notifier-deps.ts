import type { Clock, Logger } from '../../core/index.js';

/** The `fetch` the HTTP notifiers call: the global one unless a test or proxy setup passes another. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** What every notifier factory is given besides its channel config. */
export interface NotifierDeps {
  readonly log: Logger;
  readonly fetch?: FetchLike;
  /** Wall time for webhook timestamps; the system clock when absent. */
  readonly clock?: Clock;
}
