import type { LabNode, LabRole } from './topology.js';

/** The faults the lab can inject. */
export const FAULT_KINDS = ['down', 'slow', 'loss', 'ddos', 'lag', 'cert-expiring', 'grade-drop', 'flap'] as const;
/** A fault the lab can inject. */
export type FaultKind = (typeof FAULT_KINDS)[number];

const ANY_ROLE: readonly LabRole[] = ['core', 'sbc', 'database', 'https'];

/** Which roles each fault makes sense for: a DDoS hits the internet-facing SIP edge, lag a replica. */
export const FAULT_ROLES: Readonly<Record<FaultKind, readonly LabRole[]>> = {
  down: ANY_ROLE,
  slow: ANY_ROLE,
  loss: ANY_ROLE,
  flap: ANY_ROLE,
  ddos: ['sbc'],
  lag: ['database'],
  'cert-expiring': ['https'],
  'grade-drop': ['https'],
};

/** What each fault does, for `noc lab` help and the control API. */
export const FAULT_DESCRIPTIONS: Readonly<Record<FaultKind, string>> = {
  down: 'stops answering anything',
  slow: 'answers late (SIP +400 ms, HTTP +1.5 s, database queries ×20)',
  loss: 'drops 40% of UDP datagrams and HTTP requests',
  ddos: 'SIP flood: blocked sources climb, RTT and losses rise, completed calls fall',
  lag: 'the replica stops replaying: replication lag grows by a second per second',
  'cert-expiring': 'serves a certificate that expires in 5 days',
  'grade-drop': 'SSL Labs grades the server B (TLS 1.0 enabled)',
  flap: 'alternates 20 s down, 20 s up',
};

/** One active fault. */
export interface ActiveFault {
  readonly target: string;
  readonly kind: FaultKind;
  /** When it was injected (ms since the epoch). */
  readonly since: number;
  /** When it clears by itself; undefined = until cleared. */
  readonly until?: number;
}

/** Why a fault cannot be injected. */
export class FaultError extends Error {}

/** The faults currently injected, by target; time comes from the caller. */
export class FaultBoard {
  private readonly faults = new Map<string, ActiveFault>();
  private readonly listeners = new Set<(fault: ActiveFault, change: 'injected' | 'cleared') => void>();

  constructor(private readonly nodes: readonly LabNode[]) {}

  /** Injects `kind` on `target` from `at`, for `durationMs` when given; replaces the same fault. */
  inject(target: string, kind: string, at: number, durationMs?: number): ActiveFault {
    const node = this.nodes.find((candidate) => candidate.id === target);
    if (node === undefined) throw new FaultError(`unknown lab target "${target}"; expected one of ${this.nodes.map((n) => n.id).join(', ')}`);
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new FaultError(`unknown fault "${kind}"; expected one of ${FAULT_KINDS.join(', ')}`);
    const faultKind = kind as FaultKind;
    const roles = FAULT_ROLES[faultKind];
    if (!roles.includes(node.role)) {
      throw new FaultError(`fault "${kind}" applies to ${roles.join(' or ')} targets; ${target} is a ${node.role}`);
    }
    if (kind === 'lag' && node.replicaOf === undefined) throw new FaultError(`fault "lag" applies to a replica; ${target} is a primary`);
    if (durationMs !== undefined && !(durationMs > 0)) throw new FaultError('the duration must be positive');
    const fault: ActiveFault = { target, kind: faultKind, since: at, ...(durationMs === undefined ? {} : { until: at + durationMs }) };
    this.faults.set(keyOf(target, faultKind), fault);
    this.emit(fault, 'injected');
    return fault;
  }

  /** Clears one fault of `target`, or all of them; returns what was cleared. */
  clear(target: string, kind?: FaultKind): ActiveFault[] {
    const cleared = [...this.faults.values()].filter((fault) => fault.target === target && (kind === undefined || fault.kind === kind));
    for (const fault of cleared) {
      this.faults.delete(keyOf(fault.target, fault.kind));
      this.emit(fault, 'cleared');
    }
    return cleared;
  }

  /** The faults active at `at` (expired ones are dropped here). */
  active(at: number): ActiveFault[] {
    for (const fault of [...this.faults.values()]) {
      if (fault.until !== undefined && fault.until <= at) {
        this.faults.delete(keyOf(fault.target, fault.kind));
        this.emit(fault, 'cleared');
      }
    }
    return [...this.faults.values()];
  }

  /** The active fault of `kind` on `target` at `at`, if any. */
  find(target: string, kind: FaultKind, at: number): ActiveFault | undefined {
    const fault = this.faults.get(keyOf(target, kind));
    if (fault === undefined) return undefined;
    if (fault.until !== undefined && fault.until <= at) {
      this.active(at);
      return undefined;
    }
    return fault;
  }

  /** Calls `listener` on every injection and clearance. */
  onChange(listener: (fault: ActiveFault, change: 'injected' | 'cleared') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(fault: ActiveFault, change: 'injected' | 'cleared'): void {
    for (const listener of this.listeners) listener(fault, change);
  }
}

function keyOf(target: string, kind: FaultKind): string {
  return `${target}\u0000${kind}`;
}
