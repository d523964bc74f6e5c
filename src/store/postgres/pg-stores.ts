import type { Clock } from '../../core/index.js';
import { openPgDatabase, type PgDatabase, type PgDatabaseOptions } from './pg-database.js';
import { PgAlertStateStore } from './pg-alert-state-store.js';
import { PgForensicSnapshotStore } from './pg-forensic-snapshot-store.js';
import { PgIncidentStore } from './pg-incident-store.js';
import { PgNotificationGroupStore } from './pg-notification-group-store.js';
import { PgOutboxStore } from './pg-outbox-store.js';
import { PgProbeStateStore } from './pg-probe-state-store.js';
import { PgProcessedMailLog } from './pg-processed-mail-log.js';
import { PgSilenceStore } from './pg-silence-store.js';
import { PgUserStore } from './pg-user-store.js';

/** Every incident-side store over one PostgreSQL pool. */
export interface PgStores {
  readonly db: PgDatabase;
  readonly incidents: PgIncidentStore;
  readonly silences: PgSilenceStore;
  readonly outbox: PgOutboxStore;
  readonly users: PgUserStore;
  readonly alertStates: PgAlertStateStore;
  readonly notificationGroups: PgNotificationGroupStore;
  readonly probeState: PgProbeStateStore;
  readonly processedMail: PgProcessedMailLog;
  readonly snapshots: PgForensicSnapshotStore;
  /** Closes the pool shared by every store. */
  close(): Promise<void>;
}

/** The stores over an already open database (its schema migrated). */
export function pgStores(db: PgDatabase, clock: Clock): PgStores {
  return {
    db,
    incidents: new PgIncidentStore(db),
    silences: new PgSilenceStore(db),
    outbox: new PgOutboxStore(db),
    users: new PgUserStore(db),
    alertStates: new PgAlertStateStore(db, clock),
    notificationGroups: new PgNotificationGroupStore(db),
    probeState: new PgProbeStateStore(db, clock),
    processedMail: new PgProcessedMailLog(db),
    snapshots: new PgForensicSnapshotStore(db),
    close: () => db.close(),
  };
}

/** Opens `url` (migrating it) and builds every store on the one pool. */
export async function openPgStores(url: string, clock: Clock, options: PgDatabaseOptions = {}): Promise<PgStores> {
  return pgStores(await openPgDatabase(url, options), clock);
}
