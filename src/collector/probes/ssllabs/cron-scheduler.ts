import { createTask, type Logger as CronLogger } from 'node-cron';
import type { CronScheduler, Logger } from '../../../core/index.js';

// Enough upcoming runs to see the longest gap of any weekly pattern.
const RUNS_SAMPLED = 16;

/** A CronScheduler on node-cron, logging through `log` instead of the console. */
export function nodeCronScheduler(log: Logger): CronScheduler {
  const logger: CronLogger = {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message) => log.error({ err: message }, 'cron job failed'),
    debug: (message) => log.debug(typeof message === 'string' ? message : message.message),
  };
  return {
    start(expression, job, options) {
      const timezone = options?.timeZone;
      const task = createTask(expression, job, { noOverlap: true, logger, ...(timezone === undefined ? {} : { timezone }) });
      const runs = task.getNextRuns(RUNS_SAMPLED).map((date) => date.getTime());
      void task.start();
      return {
        periodMs: longestGap(runs),
        nextRun: () => task.getNextRun()?.getTime(),
        stop: () => void task.destroy(),
      };
    },
  };
}

/** The longest gap between consecutive times, in ms. */
export function longestGap(times: readonly number[]): number {
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return longest;
}
