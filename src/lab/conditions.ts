import type { FaultBoard } from './faults.js';
import type { LabNode } from './topology.js';

/** How long each half of a flap lasts. */
export const FLAP_HALF_PERIOD_MS = 20_000;

/** How a node behaves at one instant, from the faults injected on it (and, for SBCs, on their cores). */
export interface NodeConditions {
  /** false: the node answers nothing (down, or the down half of a flap). */
  readonly reachable: boolean;
  /** Delay added before a SIP answer, ms. */
  readonly sipDelayMs: number;
  /** Delay added before an HTTP answer, ms. */
  readonly httpDelayMs: number;
  /** Probability that a datagram or request is dropped. */
  readonly lossRatio: number;
  /** Under a SIP flood. */
  readonly ddos: boolean;
  /** Database queries take this many times longer. */
  readonly querySlowdown: number;
  /** A replica stopped replaying since this time (ms), else undefined. */
  readonly replayStoppedSince?: number;
  readonly certificateExpiring: boolean;
  readonly gradeDropped: boolean;
}

/** Round-trip time the lab adds per site, ms: the WAN between the NOC and each country. */
export const SITE_LATENCY_MS: Readonly<Record<string, number>> = { cl: 4, co: 11, pe: 9, mx: 27, cr: 21 };

/** The conditions of `node` at `at`; `wan` false leaves out the simulated WAN latency (for benchmarks). */
export function conditionsOf(board: FaultBoard, node: LabNode, at: number, wan = true): NodeConditions {
  const has = (kind: Parameters<FaultBoard['find']>[1]) => board.find(node.id, kind, at);
  const flap = has('flap');
  const flapDown = flap !== undefined && Math.floor((at - flap.since) / FLAP_HALF_PERIOD_MS) % 2 === 0;
  const ddos = has('ddos') !== undefined;
  const slow = has('slow') !== undefined;
  const lag = has('lag');
  const base = wan ? (SITE_LATENCY_MS[node.site] ?? 5) : 0;
  return {
    reachable: has('down') === undefined && !flapDown,
    sipDelayMs: base + (slow ? 400 : 0) + (ddos ? 180 : 0),
    httpDelayMs: base + (slow ? 1_500 : 0),
    lossRatio: Math.min(0.9, (has('loss') ? 0.4 : 0) + (ddos ? 0.15 : 0)),
    ddos,
    querySlowdown: slow ? 20 : 1,
    ...(lag === undefined ? {} : { replayStoppedSince: lag.since }),
    certificateExpiring: has('cert-expiring') !== undefined,
    gradeDropped: has('grade-drop') !== undefined,
  };
}
