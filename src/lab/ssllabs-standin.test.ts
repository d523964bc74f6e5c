import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock, silentLogger, systemClock } from '../core/index.js';
import { conditionsOf } from './conditions.js';
import { FaultBoard } from './faults.js';
import { startHttpsSite, type HttpsSite } from './https-site.js';
import { LabPki } from './lab-pki.js';
import { startSslLabsStandin, type SslLabsStandin } from './ssllabs-standin.js';
import { findLabNode, LAB_NODES, LAB_SERVICE_HOSTS, LabAddresses, type LabNode } from './topology.js';

const DAY = 86_400_000;
const addresses = new LabAddresses(`127.0.${100 + Math.floor(Math.random() * 150)}`);
const [WEB1, WEB2, WEB3] = [51, 52, 53].map((host) => addresses.of(host));

function labNode(id: string): LabNode {
  const node = findLabNode(id);
  if (node === undefined) throw new Error(`no lab node ${id}`);
  return node;
}

/** A port free on the first web server's address a moment ago: the three servers share it, as in the lab. */
async function freePortOn(address: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Endpoint {
  ipAddress: string;
  statusMessage?: string;
  grade?: string;
  details?: { protocols: { version: string }[] };
}

interface HostAnswer {
  host: string;
  status: string;
  statusMessage?: string;
  startTime?: number;
  testTime?: number;
  endpoints?: Endpoint[];
  certs?: { notAfter: number; altNames: string[] }[];
}

describe('SSL Labs stand-in', () => {
  const board = new FaultBoard(LAB_NODES);
  const conditions = (id: string) => conditionsOf(board, labNode(id), Date.now(), false);
  const clock = new ManualClock(Date.now());
  let site: HttpsSite;
  let standin: SslLabsStandin;

  const call = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> => {
    const response = await fetch(new URL(path, standin.baseUrl), { headers });
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  const analyze = async (query: string): Promise<HostAnswer> => (await call(`analyze?${query}`)).body as HostAnswer;
  /** Runs an assessment through to READY: the start call, the clock past the assessment time, polls until the scans end. */
  const assess = async (query = 'host=www.lab.test&startNew=on&all=done'): Promise<HostAnswer> => {
    const first = await analyze(query);
    expect(first.status).toBe('IN_PROGRESS');
    clock.advance(1_000);
    let answer: HostAnswer | undefined;
    await vi.waitFor(async () => {
      answer = await analyze(query.replace('&startNew=on', ''));
      expect(answer.status).toBe('READY');
    });
    return answer as HostAnswer;
  };
  const grades = (answer: HostAnswer): Record<string, string> =>
    Object.fromEntries((answer.endpoints ?? []).map((endpoint) => [endpoint.ipAddress, endpoint.grade ?? endpoint.statusMessage ?? '']));

  beforeAll(async () => {
    const pki = await LabPki.open(undefined, systemClock);
    const httpsPort = await freePortOn(WEB1 as string);
    site = await startHttpsSite({ addresses, nodes: LAB_NODES, pki, conditions, log: silentLogger, port: httpsPort });
    standin = await startSslLabsStandin({ addresses, nodes: LAB_NODES, conditions, log: silentLogger, clock, port: 0, httpsPort });
  });

  afterEach(() => {
    for (const node of LAB_NODES) board.clear(node.id);
  });

  afterAll(async () => {
    await standin?.close();
    await site?.close();
  });

  it('listens on the lab’s SSL Labs address and answers info', async () => {
    expect(standin.baseUrl).toMatch(new RegExp(`^http://${addresses.of(LAB_SERVICE_HOSTS.ssllabs).replace(/\./g, '\\.')}:\\d+/api/v3/$`));
    const { status, body } = await call('info');
    expect(status).toBe(200);
    expect(body).toMatchObject({ engineVersion: expect.any(String), maxAssessments: 25, currentAssessments: expect.any(Number) });
  });

  it('runs a fresh assessment IN_PROGRESS, then READY with an A+ per web server', async () => {
    const started = await analyze('host=www.lab.test&startNew=on');
    expect(started).toMatchObject({ host: 'www.lab.test', status: 'IN_PROGRESS' });
    expect(started.endpoints?.map((endpoint) => endpoint.statusMessage)).toEqual(['In progress', 'In progress', 'In progress']);
    expect((await analyze('host=www.lab.test')).status).toBe('IN_PROGRESS');

    const ready = await assess('host=www.lab.test&startNew=on');
    expect(grades(ready)).toEqual({ [WEB1 as string]: 'A+', [WEB2 as string]: 'A+', [WEB3 as string]: 'A+' });
    expect(ready.testTime).toBeGreaterThanOrEqual((ready.startTime ?? 0) + 1_000);
    expect(ready.certs).toBeUndefined();
  });

  it('grades B the server with grade-drop, TLS 1.0 among its protocols', async () => {
    board.inject('web-2', 'grade-drop', Date.now());
    const ready = await assess();
    expect(grades(ready)).toEqual({ [WEB1 as string]: 'A+', [WEB2 as string]: 'B', [WEB3 as string]: 'A+' });
    const web2 = ready.endpoints?.find((endpoint) => endpoint.ipAddress === WEB2);
    expect(web2?.details?.protocols.map((protocol) => protocol.version)).toEqual(['1.0', '1.2', '1.3']);
  });

  it('reports a server that is down as unreachable, without a grade', async () => {
    board.inject('web-1', 'down', Date.now());
    const ready = await assess();
    expect(grades(ready)).toEqual({ [WEB1 as string]: 'Unable to connect to the server', [WEB2 as string]: 'A+', [WEB3 as string]: 'A+' });
  });

  it('lists the certificates served, with all=done: 5 days left on the one under cert-expiring', async () => {
    board.inject('web-3', 'cert-expiring', Date.now());
    const ready = await assess();
    const notAfters = (ready.certs ?? []).map((cert) => cert.notAfter - Date.now());
    expect(notAfters).toHaveLength(3);
    expect(notAfters.filter((left) => left < 6 * DAY)).toHaveLength(1);
    expect(notAfters.filter((left) => left > 89 * DAY)).toHaveLength(2);
    expect(ready.certs?.[0]?.altNames).toContain('www.lab.test');
  });

  it('assesses one web server by its own name', async () => {
    const ready = await assess('host=web-2.lab.test&startNew=on');
    expect(grades(ready)).toEqual({ [WEB2 as string]: 'A+' });
  });

  it('serves a cached result with fromCache, a new one when it is older than maxAge, and never restarts a running one', async () => {
    const done = await assess();
    expect((await analyze('host=www.lab.test&fromCache=on')).startTime).toBe(done.startTime);
    expect((await analyze('host=www.lab.test')).startTime).toBe(done.startTime);

    clock.advance(2 * 3_600_000);
    const fresh = await analyze('host=www.lab.test&fromCache=on&maxAge=1');
    expect(fresh.status).toBe('IN_PROGRESS');
    expect(fresh.startTime).toBeGreaterThan(done.startTime ?? 0);
    const again = await analyze('host=www.lab.test&startNew=on');
    expect(again.startTime).toBe(fresh.startTime);
    const { headers } = await call('analyze?host=www.lab.test');
    expect([headers.get('x-max-assessments'), headers.get('x-current-assessments')]).toEqual(['25', '1']);
    clock.advance(1_000);
    await vi.waitFor(async () => expect((await analyze('host=www.lab.test')).status).toBe('READY'));
  });

  it('answers status ERROR for a host it cannot resolve, and the error shape for bad calls', async () => {
    expect(await analyze('host=nowhere.example.net&startNew=on')).toMatchObject({
      host: 'nowhere.example.net',
      status: 'ERROR',
      statusMessage: 'Unable to resolve domain name',
    });
    expect(await call('analyze')).toMatchObject({ status: 400, body: { errors: [{ field: 'host', message: 'qp.mandatory' }] } });
    expect(await call('analyze?host=www.lab.test&startNew=on&fromCache=on')).toMatchObject({ status: 400 });
    expect(await call('getEndpointData?host=www.lab.test')).toMatchObject({ status: 404, body: { errors: [{ message: expect.any(String) }] } });
    const v4 = new URL('../v4/info', standin.baseUrl).href;
    expect(await call(v4)).toMatchObject({ status: 400, body: { errors: [{ field: 'email' }] } });
    expect((await call(v4, { email: 'noc@lab.test' })).status).toBe(200);
  });
});
