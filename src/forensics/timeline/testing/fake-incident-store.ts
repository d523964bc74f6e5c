import { type Incident, type IncidentFilter, type IncidentStore, NocError, type TimelineChange, type TimelineEntry } from '../../../core/index.js';

/** An incident for tests: S2, open, registered at `registeredAt`, with whatever else is given. */
export function testIncident(number: string, registeredAt: number, rest: Partial<Incident> = {}): Incident {
  return {
    number,
    title: `incident ${number}`,
    description: '',
    severity: 'S2',
    status: 'registered',
    level: 'L1',
    channel: 'monitoring',
    registeredBy: 'monitoring',
    affectedTargets: [],
    affectedUsers: 0,
    labels: {},
    occurredAt: registeredAt,
    registeredAt,
    attentionDue: registeredAt + 3_600_000,
    solutionDue: registeredAt + 3 * 3_600_000,
    version: 1,
    ...rest,
  };
}

/** An incident store over fixed incidents and timelines, recording the filters it was listed with. */
export class FakeIncidentStore implements IncidentStore {
  readonly lists: IncidentFilter[] = [];
  private readonly incidents = new Map<string, Incident>();
  private readonly entries = new Map<string, TimelineEntry[]>();

  /** Adds an incident with its timeline (seq numbered from 1, in the order given). */
  add(incident: Incident, changes: readonly TimelineChange[]): this {
    this.incidents.set(incident.number, incident);
    this.entries.set(
      incident.number,
      changes.map((c, i) => ({ incident: incident.number, seq: i + 1, at: c.at, actor: c.actor, action: c.action, details: c.details ?? {} })),
    );
    return this;
  }

  create(): Promise<Incident> {
    return Promise.reject(new Error('read-only fake'));
  }

  get(number: string): Promise<Incident | undefined> {
    return Promise.resolve(this.incidents.get(number));
  }

  list(filter: IncidentFilter = {}): Promise<Incident[]> {
    this.lists.push(filter);
    const found = [...this.incidents.values()].filter(
      (i) =>
        (filter.status === undefined || filter.status.length === 0 || filter.status.includes(i.status)) &&
        (filter.from === undefined || i.registeredAt >= filter.from) &&
        (filter.to === undefined || i.registeredAt <= filter.to),
    );
    return Promise.resolve(found.sort((a, b) => b.registeredAt - a.registeredAt));
  }

  findOpenByFingerprint(): Promise<Incident | undefined> {
    return Promise.resolve(undefined);
  }

  update(): Promise<Incident> {
    return Promise.reject(new Error('read-only fake'));
  }

  appendTimeline(): Promise<TimelineEntry> {
    return Promise.reject(new Error('read-only fake'));
  }

  timeline(number: string): Promise<TimelineEntry[]> {
    const entries = this.entries.get(number);
    return entries === undefined ? Promise.reject(new NocError('not_found', `no incident ${number}`)) : Promise.resolve([...entries]);
  }
}
