import type { TimeRange } from './series-querier.js';

/**
 * A forensic analysis frozen when an incident opened. The store keeps it after the raw samples it was
 * computed from have aged out, which is why it exists at all.
 */
export interface StoredForensicSnapshot {
  /** Tracking number of the incident. */
  readonly incident: string;
  /** When the analysis ran (ms since the epoch). */
  readonly takenAt: number;
  /** The analysed window. */
  readonly window: TimeRange;
  /** The frozen content as the forensics module builds it: JSON values, where non-finite numbers survive. */
  readonly content: Readonly<Record<string, unknown>>;
}

/** Durable forensic snapshots, one per incident (a later one replaces it). */
export interface ForensicSnapshotStore {
  save(snapshot: StoredForensicSnapshot): Promise<void>;
  get(incident: string): Promise<StoredForensicSnapshot | undefined>;
}

/** An in-memory ForensicSnapshotStore, for tests and for running without an embedded database. */
export class MemoryForensicSnapshotStore implements ForensicSnapshotStore {
  private readonly snapshots = new Map<string, StoredForensicSnapshot>();

  async save(snapshot: StoredForensicSnapshot): Promise<void> {
    // structuredClone keeps NaN and ±Infinity, as the embedded store does, and isolates the caller's object.
    this.snapshots.set(snapshot.incident, structuredClone(snapshot));
  }

  async get(incident: string): Promise<StoredForensicSnapshot | undefined> {
    const found = this.snapshots.get(incident);
    return found === undefined ? undefined : structuredClone(found);
  }
}
