import type { SeriesQuerier } from '../../core/index.js';
import { readAround } from './series-around.js';
import { selectorFor, type TargetFilter } from './target-filter.js';
import type { TimelineEvent, TimelineWindow } from './timeline-event.js';
import { valueChanges } from './value-changes.js';

/**
 * `certificate_changed` when `tls_cert_expiry_seconds` (the leaf's notAfter, per target and `ip`) takes a
 * new value: another certificate is being served. The first certificate seen is not a change.
 */
export async function certificateEvents(querier: SeriesQuerier, window: TimelineWindow, lookbackMs: number, targets: TargetFilter): Promise<TimelineEvent[]> {
  const out: TimelineEvent[] = [];
  for (const series of await readAround(querier, selectorFor('tls_cert_expiry_seconds', targets), window, lookbackMs)) {
    const { target, ip } = series.labels;
    for (const change of valueChanges(series)) {
      const expires = iso(change.value);
      out.push({
        at: change.at,
        kind: 'certificate_changed',
        title: `new certificate on ${ip ?? 'endpoint'}${target === undefined ? '' : ` (${target})`}, expires ${expires}`,
        labels: series.labels,
        ...(target === undefined ? {} : { target }),
        ...(ip === undefined ? {} : { ip }),
        details: { expiresAt: expires, previousExpiresAt: change.previous === undefined ? undefined : iso(change.previous.v) },
      });
    }
  }
  return out;
}

function iso(seconds: number): string {
  const ms = seconds * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(seconds);
}
