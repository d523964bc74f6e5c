import { getEventListeners } from 'node:events';
import type { CollectorConfig, Config, Probe as ProbeConfig, ProbeKind, TargetConfig } from '../config/index.js';
import type {
  Clock,
  CollectorStats,
  Labels,
  Logger,
  ProbeState,
  ProbeStateStore,
  ProbeStatus,
  SampleAppender,
  TargetStatus,
  TargetStatusSource,
} from '../core/index.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { Probe, ProbeFactory, ProbeResult } from './probe.js';
import type { ProbeFactories } from './probe-registry.js';
import { pairSample } from './pair-status.js';
import { probeLabels, resultSamples, SeriesKeyCache } from './result-samples.js';
import { nextRunAfter, stableOffset } from './schedule.js';

/**
 * The time a run's samples carry: its grid time when it started within 1% of the interval of it (timer
 * lateness), else when it really started. As Prometheus' adjusted scrape timestamps, this keeps a series'
 * timestamps evenly spaced, which the store then encodes in almost no space and decodes without inflating.
 */
export function stampTime(startedAt: number, due: number, intervalMs: number): number {
  return Math.abs(startedAt - due) <= intervalMs / 100 ? due : startedAt;
}

/** What the scheduler needs from the rest of the process. */
export interface ProbeSchedulerDeps {
  readonly appender: SampleAppender;
  readonly clock: Clock;
  readonly log: Logger;
  readonly state: ProbeStateStore;
  readonly factories: ProbeFactories;
}

interface Entry {
  readonly key: string;
  readonly name: string;
  readonly target: TargetConfig;
  readonly config: ProbeConfig;
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly offsetMs: number;
  readonly probe: Probe | undefined;
  timer?: NodeJS.Timeout;
  /** The grid time the pending timer is for. */
  due?: number;
  inFlight?: Promise<void> | undefined;
  /** The probe run in flight, until it settles. */
  running?: BoundedRun | undefined;
  /** The last run's controller, handed to the next run when that run left it as good as new: see {@link BoundedRun}. */
  spareController?: AbortController | undefined;
  /** Series keys of this probe's samples, built once: see {@link SeriesKeyCache}. */
  readonly keys: SeriesKeyCache;
  readonly log: Logger;
  retired: boolean;
  state: ProbeState;
  lastRunAt?: number;
  lastDurationMs?: number;
  lastError?: string;
  overruns: number;
}

/**
 * Runs every configured probe on its interval, at a stable per-probe offset, under a global and a
 * per-target concurrency cap, each run bounded by its timeout. A run still going when the next is due
 * makes that next run count as an overrun and be skipped, never stacked. Every run writes `up`,
 * `probe_duration_seconds` and its measurements.
 */
export class ProbeScheduler implements TargetStatusSource {
  private readonly entries = new Map<string, Entry>();
  private readonly log: Logger;
  private limiter: ConcurrencyLimiter;
  private caps: CollectorConfig;
  private readonly deadlines: RunDeadlines;
  private started = false;
  private stopping = false;
  private runs = 0;
  private failures = 0;
  private overruns = 0;

  constructor(
    config: Config,
    private readonly deps: ProbeSchedulerDeps,
  ) {
    this.log = deps.log.child({ component: 'collector' });
    this.deadlines = new RunDeadlines(deps.clock);
    this.caps = config.collector;
    this.limiter = new ConcurrencyLimiter(config.collector.max_concurrent, config.collector.max_per_target);
    this.apply(config);
  }

  /** Starts the timers of every probe. */
  start(): void {
    this.started = true;
    for (const entry of this.entries.values()) this.schedule(entry);
    this.log.info({ probes: this.entries.size }, 'collector started');
  }

