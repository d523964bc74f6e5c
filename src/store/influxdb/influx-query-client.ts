import { NocError } from '../../core/index.js';
import { errorFromAnswer, errorFromNetwork } from '../remote/http-answer.js';

/** One series of an InfluxQL answer (`epoch=ms`: the time column holds ms numbers). */
export interface InfluxResultSeries {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values: ReadonlyArray<ReadonlyArray<number | string | boolean | null>>;
  readonly partial?: boolean;
}

interface InfluxQueryAnswer {
  readonly results?: ReadonlyArray<{ readonly error?: string; readonly series?: readonly InfluxResultSeries[]; readonly partial?: boolean }>;
  readonly error?: string;
}

/** Where and how to send InfluxQL: `/query` of 1.x, of 2.x (DBRP mappings) and of 3.x (v1 compatibility API). */
export interface InfluxQueryOptions {
  readonly url: string;
  readonly database: string;
  /** Sent as `Authorization: Token …` (1.8+ `user:password`, 2.x/3.x API token). */
  readonly token?: string | undefined;
  readonly timeoutMs: number;
  readonly now: () => number;
}

/** Runs InfluxQL statements over HTTP and returns their series, or rejects with a NocError naming the server's answer. */
export class InfluxQueryClient {
  private readonly endpoint: string;

  constructor(private readonly options: InfluxQueryOptions) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/query`;
  }

  /** The series of one statement (POST, so long FROM lists and regexes never hit URL limits). */
  async query(statement: string): Promise<InfluxResultSeries[]> {
    const body = new URLSearchParams({ db: this.options.database, q: statement, epoch: 'ms' });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token !== undefined) headers.authorization = `Token ${this.options.token}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.endpoint, { method: 'POST', body, headers, signal: AbortSignal.timeout(this.options.timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw errorFromNetwork('InfluxDB query', error);
    }
    if (!response.ok) {
      throw errorFromAnswer('InfluxDB query', { status: response.status, body: text, retryAfter: response.headers.get('retry-after') }, this.options.now());
    }
    let answer: InfluxQueryAnswer;
    try {
      answer = JSON.parse(text) as InfluxQueryAnswer;
    } catch (error) {
      throw new NocError('unavailable', `InfluxDB query answered with something other than JSON: ${text.slice(0, 200)}`, undefined, { cause: error });
    }
    if (answer.error !== undefined) throw new NocError('bad_request', `InfluxDB query failed: ${answer.error}`);
    const result = answer.results?.[0];
    if (result?.error !== undefined) {
      // A database that has no measurement yet is an empty answer, not a failure.
      if (/database not found/.test(result.error)) return [];
      throw new NocError('bad_request', `InfluxDB query failed: ${result.error}`, { statement });
    }
    const series = result?.series ?? [];
    if (result?.partial === true || series.some((s) => s.partial === true)) {
      throw new NocError('unavailable', 'InfluxDB truncated the answer (partial result): raise max-row-limit or narrow the query', { statement });
    }
    return [...series];
  }
}
