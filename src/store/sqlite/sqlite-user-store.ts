import type { Statement } from 'better-sqlite3';
import { NocError, type Role, type Session, type User, type UserStore } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';

interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  disabled: 0 | 1;
}

interface SessionRow {
  token_hash: string;
  username: string;
  created_at: number;
  expires_at: number;
}

/**
 * UserStore on the embedded database. A session counts as expired from its `expiresAt` on; a second session
 * with the same token hash is a `conflict`. Sessions do not reference users, so configured users that are
 * not stored can still log in.
 */
export class SqliteUserStore implements UserStore {
  private readonly upsert: Statement<[UserRow]>;
  private readonly selectUser: Statement<[string], UserRow>;
  private readonly selectUsers: Statement<[], UserRow>;
  private readonly insertSession: Statement<[SessionRow]>;
  private readonly selectSession: Statement<[string, number], SessionRow>;
  private readonly removeSession: Statement<[string]>;
  private readonly purge: Statement<[number]>;
  private readonly removeSessionsOf: Statement<[string]>;
  private readonly updateExpiry: Statement<[number, string]>;

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare<[UserRow]>(
      `INSERT INTO users (username, password_hash, role, disabled)
       VALUES (@username, @password_hash, @role, @disabled)
       ON CONFLICT (username) DO UPDATE
       SET password_hash = excluded.password_hash, role = excluded.role, disabled = excluded.disabled`,
    );
    this.selectUser = db.prepare<[string], UserRow>(
      `SELECT username, password_hash, role, disabled FROM users WHERE username = ?`,
    );
    this.selectUsers = db.prepare<[], UserRow>(
      `SELECT username, password_hash, role, disabled FROM users ORDER BY username`,
    );
    this.insertSession = db.prepare<[SessionRow]>(
      `INSERT INTO sessions (token_hash, username, created_at, expires_at)
       VALUES (@token_hash, @username, @created_at, @expires_at)`,
    );
    this.selectSession = db.prepare<[string, number], SessionRow>(
      `SELECT token_hash, username, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?`,
    );
    this.removeSession = db.prepare<[string]>(`DELETE FROM sessions WHERE token_hash = ?`);
    this.purge = db.prepare<[number]>(`DELETE FROM sessions WHERE expires_at <= ?`);
    this.removeSessionsOf = db.prepare<[string]>(`DELETE FROM sessions WHERE username = ?`);
    this.updateExpiry = db.prepare<[number, string]>(`UPDATE sessions SET expires_at = ? WHERE token_hash = ?`);
  }

  /** Creates the user or replaces every field of the existing one. */
  async upsertUser(user: User): Promise<void> {
    this.upsert.run({
      username: user.username,
      password_hash: user.passwordHash,
      role: user.role,
      disabled: user.disabled ? 1 : 0,
    });
  }

  /** The user with this name, if any. */
  async getUser(username: string): Promise<User | undefined> {
    const row = this.selectUser.get(username);
    return row === undefined ? undefined : userFromRow(row);
  }

  /** Every user, by name. */
  async listUsers(): Promise<User[]> {
    return this.selectUsers.all().map(userFromRow);
  }

  /** Stores a new session. */
  async createSession(session: Session): Promise<void> {
    try {
      this.insertSession.run({
        token_hash: session.tokenHash,
        username: session.username,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new NocError('conflict', 'a session with this token already exists', undefined, { cause: error });
      }
      throw error;
    }
  }

  /** The session when it exists and `now` is before its expiry. */
  async getSession(tokenHash: string, now: number): Promise<Session | undefined> {
    const row = this.selectSession.get(tokenHash, now);
    return row === undefined
      ? undefined
      : { tokenHash: row.token_hash, username: row.username, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  /** Removes the session; nothing happens when it does not exist. */
  async deleteSession(tokenHash: string): Promise<void> {
    this.removeSession.run(tokenHash);
  }

  /** Removes every session of the user; returns how many there were. */
  async deleteSessionsOf(username: string): Promise<number> {
    return this.removeSessionsOf.run(username).changes;
  }

  /** Sets a new expiry on the session; false when there is no such session. */
  async extendSession(tokenHash: string, expiresAt: number): Promise<boolean> {
    return this.updateExpiry.run(expiresAt, tokenHash).changes > 0;
  }

  /** Removes sessions whose expiry is at or before `now`. */
  async purgeExpiredSessions(now: number): Promise<number> {
    return this.purge.run(now).changes;
  }
}

function userFromRow(row: UserRow): User {
  return { username: row.username, passwordHash: row.password_hash, role: row.role, disabled: row.disabled === 1 };
}
