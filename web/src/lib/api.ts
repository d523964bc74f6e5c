import type { QueryRangeView } from './types.js';

/** An error answer of the API, with its message meant for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message of an error answer, or a fallback naming the status. */
async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(response.status, body.error.code ?? 'error', body.error.message);
  } catch {
    // not JSON: fall through to the status line
  }
  return new ApiError(response.status, `http_${response.status}`, `${response.status} ${response.statusText || 'error'}`);
}

/**
 * Calls the API with the session cookie; resolves to the answer's `data` (undefined for 204).
 * A JSON body is sent as such; the browser adds the Origin header that cookie-authenticated writes need.
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const request: RequestInit = { method: init.method ?? 'GET', credentials: 'same-origin', headers };
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    request.body = JSON.stringify(init.body);
  }
  if (init.signal) request.signal = init.signal;
  const response = await fetch(`/api/v1${path}`, request);
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return ((await response.json()) as { data: T }).data;
}

/** `GET /api/v1/query_range` for a selector over [from, to] (relative times allowed), optionally per step. */
export function queryRange(match: string, range: { from: string; to?: string; step?: string; fn?: string }): Promise<QueryRangeView> {
  const params = new URLSearchParams({ match, from: range.from, to: range.to ?? 'now' });
  if (range.step) params.set('step', range.step);
  if (range.fn) params.set('fn', range.fn);
  return api<QueryRangeView>(`/query_range?${params.toString()}`);
}
