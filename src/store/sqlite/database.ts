import Database from 'better-sqlite3';
import { NocError } from '../../core/index.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** An open SQLite handle (better-sqlite3). */
export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) the embedded database in WAL mode and brings its schema up to date.
 * `synchronous=NORMAL` in WAL mode keeps every committed transaction across a process crash; only an OS
 * crash or power loss can drop the last transactions, never corrupt the file.
 */
export function openSqliteDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (error) {
    throw new NocError('unavailable', `cannot open database ${path}: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/**
 * Applies, in order and each in its own transaction, the migrations newer than the database's
 * `user_version`. Refuses a database written by a newer version of the product.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new NocError(
      'unavailable',
      `database schema version ${current} is newer than this program knows (${latest}); upgrade the program`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
