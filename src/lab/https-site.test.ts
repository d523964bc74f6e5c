import { X509Certificate } from 'node:crypto';
import { Agent, request } from 'node:https';
import { connect } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../core/index.js';
import { conditionsOf } from './conditions.js';
import { FaultBoard } from './faults.js';
import { startHttpsSite, type HttpsSite, type HttpsSiteEndpoint } from './https-site.js';
import { LabPki } from './lab-pki.js';
import { findLabNode, LAB_NODES, LabAddresses, type LabNode } from './topology.js';

const DAY_S = 86_400;
const addresses = new LabAddresses(`127.0.${100 + Math.floor(Math.random() * 150)}`);

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly cert: X509Certificate;
  readonly ms: number;
}

function labNode(id: string): LabNode {
  const node = findLabNode(id);
  if (node === undefined) throw new Error(`no lab node ${id}`);
  return node;
}

describe('lab HTTPS site', () => {
  const board = new FaultBoard(LAB_NODES);
  const conditions = (id: string) => conditionsOf(board, labNode(id), Date.now(), false);
  let pki: LabPki;
  let site: HttpsSite;
  let randomValue = 0.5;

  const endpoint = (nodeId: string): HttpsSiteEndpoint => {
    const found = site.endpoints.find((candidate) => candidate.nodeId === nodeId);
    if (found === undefined) throw new Error(`no endpoint for ${nodeId}`);
    return found;
  };

  /** GETs `path` from one web server as www.lab.test, trusting only the lab CA, on a fresh connection. */
  const get = (nodeId: string, path = '/', method = 'GET', timeoutMs = 2_000): Promise<Answer> => {
    const { address, port } = endpoint(nodeId);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request({ host: address, port, path, method, servername: 'www.lab.test', ca: pki.caPem, agent: false, timeout: timeoutMs }, (res) => {
        const cert = (res.socket as TLSSocket).getPeerX509Certificate();
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (cert === undefined) reject(new Error('no certificate'));
          else resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers, cert, ms: performance.now() - started });
        });
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });
  };

  beforeAll(async () => {
    pki = await LabPki.open(undefined, systemClock);
    site = await startHttpsSite({
      addresses,
      nodes: LAB_NODES,
      pki,
      conditions,
      log: silentLogger,
      random: () => randomValue,
      port: 0,
    });
  });

  afterEach(() => {
    for (const node of LAB_NODES) board.clear(node.id);
    randomValue = 0.5;
  });

  afterAll(async () => site?.close());

  it('starts one server per web node, each at its own lab address', () => {
    expect(site.endpoints.map((e) => [e.nodeId, e.address])).toEqual([
      ['web-1', addresses.of(51)],
      ['web-2', addresses.of(52)],
      ['web-3', addresses.of(53)],
    ]);
  });

  it('serves the product page and /health with a lab CA certificate for www.lab.test and the server IP, valid 90 days', async () => {
    const page = await get('web-2');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>CallMyWay</title>');
    expect(page.body).toContain('Served by Web server 2 (co)');
    expect(page.cert.checkHost('www.lab.test')).toBe('www.lab.test');
    expect(page.cert.checkIP(addresses.of(52))).toBe(addresses.of(52));
    expect(page.cert.checkIssued(new X509Certificate(pki.caPem))).toBe(true);
    const daysLeft = (Date.parse(page.cert.validTo) / 1000 - Date.now() / 1000) / DAY_S;
    expect(daysLeft).toBeGreaterThan(89.9);
    expect(daysLeft).toBeLessThanOrEqual(90);

    const health = await get('web-1', '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok', node: 'web-1', site: 'cl' });
    expect(health.headers['x-served-by']).toBe('web-1');
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    expect((await get('web-1', '/nope')).status).toBe(404);
    expect((await get('web-1', '/', 'POST')).status).toBe(405);
    expect((await get('web-1', '/health', 'HEAD')).body).toBe('');
  });

  it('down: resets connections at once, the others keep serving; back when cleared', async () => {
    board.inject('web-1', 'down', Date.now());
    await expect(get('web-1')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await get('web-2')).status).toBe(200);
    board.clear('web-1');
    expect((await get('web-1')).status).toBe(200);
  });

  it('down: drops a request on a connection kept alive from before the fault', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: pki.caPem, servername: 'www.lab.test' });
    const { address, port } = endpoint('web-3');
    const once = (): Promise<{ status: number; reused: boolean }> =>
      new Promise((resolve, reject) => {
        const req = request({ host: address, port, path: '/health', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await once()).toEqual({ status: 200, reused: false });
      board.inject('web-3', 'down', Date.now());
      await expect(once()).rejects.toMatchObject({ code: 'ECONNRESET' });
    } finally {
      agent.destroy();
    }
  });

  it('slow: answers after the added delay', async () => {
    board.inject('web-2', 'slow', Date.now());
    const answer = await get('web-2', '/health', 'GET', 5_000);
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeGreaterThanOrEqual(1_500);
  });

  it('loss: a lost request is never answered; the others are', async () => {
    board.inject('web-3', 'loss', Date.now());
    randomValue = 0.1;
    await expect(get('web-3', '/health', 'GET', 400)).rejects.toThrow('timed out');
    randomValue = 0.9;
    expect((await get('web-3', '/health')).status).toBe(200);
  });

  it('cert-expiring: new connections get a certificate ending in 5 days; the normal one comes back when cleared', async () => {
    const normal = await get('web-3');
    board.inject('web-3', 'cert-expiring', Date.now());
    const expiring = await get('web-3');
    const daysLeft = (Date.parse(expiring.cert.validTo) - Date.now()) / 1000 / DAY_S;
    expect(daysLeft).toBeGreaterThan(4.99);
    expect(daysLeft).toBeLessThanOrEqual(5);
    expect(expiring.cert.checkHost('www.lab.test')).toBe('www.lab.test');
    expect((await get('web-3')).cert.serialNumber).toBe(expiring.cert.serialNumber);
    expect((await get('web-1')).cert.validTo).not.toBe(expiring.cert.validTo);

    board.clear('web-3', 'cert-expiring');
    expect((await get('web-3')).cert.serialNumber).toBe(normal.cert.serialNumber);
  });

  it('close() ends open connections, even one that never started its handshake', async () => {
    const own = await startHttpsSite({ addresses, nodes: [labNode('web-1')], pki, conditions, log: silentLogger, port: 0 });
    const [only] = own.endpoints;
    const idle = connect(only?.port ?? 0, only?.address ?? '');
    await new Promise((resolve) => idle.once('connect', resolve));
    const closed = new Promise((resolve) => idle.once('close', resolve));
    await own.close();
    await closed;
  });
});
