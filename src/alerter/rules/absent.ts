import { type Labels, scanLatest, type SeriesKey } from '../../core/index.js';
import { ObservationList, type RuleEvaluator } from './observation.js';

/** How long a silent series is still remembered as one that should be reporting. */
export const ABSENT_MEMORY_MS = 24 * 3_600_000;

/**
 * Absent: a series seen in the last day with no sample in the last `window` is absent (a silent collector
 * is not "up"); when no series matches at all, one alert carries the selector's equality labels, as
 * PromQL's `absent()` does. Value: seconds since the series' last sample (0 when never seen).
 */
export const evaluateAbsent: RuleEvaluator<'absent'> = async (rule, querier, at, scope) => {
  const known = await querier.series(rule.select, { from: at - ABSENT_MEMORY_MS, to: at });
  const present = new Set<SeriesKey>();
  await scanLatest(querier, rule.select, { at, lookback: rule.window }, (series) => present.add(series.key));
  const out = new ObservationList(rule, scope, querier);
  const silent = known.filter((series) => !present.has(series.key));
  if (silent.length > 0) {
    const last = await querier.latest(rule.select, { at, lookback: ABSENT_MEMORY_MS });
    const lastSeen = new Map(last.map((sample) => [sample.key, sample.t]));
    for (const series of silent) {
      const seenAt = lastSeen.get(series.key);
      out.add(series, true, false, seenAt === undefined ? 0 : (at - seenAt) / 1000);
    }
  }
  for (const series of known) if (present.has(series.key)) out.add(series, false, true, 0);
  if (known.length === 0) {
    const labels: Record<string, string> = {};
    for (const matcher of rule.select.matchers) if (matcher.op === '=' && matcher.name !== '__name__') labels[matcher.name] = matcher.value;
    out.addStandIn(labels as Labels, true, false, 0);
  }
  return out.finish();
};
