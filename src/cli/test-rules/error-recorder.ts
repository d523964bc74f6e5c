import type { Logger } from '../../core/index.js';

/**
 * A logger that keeps what was logged at error level and drops the rest: the engine logs a rule that
 * fails to evaluate and goes on, which a test must report as a failure rather than pass over.
 */
export class ErrorRecorder implements Logger {
  // Children share their parent's list, so one take() sees every component's errors.
  constructor(
    private readonly lines: string[] = [],
    private readonly bindings: Readonly<Record<string, unknown>> = {},
  ) {}

  debug(): void {}
  info(): void {}
  warn(): void {}

  error(objOrMsg: object | string, msg?: string): void {
    if (typeof objOrMsg === 'string') {
      this.lines.push(objOrMsg);
      return;
    }
    const fields: Record<string, unknown> = { ...this.bindings, ...objOrMsg };
    const cause = fields.err instanceof Error ? fields.err.message : fields.err === undefined ? undefined : String(fields.err);
    const rule = typeof fields.rule === 'string' ? ` (rule ${fields.rule})` : '';
    this.lines.push(`${msg ?? 'error'}${rule}${cause === undefined ? '' : `: ${cause}`}`);
  }

  child(bindings: Record<string, unknown>): Logger {
    return new ErrorRecorder(this.lines, { ...this.bindings, ...bindings });
  }

  /** The errors logged since the last call, oldest first. */
  take(): string[] {
    return this.lines.splice(0);
  }
}
