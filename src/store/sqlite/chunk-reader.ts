import { chunkPointCount, decodeChunk, decodeChunkInto, type DecodeScratch } from './chunk-codec.js';
import type { SqliteDatabase } from './database.js';
import type { Statement } from 'better-sqlite3';
import type { Aggregation } from '../../core/index.js';
import { type BucketAccumulator, HOUR, MINUTE } from './rollup.js';

interface BlobRow {
  start_t: number;
  end_t: number;
  data: Buffer;
}

/** A row of the wide chunk scan, as an array: series id, start_t, end_t, data. */
type WideChunkRow = [number, number, number, Buffer];

/** A stored chunk as read from disk, not yet decoded. */
export interface StoredChunk {
  readonly start: number;
  readonly end: number;
  readonly data: Uint8Array;
}

interface HourRow {
  min: number | null;
  max: number | null;
  sum: number | null;
  count: number;
  last: number | null;
  last_t: number;
}

/** Points read from disk: parallel arrays, ascending. */
export interface DiskPoints {
  t: Float64Array;
  v: Float64Array;
}

const nanIfNull = (x: number | null): number => (x === null ? NaN : x);

/** One series' share of a wide hourly fold: its accumulator and the hours [from, to] it reads from disk. */
export interface HourFold {
  readonly acc: BucketAccumulator;
  readonly from: number;
  readonly to: number;
}

/** The hourly rollup columns a wide scan may read, in the order it selects them (`last` brings `last_t`). */
const HOUR_COLUMN_ORDER = ['min', 'max', 'sum', 'last'] as const;

/** The hourly rollup columns an aggregation needs besides `count` (which marks buckets with data). */
const HOUR_COLUMNS: Readonly<Record<Aggregation, readonly ('min' | 'max' | 'sum' | 'last')[]>> = {
  avg: ['sum'],
  min: ['min'],
  max: ['max'],
  sum: ['sum'],
  count: [],
  last: ['last'],
};

/** A row of the wide hourly scan, as an array: hour, series id, count, then the aggregation's columns. */
type WideHourRow = [number, number, number, ...(number | null)[]];

/**
 * Reads sealed data for one series. Tables are keyed (hour, series_id, …), so a series' range is read as
 * one primary-key seek per hour; callers bound [from, to] by what the series can have on disk.
 */
export class ChunkReader {
  private readonly chunksOfHour;
  private readonly allChunksOfHour;
  private readonly minutesOfHour;
  private readonly hourRow;
  private readonly hoursOfMany = new Map<string, Statement<[number, number], WideHourRow>>();

  constructor(private readonly db: SqliteDatabase) {
    this.chunksOfHour = db.prepare<[number, number], BlobRow>(
      'SELECT start_t, end_t, data FROM chunks WHERE hour = ? AND series_id = ? ORDER BY start_t',
    );
    // Rows as arrays, and chunks outside [from, to] left in SQLite: a scan reads 10,000 rows per hour, and
    // row objects or blobs copied only to be dropped cost more than SQLite's own work.
    this.allChunksOfHour = db
      .prepare<[number, number, number], WideChunkRow>(
        'SELECT series_id, start_t, end_t, data FROM chunks WHERE hour = ? AND start_t <= ? AND end_t >= ? ORDER BY series_id, start_t',
      )
      .raw(true);
    this.minutesOfHour = db.prepare<[number, number], BlobRow>(
      'SELECT start_t, end_t, data FROM rollups_1m WHERE hour = ? AND series_id = ? ORDER BY start_t',
    );
    this.hourRow = db.prepare<[number, number], HourRow>(
      'SELECT min, max, sum, count, last, last_t FROM rollups_1h WHERE hour = ? AND series_id = ?',
    );
  }

  /** Raw points of sealed chunks with from ≤ t ≤ to. */
  points(seriesId: number, from: number, to: number, scratch: DecodeScratch): DiskPoints {
    const chunks = this.chunks(seriesId, from, to);
    const bound = pointCountBound(chunks);
    const t = new Float64Array(bound);
    const v = new Float64Array(bound);
    const n = copyInRange(chunks, from, to, t, v, 0, scratch);
    return { t: t.subarray(0, n), v: v.subarray(0, n) };
  }

  /** Stored chunks of one series overlapping [from, to]: one primary-key seek per hour. */
  chunks(seriesId: number, from: number, to: number): StoredChunk[] {
    const out: StoredChunk[] = [];
    for (let hour = Math.floor(from / HOUR); hour <= Math.floor(to / HOUR); hour++) {
      for (const row of this.chunksOfHour.all(hour, seriesId)) {
        if (row.end_t >= from && row.start_t <= to) out.push({ start: row.start_t, end: row.end_t, data: row.data });
      }
    }
    return out;
  }

  /**
   * Stored chunks overlapping [from, to] for many series at once: one scan per hour over all series, which
   * beats a seek per series when a query covers a good part of the catalog. `wanted` maps series id → list.
   */
  chunksOfMany(wanted: ReadonlyMap<number, StoredChunk[]>, from: number, to: number): void {
    for (let hour = Math.floor(from / HOUR); hour <= Math.floor(to / HOUR); hour++) {
      for (const row of this.allChunksOfHour.iterate(hour, to, from)) wanted.get(row[0])?.push({ start: row[1], end: row[2], data: row[3] });
    }
  }

