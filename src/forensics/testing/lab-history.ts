import { type Labels, type SeriesKey, seriesKey } from '../../core/labels.js';
import type { SampleAppender } from '../../core/ports/sample-appender.js';
import type { Sample } from '../../core/sample.js';
import { activeAt, excessLag, QUERY_DELAY_MS, REGISTRATION_DELAY_MS, type ScriptedFault } from './scripted-fault.js';

/** A machine of the generated network: the lab's HistoryNode (src/lab/topology.ts) fits it as it is. */
export interface HistoryNode {
  readonly id: string;
  readonly role: 'core' | 'sbc' | 'database' | 'https';
  /** The `site` label of its series. */
  readonly site: string;
  /** Last octet of its address, for the web servers' `ip` label. */
  readonly host: number;
  /** Hours east of UTC, for the daily curve. */
  readonly utcOffset: number;
  readonly subscribers?: number;
  readonly primaryCore?: string;
  readonly backupCore?: string;
  readonly replicaOf?: string;
}

/**
 * The network being generated and how it behaves, passed in (forensics does not depend on the lab): the
 * lab's LAB_NODES, dailyLoad, SITE_LATENCY_MS and seededRandom are meant to be handed over as they are.
 */
export interface HistoryNetwork {
  readonly nodes: readonly HistoryNode[];
  /** Share of the daily peak carried at `at` by a site `utcOffset` hours east of UTC, in (0, 1]. */
  readonly dailyLoad: (at: number, utcOffset: number) => number;
  /** Round-trip time to each site, ms. */
  readonly siteLatencyMs: Readonly<Record<string, number>>;
  /** A seeded uniform [0, 1) generator factory. */
  readonly seededRandom: (seed: number) => () => number;
}

/** What to generate: the lab's series sampled every `stepMs` over [from, to], with scripted faults. */
export interface LabHistoryOptions {
  /** First sample time (ms). */
  readonly from: number;
  /** Last sample time (ms), included. */
  readonly to: number;
  /** Sampling interval of every probe. Default 10 s, the demo configuration's. */
  readonly stepMs?: number;
  /** Seed of every noise draw: the same seed gives the same history. */
  readonly seed: number;
  readonly faults?: readonly ScriptedFault[];
  readonly network: HistoryNetwork;
  /** The lab's /24 on loopback, for the web servers' `ip` label. Default 127.0.10. */
  readonly net?: string;
}

/** What was generated. */
export interface LabHistory {
  /** Distinct series written. */
  readonly series: number;
  readonly samples: number;
  /** Series whose expected (noise-free) values the faults changed at some time: the ground truth. */
  readonly affected: ReadonlySet<SeriesKey>;
}

/** Call attempts per second per subscriber at the daily peak (the lab's figure). */
const ATTEMPTS_PER_SUBSCRIBER = 0.0016;
/** Average hold time of an answered call, seconds. */
const HOLD_SECONDS = 140;
/** Registration refresh interval of the phones, seconds. */
const REGISTER_EXPIRES = 600;
/** Requests per second a flood sends at an SBC. */
const FLOOD_REQUESTS_PER_SECOND = 1_800;
/** Extra OPTIONS round trip under a flood, ms, and the share of probes that need a retransmission (T1 = 500 ms). */
const FLOOD_DELAY_MS = 180;
const FLOOD_LOSS = 0.15;
/** A probe that gets no answer gives up after the demo's timeout. */
const TIMEOUT_SECONDS = 5;
const FINAL_MIX = { '2xx': 0.6, '3xx': 0.04, '4xx': 0.31, '5xx': 0.02, '6xx': 0.03 } as const;
const CODE_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', '6xx'] as const;
type CodeClass = (typeof CODE_CLASSES)[number];
const PHASES = ['dns', 'connect', 'tls', 'ttfb', 'total'] as const;
const BACKUP_EVERY_MS = 6 * 3_600_000;
const BACKUP_TAKES_MS = 4 * 60_000;

/** Noise-free state of a SIP node at one instant; counters as per-second rates. */
interface SipExpectation {
  readonly reachable: boolean;
  readonly contacts: number;
  readonly dialogs: number;
  readonly rcv: number;
  readonly drop: number;
  readonly transactions: Readonly<Record<CodeClass, number>>;
  readonly blocked: number;
  readonly rttMs: number;
}