  /**
   * Brings the probes in line with `config`: new ones start, removed ones stop (after their in-flight run),
   * changed ones are replaced, and unchanged ones keep running untouched, timers and state included.
   */
  apply(config: Config): void {
    if (JSON.stringify(config.collector) !== JSON.stringify(this.caps)) {
      this.caps = config.collector;
      this.limiter = new ConcurrencyLimiter(config.collector.max_concurrent, config.collector.max_per_target);
    }
    const wanted = new Map<string, { target: TargetConfig; config: ProbeConfig; fingerprint: string; interval: number; timeout: number }>();
    for (const target of config.targets) {
      const { probes: _probes, ...about } = target;
      for (const probe of target.probes) {
        const interval = probe.interval ?? config.defaults.interval;
        const timeout = probe.timeout ?? config.defaults.timeout;
        const key = `${target.id}/${probe.name ?? probe.kind}`;
        wanted.set(key, { target, config: probe, interval, timeout, fingerprint: JSON.stringify([about, probe, interval, timeout]) });
      }
    }
    let added = 0;
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (wanted.get(key)?.fingerprint !== entry.fingerprint) {
        this.retire(entry);
        removed++;
      }
    }
    for (const [key, want] of wanted) {
      if (this.entries.has(key)) continue;
      const entry = this.create(key, want.target, want.config, want.fingerprint, want.interval, want.timeout);
      this.entries.set(key, entry);
      if (this.started) this.schedule(entry);
      added++;
    }
    if (added + removed > 0) this.log.info({ added, removed, probes: this.entries.size }, 'probes updated');
  }

  /** Status of every target and probe, for the API. */
  targets(): TargetStatus[] {
    const byTarget = new Map<string, { target: TargetConfig; probes: ProbeStatus[] }>();
    for (const entry of this.entries.values()) {
      const group = byTarget.get(entry.target.id) ?? { target: entry.target, probes: [] };
      group.probes.push({
        probe: entry.name,
        kind: entry.config.kind,
        state: entry.state,
        intervalMs: entry.intervalMs,
        overruns: entry.overruns,
        ...(entry.lastRunAt === undefined ? {} : { lastRunAt: entry.lastRunAt }),
        ...(entry.lastDurationMs === undefined ? {} : { lastDurationMs: entry.lastDurationMs }),
        ...(entry.lastError === undefined ? {} : { lastError: entry.lastError }),
      });
      byTarget.set(entry.target.id, group);
    }
    return [...byTarget.values()].map(({ target, probes }) => ({
      target: target.id,
      role: target.role,
      site: target.site,
      ...(target.pair === undefined ? {} : { pair: target.pair }),
      dependsOn: target.depends_on,
      state: probes.some((p) => p.state === 'down') ? 'down' : probes.every((p) => p.state === 'up') ? 'up' : 'unknown',
      probes,
    }));
  }

  /** Scheduler counters. */
  stats(): CollectorStats {
    return {
      probes: this.entries.size,
      runs: this.runs,
      failures: this.failures,
      overruns: this.overruns,
      inFlight: this.limiter.active,
      queued: this.limiter.queued,
    };
  }

  /** Stops scheduling, lets in-flight runs finish for up to `stop_timeout`, then aborts them and closes probes. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    const inFlight = [...this.entries.values()].map((e) => e.inFlight).filter((p): p is Promise<void> => p !== undefined);
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all(inFlight).then(() => false),
      new Promise<boolean>((resolve) => {
        deadline = setTimeout(() => resolve(true), this.caps.stop_timeout);
      }),
    ]);
    clearTimeout(deadline);
    if (timedOut) {
      this.log.warn({ runs: inFlight.length }, 'collector stop: aborting runs still in flight');
      const reason = new Error('collector stopping');
      for (const entry of this.entries.values()) entry.running?.cancel(reason);
      await Promise.all(inFlight);
    }
    this.deadlines.clear();
    await Promise.all([...this.entries.values()].map((entry) => this.closeProbe(entry)));
    this.log.info('collector stopped');
  }

  private create(key: string, target: TargetConfig, config: ProbeConfig, fingerprint: string, intervalMs: number, timeoutMs: number): Entry {
    const name = config.name ?? config.kind;
    const factory = this.deps.factories[config.kind] as ProbeFactory<ProbeKind> | undefined;
    const log = this.log.child({ target: target.id, probe: name });
    let probe: Probe | undefined;
    let lastError: string | undefined;
    if (factory === undefined) {
      lastError = `probe kind '${config.kind}' is not available in this version`;
    } else {
      try {
        probe = factory(config as never, { clock: this.deps.clock, log, state: this.deps.state, key });
      } catch (error) {
        lastError = `cannot set up the probe: ${(error as Error).message}`;
      }
    }
    if (lastError !== undefined) log.warn(lastError);
    const labels = probeLabels(target, name);
    return {
      key,
      name,
      target,
      config,
      fingerprint,
      labels,
      keys: new SeriesKeyCache(labels),
      intervalMs,
      timeoutMs,
      offsetMs: stableOffset(key, intervalMs),
      probe,
      log,
      retired: false,
      state: 'unknown',
      overruns: 0,
      ...(lastError === undefined ? {} : { lastError }),
    };
  }

  private retire(entry: Entry): void {
    entry.retired = true;
    clearTimeout(entry.timer);
    this.entries.delete(entry.key);
    void (entry.inFlight ?? Promise.resolve()).then(() => this.closeProbe(entry));
  }

  private async closeProbe(entry: Entry): Promise<void> {
    try {
      await entry.probe?.close?.();
    } catch (error) {
      this.log.warn({ err: error, probe: entry.key }, 'closing a probe failed');
    }
  }

  /**
   * Arms the timer for the next grid time after both now and the run just served. Node timers run off the
   * event loop's cached time and can fire a little before the wall clock reaches `due`; computing the next
   * run from the clock alone would then pick the same grid time again and run twice.
   */
  private schedule(entry: Entry): void {
    if (entry.probe === undefined || entry.retired || this.stopping) return;
    const now = this.deps.clock.now();
    const due = nextRunAfter(Math.max(now, entry.due ?? -Infinity), entry.intervalMs, entry.offsetMs);
    entry.due = due;
    entry.timer = setTimeout(() => this.fire(entry), Math.max(0, due - now));
  }

  private fire(entry: Entry): void {
    if (entry.retired || this.stopping) return;
    const due = entry.due as number;
    this.schedule(entry);
    if (entry.inFlight !== undefined) {
      entry.overruns++;
      this.overruns++;
      this.log.debug({ probe: entry.key }, 'previous run still going: this run is skipped');
      return;
    }
    entry.inFlight = this.execute(entry, due);
  }

  private async execute(entry: Entry, due: number): Promise<void> {
    const limiter = this.limiter;
    await limiter.acquire(entry.target.id);
    try {
      if (entry.retired || this.stopping) return;
      const startedAt = stampTime(this.deps.clock.now(), due, entry.intervalMs);
      const started = this.deps.clock.monotonic();
      const result = await this.runBounded(entry);
      const durationMs = this.deps.clock.monotonic() - started;
      this.record(entry, result, startedAt, durationMs);
      const samples = resultSamples(result, entry.labels, startedAt, durationMs, entry.keys);
      const pair = this.pairSampleOf(entry.target);
      if (pair) samples.push(pair);
      try {
        await this.deps.appender.append(samples);
      } catch (error) {
        this.log.error({ err: error, probe: entry.key }, 'cannot store probe results');
      }
    } finally {
      limiter.release(entry.target.id);
      // Safe here rather than in a .finally() on the caller's side: execute awaits before it gets here, so
      // fire() has stored this promise by then.
      entry.inFlight = undefined;
    }
  }

  /** One run, ended at its timeout whatever the probe does; a thrown error becomes a down result. */
  private runBounded(entry: Entry): Promise<ProbeResult> {
    return new Promise<ProbeResult>((resolve) => {
      const controller = entry.spareController ?? new AbortController();
      entry.spareController = undefined;
      const run = new BoundedRun(entry, controller, this.deps.clock.monotonic() + entry.timeoutMs, resolve);
      entry.running = run;
      this.deadlines.add(run);
      try {
        const probe = entry.probe as Probe;
        probe.run({ target: entry.target, signal: controller.signal, timeoutMs: entry.timeoutMs, log: entry.log }).then(
          (result) => run.finish(result),
          (error: unknown) => run.finish(down((error as Error).message)),
        );
      } catch (error) {
        run.finish(down((error as Error).message));
      }
    });
  }

  /** The pair series of a paired target, stamped now so both members' writes stay in time order. */
  private pairSampleOf(target: TargetConfig) {
    if (target.pair === undefined) return undefined;
    return pairSample([target.id, target.pair], [this.targetState(target.id), this.targetState(target.pair)], this.deps.clock.now());
  }

  /** A target's state over its runnable probes: down if any is down, up if all are up, else unknown. */
  private targetState(id: string): ProbeState {
    let any = false;
    let allUp = true;
    for (const entry of this.entries.values()) {
      if (entry.target.id !== id || entry.probe === undefined) continue;
      any = true;
      if (entry.state === 'down') return 'down';
      if (entry.state !== 'up') allUp = false;
    }
    return any && allUp ? 'up' : 'unknown';
  }

  private record(entry: Entry, result: ProbeResult, startedAt: number, durationMs: number): void {
    this.runs++;
    if (!result.up) this.failures++;
    const state: ProbeState = result.up ? 'up' : 'down';
    if (state !== entry.state) {
      const fields = { target: entry.target.id, probe: entry.name, error: result.error };
      if (state === 'down') this.log.warn(fields, 'probe down');
      else this.log.info(fields, 'probe up');
    }
    entry.state = state;
    entry.lastRunAt = startedAt;
    entry.lastDurationMs = durationMs;
    if (result.error === undefined) delete entry.lastError;
    else entry.lastError = result.error;
  }
}

