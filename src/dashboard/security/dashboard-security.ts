import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Clock, type Logger, NocError, type Role, type User, type UserStore } from '../../core/index.js';
import { type AuthSettings, DEFAULT_SESSION_TTL_MS, type Principal } from '../auth.js';
import { LoginThrottle, type ThrottlePolicy } from './login-throttle.js';
import { MemoryUserStore } from './memory-user-store.js';
import { PasswordHasher } from './password-hasher.js';
import { isSameOrigin } from './same-origin.js';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from './session-cookie.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

/** Username shown for wall sessions. */
export const WALL_USERNAME = 'wall';
/**
 * Stored username of wall sessions: `:wall:` plus a fingerprint of the wall token that opened them. No real
 * username can start with ':', and rotating the wall token ends every wall session opened with the old one.
 */
const WALL_SESSION_PREFIX = ':wall:';

/** Shortest new password accepted through the API. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest password accepted: bounds the work a login request can ask for. */
export const MAX_PASSWORD_LENGTH = 1024;

/** What the security layer needs from the rest of the process. */
export interface DashboardSecurityOptions {
  /** Current credentials; read per request so a reload applies at once. */
  readonly auth: () => AuthSettings;
  /** Users and sessions (default: in memory, gone at restart). */
  readonly users?: UserStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** Browsers reach the server over https (own TLS or a TLS proxy): Secure cookies and HSTS. */
  readonly https?: boolean;
  /** `server.public_url`: an Origin naming it is our own even when the Host header says otherwise (proxy). */
  readonly publicUrl?: string;
  readonly hasher?: PasswordHasher;
  readonly throttle?: ThrottlePolicy;
}

/** The outcome of resolving a request's credentials. */
export type Resolution = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly problem: string };

/** A session just opened: the principal, the cookie to set. */
export interface OpenedSession {
  readonly principal: Principal;
  readonly setCookie: string;
}

/** The outcome of a login or a wall-token exchange. */
export type LoginOutcome =
  | ({ readonly kind: 'ok' } & OpenedSession)
  | { readonly kind: 'invalid' }
  | { readonly kind: 'throttled'; readonly retryAfterMs: number };

/** A user as the API shows it: never the hash. */
export interface UserView {
  readonly username: string;
  readonly role: Role;
  readonly disabled: boolean;
  /** `config`: defined in the configuration file, which stays authoritative; `api`: created through the API. */
  readonly source: 'config' | 'api';
}

/** Changes to a user (admin). */
export interface UserPatch {
  readonly role?: Role | undefined;
  readonly disabled?: boolean | undefined;
  readonly password?: string | undefined;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

function wallFingerprint(wallToken: string): string {
  return WALL_SESSION_PREFIX + sha256(`noc wall session\0${wallToken}`).toString('hex').slice(0, 32);
}

/**
 * The dashboard's authentication: bearer tokens, login sessions in a cookie, the wall-token exchange, login
 * throttling, user administration with session revocation, and the same-origin rule. One instance per
 * process, shared by the HTTP app and the WebSocket upgrade so both decide identically.
 */
export class DashboardSecurity {
  /** Users and sessions. */
  readonly users: UserStore;
  readonly hasher: PasswordHasher;
  /** True when Set-Cookie carries Secure and HSTS is sent. */
  readonly https: boolean;
  private readonly throttle: LoginThrottle;

  constructor(private readonly options: DashboardSecurityOptions) {
    this.users = options.users ?? new MemoryUserStore();
    this.hasher = options.hasher ?? new PasswordHasher();
    this.https = options.https ?? false;
    this.throttle = new LoginThrottle(options.clock, options.throttle);
  }

  /** The credentials in effect now. */
  settings(): AuthSettings {
    return this.options.auth();
  }

  /**
   * The principal of a raw Node request (a WebSocket upgrade, or any request outside express): bearer
   * header, else session cookie, else anonymous when the server is open; undefined when none applies.
   */
  async authenticateUpgrade(req: IncomingMessage): Promise<Principal | undefined> {
    const resolved = await this.resolve(req);
    return resolved.ok ? resolved.principal : undefined;
  }

  /** {@link isSameOrigin} with this server's public URL. */
  isSameOrigin(req: IncomingMessage): boolean {
    return isSameOrigin(req, this.options.publicUrl);
  }

