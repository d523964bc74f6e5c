/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, Pr(D_n > x).
 *
 * The two-sample test needs it for large samples, where scipy's `ks_2samp` switches to
 * `kstwo.sf(d, round(n1·n2/(n1+n2)))`. The branch structure (Ruben–Gambino tails, exact Smirnov sum,
 * Durbin matrix, Pelz–Good) follows Simard & L'Ecuyer (2011) exactly as scipy selects it, so p-values agree
 * with scipy to ~1e-12 relative, not merely asymptotically.
 */

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const MIN_LOG = -708;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
// Coefficients of the Stirling series, rounded to doubles.
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** log(n!/n^n) by Stirling's series: the product form underflows for large n. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * One-sided Smirnov survival Pr(D+_n ≥ x) by the Birnbaum–Tingey sum. Every term is positive, so summing in
 * log space is accurate for any n; O(n·(1−x)).
 */
export function smirnovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const last = Math.floor(n * (1 - x));
  let logC = 0; // log C(n, v)
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const evn = x + v / n;
    const omevn = 1 - evn;
    if (v === n) {
      sum += Math.exp(logC + (v - 1) * Math.log(evn));
    } else if (omevn > 0) {
      const t = logC + (v - 1) * Math.log(evn) + (n - v) * Math.log(omevn);
      if (t > MIN_LOG) sum += Math.exp(t);
    }
    logC += Math.log(n - v) - Math.log(v + 1);
  }
  return clip01(sum * x);
}

function matmul(a: Float64Array, b: Float64Array, m: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] = (out[i * m + j] as number) + aik * (b[k * m + j] as number);
    }
  }
}

/** Pr(D_n ≤ d) by the Durbin matrix (Marsaglia–Tsang–Wang); O(k³ log n) with k = ⌈n·d⌉. */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)] as number;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r] as number;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] as number;
  let P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let tmp = new Float64Array(m * m);
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      matmul(P, H, m, tmp);
      [P, tmp] = [tmp, P];
      expnt += hExpnt;
    }
    matmul(H, H, m, tmp);
    [H, tmp] = [tmp, H];
    hExpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)] as number) > E128) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] as number) / E128;
      hExpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      expnt -= 128;
    }
  }
  return clip01(expnt !== 0 ? p * 2 ** expnt : p);
}

/** Pelz–Good asymptotic expansion of Pr(D_n ≤ x), used by scipy for large n in the body of the distribution. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  let K0 = 0;
  let K1 = 0;
  let K2 = 0;
  let K3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = q ** (8 * k);
    K0 = K0 * qp + 1;
    K1 = K1 * qp + (k1a + k1b * m2);
    K2 = K2 * qp + (k2a + k2b * m2 + k2c * m4);
    K3 = K3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  K0 = (K0 * q * SQRT2PI) / z;
  K1 = (K1 * q * SQRT2PI) / (6 * z4);
  K2 = (K2 * q * SQRT2PI) / (72 * z ** 7);
  K3 = (K3 * q * SQRT2PI) / (6480 * z ** 10);
  q = Math.exp(-PI2 / 2 / z2);
  let extra2 = 0;
  let extra3 = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    extra2 += k2 * qk;
    const kpi = Math.PI * k;
    extra3 += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
  }
  K2 += (extra2 * PI2 * SQRT2PI) / (-36 * z2 * z);
  K3 += (extra3 * PI2 * SQRT2PI) / (216 * z6);
  return K0 + K1 / n ** 0.5 + K2 / n + K3 / n ** 1.5;
}

/**
 * Pr(D_n > x) for the two-sided one-sample KS statistic with sample size n (a positive integer); the same
 * value as scipy's `kstwo.sf(x, n)`. Cost: O(1) in the tails, O(n) for the Smirnov sum, O(k³ log n) for the
 * Durbin matrix (k ≈ n·x, bounded by scipy's branch limits).
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - x) ** n);
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    // scipy uses Pomeranz's recursion for 0.754693 < n·x² ≤ 4; the Durbin matrix computes the same exact
    // probability there (k ≤ 2·√(4n) keeps the matrix small), so one exact method serves both ranges.
    if (nx2 <= 4) return clip01(1 - durbinCdf(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, x));
  let cdf: number;
  if (nx2 >= 18) cdf = 1;
  else if (n <= 100_000 && n * x ** 1.5 <= 1.4) cdf = durbinCdf(n, x);
  else cdf = pelzGoodCdf(n, x);
  return clip01(1 - cdf);
}

/**
 * Survival function of Kolmogorov's limiting distribution, Pr(K > y) with K = lim √n·D_n (scipy's
 * `kstwobign.sf`). O(1): a cheap approximation of {@link kolmogorovSf}(n, y/√n) for ranking many series when
 * exactness is not needed. Uses the Jacobi-theta form for small y, where the alternating series converges
 * slowly.
 */
export function kolmogorovLimitSf(y: number): number {
  if (Number.isNaN(y)) return Number.NaN;
  if (y <= 0) return 1;
  if (y <= 1) {
    const c = -PI2 / (8 * y * y);
    let cdf = 0;
    for (let k = 1; k <= 20; k++) {
      const term = Math.exp(c * (2 * k - 1) ** 2);
      cdf += term;
      if (term < 1e-20 * cdf) break;
    }
    return clip01(1 - (SQRT2PI / y) * cdf);
  }
  let sum = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * y * y);
    sum += sign * term;
    if (term < 1e-20 * Math.abs(sum) || term === 0) break;
    sign = -sign;
  }
  return clip01(2 * sum);
}