function down(error: string): ProbeResult {
  return { up: false, measurements: [], error };
}

/**
 * A probe run in flight. It settles once: with the probe's own result, as timed out when the deadline
 * sweep reaches it, or as cancelled when the collector stops; the latter two abort its signal.
 *
 * The run's AbortController is reused by the entry's next run when this run finished by itself and left
 * the signal not aborted and without listeners, i.e. indistinguishable from a new one. Node 20 keeps every
 * AbortSignal it creates alive through the next scavenges: one per run at 5,000 runs/s promoted megabytes
 * a second into the old generation and made each scavenge take 5–15 ms, the bulk of the RTT tail.
 */
class BoundedRun {
  private settled = false;
  // Dropped once settled: the run waits in the deadline queue until its deadline, and must not keep its
  // result (and the promise holding it) alive that long.
  private resolve: ((result: ProbeResult) => void) | undefined;

  constructor(
    private readonly entry: Entry,
    private readonly controller: AbortController,
    /** Monotonic time at which the run times out. */
    readonly deadline: number,
    resolve: (result: ProbeResult) => void,
  ) {
    this.resolve = resolve;
  }

  /** Whether the run has ended; the deadline sweep then just drops it. */
  get done(): boolean {
    return this.settled;
  }

  /** The run's timeout, which keys the deadline queue it sits in. */
  get timeoutMs(): number {
    return this.entry.timeoutMs;
  }

