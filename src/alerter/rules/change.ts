import { type Labels, scanRange, type SeriesPoints } from '../../core/index.js';
import type { TimeValues } from '../statistics/time-values.js';
import { ObservationList, type RuleEvaluator, type RuleOf } from './observation.js';

/** How far before the hold period the previous value is looked for. */
const PREVIOUS_LOOKBACK_MS = 24 * 3_600_000;

function changedWithin(rule: RuleOf<'change'>, series: TimeValues, since: number): number | undefined {
  const { t, v } = series;
  for (let i = t.length - 1; i >= 1; i--) {
    if ((t[i] as number) < since) break;
    const before = v[i - 1] as number;
    const after = v[i] as number;
    if (before === after || (Number.isNaN(before) && Number.isNaN(after))) continue;
    if (rule.direction === 'any' || (rule.direction === 'up' ? after > before : after < before)) return after;
  }
  return undefined;
}

function withoutLabel(labels: Labels, name: string): Labels {
  const { [name]: _dropped, ...rest } = labels;
  return rest;
}

/**
 * Change: fires for `hold` after a series' value changed (in `direction`), or after the value of `label`
 * changed between the series of one group (an info series whose grade or serial label moved). Value: the
 * new value, or 1 for a label change.
 */
export const evaluateChange: RuleEvaluator<'change'> = async (rule, querier, at, scope) => {
  const since = at - rule.hold;
  const range = { from: since - PREVIOUS_LOOKBACK_MS, to: at };
  const out = new ObservationList(rule, scope, querier);
  if (rule.label === undefined) {
    // Each series is judged as it is read: the store need not copy them all out first.
    await scanRange(querier, rule.select, range, (info, t, v) => {
      const changedTo = changedWithin(rule, { t, v }, since);
      out.add(info, changedTo !== undefined, changedTo === undefined, changedTo ?? (v[v.length - 1] as number));
    });
    return out.finish();
  }
  const series = await querier.range(rule.select, range);
  const label = rule.label;
  const groups = new Map<string, SeriesPoints[]>();
  for (const points of series) {
    const key = JSON.stringify(withoutLabel(points.labels, label));
    groups.set(key, [...(groups.get(key) ?? []), points]);
  }
  for (const members of groups.values()) {
    // The member reporting last is the current one; it changed if it began after `since` while another reported before it.
    const byStart = [...members].sort((a, b) => (a.t[0] as number) - (b.t[0] as number));
    const current = members.reduce((latest, s) => ((s.t[s.t.length - 1] as number) > (latest.t[latest.t.length - 1] as number) ? s : latest));
    const began = current.t[0] as number;
    const hadPrevious = byStart.some((s) => s !== current && (s.t[0] as number) < began && s.labels[label] !== current.labels[label]);
    const active = hadPrevious && began >= since;
    out.add(current, active, !active, active ? 1 : 0);
  }
  return out.finish();
};
