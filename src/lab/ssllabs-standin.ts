import { createHash, type X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type TLSSocket } from 'node:tls';
import { systemClock, type Clock, type Logger } from '../core/index.js';
import type { NodeConditions } from './conditions.js';
import { labHostName } from './lab-zone.js';
import { LAB_PORTS, LAB_SERVICE_HOSTS, LAB_SITE_NAME, type LabAddresses, type LabNode } from './topology.js';
import { listenOn } from './listen-on.js';

/** How to start the SSL Labs stand-in. */
export interface SslLabsStandinOptions {
  readonly addresses: LabAddresses;
  readonly nodes: readonly LabNode[];
  /** The conditions of a node now; `gradeDropped` turns its grade to B. */
  readonly conditions: (nodeId: string) => NodeConditions;
  readonly log: Logger;
  readonly clock?: Clock;
  /** How long a new assessment stays IN_PROGRESS at least (default 1 s: long enough to be seen, short for demos). */
  readonly assessmentMs?: number;
  /** Default LAB_PORTS.ssllabs; 0 picks a free port (tests). */
  readonly port?: number;
  /** Where the web servers it assesses listen (default LAB_PORTS.https). */
  readonly httpsPort?: number;
}

/** The running stand-in. */
export interface SslLabsStandin {
  /** The v3 API root, with its trailing slash: the probe's `base_url`. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Grade of a healthy lab web server, and the one the `grade-drop` fault gives (TLS 1.0 enabled caps it at B). */
export const LAB_GRADES = { normal: 'A+', dropped: 'B' } as const;

const ENGINE = { engineVersion: '2.3.1', criteriaVersion: '2009q' } as const;
const MAX_ASSESSMENTS = 25;
const DEFAULT_ASSESSMENT_MS = 1_000;
const HANDSHAKE_TIMEOUT_MS = 1_500;
const HOUR_MS = 3_600_000;
const UNREACHABLE = 'Unable to connect to the server';
// TLS protocol ids as the API lists them (0x0301 = TLS 1.0 …).
const PROTOCOLS = { '1.0': 769, '1.2': 771, '1.3': 772 } as const;

/** What the scan of one endpoint found. */
interface EndpointScan {
  readonly node: LabNode;
  readonly ip: string;
  readonly durationMs: number;
  readonly grade?: string;
  readonly gradeDropped: boolean;
  readonly cert?: X509Certificate;
}

/** One assessment of one host, from start to its (kept) result. */
interface Assessment {
  readonly host: string;
  readonly nodes: readonly LabNode[];
  readonly startTime: number;
  readonly startedMono: number;
  scans?: readonly EndpointScan[];
  testTime?: number;
}

type Json = Record<string, unknown>;

/**
 * Starts an HTTP server speaking the part of the SSL Labs API v3 (and v4, which adds the `email` header) that
 * the `ssllabs` probe uses: `info`, and `analyze` with startNew / fromCache / maxAge / all. It assesses the
 * lab's own site: `www.lab.test` (every web server) and each `<web-id>.lab.test`, by a real TLS handshake
 * with each endpoint; the grade comes from the node's conditions.
 */
export async function startSslLabsStandin(options: SslLabsStandinOptions): Promise<SslLabsStandin> {
  const standin = new Standin(options);
  const address = options.addresses.of(LAB_SERVICE_HOSTS.ssllabs);
  const port = await standin.listen(address, options.port ?? LAB_PORTS.ssllabs);
  return { baseUrl: `http://${address}:${port}/api/v3/`, close: () => standin.close() };
}

class Standin {
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly assessmentMs: number;
  private readonly httpsPort: number;
  private readonly server: Server;
  private readonly assessments = new Map<string, Assessment>();
  private readonly scanning = new Set<Promise<void>>();
  private readonly sockets = new Set<TLSSocket>();

  constructor(private readonly options: SslLabsStandinOptions) {
    this.log = options.log.child({ component: 'lab-ssllabs' });
    this.clock = options.clock ?? systemClock;
    this.assessmentMs = options.assessmentMs ?? DEFAULT_ASSESSMENT_MS;
    this.httpsPort = options.httpsPort ?? LAB_PORTS.https;
    this.server = createServer((request, response) => this.handle(request, response));
  }

