// Searches in ascending time arrays: windows of a series are then index ranges.

/** Index of the first time `>= at` in ascending `t` (`t.length` when none): windows are then index ranges. */
export function firstIndexAtOrAfter(t: ArrayLike<number>, at: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first time `> at` in ascending `t` (`t.length` when none). */
export function firstIndexAfter(t: ArrayLike<number>, at: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
