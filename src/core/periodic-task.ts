import type { Logger } from './logger.js';

/**
 * Runs an async pass every `intervalMs`. Passes never overlap (a slow one makes the next wait), a failed
 * pass is logged and the next one runs as usual, and the timer alone does not keep the process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** Starts the timer (a second start does nothing). */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  /** Runs a pass now unless one is running; resolves when that pass ends. */
  runNow(): Promise<void> {
    this.running ??= this.guarded().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async guarded(): Promise<void> {
    try {
      await this.pass();
    } catch (error) {
      this.log.error({ err: error, task: this.name }, `${this.name} pass failed`);
    }
  }
}
