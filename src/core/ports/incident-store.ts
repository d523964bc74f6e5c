import type { Incident, IncidentPatch, IncidentStatus, NewIncident, TimelineEntry } from '../incident.js';
import type { Severity } from '../severity.js';

/** A change to record on an incident's timeline. */
export interface TimelineChange {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Which incidents to list. Times bound `registeredAt`. */
export interface IncidentFilter {
  readonly status?: readonly IncidentStatus[];
  readonly severity?: readonly Severity[];
  readonly from?: number;
  readonly to?: number;
  readonly fingerprint?: string;
  readonly limit?: number;
}

/** Persistence of incidents and their append-only timelines. */
export interface IncidentStore {
  /**
   * Registers an incident: allocates the next tracking number `PREFIX-YYYY-NNNNNN` (YYYY from
   * `registeredAt`, UTC; numbers are never reused, even after a failed insert) and writes the first
   * timeline entry (`registered`), atomically.
   */
  create(incident: NewIncident, prefix: string): Promise<Incident>;
  get(number: string): Promise<Incident | undefined>;
  /** Newest first. */
  list(filter?: IncidentFilter): Promise<Incident[]>;
  /** The open (not resolved or closed) monitoring incident with this fingerprint, if any. */
  findOpenByFingerprint(fingerprint: string): Promise<Incident | undefined>;
  /**
   * Applies `patch` and appends `change` to the timeline atomically. With `expectedVersion`, fails with a
   * `conflict` NocError when the incident changed since it was read. Unknown number: `not_found`.
   */
  update(number: string, patch: IncidentPatch, change: TimelineChange, expectedVersion?: number): Promise<Incident>;
  /** Appends a timeline entry without changing fields (comments). */
  appendTimeline(number: string, change: TimelineChange): Promise<TimelineEntry>;
  timeline(number: string): Promise<TimelineEntry[]>;
}
