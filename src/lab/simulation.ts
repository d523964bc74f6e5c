import { conditionsOf, type NodeConditions } from './conditions.js';
import type { FaultBoard } from './faults.js';
import type { LabNode } from './topology.js';
import { dailyLoad } from './traffic-curve.js';

/** Integration step: counters follow the daily curve without visible stairs. */
const STEP_MS = 5_000;
/** Call attempts per second per subscriber at the daily peak. */
const ATTEMPTS_PER_SUBSCRIBER = 0.0016;
/** Average hold time of an answered call, seconds (Little's law turns rate into concurrent dialogs). */
const HOLD_SECONDS = 140;
/** Registration refresh interval of the phones, seconds (a typical NAT-friendly expiry). */
const REGISTER_EXPIRES = 600;
/** Requests per second a flood sends at an SBC. */
const FLOOD_REQUESTS_PER_SECOND = 1_800;
/** The primary database is backed up every six hours (UTC), each backup taking four minutes. */
const BACKUP_EVERY_MS = 6 * 3_600_000;
const BACKUP_TAKES_MS = 4 * 60_000;

/** Where final responses of INVITE transactions go on a normal day. */
const FINAL_MIX = { '2xx': 0.6, '3xx': 0.04, '4xx': 0.31, '5xx': 0.02, '6xx': 0.03 } as const;
type CodeClass = '1xx' | keyof typeof FINAL_MIX;
const CODE_CLASSES: readonly CodeClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx', '6xx'];

interface SipCounters {
  rcvRequests: number;
  dropRequests: number;
  transactions: Record<CodeClass, number>;
}

interface SipRates {
  rcvRequests: number;
  dropRequests: number;
  transactions: Record<CodeClass, number>;
  dialogs: number;
  contacts: number;
}

/** What a database node reports, in the platform's metric names (DESIGN.md §3). */
export interface DatabaseMetrics {
  readonly connections: number;
  readonly connectionsMax: number;
  /** Replicas only. */
  readonly replicationLagSeconds?: number;
  /** Primary only. */
  readonly lastBackupAgeSeconds?: number;
  readonly querySeconds: number;
  readonly commitsTotal: number;
  readonly rollbacksTotal: number;
}

function zeroCodes(): Record<CodeClass, number> {
  return { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, '6xx': 0 };
}

/**
 * The lab's traffic: every node's counters and gauges follow the daily curve of its site, and faults
 * move them the way real faults do (a dead core shifts its SBCs to the backup, a flood blocks sources
 * and cuts completed calls). Reads integrate lazily up to the time asked.
 */
export class LabSimulation {
  private readonly byId: ReadonlyMap<string, LabNode>;
  private readonly sip = new Map<string, SipCounters>();
  private readonly db = new Map<string, { commits: number; rollbacks: number }>();
  private integratedTo: number;

  constructor(
    readonly nodes: readonly LabNode[],
    readonly faults: FaultBoard,
    /** When the lab started (ms); counters start at zero there, as after a restart. */
    readonly startedAt: number,
    private readonly random: () => number,
    private readonly wan = true,
  ) {
    this.byId = new Map(nodes.map((node) => [node.id, node]));
    for (const node of nodes) {
      if (node.role === 'sbc' || node.role === 'core') this.sip.set(node.id, { rcvRequests: 0, dropRequests: 0, transactions: zeroCodes() });
      if (node.role === 'database') this.db.set(node.id, { commits: 0, rollbacks: 0 });
    }
    this.integratedTo = startedAt;
  }

  /** How `id` behaves at `at`. */
  conditions(id: string, at: number): NodeConditions {
    return conditionsOf(this.faults, this.node(id), at, this.wan);
  }

