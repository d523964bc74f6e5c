/** The kinds of failure the product distinguishes; the dashboard maps each to one HTTP status. */
export type NocErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_config'
  | 'unavailable'
  | 'timeout'
  | 'internal';

/** A typed error: a code callers can branch on, a message for people, optional details and cause. */
export class NocError extends Error {
  constructor(
    readonly code: NocErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NocError';
  }
}

/** True when `error` is a NocError, optionally of the given code. */
export function isNocError(error: unknown, code?: NocErrorCode): error is NocError {
  return error instanceof NocError && (code === undefined || error.code === code);
}
