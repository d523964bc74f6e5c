import type { Labels, SeriesQuerier } from '../../core/index.js';
import { readAround } from './series-around.js';
import { selectorFor } from './target-filter.js';
import type { TimelineEvent, TimelineWindow } from './timeline-event.js';
import { valueChanges } from './value-changes.js';

/** The NOC's own gauges, as its `/metrics` serves them and a `prometheus` probe of it stores them. */
export const RELOAD_TIMESTAMP_METRIC = 'noc_config_last_reload_success_timestamp_seconds';
/** 1 after a successful (re)load, 0 after a failed reload that kept the running configuration. */
export const RELOAD_SUCCESS_METRIC = 'noc_config_last_reload_successful';
/** prom-client's default process metric: a configuration loaded this close to it was loaded at start-up. */
export const PROCESS_START_METRIC = 'process_start_time_seconds';

/** A load this close to the process's start is the start-up load, not a reload. */
const STARTUP_SLACK_MS = 60_000;

/**
 * Configuration reloads, read from the NOC's own metrics when a target scrapes its `/metrics` (the `noc`
 * target of the bundled config): a new value of the success timestamp is a successful load at that time
 * (a reload, or a process start when it matches `process_start_time_seconds`), and a 1→0 of the success
 * gauge is a failed reload, seen at the scrape after it. Nothing comes out when no target scrapes the NOC.
 */
export async function configReloadEvents(querier: SeriesQuerier, window: TimelineWindow, lookbackMs: number): Promise<TimelineEvent[]> {
  const [stamps, successes] = await Promise.all([
    readAround(querier, selectorFor(RELOAD_TIMESTAMP_METRIC, undefined), window, lookbackMs),
    readAround(querier, selectorFor(RELOAD_SUCCESS_METRIC, undefined), window, lookbackMs),
  ]);
  const loads: { at: number; seenAt: number; labels: Labels; previousLoadAt?: number }[] = [];
  for (const series of stamps) {
    for (const change of valueChanges(series)) {
      const loadedAt = change.value * 1000;
      // The gauge holds the load's own time; a value outside (previous scrape, this scrape] is a skewed clock.
      const at = change.previous !== undefined && loadedAt > change.previous.t && loadedAt <= change.at ? loadedAt : change.at;
      if (at < window.from) continue;
      loads.push({ at, seenAt: change.at, labels: series.labels, ...(change.previous === undefined ? {} : { previousLoadAt: change.previous.v * 1000 }) });
    }
  }
  const starts = loads.length === 0 ? [] : await processStarts(querier, window, lookbackMs, loads.map((l) => l.labels.target));
  const out: TimelineEvent[] = loads.map((load) => {
    const target = load.labels.target;
    const startup = starts.some((s) => s.target === target && Math.abs(s.at - load.at) <= STARTUP_SLACK_MS);
    return {
      at: load.at,
      kind: 'config_reloaded',
      title: startup ? `NOC process started${target === undefined ? '' : ` (${target})`} and loaded its configuration` : `configuration reloaded${target === undefined ? '' : ` (${target})`}`,
      labels: load.labels,
      ...(target === undefined ? {} : { target }),
      details: { startup, seenAt: load.seenAt, ...(load.previousLoadAt === undefined ? {} : { previousLoadAt: load.previousLoadAt }) },
    };
  });
  for (const series of successes) {
    const target = series.labels.target;
    for (const change of valueChanges(series, { same: (a, b) => a > 0 === b > 0 })) {
      if (change.value > 0) continue;
      out.push({
        at: change.at,
        kind: 'config_reload_failed',
        title: `configuration reload failed, previous configuration kept${target === undefined ? '' : ` (${target})`}`,
        labels: series.labels,
        ...(target === undefined ? {} : { target }),
        // The failure happened after the previous scrape, which saw the gauge still at 1.
        details: { after: change.previous?.t },
      });
    }
  }
  return out;
}

async function processStarts(querier: SeriesQuerier, window: TimelineWindow, lookbackMs: number, targets: readonly (string | undefined)[]): Promise<{ target: string | undefined; at: number }[]> {
  const named = [...new Set(targets.filter((t): t is string => t !== undefined))];
  const series = await readAround(querier, selectorFor(PROCESS_START_METRIC, targets.every((t) => t !== undefined) ? named : undefined), window, lookbackMs);
  return series.flatMap((s) => [...(s.before === undefined ? [] : [s.before.v]), ...s.v].map((v) => ({ target: s.labels.target, at: v * 1000 })));
}