  /** Kamailio's statistics (`group.name` → value) of a core or SBC at `at`, as `stats.fetch` returns them. */
  kamailioStats(id: string, at: number): Record<string, number> {
    this.advanceTo(at);
    const node = this.node(id);
    const counters = this.sip.get(id);
    if (counters === undefined) throw new Error(`${id} is not a SIP node`);
    const rates = this.sipRates(node, at);
    const jitter = () => 1 + (this.random() - 0.5) * 0.04;
    const stats: Record<string, number> = {
      'core.rcv_requests': Math.floor(counters.rcvRequests),
      'core.drop_requests': Math.floor(counters.dropRequests),
      'dialog.active_dialogs': Math.round(rates.dialogs * jitter()),
      'usrloc.location_contacts': Math.round(rates.contacts * jitter()),
      'usrloc.location_users': Math.round(rates.contacts * 0.8),
      'tmx.active_transactions': Math.round((rates.rcvRequests - rates.dropRequests) * 0.05),
      'pike.blocked_ips': this.blockedSources(node, at),
      'shmem.used_size': Math.round(48_000_000 + rates.dialogs * 9_000),
      'shmem.free_size': Math.round(220_000_000 - rates.dialogs * 9_000),
    };
    for (const code of CODE_CLASSES) stats[`tmx.${code}_transactions`] = Math.floor(counters.transactions[code]);
    return stats;
  }

  /** A database node's metrics at `at`. */
  databaseMetrics(id: string, at: number): DatabaseMetrics {
    this.advanceTo(at);
    const node = this.node(id);
    const totals = this.db.get(id);
    if (totals === undefined) throw new Error(`${id} is not a database`);
    const load = this.averageLoad(at);
    const conditions = this.conditions(id, at);
    const noise = () => this.random();
    const replicaLag = () =>
      conditions.replayStoppedSince === undefined ? 0.05 + noise() * 0.3 : (at - conditions.replayStoppedSince) / 1000 + 0.2;
    return {
      connections: Math.round(30 + 170 * load + noise() * 8),
      connectionsMax: 500,
      ...(node.replicaOf === undefined ? { lastBackupAgeSeconds: lastBackupAge(at) } : { replicationLagSeconds: replicaLag() }),
      querySeconds: (0.0015 + 0.003 * load + noise() * 0.0005) * conditions.querySlowdown,
      commitsTotal: Math.floor(totals.commits),
      rollbacksTotal: Math.floor(totals.rollbacks),
    };
  }

  private node(id: string): LabNode {
    const node = this.byId.get(id);
    if (node === undefined) throw new Error(`unknown lab node "${id}"`);
    return node;
  }

  private advanceTo(at: number): void {
    while (this.integratedTo < at) {
      const step = Math.min(STEP_MS, at - this.integratedTo);
      const middle = this.integratedTo + step / 2;
      const seconds = step / 1000;
      for (const [id, counters] of this.sip) {
        const rates = this.sipRates(this.node(id), middle);
        counters.rcvRequests += rates.rcvRequests * seconds;
        counters.dropRequests += rates.dropRequests * seconds;
        for (const code of CODE_CLASSES) counters.transactions[code] += rates.transactions[code] * seconds;
      }
      const load = this.averageLoad(middle);
      for (const totals of this.db.values()) {
        totals.commits += 420 * load * seconds;
        totals.rollbacks += 3 * load * seconds;
      }
      this.integratedTo += step;
    }
  }

  private reachable(id: string | undefined, at: number): boolean {
    return id !== undefined && this.conditions(id, at).reachable;
  }

  /** The core an SBC's calls go through at `at`: its primary while reachable, else its backup, else none. */
  private servingCore(sbc: LabNode, at: number): string | undefined {
    if (this.reachable(sbc.primaryCore, at)) return sbc.primaryCore;
    if (this.reachable(sbc.backupCore, at)) return sbc.backupCore;
    return undefined;
  }

