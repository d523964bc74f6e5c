/**
 * Points of one series as parallel arrays, times in ms ascending: the shape of the store's SeriesPoints,
 * loosened to ArrayLike so tests and callers can pass plain arrays.
 */
export interface TimeValues {
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}
