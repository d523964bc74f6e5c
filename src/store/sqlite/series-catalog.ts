import { type CompiledSelector, compileSelector, parseSeriesKey, type SeriesKey, type SeriesSelector } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';
import { SeriesState } from './series-state.js';

interface SeriesRow {
  id: number;
  key: string;
  metric: string;
  labels: string;
  created_at: number;
  sealed_until: number;
}

/**
 * The series of one metric, and for each label name a selector has asked an equality of, the series per
 * value of that label (postings, as in Prometheus's index), built on first use and kept up to date after.
 */
class MetricIndex {
  readonly all: SeriesState[] = [];
  private readonly postings = new Map<string, Map<string, SeriesState[]>>();

  add(state: SeriesState): void {
    this.all.push(state);
    for (const [name, byValue] of this.postings) post(byValue, state.labels[name], state);
  }

  /** The series whose label `name` is `value` (not empty), in catalog order. */
  withLabel(name: string, value: string): readonly SeriesState[] {
    let byValue = this.postings.get(name);
    if (byValue === undefined) {
      byValue = new Map();
      for (const state of this.all) post(byValue, state.labels[name], state);
      this.postings.set(name, byValue);
    }
    return byValue.get(value) ?? NONE;
  }
}

const NONE: readonly SeriesState[] = [];

function post(byValue: Map<string, SeriesState[]>, value: string | undefined, state: SeriesState): void {
  if (value === undefined || value === '') return;
  const list = byValue.get(value);
  if (list) list.push(state);
  else byValue.set(value, [state]);
}

/** The series known to the store: key → state in memory, mirrored in the `series` table. */
export class SeriesCatalog {
  private readonly byKey = new Map<SeriesKey, SeriesState>();
  private readonly byId = new Map<number, SeriesState>();
  private readonly byMetric = new Map<string, MetricIndex>();
  /** Rules query with the same selector objects at every evaluation: compile each once. */
  private readonly compiled = new WeakMap<SeriesSelector, CompiledSelector>();
  private readonly insert;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare<[string, string, string, number], { id: number }>(
      'INSERT INTO series (key, metric, labels, created_at) VALUES (?, ?, ?, ?) RETURNING id',
    );
  }

  /** Loads every stored series. */
  load(): void {
    const rows = this.db.prepare('SELECT id, key, metric, labels, created_at, sealed_until FROM series ORDER BY id').all() as SeriesRow[];
    for (const row of rows) {
      if (this.byKey.has(row.key as SeriesKey)) continue; // first id wins; the catalog has a single writer
      const state = new SeriesState(row.id, row.key as SeriesKey, row.metric, JSON.parse(row.labels), row.created_at);
      if (row.sealed_until >= 0) {
        state.diskSealedUntil = row.sealed_until;
        state.lastT = row.sealed_until;
      }
      this.add(state);
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: SeriesKey): SeriesState | undefined {
    return this.byKey.get(key);
  }

  getById(id: number): SeriesState | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<SeriesState> {
    return this.byKey.values();
  }

  /** Creates the given new series in one transaction (before the head log refers to their ids). */
  create(keys: readonly SeriesKey[], firstTimes: readonly number[]): SeriesState[] {
    return this.db.transaction(() =>
      keys.map((key, i) => {
        const { metric, labels } = parseSeriesKey(key);
        const firstT = firstTimes[i] as number;
        const { id } = this.insert.get(key, metric, JSON.stringify(labels), firstT) as { id: number };
        const state = new SeriesState(id, key, metric, labels, firstT);
        this.add(state);
        return state;
      }),
    )();
  }

  /**
   * Series matching `selector`, in catalog order. With a metric name, only the smallest of the metric's
   * series and its postings for each `label="value"` matcher are candidates; when that posting answers the
   * whole selector (its only matcher), it is the result as it stands: the posting itself, not a copy, so
   * the result is only valid until the next series is created.
   */
  select(selector: SeriesSelector): readonly SeriesState[] {
    let compiled = this.compiled.get(selector);
    if (compiled === undefined) {
      compiled = compileSelector(selector);
      this.compiled.set(selector, compiled);
    }
    if (selector.metric === undefined) {
      const out: SeriesState[] = [];
      for (const state of this.byKey.values()) if (compiled.matches(state.metric, state.labels)) out.push(state);
      return out;
    }
    const index = this.byMetric.get(selector.metric);
    if (index === undefined) return [];
    let candidates: readonly SeriesState[] = index.all;
    let answered = selector.matchers.length === 0;
    for (const matcher of selector.matchers) {
      if (matcher.op !== '=' || matcher.value === '' || matcher.name === '__name__') continue;
      const posting = index.withLabel(matcher.name, matcher.value);
      if (posting.length <= candidates.length) {
        candidates = posting;
        answered = selector.matchers.length === 1;
      }
    }
    // Label values and metric names are compared by content (they are not interned): skipping the
    // comparisons a posting already made is most of the cost of a selection.
    if (answered) return candidates;
    const out: SeriesState[] = [];
    for (const state of candidates) if (compiled.matches(state.metric, state.labels)) out.push(state);
    return out;
  }

  private add(state: SeriesState): void {
    this.byKey.set(state.key, state);
    this.byId.set(state.id, state);
    let index = this.byMetric.get(state.metric);
    if (index === undefined) {
      index = new MetricIndex();
      this.byMetric.set(state.metric, index);
    }
    index.add(state);
  }
}
