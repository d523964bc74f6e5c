import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../../src/dashboard/security/security-headers.js';
import { webRoutes } from '../../../src/dashboard/web-routes.js';
import { installStubForensics, type StubForensics } from './stub-forensics.js';
import { installStubReports, type StubReports } from './stub-reports.js';

/** A target as the stub serves it. */
interface StubTarget {
  target: string;
  role: string;
  site: string;
  pair?: string;
  state: 'up' | 'down' | 'unknown';
  probes: { probe: string; kind: string; state: 'up' | 'down' | 'unknown'; intervalMs: number; overruns: number; lastError?: string }[];
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** The CSP header the web app must run under. */
export const CSP_HEADER = Object.entries(CONTENT_SECURITY_POLICY)
  .map(([name, values]) => `${kebab(name)} ${values.join(' ')}`)
  .join('; ');

const SITES = ['mx', 'co', 'cl', 'pe', 'cr', 'ar', 'ec', 'gt'];

/** `count` targets shaped like the lab's: a core pair, databases, an HTTPS site, SBCs spread over countries. */
export function stubTargets(count: number): StubTarget[] {
  const probe = (kind: string) => ({ probe: kind, kind, state: 'up' as const, intervalMs: 10_000, overruns: 0 });
  const out: StubTarget[] = [
    { target: 'core-1', role: 'core', site: 'cl', pair: 'core-2', state: 'up', probes: [probe('sip_options'), probe('kamailio_rpc')] },
    { target: 'core-2', role: 'core', site: 'co', pair: 'core-1', state: 'up', probes: [probe('sip_options'), probe('kamailio_rpc')] },
    { target: 'db-1', role: 'database', site: 'cl', state: 'up', probes: [probe('prometheus')] },
    { target: 'db-2', role: 'database', site: 'co', state: 'up', probes: [probe('prometheus')] },
    { target: 'www', role: 'https', site: 'cl', state: 'up', probes: [probe('https'), probe('ssllabs')] },
  ];
  for (let i = 0; out.length < count; i++) {
    const site = SITES[i % SITES.length] as string;
    out.push({ target: `sbc-${site}-${Math.floor(i / SITES.length) + 1}`, role: 'sbc', site, state: 'up', probes: [probe('sip_options'), probe('kamailio_rpc')] });
  }
  return out;
}

/** A running stub of the NOC's HTTP side: the built web app, canned API answers, the session and stream contract. */
export interface StubNoc {
  readonly url: string;
  readonly targets: StubTarget[];
  /** The canned forensics answers and the requests they saw. */
  readonly forensics: StubForensics;
  /** The canned monthly reports and the requests they saw. */
  readonly reports: StubReports;
  /** Changes a target's state and pushes it on the stream. */
  setState(id: string, state: 'up' | 'down'): void;
  /** Stops listening and drops every stream client (a server going away). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

const USER = { username: 'ops', password: 'correct horse battery', role: 'operator' } as const;

/** Starts the stub on 127.0.0.1 (a free port unless `port` is given). */
export async function startStubNoc(options: { targets: number; webDir?: string; port?: number }): Promise<StubNoc> {
  const targets = stubTargets(options.targets);
  const sessions = new Set<string>();
  const now = Date.now();
  const incident = {
    number: 'NOC-2026-000001',
    title: 'sbc-co-1 does not answer its sip_options probe',
    description: '',
    severity: 'S2',
    status: 'registered',
    level: 'L1',
    channel: 'monitoring',
    registeredBy: 'monitoring',
    affectedTargets: ['sbc-co-1'],
    affectedUsers: 6000,
    labels: {},
    occurredAt: new Date(now - 80 * 60_000).toISOString(),
    registeredAt: new Date(now - 80 * 60_000).toISOString(),
    attentionDue: new Date(now + 10 * 60_000).toISOString(),
    solutionDue: new Date(now + 160 * 60_000).toISOString(),
    version: 1,
    sla: { attention: 'running', solution: 'running' } as { attention: string; solution: string },
    acknowledgedAt: undefined as string | undefined,
  };
  const timeline = [{ seq: 1, at: incident.registeredAt, actor: 'monitoring', action: 'registered', details: {} }];
  const sockets = new Set<WebSocket>();
  const broadcast = (message: unknown) => {
    for (const socket of sockets) socket.send(JSON.stringify(message));
  };

  const app = express();
  app.use((_req, res, next) => {
    res.set('content-security-policy', CSP_HEADER);
    next();
  });
  app.use(webRoutes(options.webDir === undefined ? {} : { dir: options.webDir }));
  app.use(express.json());
  const cookieOf = (header: string | undefined) => /(?:^|;\s*)noc_session=([^;]+)/.exec(header ?? '')?.[1];
  const authed = (req: express.Request) => sessions.has(cookieOf(req.get('cookie')) ?? '');
  app.post('/api/v1/session', (req, res) => {
    const body = req.body as { username?: string; password?: string };
    if (body.username !== USER.username || body.password !== USER.password) {
      res.status(401).json({ error: { code: 'unauthorized', message: 'wrong username or password' } });
      return;
    }
    const id = `s${Math.random().toString(36).slice(2)}`;
    sessions.add(id);
    res.cookie('noc_session', id, { httpOnly: true, sameSite: 'strict', path: '/' }).json({ data: { username: USER.username, role: USER.role } });
  });
  app.use('/api/v1', (req, res, next) => (authed(req) ? next() : res.status(401).json({ error: { code: 'unauthorized', message: 'sign in first' } })));
  app.get('/api/v1/session', (_req, res) => res.json({ data: { username: USER.username, role: USER.role, kind: 'user' } }));
  app.delete('/api/v1/session', (req, res) => {
    sessions.delete(cookieOf(req.get('cookie')) ?? '');
    res.status(204).end();
  });
  app.get('/api/v1/targets', (_req, res) => res.json({ data: targets }));
  app.get('/api/v1/alerts', (_req, res) => res.json({ data: [] }));
  app.get('/api/v1/series', (_req, res) => res.json({ data: [{ key: 'up', metric: 'up', labels: {} }] }));
  app.get('/api/v1/incidents', (_req, res) => res.json({ data: [incident] }));
  const forensics = installStubForensics(app, incident);
  const reports = installStubReports(app);
  app.get('/api/v1/incidents/:number', (_req, res) => res.json({ data: { ...incident, timeline, forensics: forensics.snapshot() } }));
  app.post('/api/v1/incidents/:number/acknowledge', (_req, res) => {
    if (incident.acknowledgedAt !== undefined) {
      res.status(409).json({ error: { code: 'conflict', message: 'NOC-2026-000001 was already acknowledged' } });
      return;
    }
    incident.acknowledgedAt = new Date().toISOString();
    incident.status = 'diagnosing';
    incident.sla = { ...incident.sla, attention: 'met' };
    incident.version += 1;
    timeline.push({ seq: timeline.length + 1, at: incident.acknowledgedAt, actor: USER.username, action: 'acknowledged', details: {} });
    broadcast({ type: 'incident', incident });
    res.json({ data: incident });
  });
  app.get('/api/v1/query_range', (req, res) => {
    const match = String(req.query.match ?? '');
    const metric = match.replace(/\{.*$/, '');
    const asked = { from: Date.parse(String(req.query.from)), to: Date.parse(String(req.query.to)), step: Number(String(req.query.step ?? '').replace(/s$/, '')) * 1000 };
    const scripted = Number.isNaN(asked.from + asked.to + asked.step) ? undefined : forensics.queryRange(match, asked.from, asked.to, asked.step);
    if (scripted !== undefined) {
      res.json({ data: { from: asked.from, to: asked.to, step: asked.step, series: scripted } });
      return;
    }
    const t0 = Date.now() - 3_600_000;
    const wave = (i: number, base: number) => Math.round(base * (1 + 0.15 * Math.sin(i / 12)));
    const series = (() => {
      switch (metric) {
        case 'sip_active_dialogs':
        case 'sip_registered_contacts':
          return targets
            .filter((t) => t.role === 'sbc')
            .map((t) => ({ metric, labels: { target: t.target, role: 'sbc', site: t.site }, points: Array.from({ length: 120 }, (_, i) => [t0 + i * 30_000, wave(i, metric === 'sip_active_dialogs' ? 40 : 900)]) }));
        case 'sip_options_rtt_seconds':
        case 'http_phase_seconds':
          return [{ metric, labels: { target: 'x' }, points: Array.from({ length: 120 }, (_, i) => [t0 + i * 30_000, 0.02 + 0.01 * Math.sin(i / 8)]) }];
        case 'pair_members_up':
          return [{ metric, labels: { pair: 'core-1+core-2' }, points: [[Date.now(), 2]] }];
        case 'db_replication_lag_seconds':
          return [{ metric, labels: { target: 'db-2' }, points: [[Date.now(), 0.4]] }];
        case 'tls_cert_expiry_seconds':
          return ['51', '52', '53'].map((n) => ({ metric, labels: { target: 'www', ip: `127.0.10.${n}` }, points: [[Date.now(), Date.now() / 1000 + 89 * 86_400]] }));
        case 'ssllabs_grade_info':
          return ['51', '52', '53'].map((n) => ({ metric, labels: { target: 'www', ip: `127.0.10.${n}`, grade: 'A+' }, points: [[Date.now(), 1]] }));
        default:
          return [];
      }
    })();
    res.json({ data: { from: t0, to: Date.now(), series } });
  });

  const wss = new WebSocketServer({ noServer: true });
  let ticker: ReturnType<typeof setInterval> | undefined;
  let server: Server | undefined;
  let port = options.port ?? 0;
  const start = async () => {
    server = createServer(app);
    server.on('upgrade', (req, socket, head) => {
      if (req.url !== '/api/v1/stream' || !sessions.has(cookieOf(req.headers.cookie) ?? '')) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        ws.send(JSON.stringify({ type: 'hello', serverTime: Date.now(), role: USER.role }));
      });
    });
    await new Promise<void>((done) => (server as Server).listen(port, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
    ticker = setInterval(() => {
      const t = Date.now();
      broadcast({
        type: 'samples',
        samples: targets
          .filter((x) => x.role === 'sbc')
          .map((x) => ({ series: `sip_active_dialogs{target="${x.target}"}`, metric: 'sip_active_dialogs', labels: { target: x.target, role: 'sbc', site: x.site }, t, v: 40 + Math.round(Math.random() * 5) })),
      });
    }, 1000);
  };
  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    targets,
    forensics,
    reports,
    setState(id, state) {
      const target = targets.find((t) => t.target === id);
      if (target === undefined) throw new Error(`no target ${id}`);
      target.state = state;
      for (const probe of target.probes) probe.state = state;
      broadcast({ type: 'target', target });
    },
    async stop() {
      clearInterval(ticker);
      for (const socket of sockets) socket.terminate();
      sockets.clear();
      const s = server as Server;
      s.closeAllConnections();
      await new Promise<void>((done) => s.close(() => done()));
    },
    start,
  };
}

/** The stub's operator, for the login form. */
export const STUB_USER = USER;
