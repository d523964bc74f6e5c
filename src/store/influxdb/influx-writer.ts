import { gzipSync } from 'node:zlib';
import { HttpError, InfluxDB, type WriteApi } from '@influxdata/influxdb-client';
import { NocError } from '../../core/index.js';
import { errorFromAnswer, errorFromNetwork, type RemoteStoreError } from '../remote/http-answer.js';

/** Sends line protocol; resolves once the server acknowledged every line (one attempt, no retry). */
export interface LineWriter {
  write(lines: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Common settings of both write paths. */
export interface WriterOptions {
  readonly url: string;
  readonly token?: string | undefined;
  readonly timeoutMs: number;
  /** Bodies larger than this many bytes are gzipped. */
  readonly gzipThreshold: number;
  readonly now: () => number;
}

const SERVER = 'InfluxDB write';

/** The 1.x `/write?db=&precision=ms` endpoint, through fetch. */
export class InfluxV1Writer implements LineWriter {
  private readonly endpoint: string;

  constructor(
    private readonly options: WriterOptions,
    database: string,
  ) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/write?db=${encodeURIComponent(database)}&precision=ms`;
  }

  /** POSTs the lines; 204 is the acknowledgement. */
  async write(lines: readonly string[]): Promise<void> {
    const text = lines.join('\n');
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (this.options.token !== undefined) headers.authorization = `Token ${this.options.token}`;
    let body: string | Buffer = text;
    if (Buffer.byteLength(text) > this.options.gzipThreshold) {
      body = gzipSync(text);
      headers['content-encoding'] = 'gzip';
    }
    let response: Response;
    let answer: string;
    try {
      response = await fetch(this.endpoint, { method: 'POST', body, headers, signal: AbortSignal.timeout(this.options.timeoutMs) });
      answer = await response.text();
    } catch (error) {
      throw errorFromNetwork(SERVER, error);
    }
    if (!response.ok) throw errorFromAnswer(SERVER, { status: response.status, body: answer, retryAfter: response.headers.get('retry-after') }, this.options.now());
  }

  /** Nothing is held between writes. */
  async close(): Promise<void> {}
}

/** Maps what the official client rejects with to a RemoteStoreError. */
export function errorFromClient(error: unknown, now: number): RemoteStoreError {
  if (error instanceof HttpError) {
    const header = error.headers?.['retry-after'];
    const retryAfter = Array.isArray(header) ? header[0] : header;
    return errorFromAnswer(SERVER, { status: error.statusCode, body: error.body ?? error.message, retryAfter }, now);
  }
  return errorFromNetwork(SERVER, error);
}

/**
 * The v2 write API (`/api/v2/write`: InfluxDB 2.x, 3.x, 1.8+) through the official client's WriteApi, which
 * batches and gzips. Its own retry buffer is off (maxRetries 0): it resolves `flush` before a retried batch is
 * acknowledged, while the port promises durability on resolve, so the store retries around each write.
 */
export class InfluxV2Writer implements LineWriter {
  private readonly api: WriteApi;

  constructor(options: WriterOptions, org: string, bucket: string, maxLines: number) {
    if (options.token === undefined) throw new NocError('invalid_config', 'store.token: InfluxDB version 2 needs an API token');
    const client = new InfluxDB({ url: options.url, token: options.token, timeout: options.timeoutMs });
    this.api = client.getWriteApi(org, bucket, 'ms', {
      batchSize: maxLines + 1,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: options.gzipThreshold,
      // Returning the rejection keeps the client from logging to the console; the store logs and counts it.
      writeFailed: (error: Error) => Promise.reject(errorFromClient(error, options.now())),
    });
  }

  /** Hands the lines to the WriteApi and flushes at once, so this call's lines form their own request. */
  async write(lines: readonly string[]): Promise<void> {
    this.api.writeRecords([...lines]);
    await this.api.flush();
  }

  /** Closes the WriteApi (nothing is left buffered: every write flushed). */
  async close(): Promise<void> {
    await this.api.close().catch(() => undefined);
  }
}
