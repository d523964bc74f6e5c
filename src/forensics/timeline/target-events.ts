import { formatDuration, type SeriesQuerier } from '../../core/index.js';
import { readAround } from './series-around.js';
import { selectorFor, type TargetFilter } from './target-filter.js';
import type { TimelineEvent, TimelineWindow } from './timeline-event.js';
import { valueChanges } from './value-changes.js';

const isUp = (v: number): boolean => v > 0;

/**
 * `target_down` / `target_up` from flips of `up{target,probe}`. A series that starts inside the window
 * sets its state without an event; a gap is no change, and the flip after it reports how long the state before held.
 */
export async function targetEvents(querier: SeriesQuerier, window: TimelineWindow, lookbackMs: number, targets: TargetFilter): Promise<TimelineEvent[]> {
  const out: TimelineEvent[] = [];
  for (const series of await readAround(querier, selectorFor('up', targets), window, lookbackMs)) {
    const target = series.labels.target;
    const probe = series.labels.probe;
    const name = `${target ?? series.key}${probe === undefined ? '' : ` (${probe})`}`;
    // When the state before began is known only from flips inside the window.
    let since: number | undefined;
    for (const change of valueChanges(series, { same: (a, b) => isUp(a) === isUp(b) })) {
      const up = isUp(change.value);
      const lasted = since === undefined ? '' : ` after ${formatDuration(change.at - since)} ${up ? 'down' : 'up'}`;
      out.push({
        at: change.at,
        kind: up ? 'target_up' : 'target_down',
        title: `${name} ${up ? 'up' : 'down'}${lasted}`,
        labels: series.labels,
        ...(target === undefined ? {} : { target }),
        details: { probe, value: change.value, previousValue: change.previous?.v, previousAt: change.previous?.t, ...(since === undefined ? {} : { stateSince: since }) },
      });
      since = change.at;
    }
  }
  return out;
}
