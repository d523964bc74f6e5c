import type { Clock } from '../../core/index.js';
import { analyzeWindow, type WindowAnalysisOptions, type WindowAnalysisRequest } from '../analysis/analyze-window.js';
import type { WindowAnalysis } from '../analysis/window-analysis.js';
import { buildTimeline, type TimelineOptions, type TimelineSources } from '../timeline/build-timeline.js';
import type { TimelineEvent } from '../timeline/timeline-event.js';

/** Where a forensic report reads: the series for the ranking, and the timeline's sources beside them. */
export interface ForensicSources extends TimelineSources {
  readonly series: NonNullable<TimelineSources['series']>;
}

/** Options of {@link forensicReport}. */
export interface ForensicReportOptions {
  readonly analysis?: WindowAnalysisOptions;
  readonly timeline?: TimelineOptions;
}

/** The ranked series of a window, what happened in it, and how long the whole took. */
export interface ForensicReport {
  readonly analysis: WindowAnalysis;
  readonly timeline: readonly TimelineEvent[];
  /** Wall time of the analysis and timeline together, from the monotonic clock. */
  readonly tookMs: number;
}

/**
 * Ranks every series of the window against its baseline and builds the timeline of the window, both at
 * once. Rejects as analyzeWindow does: NocError('bad_request') for a bad window, 'not_found' for a focus
 * series without samples.
 */
export async function forensicReport(
  sources: ForensicSources,
  request: WindowAnalysisRequest,
  clock: Pick<Clock, 'monotonic'>,
  options: ForensicReportOptions = {},
): Promise<ForensicReport> {
  const started = clock.monotonic();
  const [analysis, timeline] = await Promise.all([
    analyzeWindow(sources.series, request, options.analysis),
    buildTimeline({ from: request.from, to: request.to }, sources, options.timeline),
  ]);
  return { analysis, timeline, tookMs: clock.monotonic() - started };
}
