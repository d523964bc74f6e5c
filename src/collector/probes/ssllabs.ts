import type { ProbeOf } from '../../config/index.js';
import { sslLabsBaseUrl } from '../../config/schema/probes/ssllabs.js';
import type { CronJob, CronScheduler, Logger } from '../../core/index.js';
import type { Probe, ProbeDeps, ProbeFactory, ProbeResult } from '../probe.js';
import { POLL_TIMING, runAssessment, type AssessmentWait, type PollTiming } from './ssllabs/assessment.js';
import { nodeCronScheduler } from './ssllabs/cron-scheduler.js';
import { reportAssessment } from './ssllabs/report.js';
import { EMPTY_STATE, savedAssessment, stateOf, type SslLabsState } from './ssllabs/saved-assessment.js';
import { realSleep, type Sleep } from './ssllabs/sleep.js';
import { SslLabsClient, type AnalyzeRequest } from './ssllabs/ssllabs-client.js';

/** Seams for tests; production uses the defaults. */
export interface SslLabsProbeOptions {
  readonly sleep?: Sleep;
  /** Uniform in [0, 1). */
  readonly random?: () => number;
  readonly scheduler?: CronScheduler;
  readonly timing?: PollTiming;
}

const HOUR = 3_600_000;

/**
 * SSL Labs probe: assessments run in the background on the probe's cron `schedule` (they take minutes and
 * the service is shared), the last completed one is kept in the ProbeStateStore, and every `run` reports
 * it again without calling the API.
 */
export class SslLabsProbe implements Probe {
  private readonly log: Logger;
  private readonly client: SslLabsClient;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly controller = new AbortController();
  private readonly job: CronJob;
  private readonly loaded: Promise<void>;
  private readonly startup: Promise<void>;
  private state: SslLabsState = EMPTY_STATE;
  private running: Promise<void> | undefined;
  private waiting: string | undefined;

  constructor(
    private readonly config: ProbeOf<'ssllabs'>,
    private readonly deps: ProbeDeps,
    private readonly options: SslLabsProbeOptions = {},
  ) {
    this.log = deps.log.child({ component: 'ssllabs', key: deps.key });
    this.client = new SslLabsClient({
      baseUrl: sslLabsBaseUrl(config),
      ...(config.email === undefined ? {} : { email: config.email }),
    });
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.job = (options.scheduler ?? nodeCronScheduler(this.log)).start(config.schedule, () => void this.assessNow());
    this.loaded = this.load();
    this.startup = this.loaded.then(() => this.startIfNeeded());
  }

  /** Reports the last completed assessment; never calls the API. */
  async run(): Promise<ProbeResult> {
    await this.loaded;
    return reportAssessment(this.state, {
      host: this.config.host,
      now: this.deps.clock.now(),
      maxAgeMs: this.maxAgeMs(),
      ...(this.waiting === undefined ? {} : { waiting: this.waiting }),
    });
  }

  /** Runs an assessment now, or joins the one under way; resolves when it is over (never rejects). */
  assessNow(): Promise<void> {
    if (this.controller.signal.aborted) return Promise.resolve();
    this.running ??= this.assess().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves once the start-up check and any assessment under way are over. */
  async settled(): Promise<void> {
    await this.startup;
    while (this.running !== undefined) await this.running;
  }

  /** Stops the schedule and abandons an assessment under way (the last result stays saved). */
  async close(): Promise<void> {
    this.job.stop();
    this.controller.abort();
    await this.settled();
  }

  // Up to two schedule periods: one missed run is tolerated; a cached report may be max_age older.
  private maxAgeMs(): number {
    const cacheAge = this.config.from_cache ? (this.config.max_age ?? 0) * HOUR : 0;
    return 2 * this.job.periodMs + cacheAge;
  }

  private async load(): Promise<void> {
    try {
      this.state = stateOf(await this.deps.state.get(this.deps.key), this.config.host);
    } catch (error) {
      this.log.warn({ err: error }, 'cannot read the saved SSL Labs result; starting without it');
    }
  }

  private async startIfNeeded(): Promise<void> {
    const { result } = this.state;
    if (result !== undefined && this.deps.clock.now() - result.testTime <= this.maxAgeMs()) return;
    const delay = this.config.start_delay ?? 5_000 + Math.round(this.random() * 30_000);
    try {
      await this.sleep(delay, this.controller.signal);
    } catch {
      return;
    }
    await this.assessNow();
  }

  private startRequest(): AnalyzeRequest {
    const { host, publish, ignore_mismatch: ignoreMismatch, from_cache: fromCache, max_age: maxAge } = this.config;
    const common = { host, publish, ...(ignoreMismatch ? { ignoreMismatch } : {}) };
    if (!fromCache) return { ...common, startNew: true };
    return { ...common, fromCache, ...(maxAge === undefined ? {} : { maxAge }) };
  }

  private async assess(): Promise<void> {
    await this.loaded;
    const signal = this.controller.signal;
    const onWait = (wait: AssessmentWait): void => {
      this.waiting = wait.reason === 'back-off' ? wait.message : undefined;
    };
    try {
      const timing = this.options.timing ?? POLL_TIMING;
      const deps = { client: this.client, clock: this.deps.clock, sleep: this.sleep, random: this.random, log: this.log, timing, onWait };
      const outcome = await runAssessment(this.startRequest(), deps, signal);
      if (outcome.ok) {
        const result = savedAssessment(outcome.host, this.config.host, this.deps.clock.now());
        this.state = { version: 1, result };
        const grades = Object.fromEntries(result.endpoints.map((endpoint) => [endpoint.ip, endpoint.grade ?? endpoint.status]));
        this.log.info({ grades }, 'SSL Labs assessment complete');
      } else {
        this.state = { ...this.state, failure: { at: this.deps.clock.now(), message: outcome.error } };
        this.log.warn({ error: outcome.error }, 'SSL Labs assessment failed');
      }
    } catch (error) {
      if (signal.aborted) return;
      this.log.error({ err: error }, 'SSL Labs assessment crashed');
      this.state = { ...this.state, failure: { at: this.deps.clock.now(), message: `assessment crashed: ${String(error)}` } };
    } finally {
      this.waiting = undefined;
    }
    await this.save();
  }

  private async save(): Promise<void> {
    try {
      await this.deps.state.set(this.deps.key, this.state);
    } catch (error) {
      this.log.error({ err: error }, 'cannot save the SSL Labs result; it will be lost on restart');
    }
  }
}

/** Builds SSL Labs probes for the collector's registry. */
export const sslLabsProbe: ProbeFactory<'ssllabs'> = (config, deps) => new SslLabsProbe(config, deps);
