import { NocError, type SeriesPoints } from '../../core/index.js';
import { errorFromAnswer, errorFromNetwork } from '../remote/http-answer.js';
import { identityOf, parseExport, parseQueryAnswer, type VmResultSeries, type VmSeriesIdentity } from './vm-result.js';

/** How to reach the read side: a single node's URL, or vmselect's `/select/<tenant>/prometheus` URL. */
export interface VmSelectOptions {
  readonly selectUrl: string;
  readonly timeoutMs: number;
  readonly now: () => number;
}

const SERVER = 'VictoriaMetrics read';

/** Milliseconds as the seconds (with ms fraction) the Prometheus API takes. */
export function apiSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * The Prometheus query API of VictoriaMetrics, POSTing forms (long selectors fit) with `nocache=1`, so no
 * cached or time-shifted answer stands in for the stored samples.
 */
export class VmSelectClient {
  private readonly base: string;

  constructor(private readonly options: VmSelectOptions) {
    this.base = options.selectUrl.replace(/\/+$/, '');
  }

  /** Raw samples of the series `match` selects in [from, to] (both ends inclusive), `_value`/`_special` merged. */
  async export(match: string, from: number, to: number): Promise<SeriesPoints[]> {
    return parseExport(await this.post('/api/v1/export', { 'match[]': match, start: apiSeconds(from), end: apiSeconds(to) }));
  }

  /** A range query evaluated at start, start + step, … end (all multiples of step, so never realigned). */
  async queryRange(query: string, start: number, end: number, step: number): Promise<VmResultSeries[]> {
    const text = await this.post('/api/v1/query_range', { query, start: apiSeconds(start), end: apiSeconds(end), step: `${step}ms`, nocache: '1' });
    return parseQueryAnswer(parseJson(text));
  }

  /** An instant query at `time`. */
  async query(query: string, time: number): Promise<VmResultSeries[]> {
    return parseQueryAnswer(parseJson(await this.post('/api/v1/query', { query, time: apiSeconds(time), nocache: '1' })));
  }

  /** Series the index knows for `match` between from and to (the index is per day: not proof of samples). */
  async series(match: string, from: number, to: number): Promise<VmSeriesIdentity[]> {
    const body = parseJson(await this.post('/api/v1/series', { 'match[]': match, start: apiSeconds(from), end: apiSeconds(to) }));
    const data = (body as { data?: unknown }).data;
    if ((body as { status?: unknown }).status !== 'success' || !Array.isArray(data)) {
      throw new NocError('bad_request', `VictoriaMetrics refused the series request: ${JSON.stringify(body).slice(0, 300)}`);
    }
    return data.map((labels) => identityOf(labels)).filter((identity): identity is VmSeriesIdentity => identity !== undefined);
  }

  private async post(path: string, form: Record<string, string>): Promise<string> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.base}${path}`, {
        method: 'POST',
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw errorFromNetwork(SERVER, error);
    }
    if (!response.ok) throw errorFromAnswer(SERVER, { status: response.status, body: text, retryAfter: response.headers.get('retry-after') }, this.options.now());
    return text;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { status: 'error', error: `not JSON: ${text.slice(0, 200)}` };
  }
}
