import { ApiErrors, ApiHost } from './api-types.js';

/** Why a call gave no assessment: each kind has its own back-off (see back-off.ts). */
export type ApiFailureKind =
  | 'rate_limited' // 429: too many concurrent assessments or requests
  | 'unavailable' // 503: down for maintenance
  | 'overloaded' // 529: too busy
  | 'unregistered' // 441 (v4): the email is not registered
  | 'refused' // 4xx: the request itself is wrong; retrying cannot help
  | 'server' // 5xx or an answer that is not an assessment
  | 'network'; // no answer at all

/** A failed call, with a message fit for the probe's `error`. */
export interface ApiFailure {
  readonly kind: ApiFailureKind;
  readonly status?: number;
  readonly message: string;
}

/** The service's own accounting of concurrent assessments (headers `X-Max-Assessments`, `X-Current-Assessments`). */
export interface AssessmentSlots {
  readonly max: number;
  readonly current: number;
}

/** The outcome of one `analyze` call. */
export type AnalyzeAnswer =
  | { readonly ok: true; readonly host: ApiHost; readonly slots?: AssessmentSlots }
  | { readonly ok: false; readonly failure: ApiFailure };

/** Parameters of one `analyze` call; a poll sets neither `startNew` nor `fromCache`. */
export interface AnalyzeRequest {
  readonly host: string;
  readonly startNew?: boolean;
  readonly fromCache?: boolean;
  /** Hours; only with `fromCache`. */
  readonly maxAge?: number;
  readonly publish?: boolean;
  readonly ignoreMismatch?: boolean;
}

/** How to reach the API. */
export interface SslLabsClientOptions {
  /** API root with a trailing slash, e.g. `https://api.ssllabs.com/api/v3/`. */
  readonly baseUrl: string;
  /** Sent as the `email` header (v4). */
  readonly email?: string;
  /** Per-call limit, so a stuck connection cannot hold an assessment forever. */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

const STATUS_KINDS: Readonly<Record<number, ApiFailureKind>> = {
  429: 'rate_limited',
  441: 'unregistered',
  503: 'unavailable',
  529: 'overloaded',
};

/** A client of the SSL Labs assessment API (v3 and v4): one call, one typed answer, never a throw but for abort. */
export class SslLabsClient {
  private readonly analyzeUrl: URL;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: SslLabsClientOptions) {
    this.analyzeUrl = new URL('analyze', options.baseUrl);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** Starts, polls or fetches from cache the assessment of a host. Rejects only when `signal` aborts. */
  async analyze(request: AnalyzeRequest, signal: AbortSignal): Promise<AnalyzeAnswer> {
    const url = new URL(this.analyzeUrl);
    url.search = analyzeQuery(request).toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.email !== undefined) headers.email = this.options.email;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(this.requestTimeoutMs)]) });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      return failed('network', `cannot reach SSL Labs at ${this.analyzeUrl.origin}: ${describeNetworkError(error)}`);
    }
    if (response.ok) return this.assessment(response, text);
    return { ok: false, failure: this.failure(response.status, text) };
  }

  private assessment(response: Response, text: string): AnalyzeAnswer {
    const parsed = ApiHost.safeParse(parseJson(text));
    if (!parsed.success) {
      return failed('server', `SSL Labs answered ${response.status} with something that is not an assessment`, response.status);
    }
    const slots = slotsOf(response.headers);
    return slots === undefined ? { ok: true, host: parsed.data } : { ok: true, host: parsed.data, slots };
  }

  private failure(status: number, text: string): ApiFailure {
    const kind = STATUS_KINDS[status] ?? (status >= 500 ? 'server' : 'refused');
    const detail = errorDetail(text);
    const suffix = detail === undefined ? '' : `: ${detail}`;
    switch (kind) {
      case 'rate_limited':
        return { kind, status, message: `SSL Labs refused a new assessment: too many concurrent assessments (429)${suffix}` };
      case 'unavailable':
        return { kind, status, message: `SSL Labs is not available (503)${suffix}` };
      case 'overloaded':
        return { kind, status, message: `SSL Labs is overloaded (529)${suffix}` };
      case 'unregistered':
        return {
          kind,
          status,
          message:
            `SSL Labs API v4 does not know the email ${JSON.stringify(this.options.email ?? '')} (441)${suffix}; ` +
            `register it once with POST ${new URL('register', this.options.baseUrl).href} ` +
            '(firstName, lastName, email, organization), then the probe retries at its next scheduled run',
        };
      default:
        return { kind, status, message: `SSL Labs refused the request (${status})${suffix}` };
    }
  }
}

function analyzeQuery(request: AnalyzeRequest): URLSearchParams {
  const query = new URLSearchParams({ host: request.host });
  if (request.publish !== undefined) query.set('publish', request.publish ? 'on' : 'off');
  if (request.startNew === true) query.set('startNew', 'on');
  if (request.fromCache === true) {
    query.set('fromCache', 'on');
    if (request.maxAge !== undefined) query.set('maxAge', String(request.maxAge));
  }
  if (request.ignoreMismatch === true) query.set('ignoreMismatch', 'on');
  return query;
}

function failed(kind: ApiFailureKind, message: string, status?: number): AnalyzeAnswer {
  return { ok: false, failure: status === undefined ? { kind, message } : { kind, status, message } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `field: message` pairs of an error body, or undefined when the body is not one. */
function errorDetail(text: string): string | undefined {
  const parsed = ApiErrors.safeParse(parseJson(text));
  if (!parsed.success) return undefined;
  return parsed.data.errors.map((error) => (error.field === undefined ? error.message : `${error.field}: ${error.message}`)).join('; ');
}

function slotsOf(headers: Headers): AssessmentSlots | undefined {
  const max = Number(headers.get('x-max-assessments') ?? Number.NaN);
  const current = Number(headers.get('x-current-assessments') ?? Number.NaN);
  return Number.isFinite(max) && Number.isFinite(current) ? { max, current } : undefined;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error ? (cause as NodeJS.ErrnoException).code : undefined;
  if (code !== undefined) return code;
  return error instanceof Error ? error.message : String(error);
}
