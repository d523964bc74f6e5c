import type { Labels, SeriesInfo, SeriesKey } from '../../core/index.js';
import { HOUR } from './rollup.js';
import { SeriesBuffer } from './series-buffer.js';

/** Most points one chunk holds: an hour at 5 s intervals; faster series cut more chunks per hour. */
export const MAX_CHUNK_POINTS = 720;

/** A run of points [fromSeq, toSeq) waiting to be written as one chunk; `segment` pins its head log segment. */
export interface PendingChunk {
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly segment: number;
}

interface OpenChunk {
  readonly fromSeq: number;
  readonly segment: number;
  readonly hour: number;
}

/**
 * The newest point of every series of one metric, as columns indexed by the series' slot. A latest-value
 * query over many series (2,000 rules a cycle ask for their metric's 50 series at a site) reads these
 * contiguous arrays instead of each series' state object, scattered over the heap: the first touch of those
 * objects was most of the query's cost. {@link SeriesState} keeps its newest point here.
 */
export class LatestColumns {
  lastT = new Float64Array(INITIAL_COLUMNS);
  lastV = new Float64Array(INITIAL_COLUMNS);
  /** 1 where `lastV` is the value at `lastT` (see {@link SeriesState.lastKnown}). */
  known = new Uint8Array(INITIAL_COLUMNS);
  /** The series' identities by slot, handed to latest-value visitors without reading the states. */
  readonly infos: SeriesInfo[] = [];
  /** The series' states by slot. */
  readonly states: SeriesState[] = [];

  /** Slots in use. */
  get size(): number {
    return this.states.length;
  }

  /** Gives `state` the next slot, with no point yet; returns the slot. */
  add(state: SeriesState): number {
    const slot = this.states.length;
    if (slot === this.lastT.length) this.grow();
    this.lastT[slot] = -Infinity;
    this.lastV[slot] = NaN;
    this.known[slot] = 0;
    this.infos.push(state.info);
    this.states.push(state);
    return slot;
  }

  private grow(): void {
    const capacity = this.lastT.length * 2;
    const lastT = new Float64Array(capacity);
    const lastV = new Float64Array(capacity);
    const known = new Uint8Array(capacity);
    lastT.set(this.lastT);
    lastV.set(this.lastV);
    known.set(this.known);
    this.lastT = lastT;
    this.lastV = lastV;
    this.known = known;
  }
}

const INITIAL_COLUMNS = 16;

/**
 * Everything the store keeps in memory for one series: its points (hot window + unsealed tail), the chunk
 * being filled, chunks cut but not yet written, and the times that tell queries where memory ends.
 */
export class SeriesState {
  readonly buffer = new SeriesBuffer();
  /** Time of the newest point written to disk in a chunk. */
  diskSealedUntil = -Infinity;
  /** Every point at or after this time is in `buffer`. */
  hotFrom = -Infinity;
  /** Sequence number one past the last point written to disk. */
  sealedSeq = 0;
  readonly pending: PendingChunk[] = [];
  private open: OpenChunk | undefined;
  /** Key, metric and labels as one object: scans hand it to every visitor without allocating. */
  readonly info: SeriesInfo;
  /** Where this series' newest point is kept. */
  readonly slot: number;

  constructor(
    readonly id: number,
    readonly key: SeriesKey,
    readonly metric: string,
    readonly labels: Labels,
    /** Time of the first point ever stored. */
    readonly firstT: number,
    /** The newest points of the series' metric (a series of its own when not given). */
    readonly columns: LatestColumns = new LatestColumns(),
  ) {
    this.info = Object.freeze({ key, metric, labels });
    this.slot = columns.add(this);
  }

  /** Time of the newest point; appends must be newer. */
  get lastT(): number {
    return this.columns.lastT[this.slot] as number;
  }

  set lastT(t: number) {
    this.columns.lastT[this.slot] = t;
  }

  /** Value of the newest point, when {@link lastKnown}: a latest-value query reads the columns only. */
  get lastV(): number {
    return this.columns.lastV[this.slot] as number;
  }

  set lastV(v: number) {
    this.columns.lastV[this.slot] = v;
  }

  /** `lastV` is the value at `lastT` (not yet known after opening, until the hot window is loaded). */
  get lastKnown(): boolean {
    return this.columns.known[this.slot] === 1;
  }

  set lastKnown(known: boolean) {
    this.columns.known[this.slot] = known ? 1 : 0;
  }

  /**
   * Adds a point known to be newer than `lastT`. Cuts the open chunk when the point starts a new hour or
   * the chunk is full; returns true when that left a chunk waiting to be sealed.
   */
  push(t: number, v: number, segment: number, hotCutoff: number): boolean {
    const seq = this.buffer.endSeq;
    const hour = Math.floor(t / HOUR);
    let cut = false;
    if (this.open !== undefined && (hour !== this.open.hour || seq - this.open.fromSeq >= MAX_CHUNK_POINTS)) {
      cut = this.closeOpenChunk();
    }
    this.open ??= { fromSeq: seq, segment, hour };
    const dropped = this.buffer.push(t, v, hotCutoff, this.sealedSeq);
    if (dropped !== undefined) this.hotFrom = dropped + 1;
    this.lastT = t;
    this.lastV = v;
    this.lastKnown = true;
    return cut;
  }

  /** Moves the open chunk to the pending list; true when there was one. */
  closeOpenChunk(): boolean {
    if (this.open === undefined) return false;
    this.pending.push({ fromSeq: this.open.fromSeq, toSeq: this.buffer.endSeq, segment: this.open.segment });
    this.open = undefined;
    return true;
  }

  /** The hour (ms since epoch / 1 h) of the open chunk, if any. */
  get openHour(): number | undefined {
    return this.open?.hour;
  }

  /** The oldest head log segment still holding points of this series that are not on disk. */
  get oldestNeededSegment(): number {
    return this.pending[0]?.segment ?? this.open?.segment ?? Infinity;
  }

  /** Records that the first pending chunk is on disk. */
  markSealed(chunk: PendingChunk): void {
    this.pending.shift();
    this.sealedSeq = chunk.toSeq;
    this.diskSealedUntil = this.buffer.timeAt(chunk.toSeq - 1);
  }

  /** Points loaded from disk at start-up: already sealed. */
  loadSealed(t: ArrayLike<number>, v: ArrayLike<number>, hotFrom: number): void {
    this.buffer.load(t, v);
    this.sealedSeq = this.buffer.endSeq;
    this.hotFrom = hotFrom;
    if (t.length === 0) return;
    const newest = t[t.length - 1] as number;
    if (newest >= this.lastT) {
      this.lastT = newest;
      this.lastV = v[v.length - 1] as number;
      this.lastKnown = true;
    }
  }
}
