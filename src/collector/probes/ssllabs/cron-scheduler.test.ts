import { getTasks } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { longestGap, nodeCronScheduler } from './cron-scheduler.js';

const HOUR = 3_600_000;

describe('nodeCronScheduler', () => {
  it.each([
    ['17 4 * * *', 24 * HOUR],
    ['0 */6 * * *', 6 * HOUR],
    // Friday to Monday.
    ['5 3 * * 1-5', 72 * HOUR],
  ])('%s: the longest gap between runs is the period', (expression, period) => {
    const job = nodeCronScheduler(silentLogger).start(expression, () => undefined);
    job.stop();
    // A daylight-saving change inside the sampled runs stretches one gap by an hour.
    expect(Math.abs(job.periodMs - period)).toBeLessThanOrEqual(HOUR);
  });

  it('removes the task from node-cron when stopped', () => {
    const before = getTasks().size;
    const job = nodeCronScheduler(silentLogger).start('17 4 * * *', () => undefined);
    expect(getTasks().size).toBe(before + 1);
    job.stop();
    expect(getTasks().size).toBe(before);
  });
});

describe('longestGap', () => {
  it('is 0 for fewer than two times', () => {
    expect([longestGap([]), longestGap([5])]).toEqual([0, 0]);
  });

  it('is the largest difference of neighbours', () => {
    expect(longestGap([0, 10, 40, 45])).toBe(30);
  });
});