  /** The newest sealed point in [since, at], if any. */
  lastPointBetween(seriesId: number, since: number, at: number): { t: number; v: number } | undefined {
    for (let hour = Math.floor(at / HOUR); hour >= Math.floor(since / HOUR); hour--) {
      const rows = this.chunksOfHour.all(hour, seriesId);
      for (let r = rows.length - 1; r >= 0; r--) {
        const { t, columns } = decodeChunk((rows[r] as BlobRow).data);
        const values = columns[0] as Float64Array;
        for (let i = t.length - 1; i >= 0; i--) {
          const time = t[i] as number;
          if (time <= at) return time >= since ? { t: time, v: values[i] as number } : undefined;
        }
      }
    }
    return undefined;
  }

  /** Folds raw points in [from, to] into `acc`. */
  foldPoints(seriesId: number, from: number, to: number, acc: BucketAccumulator, scratch: DecodeScratch): void {
    for (const chunk of this.chunks(seriesId, from, to)) {
      const { t, columns } = decodeChunkInto(chunk.data, scratch);
      const v = columns[0] as Float64Array;
      for (let i = 0; i < t.length; i++) {
        const time = t[i] as number;
        if (time >= from && time <= to) acc.addPoint(time, v[i] as number);
      }
    }
  }

  /** Folds the 1-minute rollup buckets starting in [from, to] into `acc` (from and to minute-aligned). */
  foldMinutes(seriesId: number, from: number, to: number, acc: BucketAccumulator): void {
    for (let hour = Math.floor(from / HOUR); hour <= Math.floor(to / HOUR); hour++) {
      for (const row of this.minutesOfHour.all(hour, seriesId)) {
        const { t, columns } = decodeChunk(row.data);
        const [min, max, sum, count, last] = columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
        for (let i = 0; i < t.length; i++) {
          const bucket = t[i] as number;
          if (bucket < from || bucket > to) continue;
          // Two chunks can share a minute; the later chunk's part of it holds the later `last`.
          const lastT = Math.min(bucket + MINUTE - 1, row.end_t);
          acc.addBucket(bucket, min[i] as number, max[i] as number, sum[i] as number, count[i] as number, last[i] as number, lastT);
        }
      }
    }
  }

  /**
   * Folds the 1-hour rollups of many series at once, for aggregations `fns`: one scan of the hours
   * [from, to] over all series, reading only the columns they need, instead of a seek per series and hour
   * (a month of 1,000 series is 720,000 seeks). `wanted` maps series id → its accumulator and disk hours.
   */
  foldHoursOfMany(wanted: ReadonlyMap<number, HourFold>, from: number, to: number, fns: readonly Aggregation[]): void {
    const columns = HOUR_COLUMN_ORDER.filter((column) => fns.some((fn) => HOUR_COLUMNS[fn].includes(column)));
    const id = columns.join(',');
    let statement = this.hoursOfMany.get(id);
    if (statement === undefined) {
      // Rows as arrays: a month of 1,000 series is 720,000 rows, and an object per row costs more than SQLite.
      const selected = columns.map((column) => (column === 'last' ? ', last, last_t' : `, ${column}`)).join('');
      statement = this.db.prepare<[number, number], WideHourRow>(`SELECT hour, series_id, count${selected} FROM rollups_1h WHERE hour BETWEEN ? AND ?`).raw(true);
      this.hoursOfMany.set(id, statement);
    }
    const at = (column: (typeof HOUR_COLUMN_ORDER)[number]) => (columns.includes(column) ? 3 + columns.indexOf(column) : -1);
    const [minAt, maxAt, sumAt, lastAt] = [at('min'), at('max'), at('sum'), at('last')];
    const value = (row: WideHourRow, index: number): number => (index < 0 ? NaN : nanIfNull(row[index] ?? null));
    for (const row of statement.iterate(Math.ceil(from / HOUR), Math.floor(to / HOUR))) {
      const fold = wanted.get(row[1]);
      const t = row[0] * HOUR;
      if (fold === undefined || t < fold.from || t > fold.to) continue;
      const lastT = lastAt < 0 ? t : (row[lastAt + 1] as number);
      fold.acc.addBucket(t, value(row, minAt), value(row, maxAt), value(row, sumAt), row[2], value(row, lastAt), lastT);
    }
  }

  /** Folds the 1-hour rollup buckets starting in [from, to] into `acc`. */
  foldHours(seriesId: number, from: number, to: number, acc: BucketAccumulator): void {
    for (let hour = Math.ceil(from / HOUR); hour <= Math.floor(to / HOUR); hour++) {
      const row = this.hourRow.get(hour, seriesId);
      if (row === undefined) continue;
      acc.addBucket(hour * HOUR, nanIfNull(row.min), nanIfNull(row.max), nanIfNull(row.sum), row.count, nanIfNull(row.last), row.last_t);
    }
  }
}

/** At least as many points as `chunks` hold in any range: their header counts, read without decoding. */
export function pointCountBound(chunks: readonly StoredChunk[]): number {
  let n = 0;
  for (const chunk of chunks) n += chunkPointCount(chunk.data);
  return n;
}

/**
 * Decodes `chunks` one by one into `scratch` and copies their points with from ≤ t ≤ to into `t`/`v`
 * from index `at`; returns the index after the last one.
 */
export function copyInRange(
  chunks: readonly StoredChunk[],
  from: number,
  to: number,
  t: Float64Array,
  v: Float64Array,
  at: number,
  scratch: DecodeScratch,
): number {
  let j = at;
  for (const chunk of chunks) {
    const decoded = decodeChunkInto(chunk.data, scratch);
    const times = decoded.t;
    const values = decoded.columns[0] as Float64Array;
    if (chunk.start >= from && chunk.end <= to) {
      t.set(times, j);
      v.set(values, j);
      j += times.length;
      continue;
    }
    for (let i = 0; i < times.length; i++) {
      const time = times[i] as number;
      if (time < from || time > to) continue;
      t[j] = time;
      v[j] = values[i] as number;
      j++;
    }
  }
  return j;
}