  /** Who the request comes from, or why it is refused. A bad bearer token is refused even on an open server. */
  async resolve(req: IncomingMessage): Promise<Resolution> {
    const settings = this.settings();
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) return { ok: false, problem: 'expected an Authorization header of the form "Bearer <token>"' };
      // Compared as SHA-256 digests in constant time, so neither content nor length leaks through timing;
      // every token is compared, so the position of the match does not leak either.
      const offered = sha256(match[1] as string);
      let found: AuthSettings['tokens'][number] | undefined;
      for (const token of settings.tokens) {
        if (timingSafeEqual(sha256(token.token), offered) && found === undefined) found = token;
      }
      if (found === undefined) return { ok: false, problem: 'unknown API token' };
      return { ok: true, principal: { name: found.name, role: found.role, kind: 'token' } };
    }
    const token = sessionTokenOf(req);
    if (token !== undefined) {
      const principal = await this.sessionPrincipal(hashSessionToken(token), settings);
      if (principal !== undefined) return { ok: true, principal };
    }
    if (settings.anonymousRole !== undefined) {
      return { ok: true, principal: { name: 'anonymous', role: settings.anonymousRole, kind: 'anonymous' } };
    }
    return { ok: false, problem: 'log in, or send an API token (Authorization: Bearer <token>)' };
  }

  /**
   * Checks a username and password and opens a session. Unknown users, disabled users and wrong passwords
   * look the same from outside: same answer, same scrypt work.
   */
  async login(username: string, password: string, address: string): Promise<LoginOutcome> {
    const decision = this.throttle.begin({ username, address });
    if (!decision.allowed) {
      this.options.log.warn({ username, address }, 'login throttled');
      return { kind: 'throttled', retryAfterMs: decision.retryAfterMs };
    }
    let user: User | undefined;
    let valid = false;
    try {
      user = await this.users.getUser(username);
      const matches = user === undefined ? await this.hasher.verifyNobody(password) : await this.hasher.verify(password, user.passwordHash);
      valid = matches && user !== undefined && !user.disabled;
    } finally {
      if (valid) decision.lease.succeeded();
      else decision.lease.failed();
    }
    if (!valid || user === undefined) {
      this.options.log.warn({ username, address }, 'login failed');
      return { kind: 'invalid' };
    }
    const now = this.options.clock.now();
    await this.users.purgeExpiredSessions(now);
    this.options.log.info({ username, address }, 'login');
    return { kind: 'ok', ...(await this.openSession(user.username, { name: user.username, role: user.role, kind: 'user' }, true)) };
  }

  /** Trades the wall token for a viewer session (kind `wall`). Constant-time comparison; throttled per address. */
  async openWallSession(offered: string, address: string): Promise<LoginOutcome> {
    // Keyed by address only: a wrong guess from one place must not lock every wall screen out.
    const decision = this.throttle.begin({ username: WALL_SESSION_PREFIX + address, address });
    if (!decision.allowed) return { kind: 'throttled', retryAfterMs: decision.retryAfterMs };
    const wallToken = this.settings().wallToken;
    const matches = wallToken !== undefined && timingSafeEqual(sha256(wallToken), sha256(offered));
    if (!matches || wallToken === undefined) {
      decision.lease.failed();
      this.options.log.warn({ address }, 'wall login with a wrong token');
      return { kind: 'invalid' };
    }
    decision.lease.succeeded();
    this.options.log.info({ address }, 'wall screen logged in');
    return { kind: 'ok', ...(await this.openSession(wallFingerprint(wallToken), { name: WALL_USERNAME, role: 'viewer', kind: 'wall' }, false)) };
  }

  /** Ends the principal's session (nothing to end for tokens and anonymous callers); the cookie to clear it. */
  async logout(principal: Principal): Promise<string> {
    if (principal.sessionHash !== undefined) await this.users.deleteSession(principal.sessionHash);
    return clearedSessionCookie({ secure: this.https });
  }

  /**
   * Changes the logged-in user's own password: every session of the user ends, and a fresh one replaces the
   * caller's. Throttled like a login, since it also tests a password.
   */
  async changePassword(principal: Principal, current: string, next: string, address: string): Promise<LoginOutcome> {
    if (principal.kind !== 'user') throw new NocError('forbidden', 'only a logged-in user can change a password');
    this.assertNotConfigured(principal.name);
    checkNewPassword(next, 'next');
    const decision = this.throttle.begin({ username: principal.name, address });
    if (!decision.allowed) return { kind: 'throttled', retryAfterMs: decision.retryAfterMs };
    let user: User | undefined;
    let valid = false;
    try {
      user = await this.users.getUser(principal.name);
      valid = user !== undefined && (await this.hasher.verify(current, user.passwordHash));
    } finally {
      if (valid) decision.lease.succeeded();
      else decision.lease.failed();
    }
    if (!valid || user === undefined) return { kind: 'invalid' };
    await this.users.upsertUser({ ...user, passwordHash: await this.hasher.hash(next) });
    const revoked = await this.users.deleteSessionsOf(user.username);
    this.options.log.info({ username: user.username, revoked }, 'password changed; sessions revoked');
    return { kind: 'ok', ...(await this.openSession(user.username, { name: user.username, role: user.role, kind: 'user' }, true)) };
  }

  /** Every user, without hashes. */
  async listUsers(): Promise<UserView[]> {
    return (await this.users.listUsers()).map((user) => this.view(user));
  }

  /** Creates a user (admin); `conflict` when the name is taken. */
  async createUser(input: { username: string; password: string; role: Role }, by: string): Promise<UserView> {
    checkNewPassword(input.password, 'password');
    if ((await this.users.getUser(input.username)) !== undefined) throw new NocError('conflict', `user ${input.username} already exists`);
    const user: User = { username: input.username, passwordHash: await this.hasher.hash(input.password), role: input.role, disabled: false };
    await this.users.upsertUser(user);
    this.options.log.info({ username: user.username, role: user.role, by }, 'user created');
    return this.view(user);
  }

  /** Changes a user (admin); disabling it or setting its password ends all its sessions. */
  async updateUser(username: string, patch: UserPatch, by: string): Promise<UserView> {
    const user = await this.users.getUser(username);
    if (user === undefined) throw new NocError('not_found', `no user ${username}`);
    this.assertNotConfigured(username);
    if (patch.password !== undefined) checkNewPassword(patch.password, 'password');
    const next: User = {
      ...user,
      ...(patch.role === undefined ? {} : { role: patch.role }),
      ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
      ...(patch.password === undefined ? {} : { passwordHash: await this.hasher.hash(patch.password) }),
    };
    await this.users.upsertUser(next);
    let revoked = 0;
    if (patch.password !== undefined || next.disabled) revoked = await this.users.deleteSessionsOf(username);
    this.options.log.info(
      { username, by, role: next.role, disabled: next.disabled, passwordChanged: patch.password !== undefined, revoked },
      'user changed',
    );
    return this.view(next);
  }

  private assertNotConfigured(username: string): void {
    if (this.settings().configuredUsers?.includes(username) === true) {
      throw new NocError('conflict', `user ${username} is defined in the configuration file: change it there`);
    }
  }

  private view(user: User): UserView {
    const configured = this.settings().configuredUsers?.includes(user.username) === true;
    return { username: user.username, role: user.role, disabled: user.disabled, source: configured ? 'config' : 'api' };
  }

  private ttl(): number {
    return this.settings().sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  }

  /** Stores a new session; user cookies expire with the session, wall cookies live as long as the browser. */
  private async openSession(storedName: string, principal: Principal, persistentCookie: boolean): Promise<OpenedSession> {
    const now = this.options.clock.now();
    const ttl = this.ttl();
    const { token, hash } = newSessionToken();
    await this.users.createSession({ tokenHash: hash, username: storedName, createdAt: now, expiresAt: now + ttl });
    const setCookie = sessionCookie(token, { secure: this.https, ...(persistentCookie ? { maxAgeMs: ttl } : {}) });
    return { principal: { ...principal, sessionHash: hash }, setCookie };
  }

  /**
   * The principal of a live session. A user's role and disabled flag are read now, so changes apply to open
   * sessions at once. Wall sessions slide: used past half their lifetime, they are extended, so a wall
   * screen stays logged in while it runs.
   */
  private async sessionPrincipal(hash: string, settings: AuthSettings): Promise<Principal | undefined> {
    const now = this.options.clock.now();
    const session = await this.users.getSession(hash, now);
    if (session === undefined) return undefined;
    if (session.username.startsWith(WALL_SESSION_PREFIX)) {
      if (settings.wallToken === undefined || session.username !== wallFingerprint(settings.wallToken)) return undefined;
      const ttl = this.ttl();
      if (session.expiresAt - now < ttl / 2) await this.users.extendSession(hash, now + ttl);
      return { name: WALL_USERNAME, role: 'viewer', kind: 'wall', sessionHash: hash };
    }
    const user = await this.users.getUser(session.username);
    if (user === undefined || user.disabled) return undefined;
    return { name: user.username, role: user.role, kind: 'user', sessionHash: hash };
  }
}

function checkNewPassword(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new NocError('bad_request', `${field}: a password needs ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`, { field });
  }
}
