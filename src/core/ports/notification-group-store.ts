import type { IncidentStatus } from '../incident.js';
import type { SupportLevel } from '../severity.js';

/**
 * What one route last told its receivers about one incident (Alertmanager's notification log, per group):
 * the dispatcher compares it with the incident now to decide whether, and what, to send.
 */
export interface NotificationGroup {
  readonly incident: string;
  readonly route: string;
  /** Notifications sent so far: numbers the next one, so a re-decided send after a crash reuses its key. */
  readonly sent: number;
  readonly lastSentAt?: number;
  /** The incident's notified state (status, severity, level, firing alerts) as one comparable string. */
  readonly digest?: string;
  /** The highest support level whose receivers have been told. */
  readonly level?: SupportLevel;
  /** The incident status last notified. */
  readonly status?: IncidentStatus;
}

/** Durable notification groups, so a restart neither repeats nor forgets a notification. */
export interface NotificationGroupStore {
  /** Every group, in no particular order. */
  loadAll(): Promise<NotificationGroup[]>;
  /** Inserts or replaces the group of (`incident`, `route`). */
  save(group: NotificationGroup): Promise<void>;
  /** Forgets every group of an incident (once it is closed). */
  removeIncident(incident: string): Promise<void>;
}

/** A NotificationGroupStore in memory: for tests and for running without persistence. */
export class MemoryNotificationGroupStore implements NotificationGroupStore {
  private readonly groups = new Map<string, NotificationGroup>();

  async loadAll(): Promise<NotificationGroup[]> {
    return [...this.groups.values()];
  }

  async save(group: NotificationGroup): Promise<void> {
    this.groups.set(JSON.stringify([group.incident, group.route]), { ...group });
  }

  async removeIncident(incident: string): Promise<void> {
    for (const [key, group] of this.groups) if (group.incident === incident) this.groups.delete(key);
  }
}
