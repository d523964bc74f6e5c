/** The faults a generated history can carry, each playing out as the lab's fault of the same kind does. */
export type ScriptedFaultKind =
  /** A SIP flood on an SBC: blocked sources and OPTIONS RTT rise at once, completed calls fall, registrations lapse later. */
  | 'ddos'
  /** A replica falls behind (replay held back at 90 s), and its queries slow down a minute later. */
  | 'lag'
  /** One web server's application dies behind its proxy: its address answers 503, fast, while the others serve. */
  | 'web-down'
  /** A core stops answering: its SBCs' calls and registrations move to the other core of the pair. */
  | 'core-down';

/** A fault injected into generated history over [at, at + durationMs). */
export interface ScriptedFault {
  readonly kind: ScriptedFaultKind;
  /** A lab node id (LAB_NODES): an SBC, the replica, a web server or a core. */
  readonly target: string;
  readonly at: number;
  readonly durationMs: number;
}

/** How long after a flood starts (and ends) the SBC's registrations drop (and come back). */
export const REGISTRATION_DELAY_MS = 40_000;
/** How long after replication lag builds up (and clears) the replica's queries slow down (and recover). */
export const QUERY_DELAY_MS = 60_000;
/** The replication lag at which the replica's replay is held: lag climbs a second per second up to it. */
export const LAG_PLATEAU_SECONDS = 90;

/** Whether `fault` is active at `t`, seen `delayMs` late (a symptom that follows its cause). */
export function activeAt(fault: ScriptedFault, t: number, delayMs = 0): boolean {
  return t >= fault.at + delayMs && t < fault.at + fault.durationMs + delayMs;
}

/**
 * Replication lag above the normal (seconds) that a `lag` fault adds at `t`: a second per second from the
 * fault's start up to the plateau, then caught up at three seconds per second once the fault clears.
 */
export function excessLag(fault: ScriptedFault, t: number): number {
  if (t < fault.at) return 0;
  const end = fault.at + fault.durationMs;
  if (t < end) return Math.min((t - fault.at) / 1000, LAG_PLATEAU_SECONDS);
  const reached = Math.min(fault.durationMs / 1000, LAG_PLATEAU_SECONDS);
  return Math.max(0, reached - (3 * (t - end)) / 1000);
}
