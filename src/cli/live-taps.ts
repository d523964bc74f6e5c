import type { AlertEvent } from '../alerter/index.js';
import { type AppendResult, type Clock, type Incident, type Labels, type Logger, parseSeriesKey, PeriodicTask, type Sample, type SampleAppender, type TargetStatusSource } from '../core/index.js';
import { incidentJson } from '../dashboard/routes/incident-routes.js';
import type { LiveFeed, LiveSample } from '../dashboard/stream/index.js';

/** How often target states are compared with the last ones published. */
const TARGET_POLL_MS = 1_000;

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * An appender that publishes every accepted batch to the live feed after the store took it. Series keys
 * are parsed once per series; nothing is done while no client listens.
 */
export function liveAppender(inner: SampleAppender, feed: LiveFeed): SampleAppender {
  const parsed = new Map<string, { metric: string; labels: Labels }>();
  return {
    async append(samples: readonly Sample[]): Promise<AppendResult> {
      const result = await inner.append(samples);
      if (feed.active && samples.length > 0) {
        const batch: LiveSample[] = samples.map((sample) => {
          let id = parsed.get(sample.series);
          if (id === undefined) {
            id = parseSeriesKey(sample.series);
            parsed.set(sample.series, id);
          }
          return { series: sample.series, metric: id.metric, labels: id.labels, t: sample.t, v: sample.v };
        });
        feed.samples(batch);
      }
      return result;
    },
  };
}

/** Publishes each target whose status changed since the last look (the collector keeps no change log). */
export function targetTap(source: TargetStatusSource, feed: LiveFeed, log: Logger): PeriodicTask {
  const last = new Map<string, string>();
  return new PeriodicTask(
    'live targets',
    TARGET_POLL_MS,
    async () => {
      if (!feed.active) return;
      for (const status of source.targets()) {
        const text = JSON.stringify(status);
        if (last.get(status.target) === text) continue;
        last.set(status.target, text);
        feed.target(status);
      }
    },
    log,
  );
}

/** An alert transition as the stream sends it: the `GET /alerts` fields plus what changed. */
export function publishAlertEvents(events: readonly AlertEvent[], feed: LiveFeed): void {
  if (!feed.active) return;
  for (const event of events) {
    feed.alert({
      rule: event.rule,
      fingerprint: event.fingerprint,
      group: event.group,
      labels: event.labels,
      annotations: event.annotations,
      severity: event.severity,
      since: iso(event.activeSince),
      flapping: event.flapping,
      ...(event.value === undefined ? {} : { value: event.value }),
      ...(event.incident === undefined ? {} : { incident: event.incident }),
      ...(event.inhibitedBy === undefined ? {} : { inhibitedBy: event.inhibitedBy }),
      ...(event.heldBy === undefined ? {} : { heldBy: event.heldBy }),
      change: event.change,
    });
  }
}

/** Publishes a stored incident change in the `GET /incidents` shape. */
export function publishIncident(incident: Incident, feed: LiveFeed, clock: Clock): void {
  if (!feed.active) return;
  feed.incident({ ...incidentJson(incident, clock.now()), number: incident.number });
}
