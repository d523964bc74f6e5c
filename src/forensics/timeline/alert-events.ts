import { type Labels, type SeriesQuerier, seriesKey, type Severity, SEVERITIES } from '../../core/index.js';
import { readAround } from './series-around.js';
import { selectorFor, type TargetFilter } from './target-filter.js';
import type { TimelineEvent, TimelineEventKind, TimelineWindow } from './timeline-event.js';
import { valueChanges } from './value-changes.js';

/** A rule's severity by its name (`alertname`), for alert events; undefined when unknown. */
export type AlertSeverityLookup = (alertname: string) => Severity | undefined;

/** The labels of an alert: its `ALERTS` series' labels without `alertstate`. */
export function alertLabelsOf(labels: Labels): Labels {
  const { alertstate: _alertstate, ...rest } = labels;
  return rest;
}

/** An alert's identity across its `pending` and `firing` series. */
export function alertKey(alertLabels: Labels): string {
  return seriesKey('ALERTS', alertLabels);
}

const KIND: Readonly<Record<'pending' | 'firing', readonly [entered: TimelineEventKind, left: TimelineEventKind]>> = {
  pending: ['alert_pending', 'alert_inactive'],
  firing: ['alert_firing', 'alert_resolved'],
};

const VERB: Readonly<Partial<Record<TimelineEventKind, string>>> = {
  alert_pending: 'pending',
  alert_firing: 'firing',
  alert_resolved: 'resolved',
  alert_inactive: 'cleared before firing',
};

/**
 * Alert transitions from the `ALERTS{alertname, alertstate, …}` series: the rule engine writes 1 to the
 * series of the state an alert is in at every evaluation and 0 once when it leaves it. So a 0→1 (or a
 * first 1) is entering `pending`/`firing`, a 1→0 is leaving; leaving `pending` at the moment the alert
 * fires is the firing itself, and leaving `firing` is the resolution.
 */
export async function alertEvents(
  querier: SeriesQuerier,
  window: TimelineWindow,
  lookbackMs: number,
  targets: TargetFilter,
  severityOf: AlertSeverityLookup = () => undefined,
): Promise<TimelineEvent[]> {
  const all = await readAround(querier, selectorFor('ALERTS', targets), window, lookbackMs);
  const firedAt = new Set<string>();
  const found: { at: number; kind: TimelineEventKind; labels: Labels; key: string; value: number }[] = [];
  for (const series of all) {
    const state = series.labels.alertstate;
    if (state !== 'pending' && state !== 'firing') continue;
    const labels = alertLabelsOf(series.labels);
    const key = alertKey(labels);
    for (const change of valueChanges(series, { assumeBefore: 0, same: (a, b) => a > 0 === b > 0 })) {
      const entered = change.value > 0;
      const kind = KIND[state][entered ? 0 : 1];
      if (kind === 'alert_firing') firedAt.add(`${key}@${change.at}`);
      found.push({ at: change.at, kind, labels, key, value: change.value });
    }
  }
  const out: TimelineEvent[] = [];
  for (const event of found) {
    if (event.kind === 'alert_inactive' && firedAt.has(`${event.key}@${event.at}`)) continue;
    const alertname = event.labels.alertname ?? 'alert';
    const target = event.labels.target;
    const severity = severityOf(alertname) ?? severityLabel(event.labels);
    out.push({
      at: event.at,
      kind: event.kind,
      title: `${alertname} ${VERB[event.kind] ?? event.kind}${target === undefined ? '' : ` on ${target}`}`,
      labels: event.labels,
      ...(target === undefined ? {} : { target }),
      ...(event.labels.ip === undefined ? {} : { ip: event.labels.ip }),
      ...(severity === undefined ? {} : { severity }),
      details: { alertname },
    });
  }
  return out;
}

function severityLabel(labels: Labels): Severity | undefined {
  const value = labels.severity;
  return SEVERITIES.find((s) => s === value);
}
