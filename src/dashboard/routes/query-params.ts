import {
  type Aggregation,
  AGGREGATIONS,
  isLabelName,
  NocError,
  parseDuration,
  parseSelector,
  parseTime,
  SelectorSyntaxError,
  type SeriesSelector,
} from '../../core/index.js';

/** Query string values as express parses them. */
export type Query = Record<string, unknown>;

/** A single string parameter, or undefined; repeated or nested parameters are a bad request. */
export function stringParam(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new NocError('bad_request', `parameter '${name}' must be given once, as text`);
  return value;
}

/** A selector from `match` (PromQL text), or from `metric` plus one `<label>=<value>` parameter per label. */
export function selectorParam(query: Query, reserved: readonly string[]): SeriesSelector {
  const match = stringParam(query, 'match');
  if (match !== undefined) {
    try {
      return parseSelector(match);
    } catch (error) {
      if (error instanceof SelectorSyntaxError) throw new NocError('bad_request', `parameter 'match': ${error.message}`);
      throw error;
    }
  }
  const metric = stringParam(query, 'metric');
  const matchers = Object.keys(query)
    .filter((name) => !reserved.includes(name) && name !== 'metric')
    .map((name) => {
      if (!isLabelName(name)) throw new NocError('bad_request', `parameter '${name}' is neither a known parameter nor a label name`);
      return { name, op: '=' as const, value: stringParam(query, name) as string };
    });
  if (metric === undefined && matchers.length === 0) {
    throw new NocError('bad_request', "give 'match' (a selector such as up{role=\"sbc\"}) or 'metric' with optional label parameters");
  }
  return metric === undefined ? { matchers } : { metric, matchers };
}

/** A time parameter (`now`, `-2h`, ISO-8601, Unix seconds), with a default. */
export function timeParam(query: Query, name: string, now: number, fallback: number): number {
  const text = stringParam(query, name);
  if (text === undefined) return fallback;
  const ms = parseTime(text, now);
  if (ms === undefined) throw new NocError('bad_request', `parameter '${name}': expected now, -2h, an ISO-8601 time or Unix seconds, got '${text}'`);
  return ms;
}

/** A step: a duration (`30s`, `5m`) or a number of seconds; undefined when absent. */
export function stepParam(query: Query): number | undefined {
  const text = stringParam(query, 'step');
  if (text === undefined) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : parseDuration(text);
  if (ms === undefined || ms <= 0) throw new NocError('bad_request', `parameter 'step': expected a duration such as 30s or 5m, got '${text}'`);
  return ms;
}

/** The aggregation of a stepped query (`fn`, default avg). */
export function aggregationParam(query: Query): Aggregation {
  const fn = stringParam(query, 'fn') ?? 'avg';
  if (!(AGGREGATIONS as readonly string[]).includes(fn)) {
    throw new NocError('bad_request', `parameter 'fn': expected one of ${AGGREGATIONS.join(', ')}, got '${fn}'`);
  }
  return fn as Aggregation;
}
