import type { Request, RequestHandler } from 'express';
import type { AuthConfig } from '../config/index.js';
import { NocError, type Role, roleAllows } from '../core/index.js';
import type { DashboardSecurity } from './security/dashboard-security.js';

/** How long a login lasts when the settings do not say. */
export const DEFAULT_SESSION_TTL_MS = 12 * 3_600_000;

/** Who may call the API right now (reloadable: read per request). */
export interface AuthSettings {
  readonly tokens: ReadonlyArray<{ readonly name: string; readonly token: string; readonly role: Role }>;
  /** Role granted to requests without credentials; undefined requires a login or a token for everything. */
  readonly anonymousRole?: Role;
  /** The wall screens' token (`GET /wall?token=…`); undefined turns the wall login off. */
  readonly wallToken?: string;
  /** Lifetime of a login session (default {@link DEFAULT_SESSION_TTL_MS}). */
  readonly sessionTtlMs?: number;
  /** Usernames defined in the configuration file: the file is authoritative, so the API may not change them. */
  readonly configuredUsers?: readonly string[];
}

/** How a principal proved who it is. */
export type PrincipalKind = 'user' | 'wall' | 'token' | 'anonymous';

/** The caller of a request, once authenticated. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
  readonly kind: PrincipalKind;
  /** The stored hash of the session token, for principals that came with the session cookie. */
  readonly sessionHash?: string;
}

/**
 * Auth settings from the `server.auth` section. With neither tokens nor users the read-only API stays open
 * to anonymous callers (the demo relies on it); the caller should warn about it.
 */
export function authSettingsFromConfig(auth: AuthConfig): AuthSettings {
  const open = auth.tokens.length === 0 && auth.users.length === 0;
  return {
    tokens: auth.tokens,
    ...(open ? { anonymousRole: 'viewer' as const } : {}),
    ...(auth.wall_token === undefined ? {} : { wallToken: auth.wall_token }),
    sessionTtlMs: auth.session_ttl,
    configuredUsers: auth.users.map((user) => user.username),
  };
}

/** Reads `req.principal` set by {@link authenticate}. */
export function principalOf(req: Request): Principal {
  return (req as Request & { principal: Principal }).principal;
}

/**
 * Resolves the caller from `Authorization: Bearer …` or the session cookie, or lets it in anonymously when
 * the settings allow; 401 otherwise.
 */
export function authenticate(security: DashboardSecurity): RequestHandler {
  return async (req, _res, next) => {
    const resolved = await security.resolve(req);
    if (!resolved.ok) return next(new NocError('unauthorized', resolved.problem));
    (req as Request & { principal: Principal }).principal = resolved.principal;
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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses (403) a state-changing request authenticated by the session cookie unless its Origin (or Referer)
 * is this server: the cookie is sent by the browser on its own, so the origin is what tells our pages from
 * another site's. Bearer-token callers are not browsers and need no Origin.
 */
export function requireSameOriginForCookies(security: DashboardSecurity): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const principal = principalOf(req);
    if (principal.kind !== 'user' && principal.kind !== 'wall') return next();
    if (!security.isSameOrigin(req)) {
      return next(new NocError('forbidden', 'cross-origin request refused: the Origin header must name this server'));
    }
    next();
  };
}