/** The keys of one SIP node's series. */
interface SipKeys {
  readonly optionsUp: SeriesKey;
  readonly optionsDuration: SeriesKey;
  readonly rtt: SeriesKey;
  readonly rpcUp: SeriesKey;
  readonly rpcDuration: SeriesKey;
  /** Each reported statistic under its platform name and its passthrough name. */
  readonly dialogs: readonly SeriesKey[];
  readonly contacts: readonly SeriesKey[];
  readonly users: SeriesKey;
  readonly activeTransactions: readonly SeriesKey[];
  readonly transactions: Readonly<Record<CodeClass, readonly SeriesKey[]>>;
  readonly rcv: SeriesKey;
  readonly drop: SeriesKey;
  readonly blocked?: readonly SeriesKey[];
}

/** Running state of a SIP node: its counters and the dialogs still up. */
interface SipState {
  dialogs: number;
  rcv: number;
  drop: number;
  transactions: Record<CodeClass, number>;
}

interface DatabaseKeys {
  readonly up: SeriesKey;
  readonly duration: SeriesKey;
  readonly connections: SeriesKey;
  readonly connectionsMax: SeriesKey;
  readonly lagOrBackup: SeriesKey;
  readonly query: SeriesKey;
  readonly commits: SeriesKey;
  readonly rollbacks: SeriesKey;
}

interface WebKeys {
  readonly ip: string;
  readonly phases: Readonly<Record<(typeof PHASES)[number], SeriesKey>>;
  readonly status: SeriesKey;
  readonly up: SeriesKey;
  readonly redirects: SeriesKey;
  readonly size: SeriesKey;
  readonly certExpiry: SeriesKey;
  readonly protocol: SeriesKey;
  readonly grade: SeriesKey;
}

function zeroCodes(): Record<CodeClass, number> {
  return { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, '6xx': 0 };
}

/**
 * Writes the history the demo configuration (examples/lab.yaml) would have collected from the lab: per SBC
 * and core the `sip_options` probe (up, duration, RTT) and the `kamailio_rpc` probe (the `sip_*` series and
 * the passthrough `kamailio_*` ones of its groups), `pair_members_up` of the cores, the databases' exporter
 * series, the web site's per-address `https` series and SSL Labs grades, and the NOC's own process series.
 * Traffic follows each site's daily curve with Poisson-like counter noise and jittered gauges, as the lab's
 * simulation does; the scripted faults change the series the way the lab's faults do. Deterministic for a seed.
 */
export async function generateLabHistory(appender: SampleAppender, options: LabHistoryOptions): Promise<LabHistory> {
  const generator = new LabHistoryGenerator(options);
  const stepMs = options.stepMs ?? 10_000;
  let samples = 0;
  for (let t = options.from; t <= options.to; t += stepMs) {
    const batch = generator.step(t, stepMs / 1000);
    samples += batch.length;
    await appender.append(batch);
  }
  return { series: generator.written.size, samples, affected: generator.affected };
}

/** The generator's state from one step to the next. */
class LabHistoryGenerator {
  readonly affected = new Set<SeriesKey>();
  readonly written = new Set<SeriesKey>();
  private readonly nodes: readonly HistoryNode[];
  private readonly faults: readonly ScriptedFault[];
  private readonly uniform: () => number;
  private readonly dailyLoad: HistoryNetwork['dailyLoad'];
  private readonly latency: HistoryNetwork['siteLatencyMs'];
  private readonly sipKeys = new Map<string, SipKeys>();
  private readonly sipState = new Map<string, SipState>();
  private readonly dbKeys = new Map<string, DatabaseKeys>();
  private readonly dbTotals = new Map<string, { commits: number; rollbacks: number }>();
  private readonly webKeys = new Map<string, WebKeys>();
  private readonly webBase: Labels = { target: 'www', probe: 'https', role: 'https', site: 'cl' };
  private readonly pairKey: SeriesKey;
  private readonly noc: Readonly<Record<string, SeriesKey>>;
  private readonly nocState = { cpu: 0, appended: 0, requests: 0, memory: 80e6, fds: 40 };
  private out: Sample[] = [];
  private t = 0;

