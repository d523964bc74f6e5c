/** State of one probe of one target as last observed. */
export type ProbeState = 'up' | 'down' | 'unknown';

/** What the collector knows about one probe (for `GET /api/v1/targets`). */
export interface ProbeStatus {
  readonly probe: string;
  readonly kind: string;
  readonly state: ProbeState;
  readonly intervalMs: number;
  /** Start of the last completed run (ms since epoch). */
  readonly lastRunAt?: number;
  readonly lastDurationMs?: number;
  readonly lastError?: string;
  /** Runs skipped because the previous one was still going. */
  readonly overruns: number;
}

/** A target with its probes. */
export interface TargetStatus {
  readonly target: string;
  readonly role: string;
  readonly site: string;
  /** The redundant partner, when the target is one of a pair. */
  readonly pair?: string;
  /** Targets this one cannot work without. */
  readonly dependsOn?: readonly string[];
  /** `up` when every probe is up, `down` when any is down, `unknown` before the first results. */
  readonly state: ProbeState;
  readonly probes: readonly ProbeStatus[];
}

/** Read side of the collector's status. */
export interface TargetStatusSource {
  targets(): TargetStatus[];
}

/** Counters of the collector itself (exported on /metrics as `noc_collector_*`). */
export interface CollectorStats {
  readonly probes: number;
  readonly runs: number;
  readonly failures: number;
  readonly overruns: number;
  readonly inFlight: number;
  readonly queued: number;
}