  private sipRates(node: LabNode, at: number): SipRates {
    if (node.role === 'sbc') return this.sbcRates(node, at);
    const rates: SipRates = { rcvRequests: 0, dropRequests: 0, transactions: zeroCodes(), dialogs: 0, contacts: 0 };
    if (!this.reachable(node.id, at)) return rates;
    for (const sbc of this.nodes) {
      if (sbc.role !== 'sbc' || this.servingCore(sbc, at) !== node.id) continue;
      const edge = this.sbcRates(sbc, at, true);
      rates.rcvRequests += edge.rcvRequests - edge.dropRequests;
      for (const code of CODE_CLASSES) rates.transactions[code] += edge.transactions[code];
      rates.dialogs += edge.dialogs;
      rates.contacts += edge.contacts;
    }
    return rates;
  }

  /** `legitimateOnly`: what a core sees of the SBC's traffic (the flood is stopped at the edge). */
  private sbcRates(node: LabNode, at: number, legitimateOnly = false): SipRates {
    const rates: SipRates = { rcvRequests: 0, dropRequests: 0, transactions: zeroCodes(), dialogs: 0, contacts: 0 };
    const conditions = this.conditions(node.id, at);
    if (!conditions.reachable) return rates;
    const load = dailyLoad(at, node.utcOffset);
    const subscribers = node.subscribers ?? 0;
    const attempts = subscribers * ATTEMPTS_PER_SUBSCRIBER * load;
    const coreUp = this.servingCore(node, at) !== undefined;
    // Under a flood the SBC spends itself on junk: fewer calls complete and registrations lapse.
    const completion = conditions.ddos ? 0.4 : 1;
    rates.contacts = subscribers * (0.55 + 0.35 * load) * (conditions.ddos ? 0.8 : 1) * (coreUp ? 1 : 0.3);
    const registers = rates.contacts / REGISTER_EXPIRES;
    const answered = coreUp ? attempts * FINAL_MIX['2xx'] * completion : 0;
    rates.transactions['1xx'] = attempts;
    rates.transactions['2xx'] = answered + registers;
    rates.transactions['3xx'] = attempts * FINAL_MIX['3xx'];
    // Unanswered calls end in 4xx (busy, cancelled); challenges of every REGISTER too.
    rates.transactions['4xx'] = attempts * FINAL_MIX['4xx'] + (attempts * FINAL_MIX['2xx'] - answered) * (coreUp ? 1 : 0) + registers;
    rates.transactions['5xx'] = attempts * FINAL_MIX['5xx'] + (coreUp ? 0 : attempts * FINAL_MIX['2xx']);
    rates.transactions['6xx'] = attempts * FINAL_MIX['6xx'];
    rates.dialogs = answered * HOLD_SECONDS;
    rates.rcvRequests = attempts * 3 + registers * 2;
    if (conditions.ddos && !legitimateOnly) {
      rates.rcvRequests += FLOOD_REQUESTS_PER_SECOND;
      rates.dropRequests = FLOOD_REQUESTS_PER_SECOND * 0.7;
      rates.transactions['4xx'] += FLOOD_REQUESTS_PER_SECOND * 0.3;
    }
    return rates;
  }

  private blockedSources(node: LabNode, at: number): number {
    const flood = this.faults.find(node.id, 'ddos', at);
    if (flood === undefined) return this.random() < 0.1 ? 1 : 0;
    // Pike blocks more sources as the botnet ramps up, levelling off after a couple of minutes.
    const seconds = (at - flood.since) / 1000;
    return Math.round(220 * (1 - Math.exp(-seconds / 60)) + 12 + this.random() * 10);
  }

  private averageLoad(at: number): number {
    const sbcs = this.nodes.filter((node) => node.role === 'sbc');
    if (sbcs.length === 0) return dailyLoad(at, 0);
    return sbcs.reduce((sum, node) => sum + dailyLoad(at, node.utcOffset), 0) / sbcs.length;
  }
}

/** Seconds since the last completed six-hourly backup. */
function lastBackupAge(at: number): number {
  let finished = Math.floor(at / BACKUP_EVERY_MS) * BACKUP_EVERY_MS + BACKUP_TAKES_MS;
  if (finished > at) finished -= BACKUP_EVERY_MS;
  return (at - finished) / 1000;
}
