import type { LabelMatcher, SeriesSelector, TimeRange } from '../../core/index.js';

/** A double-quoted InfluxQL identifier (measurement, tag key), escaped as influxql.QuoteIdent does. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A single-quoted InfluxQL string literal: its scanner knows only the escapes \\ \' \" and \n. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/**
 * A `/.../` InfluxQL regex literal matching the whole value, as the selector's matchers do. The scanner turns
 * `\/` into `/` and passes every other escape through to RE2, so only slashes need escaping; an escaped
 * slash of the source stays one.
 */
export function regexLiteral(pattern: string): string {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[i + 1] as string;
      body += next === '/' ? '\\/' : `\\${next}`;
      i++;
    } else if (c === '/') {
      body += '\\/';
    } else if (c === '\n') {
      body += '\\n';
    } else {
      body += c;
    }
  }
  return `/^(?:${body})$/`;
}

/** One label matcher as an InfluxQL condition; `::tag` keeps a label named like a field (`value`) a tag. */
export function matcherCondition(matcher: LabelMatcher): string {
  const tag = `${quoteIdentifier(matcher.name)}::tag`;
  switch (matcher.op) {
    case '=':
      return `${tag} = ${quoteString(matcher.value)}`;
    case '!=':
      return `${tag} != ${quoteString(matcher.value)}`;
    case '=~':
      return `${tag} =~ ${regexLiteral(matcher.value)}`;
    case '!~':
      return `${tag} !~ ${regexLiteral(matcher.value)}`;
  }
}

/** Conditions of the label matchers (metric-name matchers are resolved to measurements separately). */
export function labelConditions(selector: SeriesSelector): string[] {
  return selector.matchers.filter((m) => m.name !== '__name__').map(matcherCondition);
}

/** `time >= from AND time <= to` in ms (closed interval). */
export function timeConditions(range: TimeRange): string[] {
  return [`time >= ${Math.floor(range.from)}ms`, `time <= ${Math.floor(range.to)}ms`];
}

/** ` WHERE a AND b`, or nothing for no conditions. */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}`;
}

/** The FROM list of explicit measurements. */
export function fromClause(measurements: readonly string[]): string {
  return ` FROM ${measurements.map(quoteIdentifier).join(',')}`;
}
