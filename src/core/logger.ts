/** Structured logger: pino's shape, so the CLI passes a pino instance and library code stays decoupled. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  debug(msg: string): void;
  info(obj: object, msg?: string): void;
  info(msg: string): void;
  warn(obj: object, msg?: string): void;
  warn(msg: string): void;
  error(obj: object, msg?: string): void;
  error(msg: string): void;
  /** A logger for one component: every line carries `bindings` (e.g. `{component: 'store'}`). */
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything: the default for library code used without a logger. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
