import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { IncidentsConfig } from '../config/index.js';
import {
  type AlertStateStore,
  type Clock,
  type ForensicSnapshotStore,
  type IncidentStore,
  type Logger,
  type NotificationGroupStore,
  NocError,
  type OutboxStore,
  type ProbeStateStore,
  type ProcessedMailLog,
  type SilenceStore,
  type UserStore,
} from '../core/index.js';
import { openPgStores } from '../store/postgres/pg-stores.js';
import { openSqliteDatabase, type SqliteDatabase } from '../store/sqlite/database.js';
import { SqliteAlertStateStore } from '../store/sqlite/sqlite-alert-state-store.js';
import { SqliteForensicSnapshotStore } from '../store/sqlite/sqlite-forensic-snapshot-store.js';
import { SqliteIncidentStore } from '../store/sqlite/sqlite-incident-store.js';
import { SqliteNotificationGroupStore } from '../store/sqlite/sqlite-notification-group-store.js';
import { SqliteOutboxStore } from '../store/sqlite/sqlite-outbox-store.js';
import { SqliteProbeStateStore } from '../store/sqlite/sqlite-probe-state-store.js';
import { SqliteProcessedMailLog } from '../store/sqlite/sqlite-processed-mail-log.js';
import { SqliteSilenceStore } from '../store/sqlite/sqlite-silence-store.js';
import { SqliteUserStore } from '../store/sqlite/sqlite-user-store.js';

/** Everything the process keeps besides samples: incidents and their timelines, silences, outbox, users, states. */
export interface IncidentSideStores {
  readonly kind: IncidentsConfig['kind'];
  readonly incidents: IncidentStore;
  readonly silences: SilenceStore;
  readonly outbox: OutboxStore;
  readonly users: UserStore;
  readonly alertStates: AlertStateStore;
  readonly notificationGroups: NotificationGroupStore;
  readonly probeState: ProbeStateStore;
  readonly processedMail: ProcessedMailLog;
  readonly snapshots: ForensicSnapshotStore;
  close(): Promise<void>;
}

/** What opening the incident side needs from the rest of the process. */
export interface IncidentSideDeps {
  readonly clock: Clock;
  readonly log: Logger;
  readonly baseDir: string;
  /** The series store's embedded database, shared when the series store is the embedded one. */
  readonly embedded?: SqliteDatabase;
}

function sqliteStores(db: SqliteDatabase, clock: Clock, close: () => Promise<void>): IncidentSideStores {
  return {
    kind: 'sqlite',
    incidents: new SqliteIncidentStore(db),
    silences: new SqliteSilenceStore(db),
    outbox: new SqliteOutboxStore(db),
    users: new SqliteUserStore(db),
    alertStates: new SqliteAlertStateStore(db, clock),
    notificationGroups: new SqliteNotificationGroupStore(db),
    probeState: new SqliteProbeStateStore(db, clock),
    processedMail: new SqliteProcessedMailLog(db),
    snapshots: new SqliteForensicSnapshotStore(db),
    close,
  };
}

type IncidentSideOpener = (config: IncidentsConfig, deps: IncidentSideDeps) => Promise<IncidentSideStores>;

/** One opener per `incidents.kind`. */
const OPENERS: Partial<Record<IncidentsConfig['kind'], IncidentSideOpener>> = {
  sqlite: async (config, deps) => {
    // The series store's own database when it is embedded (one file to back up), else a file of its own.
    if (deps.embedded) return sqliteStores(deps.embedded, deps.clock, async () => undefined);
    const path = resolve(deps.baseDir, config.path);
    mkdirSync(dirname(path), { recursive: true });
    const db = openSqliteDatabase(path);
    return sqliteStores(db, deps.clock, async () => void db.close());
  },
  // Shared by every process of a multi-machine deployment; the schema requires the URL with this kind.
  postgres: async (config, deps) => {
    const log = deps.log.child({ component: 'postgres' });
    const onIdleError = (error: Error) => log.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool opens another');
    return { kind: 'postgres', ...(await openPgStores(config.url as string, deps.clock, { onIdleError })) };
  },
};

/** Opens the incident-side stores the configuration names. */
export async function openIncidentStores(config: IncidentsConfig, deps: IncidentSideDeps): Promise<IncidentSideStores> {
  const opener = OPENERS[config.kind];
  if (!opener) {
    const available = Object.keys(OPENERS).join(', ');
    throw new NocError('invalid_config', `incidents.kind ${config.kind} is not available in this version (available: ${available})`);
  }
  return opener(config, deps);
}
