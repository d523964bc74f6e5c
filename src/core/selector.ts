import type { Labels } from './labels.js';

/** Label matcher operators, as in PromQL. Regexes are fully anchored. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One `name op "value"` condition on a series' labels. */
export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
}

/** Which series a query or rule reads: a metric name (optional when matchers are given) plus matchers. */
export interface SeriesSelector {
  readonly metric?: string;
  readonly matchers: readonly LabelMatcher[];
}

/** A selector whose regexes are compiled once, ready to test series. */
export interface CompiledSelector {
  readonly metric?: string;
  matches(metric: string, labels: Labels): boolean;
}

/** Thrown by {@link parseSelector}; `offset` is the character where parsing failed. */
export class SelectorSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SelectorSyntaxError';
  }
}

const OPS: readonly MatchOp[] = ['=~', '!~', '!=', '='];

/**
 * Parses `metric{name="v",other=~"a|b"}`, `metric`, or `{name="v"}` (PromQL's series selector).
 * Values are double- or single-quoted with backslash escapes. Every regex is compiled here, so a bad
 * matcher fails at parse time and never at evaluation.
 */
export function parseSelector(text: string): SeriesSelector {
  const src = text.trim();
  let i = 0;
  const fail = (message: string): never => {
    throw new SelectorSyntaxError(`${message} at character ${i + 1} of '${src}'`, i);
  };
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(src);
  const metric = nameMatch ? nameMatch[0] : undefined;
  i = metric?.length ?? 0;
  const matchers: LabelMatcher[] = [];
  const skipSpace = (): void => {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
  };
  skipSpace();
  if (i < src.length) {
    if (src[i] !== '{') fail("expected '{' or end of selector");
    i++;
    skipSpace();
    while (src[i] !== '}') {
      const label = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(src.slice(i));
      if (!label) fail('expected a label name');
      const name = (label as RegExpExecArray)[0];
      i += name.length;
      skipSpace();
      const op = OPS.find((candidate) => src.startsWith(candidate, i));
      if (!op) fail(`expected one of = != =~ !~ after '${name}'`);
      i += (op as MatchOp).length;
      skipSpace();
      const quote = src[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted value');
      i++;
      let value = '';
      while (i < src.length && src[i] !== quote) {
        if (src[i] === '\\' && i + 1 < src.length) {
          i++;
          value += src[i] === 'n' ? '\n' : src[i];
        } else {
          value += src[i];
        }
        i++;
      }
      if (i >= src.length) fail('unterminated quoted value');
      i++;
      if (op === '=~' || op === '!~') {
        try {
          new RegExp(`^(?:${value})$`);
        } catch (error) {
          fail(`invalid regex for '${name}': ${(error as Error).message}`);
        }
      }
      matchers.push({ name, op: op as MatchOp, value });
      skipSpace();
      if (src[i] === ',') {
        i++;
        skipSpace();
      } else if (src[i] !== '}') {
        fail("expected ',' or '}'");
      }
    }
    i++;
    skipSpace();
    if (i < src.length) fail('unexpected text after selector');
  }
  if (metric === undefined && matchers.length === 0) {
    i = 0;
    fail('a selector needs a metric name or at least one matcher');
  }
  return metric === undefined ? { matchers } : { metric, matchers };
}

/** Compiles a selector's regexes once; `matches` is then allocation-free. `__name__` matches the metric. */
export function compileSelector(selector: SeriesSelector): CompiledSelector {
  const tests = selector.matchers.map((m) => {
    const regex = m.op === '=~' || m.op === '!~' ? new RegExp(`^(?:${m.value})$`) : undefined;
    return (metric: string, labels: Labels): boolean => {
      const actual = m.name === '__name__' ? metric : (labels[m.name] ?? '');
      switch (m.op) {
        case '=':
          return actual === m.value;
        case '!=':
          return actual !== m.value;
        case '=~':
          return (regex as RegExp).test(actual);
        case '!~':
          return !(regex as RegExp).test(actual);
      }
    };
  });
  const wanted = selector.metric;
  return {
    ...(wanted === undefined ? {} : { metric: wanted }),
    matches(metric, labels) {
      if (wanted !== undefined && metric !== wanted) return false;
      for (const test of tests) if (!test(metric, labels)) return false;
      return true;
    },
  };
}

/**
 * Matchers on alert labels from selector text such as `{target="sbc-1",site=~"mx.*"}`. A leading name, as
 * in `HighRtt{site="mx"}`, stands for `alertname`: alerts carry their rule's name there, not a metric name.
 * Throws SelectorSyntaxError, with the character where parsing failed.
 */
export function alertMatchersFromText(text: string): LabelMatcher[] {
  const selector = parseSelector(text);
  const named: LabelMatcher[] = selector.metric === undefined ? [] : [{ name: 'alertname', op: '=', value: selector.metric }];
  return [...named, ...selector.matchers];
}
