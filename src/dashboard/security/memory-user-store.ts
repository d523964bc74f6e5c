import { NocError, type Session, type User, type UserStore } from '../../core/index.js';

/**
 * UserStore kept in memory, for processes without an embedded database: users come back from the
 * configuration at each start, sessions end with the process.
 */
export class MemoryUserStore implements UserStore {
  private readonly users = new Map<string, User>();
  private readonly sessions = new Map<string, Session>();

  /** Creates the user or replaces every field of the existing one. */
  async upsertUser(user: User): Promise<void> {
    this.users.set(user.username, { ...user });
  }

  /** The user with this name, if any. */
  async getUser(username: string): Promise<User | undefined> {
    return this.users.get(username);
  }

  /** Every user, by name. */
  async listUsers(): Promise<User[]> {
    return [...this.users.values()].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  /** Stores a new session; a second one with the same token hash is a `conflict`. */
  async createSession(session: Session): Promise<void> {
    if (this.sessions.has(session.tokenHash)) throw new NocError('conflict', 'a session with this token already exists');
    this.sessions.set(session.tokenHash, { ...session });
  }

  /** The session when it exists and `now` is before its expiry. */
  async getSession(tokenHash: string, now: number): Promise<Session | undefined> {
    const session = this.sessions.get(tokenHash);
    return session !== undefined && now < session.expiresAt ? session : undefined;
  }

  /** Removes the session; nothing happens when it does not exist. */
  async deleteSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }

  /** Removes every session of the user; returns how many there were. */
  async deleteSessionsOf(username: string): Promise<number> {
    let removed = 0;
    for (const [hash, session] of this.sessions) {
      if (session.username === username) {
        this.sessions.delete(hash);
        removed += 1;
      }
    }
    return removed;
  }

  /** Sets a new expiry on the session; false when there is no such session. */
  async extendSession(tokenHash: string, expiresAt: number): Promise<boolean> {
    const session = this.sessions.get(tokenHash);
    if (session === undefined) return false;
    this.sessions.set(tokenHash, { ...session, expiresAt });
    return true;
  }

  /** Removes sessions whose expiry is at or before `now`. */
  async purgeExpiredSessions(now: number): Promise<number> {
    let removed = 0;
    for (const [hash, session] of this.sessions) {
      if (session.expiresAt <= now) {
        this.sessions.delete(hash);
        removed += 1;
      }
    }
    return removed;
  }
}
