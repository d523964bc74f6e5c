import { LineCursor, SyntaxProblem } from './line-cursor.js';

/** The metric types of the Prometheus text exposition format (0.0.4). */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One sample line of an exposition, with its escapes resolved and its value parsed. */
export interface ExpositionSample {
  /** The family the sample belongs to: `rq` for `rq_bucket` when `rq` is declared a histogram. */
  readonly family: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** May be NaN or ±Infinity, as the format allows. */
  readonly value: number;
  /** Milliseconds since the Unix epoch, when the exposer gave one. */
  readonly timestampMs?: number;
}

/** The samples of an exposition in their order, or the first thing wrong with it (`line N: …`). */
export type ParseExpositionResult =
  | { readonly ok: true; readonly samples: readonly ExpositionSample[] }
  | { readonly ok: false; readonly error: string };

const TYPES: ReadonlySet<string> = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * Parses the Prometheus text exposition format: HELP/TYPE metadata and comments, label value escapes
 * (`\\`, `\"`, `\n`), NaN and ±Inf values, optional timestamps, histogram and summary series.
 */
export function parseExposition(text: string): ParseExpositionResult {
  const families = new FamilyTable();
  const samples: ExpositionSample[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    // Exposers on Windows end lines with CRLF; the carriage return is not part of the line.
    const cursor = new LineCursor(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    try {
      cursor.skipBlanks();
      if (cursor.atEnd()) continue;
      if (cursor.peek() === '#') readComment(cursor, families);
      else samples.push(readSample(cursor, families));
    } catch (error) {
      if (error instanceof SyntaxProblem) return { ok: false, error: `line ${index + 1}: ${error.message}` };
      throw error;
    }
  }
  return { ok: true, samples };
}

/** What HELP and TYPE lines declared, and which families already had samples. */
class FamilyTable {
  private readonly types = new Map<string, MetricType>();
  private readonly helped = new Set<string>();
  private readonly sampled = new Set<string>();

  declareType(name: string, type: MetricType): void {
    if (this.types.has(name)) throw new SyntaxProblem(`second TYPE line for ${name}`);
    if (this.sampled.has(name)) throw new SyntaxProblem(`TYPE line for ${name} after its samples`);
    this.types.set(name, type);
  }

  declareHelp(name: string): void {
    if (this.helped.has(name)) throw new SyntaxProblem(`second HELP line for ${name}`);
    this.helped.add(name);
  }

  /** The family of a sample name and its type: `_bucket`, `_sum` and `_count` belong to a typed base. */
  familyOf(name: string): { family: string; type: MetricType; suffix: string } {
    const own = this.types.get(name);
    if (own !== undefined) return this.seen(name, own, '');
    for (const suffix of ['_bucket', '_sum', '_count']) {
      if (!name.endsWith(suffix)) continue;
      const base = name.slice(0, -suffix.length);
      const type = this.types.get(base);
      if (type === 'histogram' || (type === 'summary' && suffix !== '_bucket')) return this.seen(base, type, suffix);
    }
    return this.seen(name, 'untyped', '');
  }

  private seen(family: string, type: MetricType, suffix: string) {
    this.sampled.add(family);
    return { family, type, suffix };
  }
}

function readComment(cursor: LineCursor, families: FamilyTable): void {
  cursor.expect('#');
  cursor.skipBlanks();
  const keyword = cursor.readUntilBlank();
  if (keyword !== 'HELP' && keyword !== 'TYPE') return;
  cursor.requireBlank(`a metric name after ${keyword}`);
  const name = cursor.readMetricName();
  if (keyword === 'HELP') {
    families.declareHelp(name);
    return;
  }
  cursor.requireBlank('a type after the metric name');
  const type = cursor.readUntilBlank().toLowerCase();
  if (!TYPES.has(type)) throw new SyntaxProblem(`unknown type ${JSON.stringify(type)} for ${name}`);
  cursor.skipBlanks();
  if (!cursor.atEnd()) throw new SyntaxProblem(`unexpected text after the type of ${name}`);
  families.declareType(name, type as MetricType);
}

function readSample(cursor: LineCursor, families: FamilyTable): ExpositionSample {
  const name = cursor.readMetricName();
  const gap = cursor.skipBlanks();
  let labels: Record<string, string> = {};
  if (cursor.peek() === '{') {
    labels = cursor.readLabels();
    cursor.requireBlank(`a value after ${name}`);
  } else if (gap === 0 || cursor.atEnd()) {
    throw new SyntaxProblem(`expected a value after ${name}`);
  }
  const value = parseFloatToken(cursor.readUntilBlank());
  if (value === undefined) throw new SyntaxProblem(`${name} has a value that is not a number`);
  cursor.skipBlanks();
  let timestampMs: number | undefined;
  if (!cursor.atEnd()) {
    const token = cursor.readUntilBlank();
    if (!/^-?\d+$/.test(token)) throw new SyntaxProblem(`${name} has a timestamp that is not whole milliseconds`);
    timestampMs = Number(token);
    cursor.skipBlanks();
    if (!cursor.atEnd()) throw new SyntaxProblem(`unexpected text after the timestamp of ${name}`);
  }
  const { family, type, suffix } = families.familyOf(name);
  checkTypedLabels(name, type, suffix, labels);
  return timestampMs === undefined ? { family, name, labels, value } : { family, name, labels, value, timestampMs };
}

// A bucket without `le` or a quantile without `quantile` cannot be placed in its histogram or summary.
function checkTypedLabels(name: string, type: MetricType, suffix: string, labels: Readonly<Record<string, string>>): void {
  const required = requiredBound(type, suffix);
  if (required === undefined) return;
  const bound = labels[required];
  if (bound === undefined) throw new SyntaxProblem(`${name} of ${type} needs a ${required} label`);
  if (parseFloatToken(bound) === undefined) throw new SyntaxProblem(`${name} has a ${required} label that is not a number`);
}

function requiredBound(type: MetricType, suffix: string): string | undefined {
  if (type === 'histogram' && (suffix === '_bucket' || suffix === '')) return 'le';
  if (type === 'summary' && suffix === '') return 'quantile';
  return undefined;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?inf(?:inity)?$/i;

/** A sample value or `le`/`quantile` bound as the format writes it (Go float syntax: `NaN`, `+Inf`, `1e-3`). */
export function parseFloatToken(token: string): number | undefined {
  if (DECIMAL.test(token)) return Number(token);
  if (/^nan$/i.test(token)) return Number.NaN;
  if (INFINITY.test(token)) return token.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}
