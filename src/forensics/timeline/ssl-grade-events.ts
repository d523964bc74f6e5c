import { type Labels, type SeriesQuerier, seriesKey } from '../../core/index.js';
import { readAround, type SeriesAround } from './series-around.js';
import { selectorFor, type TargetFilter } from './target-filter.js';
import type { TimelineEvent, TimelineWindow } from './timeline-event.js';
import { valueChanges } from './value-changes.js';

/** The labels that make the grade a label of `ssllabs_grade_info` rather than part of the endpoint's identity. */
const GRADE_LABELS = new Set(['grade', 'grade_trust_ignored']);

interface GradeChange {
  at: number;
  labels: Labels;
  grade?: string;
  previousGrade?: string;
  score?: number;
  previousScore?: number;
}

/**
 * `ssl_grade_changed` per endpoint (`ip`) from `ssllabs_grade_score` value changes and from the `grade`
 * label of `ssllabs_grade_info` (F, T and M share the score 0, so only the label tells them apart). A change
 * seen in both at the same time is one event.
 */
export async function sslGradeEvents(querier: SeriesQuerier, window: TimelineWindow, lookbackMs: number, targets: TargetFilter): Promise<TimelineEvent[]> {
  const [scores, infos] = await Promise.all([
    readAround(querier, selectorFor('ssllabs_grade_score', targets), window, lookbackMs),
    readAround(querier, selectorFor('ssllabs_grade_info', targets), window, lookbackMs),
  ]);
  const changes = new Map<string, GradeChange>();
  const changeAt = (labels: Labels, at: number): GradeChange => {
    const id = `${seriesKey('ssllabs', labels)}@${at}`;
    let change = changes.get(id);
    if (change === undefined) {
      change = { at, labels };
      changes.set(id, change);
    }
    return change;
  };
  for (const series of scores) {
    for (const c of valueChanges(series)) {
      const change = changeAt(series.labels, c.at);
      change.score = c.value;
      if (c.previous !== undefined) change.previousScore = c.previous.v;
    }
  }
  for (const [identity, members] of groupByEndpoint(infos)) {
    for (const c of gradeChanges(members)) {
      const change = changeAt(identity, c.at);
      change.grade = c.grade;
      change.previousGrade = c.previousGrade;
    }
  }
  return [...changes.values()].map(toEvent);
}

/** The info series of each endpoint: one series per grade it has had. */
function groupByEndpoint(infos: readonly SeriesAround[]): Map<Labels, SeriesAround[]> {
  const byKey = new Map<string, { labels: Labels; members: SeriesAround[] }>();
  for (const series of infos) {
    const labels = Object.fromEntries(Object.entries(series.labels).filter(([name]) => !GRADE_LABELS.has(name)));
    const key = seriesKey('ssllabs', labels);
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, { labels, members: [series] });
    else group.members.push(series);
  }
  return new Map([...byKey.values()].map(({ labels, members }) => [labels, members]));
}

/** Points where the endpoint's grade label differs from the one reported just before. */
function gradeChanges(members: readonly SeriesAround[]): { at: number; grade: string; previousGrade: string }[] {
  let previous: { t: number; grade: string } | undefined;
  const points: { t: number; grade: string }[] = [];
  for (const series of members) {
    const grade = series.labels.grade ?? '';
    if (series.before !== undefined && (previous === undefined || series.before.t > previous.t)) previous = { t: series.before.t, grade };
    for (const t of series.t) points.push({ t, grade });
  }
  points.sort((a, b) => a.t - b.t);
  const out: { at: number; grade: string; previousGrade: string }[] = [];
  for (const point of points) {
    if (previous !== undefined && previous.grade !== point.grade) out.push({ at: point.t, grade: point.grade, previousGrade: previous.grade });
    previous = point;
  }
  return out;
}

function toEvent(change: GradeChange): TimelineEvent {
  const { target, ip } = change.labels;
  const where = `${ip ?? 'endpoint'}${target === undefined ? '' : ` (${target})`}`;
  const what =
    change.grade !== undefined
      ? `${change.previousGrade} → ${change.grade}`
      : `score ${change.previousScore ?? '?'} → ${change.score ?? '?'}`;
  return {
    at: change.at,
    kind: 'ssl_grade_changed',
    title: `SSL Labs grade of ${where} ${what}`,
    labels: change.labels,
    ...(target === undefined ? {} : { target }),
    ...(ip === undefined ? {} : { ip }),
    details: {
      ...(change.grade === undefined ? {} : { grade: change.grade, previousGrade: change.previousGrade }),
      ...(change.score === undefined ? {} : { score: change.score, previousScore: change.previousScore }),
    },
  };
}