  constructor(options: LabHistoryOptions) {
    this.nodes = options.network.nodes;
    this.dailyLoad = options.network.dailyLoad;
    this.latency = options.network.siteLatencyMs;
    this.faults = options.faults ?? [];
    this.uniform = options.network.seededRandom(options.seed);
    const net = options.net ?? '127.0.10';
    const cores = this.nodes.filter((node) => node.role === 'core').map((node) => node.id);
    this.pairKey = seriesKey('pair_members_up', { pair: [...cores].sort().join('+') });
    for (const node of this.nodes) {
      if (node.role === 'sbc' || node.role === 'core') {
        this.sipKeys.set(node.id, sipKeysOf(node));
        this.sipState.set(node.id, { dialogs: 0, rcv: 1e6 * this.uniform(), drop: 1e4 * this.uniform(), transactions: zeroCodes() });
      } else if (node.role === 'database') {
        this.dbKeys.set(node.id, databaseKeysOf(node));
        this.dbTotals.set(node.id, { commits: 1e7 * this.uniform(), rollbacks: 1e4 * this.uniform() });
      } else this.webKeys.set(node.id, webKeysOf(this.webBase, `${net}.${node.host}`));
    }
    const nocLabels: Labels = { target: 'noc', probe: 'prometheus', role: 'host', site: 'local' };
    const nocMetrics = [
      'up', 'probe_duration_seconds', 'process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_open_fds',
      'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'noc_store_samples_appended_total',
      'noc_http_requests_total', 'noc_store_append_seconds', 'noc_probe_runs_in_flight',
    ];
    this.noc = Object.fromEntries(nocMetrics.map((metric) => [metric, seriesKey(metric, nocLabels)]));
  }

  /** The samples of every series at `t`, `seconds` after the previous step. */
  step(t: number, seconds: number): Sample[] {
    this.out = [];
    this.t = t;
    this.sip(seconds);
    this.databases(seconds);
    this.web();
    this.nocProcess(seconds);
    return this.out;
  }

