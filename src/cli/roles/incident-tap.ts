import { type Clock, type Incident, type IncidentStore, type Logger, PeriodicTask } from '../../core/index.js';
import type { LiveFeed } from '../../dashboard/stream/index.js';
import { publishIncident } from '../live-taps.js';

/** How often a dashboard without the alerter looks for incidents changed by other processes. */
export const INCIDENT_POLL_MS = 2_000;

/**
 * Publishes incidents changed by other processes (the alerter opening, joining, resolving them) on the live
 * feed of a dashboard that does not run the alerter: the incidents not yet closed are compared by version
 * with the last look, and one that left that list is read once more to publish its closing.
 */
export function incidentTap(deps: {
  incidents: IncidentStore;
  feed: LiveFeed;
  clock: Clock;
  log: Logger;
  /** Whether changes are published now (not while the alerter in this process publishes them itself). */
  publish?: () => boolean;
  intervalMs?: number;
}): PeriodicTask {
  let last: Map<string, number> | undefined;
  return new PeriodicTask(
    'live incidents',
    deps.intervalMs ?? INCIDENT_POLL_MS,
    async () => {
      const open = await deps.incidents.list({ status: ['registered', 'diagnosing', 'resolved'] });
      const now = new Map(open.map((incident) => [incident.number, incident.version]));
      if (last !== undefined && deps.feed.active && (deps.publish?.() ?? true)) {
        const changed: Incident[] = open.filter((incident) => last?.get(incident.number) !== incident.version);
        for (const number of last.keys()) {
          if (now.has(number)) continue;
          const gone = await deps.incidents.get(number);
          if (gone !== undefined) changed.push(gone);
        }
        for (const incident of changed) publishIncident(incident, deps.feed, deps.clock);
      }
      last = now;
    },
    deps.log,
  );
}
