import { type Labels, seriesKey, type SeriesKey } from './labels.js';
import type { Sample } from './sample.js';
import { parseSelector } from './selector.js';

/** A mistake in series DSL text; the message names the token or label at fault. */
export class SeriesDslError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeriesDslError';
  }
}

/** A series written as `metric{name="value",…}`: its metric, labels and canonical key. */
export interface DslSeries {
  readonly metric: string;
  readonly labels: Labels;
  readonly key: SeriesKey;
}

/** At most this many values per series: a typo such as `0x1000000000` must fail, not exhaust memory. */
export const MAX_DSL_VALUES = 1_000_000;

const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
// `start`, an optional `+step`/`-step`, then `xCOUNT`: `5x3`, `_x10`, `-2+4x3`, `1e3-1e2x5`.
const DECIMAL = new RegExp(`^[+-]?${NUMBER}$`);
const EXPANSION = new RegExp(String.raw`^([+-]?${NUMBER}|NaN|[+-]?Inf|_)(?:([+-])(${NUMBER}))?x(\d+)$`);

/**
 * Parses a series written as `metric{name="value",…}`: a metric name and `=` matchers only, each label
 * once. An empty value means "no such label", as in Prometheus.
 */
export function parseDslSeries(text: string): DslSeries {
  let selector;
  try {
    selector = parseSelector(text);
  } catch (error) {
    throw new SeriesDslError((error as Error).message);
  }
  if (selector.metric === undefined) throw new SeriesDslError(`a series needs a metric name: '${text.trim()}'`);
  const labels: Record<string, string> = {};
  for (const matcher of selector.matchers) {
    if (matcher.op !== '=') throw new SeriesDslError(`a series has label values, not matchers: write ${matcher.name}="…", not ${matcher.name}${matcher.op}"…"`);
    if (matcher.name in labels) throw new SeriesDslError(`label ${matcher.name} is given twice`);
    labels[matcher.name] = matcher.value;
  }
  return { metric: selector.metric, labels, key: seriesKey(selector.metric, labels) };
}

/**
 * Parses the values of one series, one entry per step (undefined = no sample at that step):
 * numbers, `NaN`, `Inf`, `-Inf`, `_` (no sample), `VxN` (V written N times, also `_xN`) and `A+BxN` /
 * `A-BxN` (N values from A, each B more / less than the one before: `1+1x3` is `1 2 3`). Unlike promtool,
 * whose `xN` writes N+1 values, `xN` here always writes N.
 */
export function parseDslValues(text: string): (number | undefined)[] {
  const values: (number | undefined)[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (token === '') continue;
    if (!token.includes('x')) {
      values.push(token === '_' ? undefined : parseDslValue(token));
    } else {
      const match = EXPANSION.exec(token);
      if (match === null) throw new SeriesDslError(`not a value or an expansion such as 5x3 or 1+2x10: '${token}'`);
      // Groups 1 and 4 always take part in a match; 2 and 3 only with a step.
      const start = match[1] as string;
      const sign = match[2];
      const count = Number(match[4]);
      if (start === '_' && sign !== undefined) throw new SeriesDslError(`a missing sample cannot grow: '${token}'`);
      if (values.length + count > MAX_DSL_VALUES) throw new SeriesDslError(`more than ${MAX_DSL_VALUES} values in one series`);
      const first = start === '_' ? undefined : parseDslValue(start);
      const step = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * Number(match[3]);
      // toPrecision(15) keeps 0.1+0.1x3 at 0.3 rather than 0.30000000000000004.
      for (let i = 0; i < count; i++) values.push(first === undefined ? undefined : step === 0 ? first : Number((first + i * step).toPrecision(15)));
    }
    if (values.length > MAX_DSL_VALUES) throw new SeriesDslError(`more than ${MAX_DSL_VALUES} values in one series`);
  }
  return values;
}

/** Samples of `series` from its values at `start`, `start + step`, …; steps without a value write none. */
export function dslSamples(series: SeriesKey, values: readonly (number | undefined)[], start: number, step: number): Sample[] {
  const samples: Sample[] = [];
  values.forEach((v, i) => {
    if (v !== undefined) samples.push({ series, t: start + i * step, v });
  });
  return samples;
}

/**
 * Builds samples from a compact text, for tests of stores, rules and forensics. Each line is a series then
 * its values at `start`, `start + step`, …: `up{target="sbc-1"} 1 1 0 0 _ 1` (see {@link parseDslValues}
 * for the value notation). Samples come out in time order; a bad line throws a {@link SeriesDslError}.
 */
export function samplesFromDsl(text: string, start: number, step: number): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const split = line.lastIndexOf('}') >= 0 ? line.lastIndexOf('}') + 1 : line.indexOf(' ');
    if (split <= 0) throw new SeriesDslError(`a line needs a series and its values: '${line}'`);
    const { key } = parseDslSeries(line.slice(0, split));
    samples.push(...dslSamples(key, parseDslValues(line.slice(split)), start, step));
  }
  return samples.sort((a, b) => a.t - b.t);
}

function parseDslValue(token: string): number {
  if (token === 'Inf' || token === '+Inf') return Infinity;
  if (token === '-Inf') return -Infinity;
  if (token === 'NaN') return NaN;
  const value = Number(token);
  // Number() would also take '', '0x1f' and ' 1 '; only decimal notation is a value here.
  if (!DECIMAL.test(token) || Number.isNaN(value)) throw new SeriesDslError(`not a value: '${token}'`);
  return value;
}
