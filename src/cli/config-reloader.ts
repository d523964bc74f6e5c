import { type Config, formatConfigIssue, loadConfigFile } from '../config/index.js';
import type { Logger } from '../core/index.js';
import type { NocMetrics, ReloadOutcome } from '../dashboard/index.js';

/** Receives each newly loaded configuration (after a successful reload). */
export type ConfigListener = (next: Config, previous: Config) => void;

/**
 * Holds the running configuration and swaps it on reload. An invalid file changes nothing: every error is
 * logged, `noc_config_last_reload_successful` drops to 0, and the running configuration stays.
 */
export class ConfigReloader {
  private listeners: ConfigListener[] = [];
  private reloading: Promise<ReloadOutcome> | undefined;

  constructor(
    private readonly file: string,
    private running: Config,
    private readonly env: NodeJS.ProcessEnv,
    private readonly metrics: NocMetrics,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    metrics.configReloadSuccessful.set(1);
    metrics.configReloadSuccessTimestamp.set(now() / 1000);
  }

  /** The configuration in force. */
  get current(): Config {
    return this.running;
  }

  /** Calls `listener` after every successful reload. */
  onChange(listener: ConfigListener): void {
    this.listeners.push(listener);
  }

  /** Re-reads the file; concurrent calls share one reload. */
  reload(requestedBy: string): Promise<ReloadOutcome> {
    this.reloading ??= Promise.resolve()
      .then(() => this.reloadNow(requestedBy))
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }

  private reloadNow(requestedBy: string): ReloadOutcome {
    const result = loadConfigFile(this.file, { env: this.env });
    if (!result.ok) {
      const errors = result.issues.map(formatConfigIssue);
      for (const error of errors) this.log.error({ requestedBy }, `config reload: ${error}`);
      this.log.error({ file: this.file, errors: errors.length }, 'config reload failed; keeping the running configuration');
      this.metrics.configReloadSuccessful.set(0);
      return { ok: false, errors };
    }
    const previous = this.running;
    this.running = result.config;
    for (const listener of this.listeners) listener(result.config, previous);
    this.metrics.configReloadSuccessful.set(1);
    this.metrics.configReloadSuccessTimestamp.set(this.now() / 1000);
    this.log.info({ file: this.file, requestedBy }, 'configuration reloaded');
    return { ok: true };
  }
}
