import { type Logger, PeriodicTask } from '../../core/index.js';
import type { IncidentService } from './incident-service.js';

/** Runs `autoCloseQuiet` on a timer; a pass finds nothing to do while `auto_close_after` is 0. */
export class AutoCloseTicker {
  private readonly task: PeriodicTask;

  constructor(service: Pick<IncidentService, 'autoCloseQuiet'>, intervalMs: number, log: Logger) {
    this.task = new PeriodicTask('auto-close', intervalMs, () => service.autoCloseQuiet(), log);
  }

  /** Starts the timer; passes never overlap (a slow one makes the next wait). */
  start(): void {
    this.task.start();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    await this.task.stop();
  }
}
