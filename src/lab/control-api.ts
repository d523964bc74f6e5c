import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDuration } from '../core/index.js';
import { FAULT_DESCRIPTIONS, FAULT_KINDS, FaultError, type FaultBoard, type FaultKind } from './faults.js';
import type { NodeConditions } from './conditions.js';
import { renderMailPage, type SunkMail } from './mail-sink.js';
import type { LabAddresses, LabNode } from './topology.js';

const MAX_BODY_BYTES = 16_384;

/** What the control API needs from the running lab. */
export interface LabControlContext {
  readonly nodes: readonly LabNode[];
  readonly addresses: LabAddresses;
  readonly faults: FaultBoard;
  readonly conditions: (id: string, at: number) => NodeConditions;
  readonly now: () => number;
  /** The mail sink, shown at `GET /mail` and `GET /mail.json`. */
  readonly mail?: { readonly smtp: string; messages(): readonly SunkMail[] };
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  /** A page to send instead of `body` as JSON. */
  readonly html?: string;
}

function error(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new FaultError(`request body over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? {} : JSON.parse(text));
      } catch {
        reject(new FaultError('the body is not JSON; expected {"target": "sbc-co-1", "kind": "down", "duration": "10m"}'));
      }
    });
    request.on('error', reject);
  });
}

function injectFault(context: LabControlContext, body: unknown): Reply {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return error(400, 'invalid_request', 'expected a JSON object with target and kind');
  const { target, kind, duration } = body as Record<string, unknown>;
  if (typeof target !== 'string') return error(400, 'invalid_request', 'target: expected a lab target id such as sbc-co-1');
  if (typeof kind !== 'string') return error(400, 'invalid_request', `kind: expected one of ${FAULT_KINDS.join(', ')}`);
  let durationMs: number | undefined;
  if (duration !== undefined) {
    durationMs = typeof duration === 'string' ? parseDuration(duration) : undefined;
    if (durationMs === undefined || durationMs <= 0) return error(400, 'invalid_request', 'duration: expected a positive duration such as 90s or 10m');
  }
  const fault = context.faults.inject(target, kind, context.now(), durationMs);
  return { status: 201, body: { fault } };
}

function describeNodes(context: LabControlContext): Reply {
  const at = context.now();
  const nodes = context.nodes.map((node) => ({
    ...node,
    address: context.addresses.of(node),
    conditions: context.conditions(node.id, at),
  }));
  return { status: 200, body: { nodes } };
}

async function route(context: LabControlContext, request: IncomingMessage): Promise<Reply> {
  const url = new URL(request.url ?? '/', 'http://lab');
  const method = request.method ?? 'GET';
  if (url.pathname === '/faults' && method === 'GET') return { status: 200, body: { faults: context.faults.active(context.now()) } };
  if (url.pathname === '/faults' && method === 'POST') return injectFault(context, await readJson(request));
  const clear = /^\/faults\/([^/]+)$/.exec(url.pathname);
  if (clear !== null && method === 'DELETE') {
    const kind = url.searchParams.get('kind') ?? undefined;
    if (kind !== undefined && !(FAULT_KINDS as readonly string[]).includes(kind)) {
      return error(400, 'invalid_request', `kind: expected one of ${FAULT_KINDS.join(', ')}`);
    }
    const target = decodeURIComponent(clear[1] as string);
    if (!context.nodes.some((node) => node.id === target)) return error(404, 'not_found', `unknown lab target "${target}"`);
    return { status: 200, body: { cleared: context.faults.clear(target, kind as FaultKind | undefined) } };
  }
  if (url.pathname === '/nodes' && method === 'GET') return describeNodes(context);
  if ((url.pathname === '/mail' || url.pathname === '/mail.json') && method === 'GET') {
    if (context.mail === undefined) return error(404, 'not_found', 'this lab runs no mail sink');
    const mails = context.mail.messages();
    if (url.pathname === '/mail') return { status: 200, body: null, html: renderMailPage(mails, context.mail.smtp) };
    return { status: 200, body: { smtp: context.mail.smtp, mails } };
  }
  if (url.pathname === '/' && method === 'GET') {
    const mail = context.mail === undefined ? [] : ['GET /mail', 'GET /mail.json'];
    return { status: 200, body: { faults: FAULT_DESCRIPTIONS, routes: ['GET /nodes', 'GET /faults', 'POST /faults', 'DELETE /faults/:target?kind=', ...mail] } };
  }
  return error(404, 'not_found', `no route ${method} ${url.pathname}`);
}

/** The lab's fault-injection API (`GET /nodes`, `GET|POST /faults`, `DELETE /faults/:target`) and its mailbox (`GET /mail`). */
export function labControlHandler(context: LabControlContext): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void route(context, request)
      .catch((cause: unknown) => (cause instanceof FaultError ? error(400, 'invalid_request', cause.message) : error(500, 'internal', 'the lab failed to answer')))
      .then((reply) => {
        if (reply.html !== undefined) response.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8' }).end(reply.html);
        else response.writeHead(reply.status, { 'content-type': 'application/json' }).end(`${JSON.stringify(reply.body)}\n`);
      });
  };
}
