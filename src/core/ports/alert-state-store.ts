import type { Labels } from '../labels.js';

/** One alert instance's state as the alerter persists it. */
export interface StoredAlert {
  /** Identity of the instance: the rule and its labels. */
  readonly fingerprint: string;
  readonly rule: string;
  readonly labels: Labels;
  /** The alerter's state for the instance, plain JSON (timers are timestamps, so a restart resumes them). */
  readonly state: unknown;
}

/** Durable alert states, so a restart neither duplicates nor forgets an alert. */
export interface AlertStateStore {
  loadAll(): Promise<StoredAlert[]>;
  /** Writes `upserts` and deletes `removed` fingerprints in one transaction. */
  save(upserts: readonly StoredAlert[], removed: readonly string[]): Promise<void>;
}

/** An AlertStateStore in memory: for tests and for running without persistence. */
export class MemoryAlertStateStore implements AlertStateStore {
  private readonly alerts = new Map<string, string>();

  async loadAll(): Promise<StoredAlert[]> {
    return [...this.alerts.values()].map((text) => JSON.parse(text) as StoredAlert);
  }

  async save(upserts: readonly StoredAlert[], removed: readonly string[]): Promise<void> {
    for (const alert of upserts) this.alerts.set(alert.fingerprint, JSON.stringify(alert));
    for (const fingerprint of removed) this.alerts.delete(fingerprint);
  }
}
