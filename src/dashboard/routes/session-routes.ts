import express, { Router, type Response } from 'express';
import { NocError } from '../../core/index.js';
import { principalOf } from '../auth.js';
import { LoginBody, parseBody, PasswordChangeBody } from '../security/credentials-body.js';
import type { DashboardSecurity, LoginOutcome } from '../security/dashboard-security.js';

const BAD_CREDENTIALS = 'wrong username or password';

/** The caller's address for throttling: the peer of the connection (a proxy in front counts as one client). */
function addressOf(req: { socket: { remoteAddress?: string | undefined } }): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** 429 with Retry-After in whole seconds. */
function tooManyAttempts(res: Response, retryAfterMs: number): void {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  res
    .status(429)
    .set('Retry-After', String(seconds))
    .json({ error: { code: 'too_many_requests', message: `too many failed attempts: try again in ${seconds} s`, details: { retryAfterSeconds: seconds } } });
}

/**
 * `POST /session` (login; before authentication). It may carry no Origin (a script), but one naming another
 * site is refused, so a foreign page cannot log a browser into an account of its choosing.
 */
export function loginRoutes(security: DashboardSecurity): Router {
  const router = Router();
  // The one body read before authentication: small, so anonymous callers cannot make the server parse much.
  router.post('/session', express.json({ limit: '4kb' }), async (req, res) => {
    if (req.get('origin') !== undefined && req.get('origin') !== 'null' && !security.isSameOrigin(req)) {
      throw new NocError('forbidden', 'cross-origin login refused');
    }
    const body = parseBody(LoginBody, req.body);
    const outcome = await security.login(body.username, body.password, addressOf(req));
    if (outcome.kind === 'throttled') return tooManyAttempts(res, outcome.retryAfterMs);
    if (outcome.kind === 'invalid') throw new NocError('unauthorized', BAD_CREDENTIALS);
    res.set('Set-Cookie', outcome.setCookie).set('Cache-Control', 'no-store');
    res.json({ data: { username: outcome.principal.name, role: outcome.principal.role } });
  });
  return router;
}

/** `GET|DELETE /session` and `POST /session/password`, for authenticated callers. */
export function sessionRoutes(security: DashboardSecurity): Router {
  const router = Router();
  router.get('/session', (req, res) => {
    const principal = principalOf(req);
    res.json({ data: { username: principal.name, role: principal.role, kind: principal.kind } });
  });
  router.delete('/session', async (req, res) => {
    res.set('Set-Cookie', await security.logout(principalOf(req)));
    res.status(204).end();
  });
  router.post('/session/password', async (req, res) => {
    const body = parseBody(PasswordChangeBody, req.body);
    const outcome: LoginOutcome = await security.changePassword(principalOf(req), body.current, body.next, addressOf(req));
    if (outcome.kind === 'throttled') return tooManyAttempts(res, outcome.retryAfterMs);
    if (outcome.kind === 'invalid') throw new NocError('forbidden', 'the current password is not correct', { field: 'current' });
    res.set('Set-Cookie', outcome.setCookie);
    res.status(204).end();
  });
  return router;
}

const WALL_REFUSED = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>NOC wall: link not valid</title></head>
<body><h1>This wall link is not valid</h1><p>Ask for the current wall link. / Este enlace de pantalla mural no es válido.</p></body></html>
`;

/**
 * `GET /wall?token=…`: trades the wall token for a wall session cookie and redirects to `/wall` (so the
 * token leaves the address bar and the history). Without `token` the request goes on to the page shell.
 */
export function wallLoginRoute(security: DashboardSecurity): Router {
  const router = Router();
  router.get('/wall', async (req, res, next) => {
    const token = req.query['token'];
    if (token === undefined) return next();
    res.set('Cache-Control', 'no-store');
    const outcome = typeof token === 'string' ? await security.openWallSession(token, addressOf(req)) : ({ kind: 'invalid' } as const);
    if (outcome.kind === 'ok') {
      res.set('Set-Cookie', outcome.setCookie).redirect(303, '/wall');
      return;
    }
    if (outcome.kind === 'throttled') res.set('Retry-After', String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))));
    res.status(outcome.kind === 'throttled' ? 429 : 401).type('html').send(WALL_REFUSED);
  });
  return router;
}
