import { HttpError, InfluxDB, type WriteApi } from '@influxdata/influxdb-client';
import { errorFromAnswer, errorFromNetwork, type RemoteStoreError } from '../remote/http-answer.js';

/** How to reach the write side: a single node's URL, or vminsert's `/insert/<tenant>/influx` URL. */
export interface VmWriterOptions {
  readonly insertUrl: string;
  readonly timeoutMs: number;
  /** Bodies larger than this many bytes are gzipped. */
  readonly gzipThreshold: number;
  /** Lines per request. */
  readonly batchLines: number;
  readonly now: () => number;
}

const SERVER = 'VictoriaMetrics write';

/** Maps what the official client rejects with to a RemoteStoreError. */
export function vmWriteError(error: unknown, now: number): RemoteStoreError {
  if (error instanceof HttpError) {
    const header = error.headers?.['retry-after'];
    const retryAfter = Array.isArray(header) ? header[0] : header;
    return errorFromAnswer(SERVER, { status: error.statusCode, body: error.body ?? error.message, retryAfter }, now);
  }
  return errorFromNetwork(SERVER, error);
}

/**
 * Line protocol to VictoriaMetrics' `/api/v2/write` through the official client's WriteApi (ms precision,
 * gzip). Org and bucket are empty: VictoriaMetrics would turn a database name into a `db` label, and an
 * empty label is no label. The client's own retries are off (it resolves `flush` before a retried batch is
 * acknowledged); the store retries around each write instead.
 */
export class VmWriter {
  private readonly api: WriteApi;
  /** Writes run one at a time, so a flush never carries another call's lines. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: VmWriterOptions) {
    const client = new InfluxDB({ url: options.insertUrl.replace(/\/+$/, ''), timeout: options.timeoutMs });
    this.api = client.getWriteApi('', '', 'ms', {
      batchSize: options.batchLines + 1,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: options.gzipThreshold,
      // Returning the rejection keeps the client from logging to the console; the store logs and counts it.
      writeFailed: (error: Error) => Promise.reject(vmWriteError(error, options.now())),
    });
  }

  /** Sends the lines as one request; resolves once VictoriaMetrics answered 204. */
  write(lines: readonly string[]): Promise<void> {
    const done = this.queue.then(async () => {
      this.api.writeRecords([...lines]);
      await this.api.flush();
    });
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Closes the WriteApi (every write already flushed). */
  async close(): Promise<void> {
    await this.api.close().catch(() => undefined);
  }
}
