import { type Clock, type Incident, NocError, type StoredForensicSnapshot, type TimeRange } from '../../core/index.js';
import { incidentWindow } from '../analysis/analysis-window.js';
import type { WindowAnalysisOptions } from '../analysis/analyze-window.js';
import type { RankedSeries, SkippedCounts } from '../analysis/window-analysis.js';
import type { TimelineOptions } from '../timeline/build-timeline.js';
import type { TimelineEvent } from '../timeline/timeline-event.js';
import { forensicReport, type ForensicSources } from './forensic-report.js';

/** How far before an incident occurred its window starts: causes move before the symptom an alert fires on. */
export const INCIDENT_MARGIN_MS = 15 * 60_000;
/** Ranked entries a snapshot keeps. */
export const SNAPSHOT_TOP = 10;
/** Timeline events a snapshot keeps at most (the earliest ones); an alert storm must not bloat the row. */
export const SNAPSHOT_MAX_EVENTS = 500;

/** The forensic analysis frozen onto an incident: what changed and what happened, as it looked then. */
export interface ForensicSnapshot {
  readonly incident: string;
  /** When the analysis ran. */
  readonly takenAt: number;
  readonly window: TimeRange;
  readonly baseline: TimeRange;
  readonly considered: number;
  readonly scored: number;
  readonly skipped: SkippedCounts;
  /** The best {@link SNAPSHOT_TOP} entries. */
  readonly entries: readonly RankedSeries[];
  readonly timeline: readonly TimelineEvent[];
  /** Timeline events left out beyond {@link SNAPSHOT_MAX_EVENTS}. */
  readonly timelineOmitted: number;
  readonly tookMs: number;
}

/** Options of {@link takeSnapshot}. */
export interface SnapshotOptions {
  /** Default {@link INCIDENT_MARGIN_MS}. */
  readonly marginMs?: number;
  /** Default {@link SNAPSHOT_TOP}. */
  readonly top?: number;
  readonly analysis?: WindowAnalysisOptions;
  readonly timeline?: TimelineOptions;
}

/** Runs the analysis and the timeline over the incident's window (its margin before it occurred to now). */
export async function takeSnapshot(
  sources: ForensicSources,
  incident: Pick<Incident, 'number' | 'occurredAt' | 'resolvedAt'>,
  clock: Clock,
  options: SnapshotOptions = {},
): Promise<ForensicSnapshot> {
  const takenAt = clock.now();
  const window = incidentWindow(incident, options.marginMs ?? INCIDENT_MARGIN_MS, takenAt);
  const top = options.top ?? SNAPSHOT_TOP;
  const report = await forensicReport(sources, window, clock, {
    analysis: { ...options.analysis, limit: Math.min(top, options.analysis?.limit ?? top) },
    ...(options.timeline === undefined ? {} : { timeline: options.timeline }),
  });
  const { analysis } = report;
  return {
    incident: incident.number,
    takenAt,
    window: analysis.window,
    baseline: analysis.baseline,
    considered: analysis.considered,
    scored: analysis.scored,
    skipped: analysis.skipped,
    entries: analysis.entries,
    timeline: report.timeline.slice(0, SNAPSHOT_MAX_EVENTS),
    timelineOmitted: Math.max(0, report.timeline.length - SNAPSHOT_MAX_EVENTS),
    tookMs: report.tookMs,
  };
}

/** The row a {@link ForensicSnapshotStore} keeps. */
export function toStoredSnapshot(snapshot: ForensicSnapshot): StoredForensicSnapshot {
  const { incident, takenAt, window, ...content } = snapshot;
  return { incident, takenAt, window, content };
}

/** A stored row back as a snapshot; NocError('internal') when the row is not one this module wrote. */
export function fromStoredSnapshot(stored: StoredForensicSnapshot): ForensicSnapshot {
  const content = stored.content;
  if (!Array.isArray(content.entries) || !Array.isArray(content.timeline)) {
    throw new NocError('internal', `the forensic snapshot of ${stored.incident} is unreadable`);
  }
  // The content is what toStoredSnapshot wrote; fields added later default so that old rows still read.
  return {
    baseline: { from: stored.window.from, to: stored.window.from },
    considered: 0,
    scored: 0,
    skipped: { empty: 0, constant: 0 },
    timelineOmitted: 0,
    tookMs: 0,
    ...(content as Partial<ForensicSnapshot>),
    entries: content.entries as RankedSeries[],
    timeline: content.timeline as TimelineEvent[],
    incident: stored.incident,
    takenAt: stored.takenAt,
    window: stored.window,
  };
}