  async listen(address: string, port: number): Promise<number> {
    await listenOn(this.server, address, port);
    const bound = this.server.address();
    const actual = typeof bound === 'object' && bound !== null ? bound.port : port;
    this.log.info({ address, port: actual }, 'SSL Labs stand-in listening');
    return actual;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all(this.scanning);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://standin.invalid');
    const match = /^\/api\/(v3|v4)\/([A-Za-z]+)$/.exec(url.pathname);
    if (request.method !== 'GET' || match === null) {
      sendJson(response, request.method === 'GET' ? 404 : 405, errors(undefined, `no such API call: ${request.method ?? ''} ${url.pathname}`));
      return;
    }
    if (match[1] === 'v4' && request.headers.email === undefined) {
      sendJson(response, 400, errors('email', 'header.mandatory'));
      return;
    }
    const slots = { 'x-max-assessments': String(MAX_ASSESSMENTS), 'x-current-assessments': String(this.running()) };
    if (match[2] === 'info') {
      sendJson(response, 200, {
        ...ENGINE,
        maxAssessments: MAX_ASSESSMENTS,
        currentAssessments: this.running(),
        newAssessmentCoolOff: 1_000,
        messages: ["The NOC lab's stand-in for SSL Labs: grades come from the lab's faults, not from a real assessment."],
      });
      return;
    }
    if (match[2] !== 'analyze') {
      sendJson(response, 404, errors(undefined, `no such API call: ${match[2] ?? ''}`));
      return;
    }
    const answer = this.analyze(url.searchParams);
    sendJson(response, answer.status, answer.body, slots);
  }

  private analyze(query: URLSearchParams): { status: number; body: Json } {
    const host = query.get('host')?.trim().replace(/\.$/, '') ?? '';
    if (host === '') return { status: 400, body: errors('host', 'qp.mandatory') };
    const startNew = query.get('startNew') === 'on';
    const fromCache = query.get('fromCache') === 'on';
    if (startNew && fromCache) return { status: 400, body: errors('fromCache', 'qp.incompatible with startNew') };
    const maxAge = query.has('maxAge') ? Number(query.get('maxAge')) : undefined;
    if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 1)) return { status: 400, body: errors('maxAge', 'qp.invalid') };
    const nodes = this.nodesOf(host);
    if (nodes.length === 0) {
      const now = this.clock.now();
      return { status: 200, body: { ...hostHeader(host, this.httpsPort), status: 'ERROR', statusMessage: 'Unable to resolve domain name', startTime: now, testTime: now } };
    }
    const key = host.toLowerCase();
    const existing = this.assessments.get(key);
    const ready = existing !== undefined && this.isReady(existing);
    // As the real API: a running assessment is reported whatever was asked; a cached one unless startNew or too old.
    const reuse =
      existing !== undefined &&
      (!ready || (!startNew && (!fromCache || maxAge === undefined || this.clock.now() - (existing.testTime ?? 0) <= maxAge * HOUR_MS)));
    const assessment = reuse ? existing : this.start(host, nodes);
    const all = query.get('all');
    return { status: 200, body: this.describe(assessment, all === 'on' || (all === 'done' && this.isReady(assessment))) };
  }

  private nodesOf(host: string): LabNode[] {
    const webs = this.options.nodes.filter((node) => node.role === 'https');
    if (host.toLowerCase() === LAB_SITE_NAME) return webs;
    return webs.filter((node) => labHostName(node.id) === host.toLowerCase());
  }

  private start(host: string, nodes: readonly LabNode[]): Assessment {
    const assessment: Assessment = { host, nodes, startTime: this.clock.now(), startedMono: this.clock.monotonic() };
    this.assessments.set(host.toLowerCase(), assessment);
    this.log.info({ host }, 'assessment started');
    const scan = Promise.all(nodes.map((node) => this.scan(node, host))).then((scans) => {
      assessment.scans = scans;
      const elapsed = Math.max(this.assessmentMs, this.clock.monotonic() - assessment.startedMono);
      assessment.testTime = assessment.startTime + Math.round(elapsed);
      const grades = Object.fromEntries(scans.map((scan) => [scan.ip, scan.grade ?? UNREACHABLE]));
      this.log.info({ host, grades }, 'assessment complete');
    });
    this.scanning.add(scan);
    void scan.finally(() => this.scanning.delete(scan));
    return assessment;
  }

  private isReady(assessment: Assessment): boolean {
    return assessment.scans !== undefined && this.clock.monotonic() - assessment.startedMono >= this.assessmentMs;
  }

  private running(): number {
    return [...this.assessments.values()].filter((assessment) => !this.isReady(assessment)).length;
  }

  /** A TLS handshake with one endpoint, as the real service starts its assessment; the grade is read from the node's conditions then. */
  private async scan(node: LabNode, host: string): Promise<EndpointScan> {
    const ip = this.options.addresses.of(node);
    const started = this.clock.monotonic();
    const cert = await this.handshake(ip, host);
    const durationMs = Math.round(this.clock.monotonic() - started);
    const { gradeDropped } = this.options.conditions(node.id);
    if (cert === undefined) return { node, ip, durationMs, gradeDropped };
    // A certificate past its end is a trust failure: SSL Labs grades it T.
    const expired = Date.parse(cert.validTo) <= this.clock.now();
    const grade = expired ? 'T' : gradeDropped ? LAB_GRADES.dropped : LAB_GRADES.normal;
    return { node, ip, durationMs, grade, gradeDropped, cert };
  }

  private handshake(ip: string, host: string): Promise<X509Certificate | undefined> {
    return new Promise((resolve) => {
      const socket = connect({ host: ip, port: this.httpsPort, servername: host, rejectUnauthorized: false });
      this.sockets.add(socket);
      const done = (cert: X509Certificate | undefined): void => {
        clearTimeout(timer);
        this.sockets.delete(socket);
        socket.destroy();
        resolve(cert);
      };
      const timer = setTimeout(() => done(undefined), HANDSHAKE_TIMEOUT_MS);
      socket.once('secureConnect', () => done(socket.getPeerX509Certificate()));
      socket.once('error', (error) => {
        this.log.debug({ err: error, ip }, 'endpoint unreachable');
        done(undefined);
      });
      socket.once('close', () => done(undefined));
    });
  }

  private describe(assessment: Assessment, details: boolean): Json {
    const base = { ...hostHeader(assessment.host, this.httpsPort), startTime: assessment.startTime };
    const { scans } = assessment;
    if (scans === undefined || !this.isReady(assessment)) {
      const elapsed = this.clock.monotonic() - assessment.startedMono;
      const progress = Math.min(99, Math.round((100 * elapsed) / Math.max(1, this.assessmentMs)));
      const eta = Math.max(1, Math.ceil((this.assessmentMs - elapsed) / 1000));
      const endpoints = assessment.nodes.map((node) => ({
        ipAddress: this.options.addresses.of(node),
        serverName: labHostName(node.id),
        statusMessage: 'In progress',
        progress,
        eta,
        delegation: 1,
      }));
      return { ...base, status: 'IN_PROGRESS', endpoints };
    }
    const certs = details ? scans.flatMap((scan) => (scan.cert === undefined ? [] : [certJson(scan.cert)])) : undefined;
    return {
      ...base,
      status: 'READY',
      testTime: assessment.testTime,
      endpoints: scans.map((scan) => endpointJson(scan, details)),
      ...(certs === undefined ? {} : { certs }),
    };
  }
}

