import type { Incident, IncidentFilter, IncidentPatch, IncidentStore, NewIncident, TimelineChange, TimelineEntry } from '../../core/index.js';

/**
 * An IncidentStore that reports every incident it creates or changes, once stored, so live views (the
 * dashboard's stream) hear of changes from whoever made them: the alerter, an operator, escalation.
 * A listener's failure never fails the write.
 */
export class ObservedIncidentStore implements IncidentStore {
  constructor(
    private readonly inner: IncidentStore,
    private readonly changed: (incident: Incident) => void,
  ) {}

  async create(incident: NewIncident, prefix: string): Promise<Incident> {
    return this.tell(await this.inner.create(incident, prefix));
  }

  async update(number: string, patch: IncidentPatch, change: TimelineChange, expectedVersion?: number): Promise<Incident> {
    return this.tell(await this.inner.update(number, patch, change, expectedVersion));
  }

  get(number: string): Promise<Incident | undefined> {
    return this.inner.get(number);
  }

  list(filter?: IncidentFilter): Promise<Incident[]> {
    return this.inner.list(filter);
  }

  findOpenByFingerprint(fingerprint: string): Promise<Incident | undefined> {
    return this.inner.findOpenByFingerprint(fingerprint);
  }

  appendTimeline(number: string, change: TimelineChange): Promise<TimelineEntry> {
    return this.inner.appendTimeline(number, change);
  }

  timeline(number: string): Promise<TimelineEntry[]> {
    return this.inner.timeline(number);
  }

  private tell(incident: Incident): Incident {
    try {
      this.changed(incident);
    } catch {
      // A live view that cannot take the news must not undo the write; it catches up on its next read.
    }
    return incident;
  }
}
