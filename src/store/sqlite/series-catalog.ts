import { compileSelector, parseSeriesKey, type SeriesKey, type SeriesSelector } from '../../core/index.js';
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

/** The series known to the store: key → state in memory, mirrored in the `series` table. */
export class SeriesCatalog {
  private readonly byKey = new Map<SeriesKey, SeriesState>();
  private readonly byId = new Map<number, SeriesState>();
  private readonly byMetric = new Map<string, SeriesState[]>();
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

  /** Series matching `selector`. */
  select(selector: SeriesSelector): SeriesState[] {
    const compiled = compileSelector(selector);
    const candidates = selector.metric === undefined ? this.byKey.values() : (this.byMetric.get(selector.metric) ?? []);
    const out: SeriesState[] = [];
    for (const state of candidates) if (compiled.matches(state.metric, state.labels)) out.push(state);
    return out;
  }

  private add(state: SeriesState): void {
    this.byKey.set(state.key, state);
    this.byId.set(state.id, state);
    const list = this.byMetric.get(state.metric);
    if (list) list.push(state);
    else this.byMetric.set(state.metric, [state]);
  }
}