function endpointJson(scan: EndpointScan, details: boolean): Json {
  const common = { ipAddress: scan.ip, serverName: labHostName(scan.node.id), progress: 100, duration: scan.durationMs, delegation: 1 };
  if (scan.grade === undefined || scan.cert === undefined) return { ...common, statusMessage: UNREACHABLE };
  const versions = scan.gradeDropped ? (['1.0', '1.2', '1.3'] as const) : (['1.2', '1.3'] as const);
  return {
    ...common,
    statusMessage: 'Ready',
    grade: scan.grade,
    gradeTrustIgnored: scan.grade === 'T' ? (scan.gradeDropped ? LAB_GRADES.dropped : LAB_GRADES.normal) : scan.grade,
    hasWarnings: false,
    isExceptional: scan.grade === 'A+',
    ...(details
      ? {
          details: {
            certChains: [{ id: fingerprint(scan.cert), certIds: [fingerprint(scan.cert)], issues: 0, noSni: false }],
            protocols: versions.map((version) => ({ id: PROTOCOLS[version], name: 'TLS', version })),
          },
        }
      : {}),
  };
}

function certJson(cert: X509Certificate): Json {
  return {
    id: fingerprint(cert),
    subject: cert.subject.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    commonNames: [...cert.subject.matchAll(/^CN=(.*)$/gm)].map((match) => match[1]),
    altNames: (cert.subjectAltName ?? '').split(', ').flatMap((name) => (name.startsWith('DNS:') ? [name.slice(4)] : [])),
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo),
    issuerSubject: cert.issuer.replace(/\n/g, ', '),
    sha256Hash: fingerprint(cert),
  };
}

function fingerprint(cert: X509Certificate): string {
  return createHash('sha256').update(cert.raw).digest('hex');
}

function hostHeader(host: string, port: number): Json {
  return { host, port, protocol: 'http', isPublic: false, ...ENGINE };
}

/** The API's refusal body: `{"errors":[{"field":"host","message":"qp.mandatory"}]}`. */
function errors(field: string | undefined, message: string): Json {
  return { errors: [field === undefined ? { message } : { field, message }] };
}

function sendJson(response: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}
