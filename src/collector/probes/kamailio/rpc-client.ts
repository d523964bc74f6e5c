import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { z } from 'zod';

/** Biggest answer read; `stats.fetch all` is a few kilobytes, so anything near this is not Kamailio. */
export const MAX_RPC_ANSWER_BYTES = 8 * 1024 * 1024;

/** Where and how to call a JSON-RPC endpoint. */
export interface RpcEndpoint {
  readonly url: URL;
  readonly headers: OutgoingHttpHeaders;
  readonly verifyTls: boolean;
  readonly serverName?: string;
  /** Trusted CA certificates (PEM) instead of the system roots. */
  readonly ca?: string;
}

/** A call's `result`, or readable text saying why there is none. */
export type RpcOutcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: string };

const RpcAnswer = z.object({
  result: z.unknown().optional(),
  error: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
});

/** POSTs one JSON-RPC 2.0 call and checks the answer's shape. Never throws. */
export async function callRpc(endpoint: RpcEndpoint, method: string, params: readonly unknown[], signal: AbortSignal): Promise<RpcOutcome> {
  const body = JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 });
  let status: number;
  let text: string;
  try {
    const response = await send(endpoint, body, signal);
    status = response.statusCode ?? 0;
    text = await readBody(response, signal);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  return interpretAnswer(status, text);
}

/** Turns an HTTP status and body into the call's result or an error (exported for tests). */
export function interpretAnswer(status: number, text: string): RpcOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Kamailio answers its own errors in JSON; anything else is a proxy or the wrong port talking.
    if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}` };
    return { ok: false, error: `the answer is not JSON: ${snippet(text)}` };
  }
  const answer = RpcAnswer.safeParse(json);
  if (!answer.success) return { ok: false, error: `not a JSON-RPC answer: ${snippet(text)}` };
  const { error, result } = answer.data;
  if (error !== undefined) {
    const code = error.code === undefined ? '' : ` ${error.code}`;
    return { ok: false, error: `JSON-RPC error${code}: ${error.message ?? 'no message'}` };
  }
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}` };
  if (result === undefined) return { ok: false, error: 'the JSON-RPC answer has neither result nor error' };
  return { ok: true, result };
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'empty body';
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

function send(endpoint: RpcEndpoint, body: string, signal: AbortSignal): Promise<IncomingMessage> {
  const { url } = endpoint;
  const serverName = endpoint.serverName ?? (isIP(url.hostname) === 0 ? url.hostname : undefined);
  const headers = { ...endpoint.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  // One connection per call: nothing lingers between runs or after the probe is closed.
  const common = { method: 'POST', headers, signal, agent: false } as const;
  return new Promise((resolve, reject) => {
    const request =
      url.protocol === 'https:'
        ? httpsRequest(url, {
            ...common,
            rejectUnauthorized: endpoint.verifyTls,
            ...(endpoint.ca === undefined ? {} : { ca: endpoint.ca }),
            ...(serverName === undefined ? {} : { servername: serverName }),
          })
        : httpRequest(url, common);
    request.once('response', resolve);
    request.once('error', reject);
    request.end(body);
  });
}

async function readBody(response: IncomingMessage, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    if (signal.aborted) throw new Error('aborted');
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_RPC_ANSWER_BYTES) {
      response.destroy();
      throw new Error(`answer larger than ${MAX_RPC_ANSWER_BYTES} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
