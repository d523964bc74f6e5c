import type { ProbeKind, ProbeOf, TargetConfig } from '../config/index.js';
import type { Clock, Labels, Logger, ProbeStateStore } from '../core/index.js';

/** One value a probe run measured; the scheduler adds `target`, `probe` and the target's labels, and the time. */
export interface Measurement {
  readonly metric: string;
  /** Probe-specific labels (`ip`, `phase`…). */
  readonly labels?: Labels;
  readonly value: number;
}

/** What one probe run found. Probes report failures here rather than throwing. */
export interface ProbeResult {
  /** Whether what the probe checks is healthy: the `up{target,probe}` series. */
  readonly up: boolean;
  readonly measurements: readonly Measurement[];
  /** Why it is (partly) down, for the API and the logs. */
  readonly error?: string;
  /**
   * Measurement labels win over the target's labels on a clash (Prometheus' `honor_labels`); by default
   * the target's labels win.
   */
  readonly honorLabels?: boolean;
}

/** What a run gets from the scheduler. */
export interface ProbeRunContext {
  readonly target: TargetConfig;
  /** Aborted when the run's timeout passes or the collector stops: pass it to every I/O call. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly log: Logger;
}

/** A configured probe, ready to run again and again. */
export interface Probe {
  run(context: ProbeRunContext): Promise<ProbeResult>;
  /** Releases sockets, timers and background work when the probe is removed or the collector stops. */
  close?(): Promise<void>;
}

/** What probe factories may use. */
export interface ProbeDeps {
  readonly clock: Clock;
  readonly log: Logger;
  readonly state: ProbeStateStore;
  /** A stable key for this probe instance (`target/probe`), for its state. */
  readonly key: string;
}

/** Builds probes of one kind from their config. */
export type ProbeFactory<K extends ProbeKind> = (config: ProbeOf<K>, deps: ProbeDeps) => Probe;
