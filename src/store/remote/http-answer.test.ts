import { describe, expect, it } from 'vitest';
import { errorFromAnswer, errorFromNetwork, parseRetryAfter, RemoteStoreError } from './http-answer.js';
import { backoffDelay, withRetries } from './retry-with-backoff.js';

const NOW = Date.UTC(2026, 10, 2, 10, 0, 0);

describe('remote answers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter('0.5', NOW)).toBe(500);
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it('names the status and the server message, and says which answers are worth retrying', () => {
    const table: Array<[number, string, string, boolean, RegExp]> = [
      [401, '{"code":"unauthorized","message":"unauthorized access"}', 'unauthorized', false, /401.*token: unauthorized access/],
      [404, '{"error":"database not found: \\"x\\""}', 'not_found', false, /404.*database not found/],
      [413, 'too big', 'bad_request', false, /too large \(413\): too big/],
      [429, '', 'unavailable', true, /rate limiting \(429\)/],
      [400, '{"error":"unable to parse"}', 'bad_request', false, /\(400\): unable to parse/],
      [503, 'busy', 'unavailable', true, /503: busy/],
    ];
    for (const [status, body, code, retriable, message] of table) {
      const error = errorFromAnswer('InfluxDB write', { status, body }, NOW);
      expect(error, String(status)).toBeInstanceOf(RemoteStoreError);
      expect([error.code, error.retriable, error.status]).toEqual([code, retriable, status]);
      expect(error.message).toMatch(message);
    }
    expect(errorFromAnswer('X', { status: 429, body: '', retryAfter: '3' }, NOW).retryAfterMs).toBe(3000);
  });

  it('treats no answer as retriable, a timeout as timeout', () => {
    expect(errorFromNetwork('X', new TypeError('fetch failed'))).toMatchObject({ code: 'unavailable', retriable: true, status: 0 });
    expect(errorFromNetwork('X', new DOMException('t', 'TimeoutError')).code).toBe('timeout');
  });
});

describe('withRetries', () => {
  const policy = { maxRetries: 3, minDelay: 100, maxDelay: 250 };

  it('backs off exponentially up to the cap unless the server names a delay', () => {
    const plain = new RemoteStoreError('unavailable', 'x', 503, true);
    expect([1, 2, 3, 4].map((n) => backoffDelay(policy, n, plain))).toEqual([100, 200, 250, 250]);
    expect(backoffDelay(policy, 1, new RemoteStoreError('unavailable', 'x', 429, true, 9000))).toBe(9000);
  });

  it('retries retriable errors and stops at the first other one', async () => {
    const sleeps: number[] = [];
    const sleep = async (ms: number): Promise<void> => void sleeps.push(ms);
    let calls = 0;
    const result = await withRetries({ ...policy, sleep }, async () => {
      calls++;
      if (calls < 3) throw new RemoteStoreError('unavailable', 'x', 503, true);
      return 'ok';
    });
    expect([result, calls, sleeps]).toEqual(['ok', 3, [100, 200]]);
    calls = 0;
    const refused = withRetries({ ...policy, sleep }, async () => {
      calls++;
      throw new RemoteStoreError('unauthorized', 'no', 401, false);
    });
    await expect(refused).rejects.toThrow('no');
    expect(calls).toBe(1);
  });
});
