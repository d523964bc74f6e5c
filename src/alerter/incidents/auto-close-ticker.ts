import type { Logger } from '../../core/index.js';
import type { IncidentService } from './incident-service.js';

/** Runs `autoCloseQuiet` on a timer; a pass finds nothing to do while `auto_close_after` is 0. */
export class AutoCloseTicker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly service: Pick<IncidentService, 'autoCloseQuiet'>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Starts the timer; passes never overlap (a slow one makes the next wait). */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.running ??= this.pass().finally(() => {
        this.running = undefined;
      });
    }, this.intervalMs);
    // The ticker alone must not keep the process alive.
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async pass(): Promise<void> {
    try {
      await this.service.autoCloseQuiet();
    } catch (error) {
      this.log.error({ err: error }, 'auto-close pass failed');
    }
  }
}
