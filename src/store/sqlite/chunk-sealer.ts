import { ChunkEncoder } from './chunk-codec.js';
import type { SqliteDatabase } from './database.js';
import { HOUR, MINUTE, rollUp } from './rollup.js';
import type { SeriesState } from './series-state.js';

/**
 * Writes cut chunks to disk: the compressed raw chunk, its 1-minute rollup (one compressed row per
 * chunk) and its 1-hour rollup rows (merged into existing rows of the same hour), and moves the series'
 * `sealed_until`, all in one transaction per batch of series.
 */
export class ChunkSealer {
  private readonly insertChunk;
  private readonly insertMinutes;
  private readonly upsertHour;
  private readonly updateSealed;
  private readonly encoder = new ChunkEncoder();
  private readonly queue = new Set<SeriesState>();
  private sealedChunks = 0;
  private sealedBytes = 0;

  constructor(private readonly db: SqliteDatabase) {
    this.insertChunk = db.prepare(
      'INSERT OR REPLACE INTO chunks (hour, series_id, start_t, end_t, count, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertMinutes = db.prepare(
      'INSERT OR REPLACE INTO rollups_1m (hour, series_id, start_t, end_t, data) VALUES (?, ?, ?, ?, ?)',
    );
    this.upsertHour = db.prepare(`
      INSERT INTO rollups_1h (hour, series_id, min, max, sum, count, last, last_t) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (hour, series_id) DO UPDATE SET
        min = min(min, excluded.min), max = max(max, excluded.max),
        sum = sum + excluded.sum, count = count + excluded.count,
        last = CASE WHEN excluded.last_t >= last_t THEN excluded.last ELSE last END,
        last_t = max(last_t, excluded.last_t)`);
    this.updateSealed = db.prepare('UPDATE series SET sealed_until = ? WHERE id = ?');
  }

  /** Series with chunks waiting. */
  get backlog(): number {
    return this.queue.size;
  }

  /** Chunks written so far. */
  get chunksWritten(): number {
    return this.sealedChunks;
  }

  /** Compressed raw chunk bytes written so far. */
  get chunkBytesWritten(): number {
    return this.sealedBytes;
  }

  /** Queues a series whose `pending` list is not empty. */
  enqueue(state: SeriesState): void {
    this.queue.add(state);
  }

  /** Seals the pending chunks of up to `maxSeries` queued series in one transaction; returns how many series. */
  sealSome(maxSeries: number): number {
    const batch: SeriesState[] = [];
    for (const state of this.queue) {
      batch.push(state);
      if (batch.length >= maxSeries) break;
    }
    if (batch.length === 0) return 0;
    this.db.transaction(() => {
      for (const state of batch) this.writePending(state);
    })();
    for (const state of batch) {
      while (state.pending.length > 0) state.markSealed(state.pending[0] as (typeof state.pending)[number]);
      this.queue.delete(state);
    }
    return batch.length;
  }

  /** Seals everything queued. */
  sealAll(): void {
    while (this.sealSome(2000) > 0);
  }

  private writePending(state: SeriesState): void {
    let sealedUntil = state.diskSealedUntil;
    for (const chunk of state.pending) {
      const { t, v } = state.buffer.slice(chunk.fromSeq, chunk.toSeq);
      if (t.length === 0) continue;
      const start = t[0] as number;
      const end = t[t.length - 1] as number;
      const hour = Math.floor(start / HOUR);
      const data = this.encoder.encode(t, [v]);
      this.insertChunk.run(hour, state.id, start, end, t.length, data);
      const minutes = rollUp(t, v, MINUTE);
      this.insertMinutes.run(
        hour,
        state.id,
        start,
        end,
        this.encoder.encode(minutes.t, [minutes.min, minutes.max, minutes.sum, minutes.count, minutes.last]),
      );
      // A chunk lies inside one hour, so its hourly rollup is a single row.
      const hourly = rollUp(t, v, HOUR);
      this.upsertHour.run(hour, state.id, hourly.min[0], hourly.max[0], hourly.sum[0], hourly.count[0], hourly.last[0], hourly.lastT[0]);
      this.sealedChunks++;
      this.sealedBytes += data.length;
      sealedUntil = end;
    }
    this.updateSealed.run(sealedUntil, state.id);
  }
}
