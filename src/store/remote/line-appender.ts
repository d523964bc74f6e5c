import { type AppendResult, type Logger, parseSeriesKey, type Sample, type SeriesKey, type StoreStats } from '../../core/index.js';
import { LineProtocolEncoder } from './line-protocol.js';
import { RemoteStoreStats } from './remote-store-stats.js';
import { type RetryPolicy, withRetries } from './retry-with-backoff.js';
import { SampleOrderGuard } from './sample-order-guard.js';

/** The newest time the server holds for each series of some metrics. */
export type NewestOnServer = (metrics: readonly string[]) => Promise<Iterable<{ readonly key: SeriesKey; readonly t: number }>>;

/** What a line-protocol store gives the shared write path. */
export interface LineAppenderOptions {
  /** Names the server in logs, e.g. "InfluxDB". */
  readonly server: string;
  /** Sends one chunk of lines; resolves once the server acknowledged them. */
  readonly write: (lines: readonly string[]) => Promise<void>;
  readonly retry: RetryPolicy;
  /** Most lines per request. */
  readonly batchLines: number;
  /**
   * What the server already holds, asked once per metric before this process first writes it, so a restarted
   * process still refuses samples older than the stored ones. Absent: the order is checked per process only.
   */
  readonly newestOnServer?: NewestOnServer;
  readonly log: Logger;
}

/**
 * The write path of a line-protocol store: out-of-order samples refused and counted, the rest encoded and sent
 * in chunks, each acknowledged before the append resolves; a failed write leaves the order as it was, so the
 * same batch can be sent again.
 */
export class LineAppender {
  private readonly encoder = new LineProtocolEncoder();
  private readonly guard = new SampleOrderGuard();
  private readonly seeded = new Set<string>();
  private readonly counters = new RemoteStoreStats(() => this.guard.size);

  constructor(private readonly options: LineAppenderOptions) {}

  /** Writes the batch; resolves once the server acknowledged every accepted sample. */
  async append(samples: readonly Sample[]): Promise<AppendResult> {
    await this.seed(samples);
    const admitted = this.guard.admit(samples);
    const lines: string[] = [];
    let unencodable = 0;
    for (const sample of admitted.accepted) {
      try {
        lines.push(this.encoder.line(sample));
      } catch (error) {
        unencodable++;
        this.options.log.warn({ series: sample.series, err: (error as Error).message }, 'sample dropped: not representable in line protocol');
      }
    }
    const { batchLines, retry, write } = this.options;
    try {
      for (let i = 0; i < lines.length; i += batchLines) {
        const chunk = lines.slice(i, i + batchLines);
        await withRetries(retry, () => write(chunk));
      }
    } catch (error) {
      this.guard.rollback(admitted);
      this.counters.recordFailure();
      this.options.log.error({ err: (error as Error).message, lines: lines.length }, `${this.options.server} write failed`);
      throw error;
    }
    const rejected = admitted.rejected + unencodable;
    this.counters.recordAppend(lines.length, rejected);
    return { accepted: lines.length, rejected };
  }

  /** The store's counters (series seen, samples appended and refused). */
  stats(): StoreStats {
    return this.counters.snapshot();
  }

  private async seed(samples: readonly Sample[]): Promise<void> {
    const newestOnServer = this.options.newestOnServer;
    if (newestOnServer === undefined) return;
    const fresh = new Set<string>();
    for (const key of this.guard.unknown(samples)) {
      const { metric } = parseSeriesKey(key);
      if (!this.seeded.has(metric)) fresh.add(metric);
    }
    if (fresh.size === 0) return;
    const metrics = [...fresh];
    for (const { key, t } of await newestOnServer(metrics)) this.guard.seed(key, t);
    for (const metric of metrics) this.seeded.add(metric);
  }
}
