import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** Biggest (decompressed) exposition read; beyond it the scrape fails instead of filling memory. */
export const MAX_EXPOSITION_BYTES = 64 * 1024 * 1024;

/** What one scrape request needs. */
export interface FetchExpositionOptions {
  readonly url: URL;
  readonly headers: OutgoingHttpHeaders;
  readonly verifyTls: boolean;
  readonly serverName?: string;
  readonly signal: AbortSignal;
  readonly maxBytes?: number;
}

/** The body of a 200 answer, or why there is none (the HTTP status when the server answered otherwise). */
export type FetchExpositionResult =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly error: string; readonly status?: number };

/** GETs an exposition over HTTP(S), gunzipping it when the server compressed it. Never throws. */
export async function fetchExposition(options: FetchExpositionOptions): Promise<FetchExpositionResult> {
  let response: IncomingMessage;
  try {
    response = await send(options);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const status = response.statusCode ?? 0;
  if (status !== 200) {
    response.resume();
    const hint = status >= 300 && status < 400 ? ' (redirects are not followed: give the final URL)' : '';
    return { ok: false, status, error: `HTTP ${status}${hint}` };
  }
  try {
    return { ok: true, body: await readBody(response, options) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function send(options: FetchExpositionOptions): Promise<IncomingMessage> {
  const { url, signal } = options;
  const secure = url.protocol === 'https:';
  const serverName = options.serverName ?? (isIP(url.hostname) === 0 ? url.hostname : undefined);
  // One connection per scrape: nothing lingers between runs or after the probe is closed.
  const common = { method: 'GET', headers: options.headers, signal, agent: false } as const;
  return new Promise((resolve, reject) => {
    const request = secure
      ? httpsRequest(url, { ...common, rejectUnauthorized: options.verifyTls, ...(serverName === undefined ? {} : { servername: serverName }) })
      : httpRequest(url, common);
    request.once('response', resolve);
    request.once('error', reject);
    request.end();
  });
}

async function readBody(response: IncomingMessage, options: FetchExpositionOptions): Promise<string> {
  const limit = options.maxBytes ?? MAX_EXPOSITION_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) done(new Error(`exposition larger than ${limit} bytes`));
      else {
        chunks.push(chunk);
        done();
      }
    },
  });
  const gzipped = /\bgzip\b/i.test(String(response.headers['content-encoding'] ?? ''));
  if (gzipped) await pipeline(response, createGunzip(), sink, { signal: options.signal });
  else await pipeline(response, sink, { signal: options.signal });
  return Buffer.concat(chunks).toString('utf8');
}
