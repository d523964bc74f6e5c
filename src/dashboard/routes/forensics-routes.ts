import { Router } from 'express';
import {
  type Clock,
  type Incident,
  type IncidentStore,
  NocError,
  parseSelector,
  SelectorSyntaxError,
  type SeriesKey,
  type SeriesQuerier,
  type SeriesSelector,
  type TimeRange,
} from '../../core/index.js';
import {
  analysisWindows,
  type AlertSeverityLookup,
  type ForensicSnapshot,
  forensicReport,
  INCIDENT_MARGIN_MS,
  incidentWindow,
  type MaintenanceLookup,
  type TimelineEvent,
  type WindowAnalysis,
  type WindowAnalysisOptions,
} from '../../forensics/index.js';
import { requireRole } from '../auth.js';
import { type Query, stringParam, timeParam } from './query-params.js';

/** Entries `GET /forensics` returns without `limit`. */
export const DEFAULT_FORENSICS_LIMIT = 50;
/** Most entries one answer carries. */
export const MAX_FORENSICS_LIMIT = 10_000;

const PARAMETERS = ['from', 'to', 'incident', 'focus', 'match', 'limit'];

/** What `GET /forensics` reads. */
export interface ForensicsRoutesDeps {
  readonly querier: SeriesQuerier;
  /** Incidents, for `incident=` and the timeline's incident events; without them `incident=` is a 404. */
  readonly incidents?: { get(number: string): Promise<Incident> } & Pick<IncidentStore, 'list' | 'timeline'>;
  /** Maintenance occurrences for the timeline (the alerter's calendar). */
  readonly maintenance?: MaintenanceLookup;
  /** A rule's severity by name, for alert events of the timeline. */
  readonly alertSeverity?: AlertSeverityLookup;
  /** Tuning of the analysis (the `limit` parameter overrides its limit). */
  readonly analysis?: WindowAnalysisOptions;
  readonly clock: Clock;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const rangeJson = (range: TimeRange): { from: string; to: string } => ({ from: iso(range.from), to: iso(range.to) });

/**
 * A JSON-ready copy: JSON has no NaN or infinities, so those travel as the strings "NaN", "+Inf" and
 * "-Inf", as in `GET /query_range`.
 */
export function finiteJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  if (Array.isArray(value)) return value.map(finiteJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, finiteJson(v)]));
  return value;
}

/** A timeline event as the API shows it: `at` in ISO-8601. */
export function timelineEventJson(event: TimelineEvent): unknown {
  return finiteJson({ ...event, at: iso(event.at) });
}

/** A frozen snapshot as the API shows it (`forensics` of an incident). */
export function forensicSnapshotJson(snapshot: ForensicSnapshot): Record<string, unknown> {
  return {
    takenAt: iso(snapshot.takenAt),
    window: rangeJson(snapshot.window),
    baseline: rangeJson(snapshot.baseline),
    considered: snapshot.considered,
    scored: snapshot.scored,
    skipped: snapshot.skipped,
    entries: finiteJson(snapshot.entries),
    timeline: snapshot.timeline.map(timelineEventJson),
    timelineOmitted: snapshot.timelineOmitted,
    tookMs: Math.round(snapshot.tookMs),
  };
}

function analysisJson(analysis: WindowAnalysis): Record<string, unknown> {
  const focus = analysis.focus;
  return {
    window: rangeJson(analysis.window),
    baseline: rangeJson(analysis.baseline),
    considered: analysis.considered,
    scored: analysis.scored,
    skipped: analysis.skipped,
    ...(focus === undefined
      ? {}
      : { focus: { key: focus.key, metric: focus.metric, labels: focus.labels, rated: focus.rated, grid: { start: iso(focus.grid.start), step: focus.grid.step, count: focus.grid.count }, maxLag: focus.maxLag } }),
    entries: finiteJson(analysis.entries),
  };
}

function selectorOf(query: Query, name: string): SeriesSelector | undefined {
  const text = stringParam(query, name);
  if (text === undefined) return undefined;
  try {
    return parseSelector(text);
  } catch (error) {
    if (error instanceof SelectorSyntaxError) throw new NocError('bad_request', `parameter '${name}': ${error.message}`);
    throw error;
  }
}

