import type { IncidentStatus, NotificationGroup, NotificationGroupStore, SupportLevel } from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

interface GroupRow {
  incident: string;
  route: string;
  sent: number;
  last_sent_at: number | null;
  digest: string | null;
  level: string | null;
  status: string | null;
}

/** NotificationGroupStore on PostgreSQL: one row per incident and route. */
export class PgNotificationGroupStore implements NotificationGroupStore {
  constructor(private readonly db: PgDatabase) {}

  /** Every group, in no particular order. */
  async loadAll(): Promise<NotificationGroup[]> {
    const { rows } = await this.db.query<GroupRow>(
      'SELECT incident, route, sent, last_sent_at, digest, level, status FROM notification_groups',
    );
    return rows.map(fromRow);
  }

  /** Inserts or replaces every field of the group of (`incident`, `route`). */
  async save(group: NotificationGroup): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_groups (incident, route, sent, last_sent_at, digest, level, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (incident, route) DO UPDATE SET sent = excluded.sent, last_sent_at = excluded.last_sent_at,
         digest = excluded.digest, level = excluded.level, status = excluded.status`,
      [
        group.incident,
        group.route,
        group.sent,
        group.lastSentAt ?? null,
        group.digest ?? null,
        group.level ?? null,
        group.status ?? null,
      ],
    );
  }

  /** Forgets every group of the incident. */
  async removeIncident(incident: string): Promise<void> {
    await this.db.query('DELETE FROM notification_groups WHERE incident = $1', [incident]);
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
