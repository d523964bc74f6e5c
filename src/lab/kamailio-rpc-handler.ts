import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest JSON-RPC request body accepted. */
const MAX_BODY_BYTES = 65_536;

/** Where a Kamailio-compatible RPC endpoint reads its answers from. */
export interface KamailioRpcSource {
  /** `group.name` → value, every statistic of the node now. */
  stats(): Record<string, number>;
  /** When the node started (ms since the epoch). */
  readonly startedAt: number;
  now(): number;
}

interface RpcRequest {
  readonly method: string;
  readonly params: readonly unknown[];
  readonly id: unknown;
}

type RpcOutcome = { readonly result: unknown } | { readonly error: { readonly code: number; readonly message: string } };

function parseRequest(body: string): RpcRequest | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { method, params, id } = parsed as Record<string, unknown>;
    if (typeof method !== 'string') return undefined;
    return { method, params: Array.isArray(params) ? params : [], id: id ?? null };
  } catch {
    return undefined;
  }
}

/** Keeps the statistics of the asked groups (`all` or `group:` entries, as kamailio's stats.fetch takes them). */
function selectGroups(stats: Record<string, number>, params: readonly unknown[]): [string, number][] {
  const wanted = params.filter((param): param is string => typeof param === 'string').map((param) => param.replace(/:$/, ''));
  const all = wanted.length === 0 || wanted.includes('all');
  return Object.entries(stats).filter(([key]) => all || wanted.some((group) => key === group || key.startsWith(`${group}.`)));
}

/** Answers one call the way Kamailio's jsonrpcs module does for the methods the NOC uses. */
export function answerRpc(source: KamailioRpcSource, method: string, params: readonly unknown[]): RpcOutcome {
  switch (method) {
    case 'stats.fetch':
      // Kamailio returns every value as a string.
      return { result: Object.fromEntries(selectGroups(source.stats(), params).map(([key, value]) => [key, String(value)])) };
    case 'stats.get_statistics':
      return { result: selectGroups(source.stats(), params).map(([key, value]) => `${key.replace('.', ':')} = ${value}`) };
    case 'core.uptime': {
      const now = source.now();
      return {
        result: {
          now: new Date(now).toUTCString(),
          up_since: new Date(source.startedAt).toUTCString(),
          uptime: Math.floor((now - source.startedAt) / 1000),
        },
      };
    }
    case 'core.version':
      return { result: 'kamailio 5.6 (noc lab)' };
    case 'system.listMethods':
      return { result: ['stats.fetch', 'stats.get_statistics', 'core.uptime', 'core.version', 'system.listMethods'] };
    default:
      return { error: { code: -32601, message: 'Method Not Found' } };
  }
}

/** An HTTP handler speaking JSON-RPC 2.0 over POST, like Kamailio's xhttp + jsonrpcs. */
export function kamailioRpcHandler(source: KamailioRpcSource): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('JSON-RPC takes POST\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const call = parseRequest(Buffer.concat(chunks).toString('utf8'));
      const outcome: RpcOutcome = call === undefined ? { error: { code: -32700, message: 'Parse error' } } : answerRpc(source, call.method, call.params);
      const body = JSON.stringify({ jsonrpc: '2.0', ...outcome, id: call?.id ?? null });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  };
}
