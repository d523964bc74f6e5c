import { RemoteStoreError } from './http-answer.js';

/** How often and how patiently a remote write is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** First back-off delay in ms, doubled each retry up to `maxDelay`. */
  readonly minDelay: number;
  readonly maxDelay: number;
  /** Waits `ms`; injected so tests need not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Retries 5 times from 1 s doubling to 30 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, minDelay: 1000, maxDelay: 30_000 };

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The delay before retry number `retry` (1-based): the server's Retry-After when given, else exponential. */
export function backoffDelay(policy: RetryPolicy, retry: number, error: RemoteStoreError): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  return Math.min(policy.maxDelay, policy.minDelay * 2 ** (retry - 1));
}

/**
 * Runs `attempt` until it succeeds, retrying retriable RemoteStoreErrors (429, 5xx, network) with back-off
 * that honours Retry-After; any other error, or the last retriable one, rejects.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RemoteStoreError) || !error.retriable || retry >= policy.maxRetries) throw error;
      await sleep(backoffDelay(policy, retry + 1, error));
    }
  }
}
