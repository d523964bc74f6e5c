import { describe, expect, it } from 'vitest';
import type { Logger } from './logger.js';
import { PeriodicTask } from './periodic-task.js';

function recordingLogger(errors: string[]): Logger {
  const log: Logger = {
    child: () => log,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (_fields: unknown, message?: string) => void errors.push(String(message)),
  } as unknown as Logger;
  return log;
}

describe('PeriodicTask', () => {
  it('never overlaps passes: a run asked for while one is going joins it', async () => {
    let release: () => void = () => undefined;
    let passes = 0;
    const task = new PeriodicTask('t', 60_000, async () => {
      passes++;
      await new Promise<void>((resolve) => (release = resolve));
    }, recordingLogger([]));
    const first = task.runNow();
    const second = task.runNow();
    release();
    await Promise.all([first, second]);
    expect(passes).toBe(1);
    const third = task.runNow();
    release();
    await third;
    expect(passes).toBe(2);
  });

  it('logs a failed pass and keeps going', async () => {
    const errors: string[] = [];
    let calls = 0;
    const task = new PeriodicTask('flaky', 60_000, async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    }, recordingLogger(errors));
    await task.runNow();
    await task.runNow();
    expect(errors).toEqual(['flaky pass failed']);
    expect(calls).toBe(2);
  });
});
