import type { ErrorRequestHandler, RequestHandler } from 'express';
import { type Logger, NocError, type NocErrorCode } from '../core/index.js';

const STATUS: Readonly<Record<NocErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_config: 422,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

/** The one place NocError codes become HTTP statuses: `{error: {code, message, details?}}`, never a stack. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const nocError = toNocError(error);
    const status = STATUS[nocError.code];
    if (status >= 500) log.error({ err: error, method: req.method, path: req.path }, 'request failed');
    const body: { code: string; message: string; details?: unknown } = { code: nocError.code, message: nocError.message };
    if (nocError.details !== undefined) body.details = nocError.details;
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="noc"');
    res.status(status).json({ error: body });
  };
}

/** 404 for any path no route answered. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new NocError('not_found', `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]}`));
};

function toNocError(error: unknown): NocError {
  if (error instanceof NocError) return error;
  // express' body parser marks malformed bodies with a 4xx status.
  const status = (error as { status?: number } | undefined)?.status;
  if (status === 400 || status === 413 || status === 415) {
    return new NocError('bad_request', `invalid request body: ${(error as Error).message}`);
  }
  return new NocError('internal', 'internal error', undefined, { cause: error });
}
