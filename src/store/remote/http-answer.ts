import { NocError } from '../../core/index.js';

/** An HTTP answer from a remote store that was not a success. */
export interface HttpAnswer {
  readonly status: number;
  /** The body text (the server's error message), possibly empty. */
  readonly body: string;
  /** The Retry-After header, if any. */
  readonly retryAfter?: string | null | undefined;
}

/** A NocError for a failed write or read, whose message names the server's answer. */
export class RemoteStoreError extends NocError {
  constructor(
    code: ConstructorParameters<typeof NocError>[0],
    message: string,
    /** HTTP status, 0 for a network failure or timeout. */
    readonly status: number,
    /** Whether trying again later can succeed (429, 5xx, network). */
    readonly retriable: boolean,
    /** The delay the server asked for (Retry-After), in ms. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, { status }, options);
    this.name = 'RemoteStoreError';
  }
}

/** Retry-After as ms: delta-seconds or an HTTP date (relative to `now`); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function serverMessage(body: string): string {
  const text = body.trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      for (const field of ['message', 'error']) if (typeof record[field] === 'string') return record[field];
    }
  } catch {
    // plain text body
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Maps a failed answer of `server` (e.g. "InfluxDB write") to a RemoteStoreError. */
export function errorFromAnswer(server: string, answer: HttpAnswer, now: number): RemoteStoreError {
  const said = serverMessage(answer.body);
  const detail = said === '' ? '' : `: ${said}`;
  const { status } = answer;
  const retryAfterMs = parseRetryAfter(answer.retryAfter, now);
  if (status === 401 || status === 403) {
    return new RemoteStoreError('unauthorized', `${server} refused the credentials (${status}); check the token${detail}`, status, false);
  }
  if (status === 404) return new RemoteStoreError('not_found', `${server} answered 404: wrong URL, database/bucket or API version${detail}`, status, false);
  if (status === 413) return new RemoteStoreError('bad_request', `${server} refused the request as too large (413)${detail}`, status, false);
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : ` (Retry-After ${retryAfterMs} ms)`;
    return new RemoteStoreError('unavailable', `${server} is rate limiting (429)${wait}${detail}`, status, true, retryAfterMs);
  }
  if (status >= 500) {
    return new RemoteStoreError('unavailable', `${server} failed with ${status}${detail}`, status, status !== 501, retryAfterMs);
  }
  return new RemoteStoreError('bad_request', `${server} refused the request (${status})${detail}`, status, false);
}

/** A RemoteStoreError for a request that got no answer (refused connection, reset, timeout). */
export function errorFromNetwork(server: string, cause: unknown): RemoteStoreError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError' || cause.name === 'RequestTimedOutError');
  const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  return new RemoteStoreError(timedOut ? 'timeout' : 'unavailable', `${server} did not answer: ${reason}`, 0, true, undefined, { cause });
}