  private normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }

  private write(key: SeriesKey, v: number): void {
    this.written.add(key);
    this.out.push({ series: key, t: this.t, v });
  }

  private mark(keys: SeriesKey | readonly SeriesKey[] | undefined, faulty: number, normal: number): void {
    if (keys === undefined || Math.abs(faulty - normal) <= 1e-9 * Math.max(1, Math.abs(normal))) return;
    for (const key of typeof keys === 'string' ? [keys] : keys) this.affected.add(key);
  }

  private active(kind: ScriptedFault['kind'], target: string, delayMs = 0): boolean {
    return this.faults.some((fault) => fault.kind === kind && fault.target === target && activeAt(fault, this.t, delayMs));
  }

  private coreReachable(id: string | undefined, faulty: boolean): boolean {
    return id !== undefined && !(faulty && this.active('core-down', id));
  }

  private servingCore(sbc: HistoryNode, faulty: boolean): string | undefined {
    if (this.coreReachable(sbc.primaryCore, faulty)) return sbc.primaryCore;
    if (this.coreReachable(sbc.backupCore, faulty)) return sbc.backupCore;
    return undefined;
  }

  /** An SBC's noise-free state; `legitimateOnly`: what its core sees (the flood stops at the edge). */
  private sbcExpectation(node: HistoryNode, faulty: boolean, legitimateOnly = false): SipExpectation {
    const t = this.t;
    const flood = faulty ? this.faults.find((fault) => fault.kind === 'ddos' && fault.target === node.id && activeAt(fault, t)) : undefined;
    const lapsed = faulty && this.active('ddos', node.id, REGISTRATION_DELAY_MS);
    const load = this.dailyLoad(t, node.utcOffset);
    const subscribers = node.subscribers ?? 0;
    const attempts = subscribers * ATTEMPTS_PER_SUBSCRIBER * load;
    const coreUp = this.servingCore(node, faulty) !== undefined;
    const contacts = subscribers * (0.55 + 0.35 * load) * (lapsed ? 0.8 : 1) * (coreUp ? 1 : 0.3);
    const registers = contacts / REGISTER_EXPIRES;
    const answered = coreUp ? attempts * FINAL_MIX['2xx'] * (flood !== undefined ? 0.4 : 1) : 0;
    const floodOn = flood !== undefined && !legitimateOnly;
    const transactions: Record<CodeClass, number> = {
      '1xx': attempts,
      '2xx': answered + registers,
      '3xx': attempts * FINAL_MIX['3xx'],
      '4xx': attempts * FINAL_MIX['4xx'] + (coreUp ? attempts * FINAL_MIX['2xx'] - answered : 0) + registers + (floodOn ? FLOOD_REQUESTS_PER_SECOND * 0.3 : 0),
      '5xx': attempts * FINAL_MIX['5xx'] + (coreUp ? 0 : attempts * FINAL_MIX['2xx']),
      '6xx': attempts * FINAL_MIX['6xx'],
    };
    const since = flood === undefined ? 0 : (t - flood.at) / 1000;
    return {
      reachable: true,
      contacts,
      dialogs: answered * HOLD_SECONDS,
      rcv: attempts * 3 + registers * 2 + (floodOn ? FLOOD_REQUESTS_PER_SECOND : 0),
      drop: floodOn ? FLOOD_REQUESTS_PER_SECOND * 0.7 : 0,
      transactions,
      blocked: flood === undefined ? 0.1 : 220 * (1 - Math.exp(-since / 60)) + 17,
      rttMs: (this.latency[node.site] ?? 5) + 2 + (flood === undefined ? 0 : FLOOD_DELAY_MS),
    };
  }

  /** A core's noise-free state: the sum of what its SBCs send it. */
  private coreExpectation(node: HistoryNode, faulty: boolean): SipExpectation {
    const reachable = this.coreReachable(node.id, faulty);
    const sum = { contacts: 0, dialogs: 0, rcv: 0, transactions: zeroCodes() };
    if (reachable) {
      for (const sbc of this.nodes) {
        if (sbc.role !== 'sbc' || this.servingCore(sbc, faulty) !== node.id) continue;
        const edge = this.sbcExpectation(sbc, faulty, true);
        sum.contacts += edge.contacts;
        sum.dialogs += edge.dialogs;
        sum.rcv += edge.rcv;
        for (const code of CODE_CLASSES) sum.transactions[code] += edge.transactions[code];
      }
    }
    return { reachable, ...sum, drop: 0, blocked: 0, rttMs: (this.latency[node.site] ?? 5) + 1 };
  }

  private sip(seconds: number): void {
    const up: string[] = [];
    for (const node of this.nodes) {
      if (node.role !== 'sbc' && node.role !== 'core') continue;
      const expect = (faulty: boolean): SipExpectation => (node.role === 'sbc' ? this.sbcExpectation(node, faulty) : this.coreExpectation(node, faulty));
      const e = expect(true);
      const n = expect(false);
      const keys = this.sipKeys.get(node.id) as SipKeys;
      const state = this.sipState.get(node.id) as SipState;
      this.mark([keys.optionsUp, keys.rpcUp, keys.optionsDuration, keys.rpcDuration, keys.rtt], Number(e.reachable), Number(n.reachable));
      this.mark([...keys.contacts, keys.users], e.contacts, n.contacts);
      this.mark(keys.dialogs, e.dialogs, n.dialogs);
      this.mark(keys.rcv, e.rcv, n.rcv);
      this.mark([keys.drop, ...keys.activeTransactions], e.drop, n.drop);
      this.mark(keys.activeTransactions, e.rcv, n.rcv);
      this.mark(keys.blocked, e.blocked, n.blocked);
      this.mark([keys.rtt, keys.optionsDuration], e.rttMs, n.rttMs);
      for (const code of CODE_CLASSES) this.mark(keys.transactions[code], e.transactions[code], n.transactions[code]);
      // Counters count on while the node is unreachable; only nobody reads them.
      state.dialogs += (e.dialogs - state.dialogs) * (1 - Math.exp(-seconds / HOLD_SECONDS));
      state.rcv += this.poisson(e.rcv * seconds);
      state.drop += this.poisson(e.drop * seconds);
      for (const code of CODE_CLASSES) state.transactions[code] += this.poisson(e.transactions[code] * seconds);
      if (!e.reachable) {
        this.write(keys.optionsUp, 0);
        this.write(keys.optionsDuration, TIMEOUT_SECONDS);
        this.write(keys.rpcUp, 0);
        this.write(keys.rpcDuration, TIMEOUT_SECONDS);
        continue;
      }
      if (node.role === 'core') up.push(node.id);
      const retransmitted = e.rttMs > n.rttMs && this.uniform() < FLOOD_LOSS;
      const rtt = (e.rttMs * (1 + 0.08 * this.normal()) + (retransmitted ? 500 : 0)) / 1000;
      this.write(keys.optionsUp, 1);
      this.write(keys.optionsDuration, Math.max(0.0005, rtt + 0.0004 * this.uniform()));
      this.write(keys.rtt, Math.max(0.0005, rtt));
      this.write(keys.rpcUp, 1);
      this.write(keys.rpcDuration, Math.max(0.001, ((this.latency[node.site] ?? 5) * 2 + 4) * (1 + 0.1 * this.normal()) / 1000));
      const dialogs = Math.max(0, Math.round(state.dialogs + Math.sqrt(state.dialogs) * this.normal()));
      const contacts = Math.round(e.contacts * (1 + 0.01 * this.normal()));
      for (const key of keys.dialogs) this.write(key, dialogs);
      for (const key of keys.contacts) this.write(key, contacts);
      this.write(keys.users, Math.round(contacts * 0.8));
      const active = Math.round((e.rcv - e.drop) * 0.05 * (1 + 0.1 * this.normal()));
      for (const key of keys.activeTransactions) this.write(key, Math.max(0, active));
      for (const code of CODE_CLASSES) for (const key of keys.transactions[code]) this.write(key, Math.floor(state.transactions[code]));
      this.write(keys.rcv, Math.floor(state.rcv));
      this.write(keys.drop, Math.floor(state.drop));
      if (keys.blocked !== undefined) {
        const blocked = e.blocked > 1 ? Math.round(e.blocked + (this.uniform() - 0.5) * 10) : this.uniform() < 0.1 ? 1 : 0;
        for (const key of keys.blocked) this.write(key, blocked);
      }
    }
    const coreCount = this.nodes.filter((node) => node.role === 'core');
    const expectedUp = (faulty: boolean): number => coreCount.filter((node) => this.coreReachable(node.id, faulty)).length;
    this.mark(this.pairKey, expectedUp(true), expectedUp(false));
    if (coreCount.length === 2) this.write(this.pairKey, up.length);
  }

  /** Counts of events at `mean` expected: Poisson, by its normal approximation (means here are large). */
  private poisson(mean: number): number {
    return mean <= 0 ? 0 : Math.max(0, mean + Math.sqrt(mean) * this.normal());
  }

  private averageLoad(): number {
    const sbcs = this.nodes.filter((node) => node.role === 'sbc');
    return sbcs.length === 0 ? this.dailyLoad(this.t, 0) : sbcs.reduce((sum, node) => sum + this.dailyLoad(this.t, node.utcOffset), 0) / sbcs.length;
  }

  private excessLag(target: string, at: number, faulty: boolean): number {
    if (!faulty) return 0;
    return this.faults.reduce((most, fault) => (fault.kind === 'lag' && fault.target === target ? Math.max(most, excessLag(fault, at)) : most), 0);
  }

  private databases(seconds: number): void {
    const load = this.averageLoad();
    for (const node of this.nodes) {
      if (node.role !== 'database') continue;
      const keys = this.dbKeys.get(node.id) as DatabaseKeys;
      const totals = this.dbTotals.get(node.id) as { commits: number; rollbacks: number };
      totals.commits += this.poisson(420 * load * seconds);
      totals.rollbacks += this.poisson(3 * load * seconds);
      const lag = this.excessLag(node.id, this.t, true);
      // Readers of a held-back replica wait on replay: their queries slow down as the lag a minute ago.
      const slowdown = (faulty: boolean): number => 1 + this.excessLag(node.id, this.t - QUERY_DELAY_MS, faulty) / 10;
      this.mark(keys.lagOrBackup, lag, 0);
      this.mark(keys.query, slowdown(true), slowdown(false));
      const latency = (this.latency[node.site] ?? 5) * 2 + 3;
      this.write(keys.up, 1);
      this.write(keys.duration, latency * (1 + 0.1 * this.normal()) / 1000);
      this.write(keys.connections, Math.round(30 + 170 * load + this.uniform() * 8));
      this.write(keys.connectionsMax, 500);
      this.write(keys.lagOrBackup, node.replicaOf === undefined ? lastBackupAge(this.t) : 0.05 + this.uniform() * 0.3 + lag);
      this.write(keys.query, (0.0015 + 0.003 * load + this.uniform() * 0.0005) * slowdown(true));
      this.write(keys.commits, Math.floor(totals.commits));
      this.write(keys.rollbacks, Math.floor(totals.rollbacks));
    }
  }

  private web(): void {
    let allUp = true;
    let slowest = 0;
    for (const node of this.nodes) {
      if (node.role !== 'https') continue;
      const keys = this.webKeys.get(node.id) as WebKeys;
      const down = this.active('web-down', node.id);
      if (down) for (const key of [keys.up, keys.status, keys.size, keys.phases.ttfb, keys.phases.total]) this.affected.add(key);
      const rttSeconds = (this.latency[node.site] ?? 5) / 1000;
      const load = this.dailyLoad(this.t, node.utcOffset);
      const dns = 0.0008 * (1 + 0.2 * Math.abs(this.normal()));
      const connect = rttSeconds * (1 + 0.1 * Math.abs(this.normal()));
      const tls = 2 * rttSeconds * (1 + 0.1 * Math.abs(this.normal())) + 0.002;
      // The proxy answers 503 itself, at once, when the application behind it is gone.
      const serverSeconds = down ? 0.0004 : 0.004 + 0.006 * load;
      const ttfb = rttSeconds + serverSeconds * (1 + 0.3 * Math.abs(this.normal()));
      const total = dns + connect + tls + ttfb + 0.0005;
      slowest = Math.max(slowest, total);
      allUp &&= !down;
      const phases = { dns, connect, tls, ttfb, total };
      for (const phase of PHASES) this.write(keys.phases[phase], phases[phase]);
      this.write(keys.status, down ? 503 : 200);
      this.write(keys.up, down ? 0 : 1);
      this.write(keys.redirects, 0);
      this.write(keys.size, down ? 190 : 5_120);
      this.write(keys.certExpiry, 1_790_000_000);
      this.write(keys.protocol, 1.3);
      this.write(keys.grade, 100);
    }
    const faultyAnywhere = this.faults.some((fault) => fault.kind === 'web-down' && activeAt(fault, this.t));
    const overallUp = seriesKey('up', this.webBase);
    if (faultyAnywhere) this.affected.add(overallUp);
    this.write(overallUp, allUp ? 1 : 0);
    this.write(seriesKey('probe_duration_seconds', this.webBase), slowest + 0.002 * this.uniform());
    const ssllabs: Labels = { ...this.webBase, probe: 'ssllabs' };
    this.write(seriesKey('up', ssllabs), 1);
    this.write(seriesKey('probe_duration_seconds', ssllabs), 0.006 * (1 + 0.2 * Math.abs(this.normal())));
  }

  /** The NOC's own process: unrelated to the network, as noisy as a real process. */
  private nocProcess(seconds: number): void {
    const s = this.nocState;
    const series = this.written.size + 40;
    s.cpu += Math.max(0, (0.06 + 0.02 * this.normal()) * seconds);
    s.appended += this.poisson((series / 10) * seconds);
    s.requests += this.uniform() < 0.2 ? Math.floor(this.uniform() * 40) : 0;
    // Memory creeps up until the garbage collector takes it back down.
    s.memory = this.uniform() < 0.03 ? 80e6 + 4e6 * this.uniform() : s.memory + 150e3 * (1 + this.normal() * 0.5);
    s.fds = Math.max(30, s.fds + Math.round(this.normal()));
    const lag = 0.01 * Math.exp(0.4 * this.normal());
    const values: Readonly<Record<string, number>> = {
      up: 1,
      probe_duration_seconds: 0.003 * (1 + 0.2 * Math.abs(this.normal())),
      process_cpu_seconds_total: s.cpu,
      process_resident_memory_bytes: Math.round(s.memory),
      process_open_fds: s.fds,
      nodejs_eventloop_lag_seconds: lag,
      nodejs_eventloop_lag_p99_seconds: lag * (2 + Math.abs(this.normal())),
      noc_store_samples_appended_total: Math.floor(s.appended),
      noc_http_requests_total: s.requests,
      noc_store_append_seconds: 0.0008 * Math.exp(0.5 * this.normal()),
      noc_probe_runs_in_flight: Math.floor(this.uniform() * 4),
    };
    for (const [metric, key] of Object.entries(this.noc)) this.write(key, values[metric] as number);
  }
}

