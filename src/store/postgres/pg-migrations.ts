import { NocError } from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

/** One schema step; versions are consecutive from 1 and a released step is never edited, only followed. */
export interface PgMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * The two-key advisory lock taken around each migration. The two-key space never overlaps single-bigint
 * locks, so it cannot collide with a leader lease keyed by one number.
 */
export const MIGRATION_LOCK: readonly [number, number] = [0x6e6f63, 1];

/** The incident-side schema history on PostgreSQL. Times are ms since the epoch in bigint, JSON in jsonb. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'incidents with timelines and tracking numbers, silences, maintenance, outbox, users, sessions',
    sql: `
      CREATE TABLE incidents (
        number text PRIMARY KEY,
        -- Registration order: breaks ties in registered_at, as SQLite's rowid does.
        registered_seq bigserial NOT NULL UNIQUE,
        title text NOT NULL,
        description text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('S1', 'S2', 'S3', 'S4')),
        status text NOT NULL CHECK (status IN ('registered', 'diagnosing', 'resolved', 'closed')),
        level text NOT NULL CHECK (level IN ('L1', 'L2', 'L3')),
        channel text NOT NULL,
        fingerprint text,
        registered_by text NOT NULL,
        customer jsonb,
        affected_targets jsonb NOT NULL,
        affected_users integer NOT NULL,
        labels jsonb NOT NULL,
        occurred_at bigint NOT NULL,
        registered_at bigint NOT NULL,
        acknowledged_at bigint,
        resolved_at bigint,
        closed_at bigint,
        category text,
        resolution text,
        attention_due bigint NOT NULL,
        solution_due bigint NOT NULL,
        version integer NOT NULL
      );
      CREATE INDEX incidents_by_status ON incidents (status);
      CREATE INDEX incidents_by_registered_at ON incidents (registered_at);
      -- At most one open incident per fingerprint: deduplication holds even when two writers race.
      CREATE UNIQUE INDEX incidents_open_by_fingerprint ON incidents (fingerprint)
        WHERE fingerprint IS NOT NULL AND status IN ('registered', 'diagnosing');
      CREATE TABLE incident_timeline (
        incident text NOT NULL REFERENCES incidents (number),
        seq integer NOT NULL,
        at bigint NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        details jsonb NOT NULL,
        PRIMARY KEY (incident, seq)
      );
      CREATE TABLE incident_sequences (
        prefix text NOT NULL,
        year integer NOT NULL,
        last bigint NOT NULL,
        PRIMARY KEY (prefix, year)
      );
      CREATE TABLE silences (
        id text PRIMARY KEY,
        created_seq bigserial NOT NULL UNIQUE,
        matchers jsonb NOT NULL,
        starts_at bigint NOT NULL,
        ends_at bigint NOT NULL,
        created_by text NOT NULL,
        comment text NOT NULL,
        expired_at bigint
      );
      CREATE INDEX silences_by_ends_at ON silences (ends_at);
      CREATE TABLE maintenance_windows (
        id text PRIMARY KEY,
        created_seq bigserial NOT NULL UNIQUE,
        name text NOT NULL,
        targets jsonb NOT NULL,
        starts_at bigint NOT NULL,
        ends_at bigint NOT NULL,
        created_by text NOT NULL,
        comment text NOT NULL,
        cancelled_at bigint
      );
      CREATE INDEX maintenance_windows_by_starts_at ON maintenance_windows (starts_at);
      -- A sequence never hands out a value twice: a message id is never reused, even after pruning.
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        channel text NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        payload jsonb NOT NULL,
        created_at bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        last_error text,
        sent_at bigint
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
      CREATE TABLE users (
        username text PRIMARY KEY,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        disabled boolean NOT NULL DEFAULT false
      );
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        username text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE INDEX sessions_by_expires_at ON sessions (expires_at);
      CREATE INDEX sessions_by_username ON sessions (username);
    `,
  },
  {
    version: 2,
    description: 'alerter and notifier state: alert states, notification groups, probe state, inbound mail, forensic snapshots',
    sql: `
      CREATE TABLE probe_state (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE TABLE alert_state (
        fingerprint text PRIMARY KEY,
        rule text NOT NULL,
        labels jsonb NOT NULL,
        state jsonb NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE TABLE notification_groups (
        incident text NOT NULL,
        route text NOT NULL,
        sent integer NOT NULL,
        last_sent_at bigint,
        digest text,
        level text,
        status text,
        PRIMARY KEY (incident, route)
      );
      CREATE TABLE inbound_mail (
        message_id text PRIMARY KEY,
        incident text NOT NULL,
        event text NOT NULL,
        processed_at bigint NOT NULL
      );
      CREATE TABLE forensic_snapshots (
        incident text PRIMARY KEY,
        taken_at bigint NOT NULL,
        window_from bigint NOT NULL,
        window_to bigint NOT NULL,
        content jsonb NOT NULL
      );
    `,
  },
];

/**
 * Applies the pending migrations in order, each in its own transaction under {@link MIGRATION_LOCK}, so
 * two processes starting at once take turns and the second finds the work done. Refuses a database
 * written by a newer version of the product.
 */
export async function migratePg(db: PgDatabase, migrations: readonly PgMigration[]): Promise<void> {
  const latest = migrations.at(-1)?.version ?? 0;
  for (;;) {
    const applied = await db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
      // Created under the lock: concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           description text NOT NULL,
           applied_at bigint NOT NULL
         )`,
      );
      const { rows } = await client.query<{ current: number | null }>('SELECT max(version) AS current FROM schema_migrations');
      const current = rows[0]?.current ?? 0;
      if (current > latest) {
        throw new NocError(
          'unavailable',
          `database schema version ${current} is newer than this program knows (${latest}); upgrade the program`,
        );
      }
      const next = migrations.find((migration) => migration.version > current);
      if (next === undefined) return false;
      await client.query(next.sql);
      await client.query(
        `INSERT INTO schema_migrations (version, description, applied_at)
         VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)`,
        [next.version, next.description],
      );
      return true;
    });
    if (!applied) return;
  }
}
