/** Access roles, each including the ones before it. */
export type Role = 'viewer' | 'operator' | 'admin';

/** All roles, least privileged first. */
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** True when `have` grants at least `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** A dashboard user. The password is only ever stored as a hash. */
export interface User {
  readonly username: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly disabled: boolean;
}

/** A login session; the store keeps only a hash of the session token. */
export interface Session {
  readonly tokenHash: string;
  readonly username: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Persistence of users and sessions. */
export interface UserStore {
  upsertUser(user: User): Promise<void>;
  getUser(username: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  createSession(session: Session): Promise<void>;
  /** The session, when it exists and has not expired at `now`. */
  getSession(tokenHash: string, now: number): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Removes every session of `username` (its password changed, or it was disabled); returns how many. */
  deleteSessionsOf(username: string): Promise<number>;
  /** Moves the expiry of a live session (sliding sessions); false when it no longer exists. */
  extendSession(tokenHash: string, expiresAt: number): Promise<boolean>;
  /** Removes sessions expired at `now`; returns how many. */
  purgeExpiredSessions(now: number): Promise<number>;
}
