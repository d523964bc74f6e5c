import type { LabelMatcher, SeriesSelector } from '../../core/index.js';

/** Restricts a timeline to some targets; absent means every target. */
export type TargetFilter = readonly string[] | undefined;

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/** The selector of `metric`, limited to the filter's targets with one anchored alternation (one query, not one per target). */
export function selectorFor(metric: string, targets: TargetFilter): SeriesSelector {
  if (targets === undefined) return { metric, matchers: [] };
  const matcher: LabelMatcher = { name: 'target', op: '=~', value: targets.map((t) => t.replace(REGEX_SPECIALS, '\\$&')).join('|') };
  return { metric, matchers: [matcher] };
}

/** Whether any of `targets` passes the filter. */
export function touchesTargets(targets: readonly string[], filter: TargetFilter): boolean {
  return filter === undefined || targets.some((t) => filter.includes(t));
}
