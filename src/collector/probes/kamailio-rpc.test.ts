import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_KINDS, type TargetConfig } from '../../config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../../core/index.js';
import type { ProbeResult } from '../probe.js';
import { kamailioRpcProbe } from './kamailio-rpc.js';

const TARGET: TargetConfig = { id: 'core-1', role: 'core', site: 'qro', users: 0, depends_on: [], labels: {}, probes: [] };

interface Reply {
  readonly status?: number;
  readonly body?: string;
  readonly hang?: boolean;
}

type Handler = (method: string, headers: Record<string, string | string[] | undefined>) => Reply;

const rpcAnswer = (result: unknown): Reply => ({ body: JSON.stringify({ jsonrpc: '2.0', result, id: 1 }) });
const healthy: Handler = (method) =>
  method === 'core.uptime' ? rpcAnswer({ uptime: 7 }) : rpcAnswer({ 'dialog.active_dialogs': '2', 'core.rcv_requests': '5' });

describe('kamailio_rpc probe against a crafted endpoint', () => {
  let server: Server;
  let url = '';
  let handler: Handler = healthy;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const { method } = JSON.parse(body) as { method: string };
        const reply = handler(method, request.headers);
        if (reply.hang === true) return;
        response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        response.end(reply.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.9', resolve));
    url = `http://127.0.0.9:${(server.address() as { port: number }).port}/RPC`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function run(extra: Record<string, unknown> = {}, next: Handler = healthy, timeoutMs = 2000): Promise<ProbeResult> {
    handler = next;
    const config = PROBE_KINDS.kamailio_rpc.parse({ kind: 'kamailio_rpc', url, ...extra });
    const probe = kamailioRpcProbe(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'core-1/kamailio_rpc' });
    return probe.run({ target: TARGET, signal: AbortSignal.timeout(timeoutMs), timeoutMs, log: silentLogger });
  }

  it('is up with the mapped, passthrough and uptime metrics, sending the configured headers', async () => {
    let seen = '';
    const result = await run({ headers: { Authorization: 'Basic eA==' } }, (method, headers) => {
      seen = String(headers['authorization']);
      return healthy(method, headers);
    });
    expect(result).toEqual({
      up: true,
      measurements: [
        { metric: 'sip_active_dialogs', value: 2 },
        { metric: 'kamailio_dialog_active_dialogs', value: 2 },
        { metric: 'kamailio_core_rcv_requests_total', value: 5 },
        { metric: 'kamailio_uptime_seconds', value: 7 },
      ],
    });
    expect(seen).toBe('Basic eA==');
  });

  it.each<[string, Handler, string]>([
    ['a JSON-RPC error', () => ({ status: 500, body: '{"jsonrpc":"2.0","error":{"code":500,"message":"Method Not Found"},"id":1}' }), 'stats.fetch: JSON-RPC error 500: Method Not Found'],
    ['an HTTP error page', () => ({ status: 404, body: '<html>Not Found</html>' }), 'stats.fetch: HTTP 404'],
    ['a 200 that is not JSON', () => ({ body: '<html>hello</html>' }), 'stats.fetch: the answer is not JSON: <html>hello</html>'],
    ['an empty 200', () => ({ body: '' }), 'stats.fetch: the answer is not JSON: empty body'],
    ['JSON that is not JSON-RPC', () => ({ body: '[1,2]' }), 'stats.fetch: not a JSON-RPC answer: [1,2]'],
    ['an answer without result', () => ({ body: '{"jsonrpc":"2.0","id":1}' }), 'stats.fetch: the JSON-RPC answer has neither result nor error'],
    ['a result of the other shape', () => rpcAnswer(['core:rcv_requests = 1']), 'stats.fetch: unexpected result: expected an object of "group.name": "value" statistics'],
  ])('is down with a readable error on %s', async (_, next, error) => {
    expect(await run({}, next)).toEqual({ up: false, measurements: [], error });
  });

  it('keeps the statistics but is down when core.uptime fails', async () => {
    const result = await run({}, (method, headers) => (method === 'core.uptime' ? rpcAnswer({ nope: 1 }) : healthy(method, headers)));
    expect(result.up).toBe(false);
    expect(result.error).toBe('core.uptime: unexpected result: expected an object with uptime seconds');
    expect(result.measurements.map((m) => m.metric)).toContain('sip_active_dialogs');
  });

  it('reads stats.get_statistics when configured', async () => {
    const result = await run({ method: 'stats.get_statistics', groups: [] }, (method) =>
      method === 'core.uptime' ? rpcAnswer({ uptime: 1 }) : method === 'stats.get_statistics' ? rpcAnswer(['dialog:active_dialogs = 4']) : { status: 500 },
    );
    expect(result).toEqual({ up: true, measurements: [{ metric: 'sip_active_dialogs', value: 4 }, { metric: 'kamailio_uptime_seconds', value: 1 }] });
  });

  it('says it timed out when Kamailio does not answer in time', async () => {
    expect(await run({}, () => ({ hang: true }), 300)).toEqual({ up: false, measurements: [], error: 'timed out after 300ms' });
  });

  it('is down when nothing listens', async () => {
    const config = PROBE_KINDS.kamailio_rpc.parse({ kind: 'kamailio_rpc', url: 'http://127.0.0.9:1/RPC' });
    const probe = kamailioRpcProbe(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'k' });
    const result = await probe.run({ target: TARGET, signal: AbortSignal.timeout(2000), timeoutMs: 2000, log: silentLogger });
    expect(result).toEqual({ up: false, measurements: [], error: 'stats.fetch: connect ECONNREFUSED 127.0.0.9:1' });
  });
});
