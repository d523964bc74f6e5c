import { formatDuration } from '../../core/duration.js';
import type { TimeRange } from '../../core/ports/series-querier.js';
import { SpearmanScratch } from '../statistics/correlation.js';
import { firstDifferences } from '../statistics/first-differences.js';
import { lagSearch, type LagResult } from '../statistics/lag-search.js';
import { median } from '../statistics/order-statistics.js';
import { gridFor, resampleToGrid, type TimeGrid } from '../statistics/time-grid.js';
import type { FocusCorrelation, LagMatch } from './window-analysis.js';

/** Lags searched by default: ±30 grid steps. */
export const DEFAULT_MAX_LAG = 30;
/** Most grid points over the window: the step is at least window / 500. */
export const DEFAULT_MAX_GRID_POINTS = 500;

/** Options of {@link FocusCorrelator}. */
export interface FocusCorrelatorOptions {
  /** Default {@link DEFAULT_MAX_LAG}. */
  readonly maxLag?: number;
  /** Default {@link DEFAULT_MAX_GRID_POINTS}. */
  readonly maxGridPoints?: number;
}

/** Median interval between consecutive times, NaN with fewer than two. */
export function medianInterval(t: ArrayLike<number>): number {
  return t.length < 2 ? Number.NaN : median(firstDifferences(t));
}

/** Grid step: the focus series' median sampling interval, but no finer than window / maxGridPoints. */
export function correlationStep(focusTimes: ArrayLike<number>, window: TimeRange, maxGridPoints = DEFAULT_MAX_GRID_POINTS): number {
  const coarsest = (window.to - window.from) / Math.max(1, maxGridPoints);
  const interval = medianInterval(focusTimes);
  return Number.isFinite(interval) && interval > coarsest ? interval : coarsest;
}

/**
 * "leads by 40s", "follows by 1m30s, inversely", "moves with it": the relation of a series to the focus,
 * where a positive lag means the series moved first.
 */
export function describeLead(lag: number, stepMs: number, sign: 1 | -1 | 0): string {
  const inversely = sign < 0 ? ', inversely' : '';
  if (lag === 0) return sign < 0 ? 'moves against it' : 'moves with it';
  return `${lag > 0 ? 'leads' : 'follows'} by ${formatDuration(Math.abs(lag) * stepMs)}${inversely}`;
}

/** A candidate resampled onto the focus grid, with its Pearson lag search. */
export interface GriddedCandidate {
  readonly values: Float64Array;
  readonly pearson: LagResult;
}

/**
 * Correlates series with one focus series over the window: both resampled onto a common grid (bucket
 * averages, a sparse series carrying its last value forward over two of its own intervals), then Pearson
 * and Spearman searched over lags of ±maxLag steps. Holds Spearman's buffers: one per analysis.
 */
export class FocusCorrelator {
  /** The common grid over the window. */
  readonly grid: TimeGrid;
  /** Lags searched, in grid steps either way. */
  readonly maxLag: number;
  private readonly focus: Float64Array;
  private readonly spearmanScratch = new SpearmanScratch();

  constructor(focusT: Float64Array, focusV: Float64Array, window: TimeRange, options: FocusCorrelatorOptions = {}) {
    const inWindow = focusT.filter((time) => time >= window.from && time <= window.to);
    const step = correlationStep(inWindow, window, options.maxGridPoints);
    this.grid = gridFor(window.from, window.to, step);
    this.maxLag = Math.max(0, Math.floor(options.maxLag ?? DEFAULT_MAX_LAG));
    this.focus = this.resample(focusT, focusV);
  }

  /** Resamples a series onto the grid and runs the Pearson lag search, the cheap pass done for every series. */
  pearson(t: Float64Array, v: Float64Array): GriddedCandidate {
    const values = this.resample(t, v);
    return { values, pearson: lagSearch(this.focus, values, this.maxLag, { method: 'pearson' }) };
  }

  /** The Spearman lag search of a gridded candidate. */
  spearman(values: Float64Array): LagResult {
    return lagSearch(this.focus, values, this.maxLag, { method: 'spearman', scratch: this.spearmanScratch });
  }

  /** The report of a candidate from its Pearson and (when computed) Spearman results. */
  correlation(pearson: LagResult, spearman?: LagResult): FocusCorrelation {
    const match = (result: LagResult): LagMatch => ({ lag: result.lag, lagMs: result.lag * this.grid.step, r: result.r });
    const strength = (result: LagResult | undefined): number => (result === undefined || Number.isNaN(result.r) ? -1 : Math.abs(result.r));
    const useSpearman = spearman !== undefined && strength(spearman) > strength(pearson);
    const best = useSpearman ? spearman : pearson;
    return {
      pearson: match(pearson),
      ...(spearman === undefined ? {} : { spearman: match(spearman) }),
      best: useSpearman ? 'spearman' : 'pearson',
      lag: best.lag,
      lagMs: best.lag * this.grid.step,
      r: best.r,
      sign: best.sign,
      relation: best.lag > 0 ? 'leads' : best.lag < 0 ? 'follows' : 'coincides',
      description: Number.isNaN(best.r) ? 'no correlation' : describeLead(best.lag, this.grid.step, best.sign),
    };
  }

  private resample(t: Float64Array, v: Float64Array): Float64Array {
    const n = t.length;
    const ownInterval = n > 1 ? ((t[n - 1] as number) - (t[0] as number)) / (n - 1) : 0;
    return resampleToGrid(t, v, this.grid, { mode: 'average', carryForwardMs: 2 * ownInterval });
  }
}