  /** Ends the run with what the probe returned (or threw). */
  finish(result: ProbeResult): void {
    if (!this.end(result)) return;
    const { signal } = this.controller;
    if (!signal.aborted && getEventListeners(signal, 'abort').length === 0) this.entry.spareController = this.controller;
  }

  /** Ends the run as timed out, aborting its signal with the reason `AbortSignal.timeout` would give. */
  expire(): void {
    // A finished run may have handed its controller on to the next run: never abort it then.
    if (this.settled) return;
    this.controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    this.end(down(`timed out after ${this.entry.timeoutMs / 1000}s`));
  }

  /** Ends the run as down with `reason`, aborting its signal. */
  cancel(reason: Error): void {
    if (this.settled) return;
    this.controller.abort(reason);
    this.end(down(reason.message));
  }

  private end(result: ProbeResult): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.entry.running === this) this.entry.running = undefined;
    const { resolve } = this;
    this.resolve = undefined;
    resolve?.(result);
    return true;
  }
}

/**
 * The deadlines of the runs in flight, watched by one timer instead of one armed and cleared per run (a
 * run nearly always ends long before its deadline). Runs queue per timeout length, so each queue is in
 * deadline order; the sweep expires what is due, drops what has ended, and re-arms for the earliest
 * deadline still pending.
 */
class RunDeadlines {
  private readonly queues = new Map<number, { runs: BoundedRun[]; head: number }>();
  private timer: NodeJS.Timeout | undefined;
  /** Monotonic time the timer is armed for. */
  private armedFor = Infinity;

  constructor(private readonly clock: Clock) {}

  /** Watches `run` until it ends or its deadline passes. */
  add(run: BoundedRun): void {
    let queue = this.queues.get(run.timeoutMs);
    if (queue === undefined) {
      queue = { runs: [], head: 0 };
      this.queues.set(run.timeoutMs, queue);
    }
    queue.runs.push(run);
    if (run.deadline < this.armedFor) this.arm(run.deadline);
  }

  /** Stops watching (the collector has stopped). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    this.queues.clear();
  }

  private arm(deadline: number): void {
    clearTimeout(this.timer);
    this.armedFor = deadline;
    // Timers count whole milliseconds of loop time and may fire a fraction early: the sweep re-arms then.
    this.timer = setTimeout(() => this.sweep(), Math.max(1, Math.ceil(deadline - this.clock.monotonic())));
  }

  private sweep(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.clock.monotonic();
    let next = Infinity;
    for (const [timeoutMs, queue] of this.queues) {
      const { runs } = queue;
      while (queue.head < runs.length) {
        const run = runs[queue.head] as BoundedRun;
        if (!run.done && run.deadline > now) {
          next = Math.min(next, run.deadline);
          break;
        }
        queue.head++;
        if (!run.done) run.expire();
      }
      if (queue.head === runs.length) this.queues.delete(timeoutMs);
      else if (queue.head >= 1024) {
        runs.splice(0, queue.head);
        queue.head = 0;
      }
    }
    if (next < Infinity) this.arm(next);
  }
}