function limitOf(query: Query): number {
  const text = stringParam(query, 'limit');
  if (text === undefined) return DEFAULT_FORENSICS_LIMIT;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_FORENSICS_LIMIT) {
    throw new NocError('bad_request', `parameter 'limit': expected a whole number from 1 to ${MAX_FORENSICS_LIMIT}, got '${text}'`);
  }
  return limit;
}

/** The targets a selector pins with `target="…"`, to narrow the timeline as the ranking is narrowed. */
function pinnedTargets(selector: SeriesSelector | undefined): string[] | undefined {
  const pinned = selector?.matchers.filter((m) => m.name === 'target' && m.op === '=').map((m) => m.value) ?? [];
  return pinned.length === 1 ? pinned : undefined;
}

/**
 * `GET /forensics` (viewer): the series of a window (`from`/`to`, or an incident's window) ranked by how
 * they changed against the baseline before it, optionally correlated with a `focus` series, with the
 * timeline of the window.
 */
export function forensicsRoutes(deps: ForensicsRoutesDeps): Router {
  const router = Router();

  router.get('/forensics', requireRole('viewer'), async (req, res) => {
    const query = req.query as Query;
    const now = deps.clock.now();
    const unknown = Object.keys(query).filter((name) => !PARAMETERS.includes(name));
    if (unknown.length > 0) throw new NocError('bad_request', `parameter '${unknown[0]}' is not known; expected ${PARAMETERS.join(', ')}`);
    const number = stringParam(query, 'incident');
    const hasRange = query.from !== undefined || query.to !== undefined;
    if (number !== undefined && hasRange) throw new NocError('bad_request', "parameter 'incident': give either incident or from/to, not both");
    if (number === undefined && query.from === undefined) throw new NocError('bad_request', "parameter 'from': required (or give 'incident')");
    const filter = selectorOf(query, 'match');
    const focusSelector = selectorOf(query, 'focus');
    const limit = limitOf(query);

    let window: TimeRange;
    if (number !== undefined) {
      if (number.trim() === '') throw new NocError('bad_request', "parameter 'incident': expected a tracking number");
      if (deps.incidents === undefined) throw new NocError('not_found', `no incident ${number}: this server keeps no incidents`);
      window = incidentWindow(await deps.incidents.get(number), INCIDENT_MARGIN_MS, now);
    } else {
      const to = timeParam(query, 'to', now, now);
      const from = timeParam(query, 'from', now, to);
      if (!(from < to)) throw new NocError('bad_request', `parameter 'from': must be before 'to' (${iso(from)} is not before ${iso(to)})`);
      window = { from, to };
    }

    let focus: SeriesKey | undefined;
    if (focusSelector !== undefined) {
      const { baseline } = analysisWindows(window, deps.analysis?.baselineFactor);
      const matches = await deps.querier.series(focusSelector, { from: baseline.from, to: window.to });
      if (matches.length === 0) throw new NocError('not_found', `parameter 'focus': no series matches ${stringParam(query, 'focus')} around the window`);
      if (matches.length > 1) {
        const some = matches.slice(0, 5).map((m) => m.key).join(', ');
        throw new NocError('bad_request', `parameter 'focus': ${matches.length} series match; name exactly one (e.g. ${some})`);
      }
      focus = matches[0]?.key;
    }

    const targets = pinnedTargets(filter);
    const report = await forensicReport(
      {
        series: deps.querier,
        ...(deps.incidents === undefined ? {} : { incidents: deps.incidents }),
        ...(deps.maintenance === undefined ? {} : { maintenance: deps.maintenance }),
      },
      { ...window, ...(filter === undefined ? {} : { filter }), ...(focus === undefined ? {} : { focus }) },
      deps.clock,
      {
        analysis: { ...deps.analysis, limit },
        timeline: { ...(targets === undefined ? {} : { targets }), ...(deps.alertSeverity === undefined ? {} : { alertSeverity: deps.alertSeverity }) },
      },
    );
    res.json({
      data: {
        ...analysisJson(report.analysis),
        ...(number === undefined ? {} : { incident: number }),
        timeline: report.timeline.map(timelineEventJson),
        tookMs: Math.round(report.tookMs),
      },
    });
  });

  return router;
}
