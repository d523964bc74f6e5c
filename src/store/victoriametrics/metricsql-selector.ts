import type { LabelMatcher, SeriesSelector } from '../../core/index.js';
import { SPECIAL_FIELD, VALUE_FIELD } from '../remote/line-protocol.js';

/** A line protocol field the store writes; VictoriaMetrics names its series `measurement_field`. */
export type VmField = typeof VALUE_FIELD | typeof SPECIAL_FIELD;

/** Both fields: finite values and the NaN/±Inf codes. */
export const BOTH_FIELDS: readonly VmField[] = [VALUE_FIELD, SPECIAL_FIELD];

/**
 * A MetricsQL/PromQL double-quoted string literal holding exactly `text`. VictoriaMetrics unquotes with Go's
 * rules, which accept every escape written here.
 */
export function quoteString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** `text` as an RE2 pattern matching only itself. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function suffixPattern(fields: readonly VmField[]): string {
  return fields.length === 1 ? `_${fields[0] as VmField}` : `_(?:${fields.join('|')})`;
}

/** The `__name__` matcher a matcher on the unsuffixed metric name becomes. */
function nameMatcher(matcher: LabelMatcher, suffix: string): string {
  const pattern = matcher.op === '=' || matcher.op === '!=' ? escapeRegex(matcher.value) : `(?:${matcher.value})`;
  const op = matcher.op === '=' || matcher.op === '=~' ? '=~' : '!~';
  return `__name__${op}${quoteString(`${pattern}${suffix}`)}`;
}

/**
 * The series selector of `selector` over the VictoriaMetrics series of `fields`: the metric name and every
 * `__name__` matcher apply to the name without its `_value`/`_special` suffix, and a selector without a
 * positive name condition still only reaches series this store wrote (names ending in a field suffix).
 */
export function vmSeriesSelector(selector: SeriesSelector, fields: readonly VmField[] = BOTH_FIELDS): string {
  const suffix = suffixPattern(fields);
  const parts: string[] = [];
  if (selector.metric !== undefined) parts.push(nameMatcher({ name: '__name__', op: '=', value: selector.metric }, suffix));
  let positiveName = selector.metric !== undefined;
  for (const matcher of selector.matchers) {
    if (matcher.name === '__name__') {
      parts.push(nameMatcher(matcher, suffix));
      positiveName ||= matcher.op === '=' || matcher.op === '=~';
    } else {
      parts.push(`${matcher.name}${matcher.op}${quoteString(matcher.value)}`);
    }
  }
  if (!positiveName) parts.unshift(`__name__=~${quoteString(`.+${suffix}`)}`);
  return `{${parts.join(',')}}`;
}

/** A series selector for exactly these metric names (unsuffixed) over `fields`. */
export function vmNamesSelector(metrics: readonly string[], fields: readonly VmField[] = BOTH_FIELDS): string {
  const names = metrics.map(escapeRegex).join('|');
  return `{__name__=~${quoteString(`(?:${names})${suffixPattern(fields)}`)}}`;
}

/** Splits a VictoriaMetrics series name into the metric this store wrote and its field; undefined for others. */
export function splitVmName(name: string): { metric: string; field: VmField } | undefined {
  for (const field of BOTH_FIELDS) {
    const suffix = `_${field}`;
    if (name.length > suffix.length && name.endsWith(suffix)) return { metric: name.slice(0, -suffix.length), field };
  }
  return undefined;
}
