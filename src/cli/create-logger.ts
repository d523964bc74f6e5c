import { pino } from 'pino';
import type { Logger } from '../core/index.js';

/** Log levels accepted by `--log-level`. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The process logger: JSON lines on stdout (pino), secrets redacted wherever they appear by name. */
export function createLogger(level: (typeof LOG_LEVELS)[number], destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'noc' },
      redact: { paths: ['*.token', '*.password', '*.password_hash', '*.key', 'config.*'], censor: '[redacted]' },
    },
    destination as pino.DestinationStream | undefined,
  );
}
