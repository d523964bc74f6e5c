import type { Statement } from 'better-sqlite3';
import type { IncidentStatus, NotificationGroup, NotificationGroupStore, SupportLevel } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';

interface GroupRow {
  incident: string;
  route: string;
  sent: number;
  last_sent_at: number | null;
  digest: string | null;
  level: string | null;
  status: string | null;
}

/** NotificationGroupStore on the embedded database: one row per incident and route. */
export class SqliteNotificationGroupStore implements NotificationGroupStore {
  private readonly selectAll: Statement<[], GroupRow>;
  private readonly upsert: Statement<[GroupRow]>;
  private readonly deleteIncident: Statement<[string]>;

  constructor(db: SqliteDatabase) {
    this.selectAll = db.prepare<[], GroupRow>(
      'SELECT incident, route, sent, last_sent_at, digest, level, status FROM notification_groups',
    );
    this.upsert = db.prepare<[GroupRow]>(
      `INSERT OR REPLACE INTO notification_groups (incident, route, sent, last_sent_at, digest, level, status)
       VALUES (@incident, @route, @sent, @last_sent_at, @digest, @level, @status)`,
    );
    this.deleteIncident = db.prepare<[string]>('DELETE FROM notification_groups WHERE incident = ?');
  }

  async loadAll(): Promise<NotificationGroup[]> {
    return this.selectAll.all().map(fromRow);
  }

  async save(group: NotificationGroup): Promise<void> {
    this.upsert.run({
      incident: group.incident,
      route: group.route,
      sent: group.sent,
      last_sent_at: group.lastSentAt ?? null,
      digest: group.digest ?? null,
      level: group.level ?? null,
      status: group.status ?? null,
    });
  }

  async removeIncident(incident: string): Promise<void> {
    this.deleteIncident.run(incident);
  }
}

function fromRow(row: GroupRow): NotificationGroup {
  return {
    incident: row.incident,
    route: row.route,
    sent: row.sent,
    ...(row.last_sent_at === null ? {} : { lastSentAt: row.last_sent_at }),
    ...(row.digest === null ? {} : { digest: row.digest }),
    ...(row.level === null ? {} : { level: row.level as SupportLevel }),
    ...(row.status === null ? {} : { status: row.status as IncidentStatus }),
  };
}
