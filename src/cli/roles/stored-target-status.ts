import type { Config } from '../../config/index.js';
import { type LatestSample, type Logger, PeriodicTask, type ProbeState, type ProbeStatus, type SeriesQuerier, type TargetStatus, type TargetStatusSource } from '../../core/index.js';

/** How often a dashboard without a collector re-reads the probes' last results. */
export const STORED_TARGETS_REFRESH_MS = 5_000;

/**
 * Target and probe status for a process that polls nothing (the dashboard role): each configured probe's
 * last `up` and `probe_duration_seconds` from the shared store, whichever collector wrote them. A probe with
 * no `up` within three of its intervals is `unknown`. Overruns and probe errors live only in the collector
 * that ran the probe, so they are not shown here.
 */
export class StoredTargetStatus implements TargetStatusSource {
  private latest = new Map<string, { up?: LatestSample; duration?: LatestSample }>();
  private readonly task: PeriodicTask;

  constructor(
    private readonly deps: { readonly querier: SeriesQuerier; readonly config: () => Config; readonly log: Logger; readonly refreshMs?: number },
  ) {
    this.task = new PeriodicTask('stored targets', deps.refreshMs ?? STORED_TARGETS_REFRESH_MS, () => this.refresh(), deps.log);
  }

  targets(): TargetStatus[] {
    const config = this.deps.config();
    return config.targets.map((target) => {
      const probes: ProbeStatus[] = target.probes.map((probe) => {
        const name = probe.name ?? probe.kind;
        const seen = this.latest.get(`${target.id}\u0000${name}`);
        const intervalMs = probe.interval ?? config.defaults.interval;
        const state: ProbeState = seen?.up === undefined ? 'unknown' : seen.up.v === 1 ? 'up' : 'down';
        return {
          probe: name,
          kind: probe.kind,
          state,
          intervalMs,
          overruns: 0,
          ...(seen?.up === undefined ? {} : { lastRunAt: seen.up.t }),
          ...(seen?.duration === undefined ? {} : { lastDurationMs: Math.round(seen.duration.v * 1000) }),
        };
      });
      return {
        target: target.id,
        role: target.role,
        site: target.site,
        ...(target.pair === undefined ? {} : { pair: target.pair }),
        dependsOn: target.depends_on,
        state: probes.some((p) => p.state === 'down') ? 'down' : probes.length > 0 && probes.every((p) => p.state === 'up') ? 'up' : 'unknown',
        probes,
      };
    });
  }

  async start(): Promise<void> {
    await this.task.runNow();
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }

  /** Reads the last results now. */
  async refresh(): Promise<void> {
    const config = this.deps.config();
    const longest = Math.max(config.defaults.interval, ...config.targets.flatMap((t) => t.probes.map((p) => p.interval ?? config.defaults.interval)));
    const lookback = 3 * longest;
    const [up, duration] = await Promise.all([
      this.deps.querier.latest({ metric: 'up', matchers: [] }, { lookback }),
      this.deps.querier.latest({ metric: 'probe_duration_seconds', matchers: [] }, { lookback }),
    ]);
    const next = new Map<string, { up?: LatestSample; duration?: LatestSample }>();
    const keyOf = (sample: LatestSample) => `${sample.labels['target'] ?? ''}\u0000${sample.labels['probe'] ?? ''}`;
    for (const sample of up) next.set(keyOf(sample), { ...next.get(keyOf(sample)), up: sample });
    for (const sample of duration) next.set(keyOf(sample), { ...next.get(keyOf(sample)), duration: sample });
    this.latest = next;
  }
}
