/**
 * Doubles per slab: 120 kB, just under glibc's 128 KiB mmap threshold, so slabs come from malloc's reused
 * heap rather than fresh mappings the kernel must fault in and zero on every query.
 */
const SLAB_DOUBLES = 15_000;

/**
 * Hands out Float64Array views carved from shared slabs, for query results: a wide query makes a few hundred
 * allocations instead of one per series, each of which costs V8 external-memory bookkeeping and GC
 * pressure. A result keeps its slab (and the neighbours sharing it) alive.
 */
export class Float64Slab {
  private slab = new ArrayBuffer(0);
  private used = 0;
  private capacity = 0;

  /**
   * @param expected how many doubles the query will take in all, when known: a small query (a rule reading
   * 50 series' last minutes, thousands of times a minute) then gets a slab of its size, not a full one to
   * zero and account for.
   */
  constructor(private expected = Infinity) {}

  /** A zeroed view of `n` doubles. */
  take(n: number): Float64Array {
    this.expected -= n;
    if (n > SLAB_DOUBLES / 4) return new Float64Array(n);
    if (this.used + n > this.capacity) {
      this.capacity = Math.max(n, Math.min(SLAB_DOUBLES, n + Math.max(0, this.expected)));
      this.slab = new ArrayBuffer(this.capacity * 8);
      this.used = 0;
    }
    // A view built directly is cheaper than subarray(), which goes through the species constructor.
    const view = new Float64Array(this.slab, this.used * 8, n);
    this.used += n;
    return view;
  }
}
