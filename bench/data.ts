import { type SeriesKey, seriesKey } from '../src/core/index.js';

/** The kinds of series a NOC polls, in equal shares. */
export type SeriesKind = 'gauge' | 'counter' | 'latency' | 'flag';
const KINDS: readonly SeriesKind[] = ['gauge', 'counter', 'latency', 'flag'];

/** Deterministic PRNG (mulberry32) so every run writes the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic network: `targets` targets of `perTarget` series each, values evolving like real ones. */
export class SyntheticNetwork {
  readonly keys: SeriesKey[] = [];
  private readonly kinds: SeriesKind[] = [];
  private readonly state: Float64Array;
  private readonly random = prng(42);

  constructor(
    readonly targets: number,
    readonly perTarget: number,
  ) {
    for (let target = 0; target < targets; target++) {
      for (let i = 0; i < perTarget; i++) {
        const kind = KINDS[i % KINDS.length] as SeriesKind;
        this.kinds.push(kind);
        this.keys.push(seriesKey(`bench_${kind}`, { target: `t-${target}`, site: `site-${target % 7}`, i: String(i) }));
      }
    }
    this.state = new Float64Array(this.keys.length);
    this.kinds.forEach((kind, i) => this.state.set([kind === 'gauge' ? 50 : kind === 'flag' ? 1 : 0], i));
  }

  get seriesCount(): number {
    return this.keys.length;
  }

  /** The next value of series `i` (called once per poll). */
  next(i: number): number {
    const r = this.random;
    let v = this.state[i] as number;
    switch (this.kinds[i]) {
      case 'gauge': // two decimals, random walk (CPU %, active calls / 100…)
        v = Math.round((v + (r() - 0.5)) * 100) / 100;
        break;
      case 'counter': // octets: ~125 kB per 10 s with noise
        v += 115_000 + Math.floor(r() * 20_000);
        break;
      case 'latency': // seconds with millisecond resolution around 25 ms
        return Math.round(20 + r() * 10) / 1000;
      case 'flag': // up/down, rarely flips
        if (r() < 0.001) v = 1 - v;
        break;
    }
    this.state[i] = v;
    return v;
  }
}
