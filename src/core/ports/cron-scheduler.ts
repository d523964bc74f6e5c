/** A started cron job. */
export interface CronJob {
  /** The longest gap between two runs (a weekday-only schedule spans the weekend): what counts as "missed one". */
  readonly periodMs: number;
  /** When the job runs next (ms since the epoch), if the scheduler can tell. */
  nextRun?(): number | undefined;
  stop(): void;
}

/** Starts jobs on cron expressions; injected so tests can fire a schedule by hand. */
export interface CronScheduler {
  /** Runs `job` on `expression`, read in `timeZone` (default: the process's zone). */
  start(expression: string, job: () => void, options?: { readonly timeZone?: string }): CronJob;
}
