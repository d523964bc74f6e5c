import { DeliveryError } from './notification.js';
import type { FetchLike } from './notifier-deps.js';

/** One JSON POST to a webhook-style receiver. */
export interface JsonPost {
  readonly url: string;
  /** The exact bytes to send (signatures are computed over them). */
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly fetch?: FetchLike;
}

const EXCERPT_LENGTH = 200;

/** Whether trying again may help: timeouts, throttling and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

// Webhook URLs carry their credential in the path (Slack, Teams): errors name only the origin.
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the receiver';
  }
}

async function excerpt(response: Response): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
  } catch {
    return '';
  }
}

/**
 * POSTs `body` as JSON and resolves on 2xx; otherwise throws a `DeliveryError` that is retryable for 408,
 * 429, 5xx, network errors and timeouts, and not for other statuses (redirects are not followed).
 */
export async function postJson(post: JsonPost): Promise<void> {
  const origin = originOf(post.url);
  const timeout = AbortSignal.timeout(post.timeoutMs);
  const signal = AbortSignal.any([post.signal, timeout]);
  const doFetch = post.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(post.url, {
      method: 'POST',
      headers: { ...post.headers, 'Content-Type': 'application/json' },
      body: post.body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    throw failure(post, timeout, origin, error);
  }
  if (response.status >= 200 && response.status < 300) {
    // Drained so the connection goes back to the pool.
    await response.arrayBuffer().catch(() => undefined);
    return;
  }
  const body = await excerpt(response);
  const detail = body === '' ? '' : `: ${body}`;
  throw new DeliveryError(`${origin} answered HTTP ${response.status}${detail}`, isRetryableStatus(response.status));
}

function failure(post: JsonPost, timeout: AbortSignal, origin: string, error: unknown): DeliveryError {
  if (post.signal.aborted) return new DeliveryError(`delivery to ${origin} was cancelled`, true, { cause: error });
  if (timeout.aborted) return new DeliveryError(`${origin} did not answer within ${post.timeoutMs} ms`, true, { cause: error });
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DeliveryError(`cannot reach ${origin}: ${reason}`, true, { cause: error });
}
