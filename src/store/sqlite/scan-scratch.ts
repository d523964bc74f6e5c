/** Most points (and series) a scan's reused arrays keep room for between scans: 512 kB an array. */
const KEPT_SCAN_POINTS = 1 << 16;

/**
 * The arrays of a scan, kept by the store from one scan to the next: thousands of rule evaluations a minute
 * each scan 50 series, and fresh arrays for each (five, outside the JavaScript heap) were much of a scan's cost.
 */
export class ScanScratch {
  seqFrom = new Float64Array(64);
  seqTo = new Float64Array(64);
  bounds = new Float64Array(64);
  t = new Float64Array(256);
  v = new Float64Array(256);

  /** Room for the plans of `series` series. */
  plans(series: number): void {
    if (this.seqFrom.length >= series) return;
    const length = Math.max(series, 2 * this.seqFrom.length);
    this.seqFrom = new Float64Array(length);
    this.seqTo = new Float64Array(length);
    this.bounds = new Float64Array(length);
  }

  /** Room for `n` points. */
  points(n: number): void {
    if (this.t.length >= n) return;
    const length = Math.max(n, 2 * this.t.length);
    this.t = new Float64Array(length);
    this.v = new Float64Array(length);
  }

  /** Grown past what is worth keeping between scans (an unusually wide forensics read over days). */
  oversized(): boolean {
    return this.t.length > KEPT_SCAN_POINTS || this.seqFrom.length > KEPT_SCAN_POINTS;
  }
}
