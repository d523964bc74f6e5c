import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { NocError, type Role, roleAllows } from '../core/index.js';

/** Who may call the API right now (reloadable). */
export interface AuthSettings {
  readonly tokens: ReadonlyArray<{ readonly name: string; readonly token: string; readonly role: Role }>;
  /** Role granted to requests without credentials; undefined requires a token for everything. */
  readonly anonymousRole?: Role;
}

/** The caller of a request, once authenticated. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Reads `req.principal` set by {@link authenticate}. */
export function principalOf(req: Request): Principal {
  return (req as Request & { principal: Principal }).principal;
}

/**
 * Resolves the bearer token (header `Authorization: Bearer …`) to a principal. Tokens are compared as
 * SHA-256 digests in constant time, so neither their content nor their length leaks through timing.
 */
export function authenticate(settings: () => AuthSettings): RequestHandler {
  return (req, _res, next) => {
    const current = settings();
    const header = req.get('authorization');
    let principal: Principal | undefined;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) return next(new NocError('unauthorized', 'expected an Authorization header of the form "Bearer <token>"'));
      const offered = digest(match[1] as string);
      const found = current.tokens.find((t) => timingSafeEqual(digest(t.token), offered));
      if (!found) return next(new NocError('unauthorized', 'unknown API token'));
      principal = { name: found.name, role: found.role };
    } else if (current.anonymousRole !== undefined) {
      principal = { name: 'anonymous', role: current.anonymousRole };
    } else {
      return next(new NocError('unauthorized', 'this endpoint needs an API token (Authorization: Bearer <token>)'));
    }
    (req as Request & { principal: Principal }).principal = principal;
    next();
  };
}

/** Lets the request through only when its principal has at least `role`. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    const principal = principalOf(req);
    if (!roleAllows(principal.role, role)) {
      return next(new NocError('forbidden', `this action needs the ${role} role; ${principal.name} has ${principal.role}`));
    }
    next();
  };
}
