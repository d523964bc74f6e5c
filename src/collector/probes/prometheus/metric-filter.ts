import type { ProbeOf } from '../../../config/index.js';

type MetricMatcher = NonNullable<ProbeOf<'prometheus'>['metrics']>[number];

/** Decides whether a scraped sample is kept, by its family name or its own name. */
export type MetricFilter = (family: string, name: string) => boolean;

/**
 * The filter of a `metrics` allow-list; everything passes without one. Matching the family too means
 * `http_request_duration_seconds` keeps its `_bucket`, `_sum` and `_count` series.
 */
export function metricFilter(matchers: readonly MetricMatcher[] | undefined): MetricFilter {
  if (matchers === undefined) return () => true;
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  for (const matcher of matchers) {
    if ('name' in matcher) names.add(matcher.name);
    else patterns.push(matcher.regex);
  }
  const matches = (text: string) => names.has(text) || patterns.some((pattern) => pattern.test(text));
  return (family, name) => matches(family) || (name !== family && matches(name));
}
