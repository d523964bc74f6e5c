/**
 * Exact two-sided p-value of the two-sample Kolmogorov–Smirnov test, as scipy's `ks_2samp` computes it in
 * exact mode: Pr(D_{n1,n2} ≥ h / lcm(n1, n2)) under the null hypothesis, by counting lattice paths.
 */

/**
 * Equal sample sizes: closed form 2·Σ (−1)^(k+1) C(2n, n−kh)/C(2n, n), evaluated Horner-like to avoid
 * cancellation. O(n) time, no allocation.
 */
function equalSizesP(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * Unequal sizes: the "inside method" of Hodges, carried as 1 − p (Viehmann 2021) so that small p-values keep
 * their precision. Only a sliding window of one lattice column is kept: O(max(m,n) · w) time with
 * w ≈ 2h / (max/gcd) + 1 cells, O(w) memory.
 */
function unequalSizesP(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((a[jj + minj - lastminj] as number) * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1] as number;
}

/**
 * Exact p-value for sample sizes n1, n2 (gcd g) and statistic h/lcm(n1, n2), h ≥ 1 an integer.
 * May return a value outside [0, 1] or a non-finite one when floating point fails; the caller then falls
 * back to the asymptotic distribution, as scipy does.
 */
export function ksExactPValue(n1: number, n2: number, g: number, h: number): number {
  if (h === 0) return 1;
  return n1 === n2 ? equalSizesP(n1, h) : unequalSizesP(n1, n2, g, h);
}
