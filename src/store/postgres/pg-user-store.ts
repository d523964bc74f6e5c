import { NocError, type Role, type Session, type User, type UserStore } from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  disabled: boolean;
}

interface SessionRow {
  token_hash: string;
  username: string;
  created_at: number;
  expires_at: number;
}

/**
 * UserStore on PostgreSQL. A session counts as expired from its `expiresAt` on; a second session with the
 * same token hash is a `conflict`. Sessions do not reference users, so configured users that are not
 * stored can still log in.
 */
export class PgUserStore implements UserStore {
  constructor(private readonly db: PgDatabase) {}

  /** Creates the user or replaces every field of the existing one. */
  async upsertUser(user: User): Promise<void> {
    await this.db.query(
      `INSERT INTO users (username, password_hash, role, disabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO UPDATE
       SET password_hash = excluded.password_hash, role = excluded.role, disabled = excluded.disabled`,
      [user.username, user.passwordHash, user.role, user.disabled],
    );
  }

  /** The user with this name, if any. */
  async getUser(username: string): Promise<User | undefined> {
    const { rows } = await this.db.query<UserRow>(
      'SELECT username, password_hash, role, disabled FROM users WHERE username = $1',
      [username],
    );
    return rows[0] === undefined ? undefined : userFromRow(rows[0]);
  }

  /** Every user, by name (byte order, as the embedded store sorts). */
  async listUsers(): Promise<User[]> {
    const { rows } = await this.db.query<UserRow>(
      'SELECT username, password_hash, role, disabled FROM users ORDER BY username COLLATE "C"',
    );
    return rows.map(userFromRow);
  }

  /** Stores a new session. */
  async createSession(session: Session): Promise<void> {
    try {
      await this.db.query(
        'INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [session.tokenHash, session.username, session.createdAt, session.expiresAt],
      );
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') {
        throw new NocError('conflict', 'a session with this token already exists', undefined, { cause: error });
      }
      throw error;
    }
  }

  /** The session when it exists and `now` is before its expiry. */
  async getSession(tokenHash: string, now: number): Promise<Session | undefined> {
    const { rows } = await this.db.query<SessionRow>(
      'SELECT token_hash, username, created_at, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2',
      [tokenHash, now],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { tokenHash: row.token_hash, username: row.username, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  /** Removes the session; nothing happens when it does not exist. */
  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  /** Removes every session of the user; returns how many there were. */
  async deleteSessionsOf(username: string): Promise<number> {
    return (await this.db.query('DELETE FROM sessions WHERE username = $1', [username])).rowCount ?? 0;
  }

  /** Sets a new expiry on the session; false when there is no such session. */
  async extendSession(tokenHash: string, expiresAt: number): Promise<boolean> {
    const result = await this.db.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [tokenHash, expiresAt]);
    return (result.rowCount ?? 0) > 0;
  }

  /** Removes sessions whose expiry is at or before `now`. */
  async purgeExpiredSessions(now: number): Promise<number> {
    return (await this.db.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }
}

function userFromRow(row: UserRow): User {
  return { username: row.username, passwordHash: row.password_hash, role: row.role, disabled: row.disabled };
}
