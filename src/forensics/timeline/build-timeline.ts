import { type IncidentStore, NocError, type SeriesQuerier } from '../../core/index.js';
import { alertEvents, type AlertSeverityLookup } from './alert-events.js';
import { linkAlertsToIncidents } from './alert-incident-index.js';
import { certificateEvents } from './certificate-events.js';
import { configReloadEvents } from './config-reload-events.js';
import { incidentEvents, type IncidentHistory } from './incident-events.js';
import { type MaintenanceLookup, maintenanceEvents } from './maintenance-events.js';
import { sslGradeEvents } from './ssl-grade-events.js';
import { targetEvents } from './target-events.js';
import { INCIDENT_EVENT_KINDS, type TimelineEvent, type TimelineEventKind, type TimelineWindow } from './timeline-event.js';

/** Where the timeline reads; a source left out contributes no events. */
export interface TimelineSources {
  /** `ALERTS`, `up`, SSL Labs, TLS and the NOC's own series. */
  readonly series?: SeriesQuerier;
  readonly incidents?: Pick<IncidentStore, 'list' | 'timeline'>;
  /** Maintenance occurrences, recurring windows expanded (the alerter's calendar, or {@link storeMaintenance}). */
  readonly maintenance?: MaintenanceLookup;
}

/** Tuning and filters of {@link buildTimeline}. */
export interface TimelineOptions {
  /** Only events about these targets (config reloads, which concern the whole NOC, are always kept). */
  readonly targets?: readonly string[];
  /** Only these kinds; a source none of whose kinds is asked for is not read. */
  readonly kinds?: readonly TimelineEventKind[];
  /** How far before `from` the last point of a series is looked for, to tell whether the first point in the window is a change. Default 6 h. */
  readonly seriesLookbackMs?: number;
  /** How long before `from` an incident may have been registered and still be found when already closed. Default 30 days. */
  readonly incidentLookbackMs?: number;
  /** A rule's severity by name, for alert events (else an alert's `severity` label, when it holds S1–S4). */
  readonly alertSeverity?: AlertSeverityLookup;
}

/** Default of {@link TimelineOptions.seriesLookbackMs}. */
export const DEFAULT_SERIES_LOOKBACK_MS = 6 * 3_600_000;
/** Default of {@link TimelineOptions.incidentLookbackMs}. */
export const DEFAULT_INCIDENT_LOOKBACK_MS = 30 * 86_400_000;

type Source = 'maintenance' | 'config' | 'targets' | 'ssl' | 'certificates' | 'alerts' | 'incidents';

/** The kinds each source yields. Listed in the order events of the same instant are shown: causes before effects. */
const SOURCE_KINDS: Readonly<Record<Source, readonly TimelineEventKind[]>> = {
  maintenance: ['maintenance_ongoing', 'maintenance_started', 'maintenance_ended'],
  config: ['config_reloaded', 'config_reload_failed'],
  targets: ['target_down', 'target_up'],
  ssl: ['ssl_grade_changed'],
  certificates: ['certificate_changed'],
  alerts: ['alert_pending', 'alert_firing', 'alert_resolved', 'alert_inactive'],
  incidents: INCIDENT_EVENT_KINDS,
};

/**
 * What happened in [from, to], in time order (events of one instant: maintenance, config, targets, TLS,
 * alerts, incidents; then as each source lists them). Each series source costs one `latest` and one
 * `range` query over its metric, however many targets; incidents cost two lists and one timeline read each.
 * Alert events carry the incident their alert had joined.
 */
export async function buildTimeline(window: TimelineWindow, sources: TimelineSources, options: TimelineOptions = {}): Promise<TimelineEvent[]> {
  const { from, to } = window;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
    throw new NocError('bad_request', `a timeline window needs finite times with from <= to (got ${from}, ${to})`);
  }
  const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
  const wants = (source: Source): boolean => kinds === undefined || SOURCE_KINDS[source].some((k) => kinds.has(k));
  const seriesLookback = options.seriesLookbackMs ?? DEFAULT_SERIES_LOOKBACK_MS;
  const targets = options.targets;
  const { series, incidents, maintenance } = sources;
  const none = Promise.resolve<TimelineEvent[]>([]);
  // Alert events link to incidents through the incidents' histories, so those are read for alerts too.
  const incidentRead = incidents !== undefined && (wants('incidents') || wants('alerts')) ? incidentEvents(incidents, window, options.incidentLookbackMs ?? DEFAULT_INCIDENT_LOOKBACK_MS, targets) : undefined;
  const parts = await Promise.all([
    maintenance !== undefined && wants('maintenance') ? maintenanceEvents(maintenance, window, targets) : none,
    series !== undefined && wants('config') ? configReloadEvents(series, window, seriesLookback) : none,
    series !== undefined && wants('targets') ? targetEvents(series, window, seriesLookback, targets) : none,
    series !== undefined && wants('ssl') ? sslGradeEvents(series, window, seriesLookback, targets) : none,
    series !== undefined && wants('certificates') ? certificateEvents(series, window, seriesLookback, targets) : none,
    series !== undefined && wants('alerts') ? alertEvents(series, window, seriesLookback, targets, options.alertSeverity) : none,
    incidentRead?.then((read) => read.events) ?? none,
  ]);
  const histories: readonly IncidentHistory[] = incidentRead === undefined ? [] : (await incidentRead).histories;
  parts[5] = linkAlertsToIncidents(parts[5], histories);
  const all = parts.flat().filter((e) => e.at >= from && e.at <= to && (kinds === undefined || kinds.has(e.kind)));
  // Array.prototype.sort is stable: ties keep the source order above.
  return all.sort((a, b) => a.at - b.at);
}
