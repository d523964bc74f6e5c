/** One schema step; versions are consecutive from 1 and a released step is never edited, only followed. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** The embedded database's schema history. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'series catalog, raw chunks and rollups',
    sql: `
      -- The whole catalog is loaded into memory, which indexes it and keeps keys unique; on disk it is
      -- append-only by id, so creating a series costs no random index writes.
      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        metric TEXT NOT NULL,
        labels TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        sealed_until INTEGER NOT NULL DEFAULT -1
      );
      -- Data tables are keyed by hour first: sealing an hour of every series appends to the end of each
      -- B-tree instead of touching one page per series, and a series' range is one key seek per hour.
      -- hour = floor(start_t / 3600000); every chunk lies inside one UTC hour.
      CREATE TABLE chunks (
        hour INTEGER NOT NULL,
        series_id INTEGER NOT NULL,
        start_t INTEGER NOT NULL,
        end_t INTEGER NOT NULL,
        count INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (hour, series_id, start_t)
      ) WITHOUT ROWID;
      CREATE TABLE rollups_1m (
        hour INTEGER NOT NULL,
        series_id INTEGER NOT NULL,
        start_t INTEGER NOT NULL,
        end_t INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (hour, series_id, start_t)
      ) WITHOUT ROWID;
      -- SQLite stores NaN as NULL: NULL in min/max/sum/last means NaN (and min()/max()/+ propagate it).
      CREATE TABLE rollups_1h (
        hour INTEGER NOT NULL,
        series_id INTEGER NOT NULL,
        min REAL,
        max REAL,
        sum REAL,
        count INTEGER NOT NULL,
        last REAL,
        last_t INTEGER NOT NULL,
        PRIMARY KEY (hour, series_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'incidents with timelines and tracking numbers, silences, maintenance, outbox, users, sessions',
    sql: `
      CREATE TABLE incidents (
        number TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('S1', 'S2', 'S3', 'S4')),
        status TEXT NOT NULL CHECK (status IN ('registered', 'diagnosing', 'resolved', 'closed')),
        level TEXT NOT NULL CHECK (level IN ('L1', 'L2', 'L3')),
        channel TEXT NOT NULL,
        fingerprint TEXT,
        registered_by TEXT NOT NULL,
        customer TEXT,
        affected_targets TEXT NOT NULL,
        affected_users INTEGER NOT NULL,
        labels TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        registered_at INTEGER NOT NULL,
        acknowledged_at INTEGER,
        resolved_at INTEGER,
        closed_at INTEGER,
        category TEXT,
        resolution TEXT,
        attention_due INTEGER NOT NULL,
        solution_due INTEGER NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE INDEX incidents_by_status ON incidents (status);
      CREATE INDEX incidents_by_registered_at ON incidents (registered_at);
      -- At most one open incident per fingerprint: deduplication holds even when two writers race.
      CREATE UNIQUE INDEX incidents_open_by_fingerprint ON incidents (fingerprint)
        WHERE fingerprint IS NOT NULL AND status IN ('registered', 'diagnosing');
      CREATE TABLE incident_timeline (
        incident TEXT NOT NULL REFERENCES incidents (number),
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL,
        PRIMARY KEY (incident, seq)
      ) WITHOUT ROWID;
      CREATE TABLE incident_sequences (
        prefix TEXT NOT NULL,
        year INTEGER NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (prefix, year)
      ) WITHOUT ROWID;
      CREATE TABLE silences (
        id TEXT PRIMARY KEY,
        matchers TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        comment TEXT NOT NULL,
        expired_at INTEGER
      );
      CREATE INDEX silences_by_ends_at ON silences (ends_at);
      CREATE TABLE maintenance_windows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        targets TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        comment TEXT NOT NULL,
        cancelled_at INTEGER
      );
      CREATE INDEX maintenance_windows_by_starts_at ON maintenance_windows (starts_at);
      -- AUTOINCREMENT: a message id is never reused, even after old messages are pruned.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        sent_at INTEGER
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_expires_at ON sessions (expires_at);
    `,
  },
  {
    version: 3,
    description: 'probe state: small JSON values probes keep across restarts',
    sql: `
      CREATE TABLE probe_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'alert states: pending/firing timers and flap history of every alert instance',
    sql: `
      CREATE TABLE alert_state (
        fingerprint TEXT PRIMARY KEY,
        rule TEXT NOT NULL,
        labels TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    description: 'notification groups: what each route last told its receivers about each incident',
    sql: `
      CREATE TABLE notification_groups (
        incident TEXT NOT NULL,
        route TEXT NOT NULL,
        sent INTEGER NOT NULL,
        last_sent_at INTEGER,
        digest TEXT,
        level TEXT,
        status TEXT,
        PRIMARY KEY (incident, route)
      );
    `,
  },
  {
    version: 6,
    description: 'inbound mail: the incident each received Message-ID became, so a re-delivered report is not registered twice',
    sql: `
      CREATE TABLE inbound_mail (
        message_id TEXT PRIMARY KEY,
        incident TEXT NOT NULL,
        event TEXT NOT NULL,
        processed_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    description: 'forensic snapshots: the analysis frozen onto each incident when it opened, kept after raw data ages out',
    sql: `
      CREATE TABLE forensic_snapshots (
        incident TEXT PRIMARY KEY,
        taken_at INTEGER NOT NULL,
        window_from INTEGER NOT NULL,
        window_to INTEGER NOT NULL,
        content TEXT NOT NULL
      );
    `,
  },
];