function sipKeysOf(node: HistoryNode): SipKeys {
  const base = (probe: string): Labels => ({ target: node.id, probe, role: node.role, site: node.site });
  const options = base('sip_options');
  const rpc = base('kamailio_rpc');
  const transactions = Object.fromEntries(
    CODE_CLASSES.map((code) => [code, [seriesKey('sip_transactions_total', { ...rpc, code_class: code }), seriesKey(`kamailio_tmx_${code}_transactions_total`, rpc)]]),
  ) as Record<string, readonly SeriesKey[]> as Record<CodeClass, readonly SeriesKey[]>;
  return {
    optionsUp: seriesKey('up', options),
    optionsDuration: seriesKey('probe_duration_seconds', options),
    rtt: seriesKey('sip_options_rtt_seconds', options),
    rpcUp: seriesKey('up', rpc),
    rpcDuration: seriesKey('probe_duration_seconds', rpc),
    dialogs: [seriesKey('sip_active_dialogs', rpc), seriesKey('kamailio_dialog_active_dialogs', rpc)],
    contacts: [seriesKey('sip_registered_contacts', rpc), seriesKey('kamailio_usrloc_location_contacts', rpc)],
    users: seriesKey('kamailio_usrloc_location_users', rpc),
    activeTransactions: [seriesKey('sip_active_transactions', rpc), seriesKey('kamailio_tmx_active_transactions', rpc)],
    transactions,
    rcv: seriesKey('kamailio_core_rcv_requests_total', rpc),
    drop: seriesKey('kamailio_core_drop_requests_total', rpc),
    // Only the SBCs load pike (the demo's groups): the cores have no blocked sources.
    ...(node.role === 'sbc' ? { blocked: [seriesKey('sip_blocked_sources', rpc), seriesKey('kamailio_pike_blocked_ips', rpc)] } : {}),
  };
}

