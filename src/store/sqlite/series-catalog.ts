import { type CompiledSelector, compileSelector, parseSeriesKey, type SeriesKey, type SeriesSelector } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';
import { LatestColumns, SeriesState } from './series-state.js';

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
  /** The newest point of each of the metric's series. */
  readonly columns = new LatestColumns();
  /** Every label name a series of the metric carries. */
  readonly labelNames = new Set<string>();
  private readonly postings = new Map<string, Map<string, SeriesState[]>>();
  /** The slots of the series of `all` and of each posting, made on first use; lists only grow, so a slot list as long as its list is current. */
  private readonly slotLists = new WeakMap<readonly SeriesState[], Int32Array>();

  add(state: SeriesState): void {
    this.all.push(state);
    for (const name in state.labels) this.labelNames.add(name);
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

  /** The slots of `states` (series of this metric) in their columns: remembered for the index's own lists. */
  slotsOf(states: readonly SeriesState[], own: boolean): Int32Array {
    let slots = own ? this.slotLists.get(states) : undefined;
    if (slots !== undefined && slots.length === states.length) return slots;
    slots = new Int32Array(states.length);
    for (let i = 0; i < states.length; i++) slots[i] = (states[i] as SeriesState).slot;
    if (own) this.slotLists.set(states, slots);
    return slots;
  }
}

/** Matching series of one metric as slots in that metric's columns of newest points. */
export interface LatestSelection {
  readonly columns: LatestColumns;
  readonly slots: Int32Array;
}

const NONE: readonly SeriesState[] = [];
const NO_NAMES: ReadonlySet<string> = new Set();

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
      const state = new SeriesState(row.id, row.key as SeriesKey, row.metric, JSON.parse(row.labels), row.created_at, this.indexOf(row.metric).columns);
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

  /** Every label name a series of `metric` carries (empty for a metric with no series). */
  labelNames(metric: string): ReadonlySet<string> {
    return this.byMetric.get(metric)?.labelNames ?? NO_NAMES;
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
        const state = new SeriesState(id, key, metric, labels, firstT, this.indexOf(metric).columns);
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
    return this.selectIn(selector).states;
  }

  /**
   * As {@link select}, for a latest-value query: with a metric name, the series are also given as slots of
   * the metric's columns of newest points, so that the query need not read their states.
   */
  selectLatest(selector: SeriesSelector): { states: readonly SeriesState[]; latest?: LatestSelection } {
    const { states, index, own } = this.selectIn(selector);
    if (index === undefined) return { states };
    return { states, latest: { columns: index.columns, slots: index.slotsOf(states, own) } };
  }

  /** The matching series, their metric's index when the selector names one, and whether the list is one of the index's own. */
  private selectIn(selector: SeriesSelector): { states: readonly SeriesState[]; index?: MetricIndex; own: boolean } {
    let compiled = this.compiled.get(selector);
    if (compiled === undefined) {
      compiled = compileSelector(selector);
      this.compiled.set(selector, compiled);
    }
    if (selector.metric === undefined) {
      const out: SeriesState[] = [];
      for (const state of this.byKey.values()) if (compiled.matches(state.metric, state.labels)) out.push(state);
      return { states: out, own: false };
    }
    const index = this.byMetric.get(selector.metric);
    if (index === undefined) return { states: NONE, own: false };
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
    if (answered) return { states: candidates, index, own: true };
    const out: SeriesState[] = [];
    for (const state of candidates) if (compiled.matches(state.metric, state.labels)) out.push(state);
    return { states: out, index, own: false };
  }

  private add(state: SeriesState): void {
    this.byKey.set(state.key, state);
    this.byId.set(state.id, state);
    this.indexOf(state.metric).add(state);
  }

  private indexOf(metric: string): MetricIndex {
    let index = this.byMetric.get(metric);
    if (index === undefined) {
      index = new MetricIndex();
      this.byMetric.set(metric, index);
    }
    return index;
  }
}
