import type { Clock } from '../../../core/index.js';
import { exchange, type ExchangeRequest, type ExchangeResult, type Phases } from './http-exchange.js';
import type { TlsFacts } from './tls-facts.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Credentials meant for one host are not handed to another, as browsers do.
const HOST_BOUND_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** The outcome of a request and the redirects it led to. */
export interface FetchResult {
  /** The last response (or the hop that failed). */
  readonly final: ExchangeResult;
  /** Phases summed over every hop. */
  readonly phases: Phases;
  /** The facts of the first TLS handshake: the server the configured URL leads to first. */
  readonly tls?: TlsFacts;
  readonly redirects: number;
  readonly error?: string;
}

/**
 * Sends `first` and follows up to `maxRedirects` redirects (0: none), each hop on a fresh connection and
 * checked again; a redirect to anything but http or https, or past the limit, is an error.
 */
export async function fetchFollowingRedirects(
  first: ExchangeRequest,
  maxRedirects: number,
  signal: AbortSignal,
  clock: Clock,
): Promise<FetchResult> {
  const phases: Phases = {};
  let request = first;
  let tls: TlsFacts | undefined;
  let redirects = 0;
  for (;;) {
    const hop = await exchange(request, signal, clock);
    addPhases(phases, hop.phases);
    tls ??= hop.tls;
    const done = (error?: string): FetchResult => ({
      final: hop,
      phases,
      redirects,
      ...(tls === undefined ? {} : { tls }),
      ...(error === undefined ? {} : { error }),
    });
    if (hop.error !== undefined) return done(hop.error);
    if (maxRedirects === 0 || hop.status === undefined || !REDIRECT_STATUSES.has(hop.status) || hop.location === undefined) {
      return done();
    }
    if (redirects >= maxRedirects) return done(`more than ${maxRedirects} redirects`);
    const next = redirectTarget(hop.location, request.url);
    if (typeof next === 'string') return done(next);
    redirects += 1;
    request = nextRequest(request, next, hop.status);
  }
}

function redirectTarget(location: string, from: URL): URL | string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return `redirect ${hopName(from)} to an invalid location`;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return `redirect ${hopName(from)} to a ${next.protocol.slice(0, -1)}: URL, which is not allowed (only http and https)`;
  }
  return next;
}

function hopName(from: URL): string {
  return `from ${from.origin}${from.pathname}`;
}

function nextRequest(previous: ExchangeRequest, url: URL, status: number): ExchangeRequest {
  const sameHost = url.hostname === previous.url.hostname;
  // 303 always, and 301/302 after a POST in practice, turn the request into a GET without a body.
  const toGet = previous.method !== 'HEAD' && (status === 303 || ((status === 301 || status === 302) && previous.method === 'POST'));
  const headers = Object.fromEntries(
    Object.entries(previous.headers).filter(([name]) => sameHost || !HOST_BOUND_HEADERS.has(name.toLowerCase())),
  );
  const { address, serverName, body, ...rest } = previous;
  return {
    ...rest,
    url,
    headers,
    method: toGet ? 'GET' : previous.method,
    ...(toGet || body === undefined ? {} : { body }),
    // The pinned address and SNI override belong to the configured host only.
    ...(sameHost && address !== undefined ? { address } : {}),
    ...(sameHost && serverName !== undefined ? { serverName } : {}),
  };
}

function addPhases(sum: Phases, hop: Phases): void {
  for (const phase of Object.keys(hop) as (keyof Phases)[]) {
    const seconds = hop[phase];
    if (seconds !== undefined) sum[phase] = (sum[phase] ?? 0) + seconds;
  }
}