function databaseKeysOf(node: HistoryNode): DatabaseKeys {
  const labels: Labels = { target: node.id, probe: 'prometheus', role: node.role, site: node.site };
  return {
    up: seriesKey('up', labels),
    duration: seriesKey('probe_duration_seconds', labels),
    connections: seriesKey('db_connections', labels),
    connectionsMax: seriesKey('db_connections_max', labels),
    lagOrBackup: seriesKey(node.replicaOf === undefined ? 'db_last_backup_age_seconds' : 'db_replication_lag_seconds', labels),
    query: seriesKey('db_query_seconds', labels),
    commits: seriesKey('db_commits_total', labels),
    rollbacks: seriesKey('db_rollbacks_total', labels),
  };
}

function webKeysOf(base: Labels, ip: string): WebKeys {
  const labels: Labels = { ...base, ip };
  const phases = Object.fromEntries(PHASES.map((phase) => [phase, seriesKey('http_phase_seconds', { ...labels, phase })])) as WebKeys['phases'];
  return {
    ip,
    phases,
    status: seriesKey('http_status_code', labels),
    up: seriesKey('up', labels),
    redirects: seriesKey('http_redirects', labels),
    size: seriesKey('http_response_size_bytes', labels),
    certExpiry: seriesKey('tls_cert_expiry_seconds', labels),
    protocol: seriesKey('tls_protocol_version', labels),
    grade: seriesKey('ssllabs_grade_score', { ...base, probe: 'ssllabs', ip }),
  };
}

/** Seconds since the primary's last completed six-hourly backup (the lab's schedule). */
function lastBackupAge(at: number): number {
  let finished = Math.floor(at / BACKUP_EVERY_MS) * BACKUP_EVERY_MS + BACKUP_TAKES_MS;
  if (finished > at) finished -= BACKUP_EVERY_MS;
  return (at - finished) / 1000;
}
