import type { Incident } from '../../core/incident.js';
import { NocError } from '../../core/noc-error.js';
import type { TimeRange } from '../../core/ports/series-querier.js';

/** How many times longer than the window the baseline is, after Netdata's Metric Correlations. */
export const DEFAULT_BASELINE_FACTOR = 4;

/** The analysed window [from, to] and the baseline [from − factor·(to − from), from) that precedes it. */
export interface AnalysisWindows {
  readonly window: TimeRange;
  readonly baseline: TimeRange;
}

/**
 * The window of an incident: from `marginMs` before it occurred to its resolution, or `now` while it is
 * open. The margin catches the causes that move before the symptom an alert fires on.
 */
export function incidentWindow(incident: Pick<Incident, 'occurredAt' | 'resolvedAt'>, marginMs: number, now: number): TimeRange {
  const to = incident.resolvedAt ?? now;
  return { from: incident.occurredAt - Math.max(0, marginMs), to: Math.max(to, incident.occurredAt) };
}

/** The window and its baseline; rejects with NocError('bad_request') unless from < to, both finite. */
export function analysisWindows(range: TimeRange, baselineFactor = DEFAULT_BASELINE_FACTOR): AnalysisWindows {
  const { from, to } = range;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new NocError('bad_request', `the analysis window needs from < to, got from=${from} to=${to}`);
  }
  if (!(baselineFactor > 0)) throw new NocError('bad_request', `the baseline factor must be positive, got ${baselineFactor}`);
  return { window: { from, to }, baseline: { from: from - baselineFactor * (to - from), to: from } };
}
