// Micro-benchmark of the chunk codec: size per point and encode/decode time for typical series shapes.
// Run with `npx tsx bench/codec.ts`.
import { pathToFileURL } from 'node:url';
import { ChunkEncoder, decodeChunk, inspectChunk } from '../src/store/sqlite/chunk-codec.js';
import { prng } from './data.js';

/** One benchmark row: a data kind and what the codec does with one chunk of it. */
export interface CodecBenchResult {
  kind: string;
  bytesPerPoint: number;
  encodeMicros: number;
  decodeMicros: number;
  /** Whether the measured chunk is stored deflated. */
  deflated: boolean;
  /** Mean bytes per point over POPULATION chunks of this kind generated from other seeds. */
  populationBytesPerPoint: number;
  /** Share of those chunks that are stored deflated. */
  deflateShare: number;
}

interface Sample {
  kind: string;
  t: Float64Array;
  columns: Float64Array[];
}

const POINTS = 360;
const STEP_MS = 10_000;
const START_MS = Date.UTC(2025, 0, 1);
const RUNS = 7;
const MIN_RUN_MS = 30;
const MEASURED_SEED = 42;
/** Chunks per kind for the size and deflate-share figures, each from its own seed. */
const POPULATION = 100;
/** The first MIX_KINDS kinds form the typical mix whose average size is the headline figure. */
const MIX_KINDS = 4;

function timestamps(random: () => number, jitterMs: number): Float64Array {
  const t = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    const jitter = jitterMs === 0 ? 0 : Math.round((random() * 2 - 1) * jitterMs);
    t[i] = START_MS + i * STEP_MS + jitter;
  }
  return t;
}

function series(random: () => number, next: (previous: number, i: number) => number, first: number): Float64Array {
  const values = new Float64Array(POINTS);
  let value = first;
  for (let i = 0; i < POINTS; i++) {
    value = i === 0 ? first : next(value, i);
    values[i] = value;
  }
  return values;
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function samples(seed: number): Sample[] {
  const random = prng(seed);
  const aligned = timestamps(random, 0);
  const gauge = series(random, (v) => roundTo(v + (random() - 0.5), 2), 50);
  const counter = series(random, (v) => v + 125_000 + Math.round((random() * 2 - 1) * 10_000), 1e9);
  const latency = series(random, () => roundTo(0.025 + (random() * 2 - 1) * 0.005, 3), 0.025);
  const flag = series(random, (v) => (random() < 0.01 ? 1 - v : v), 0);
  const noise = series(random, () => random() * 1000, 0);
  return [
    { kind: 'gauge (2 decimals, ±0.5 walk)', t: aligned, columns: [gauge] },
    { kind: 'octet counter (+125000±10000)', t: aligned, columns: [counter] },
    { kind: 'latency (s, ms resolution)', t: aligned, columns: [latency] },
    { kind: 'flag (0/1, rare changes)', t: aligned, columns: [flag] },
    { kind: 'gauge, timestamps ±3 ms jitter', t: timestamps(random, 3), columns: [gauge] },
    { kind: 'random doubles (xor fallback)', t: aligned, columns: [noise] },
    { kind: 'rollup, 5 columns (per point)', t: aligned, columns: rollupColumns(random) },
  ];
}

/** Rollup columns (min, max, sum, count, last) of 6 gauge samples per point. */
function rollupColumns(random: () => number): Float64Array[] {
  const columns = Array.from({ length: 5 }, () => new Float64Array(POINTS));
  let value = 50;
  for (let i = 0; i < POINTS; i++) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let j = 0; j < 6; j++) {
      value = roundTo(value + (random() - 0.5), 2);
      min = Math.min(min, value);
      max = Math.max(max, value);
      sum += value;
    }
    const row = [min, max, sum, 6, value];
    row.forEach((cell, c) => ((columns[c] as Float64Array)[i] = cell));
  }
  return columns;
}

/** Median over RUNS of the mean time per call, in µs; each run repeats `work` for at least MIN_RUN_MS. */
function measure(work: () => void): number {
  const perCall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let calls = 0;
    const started = performance.now();
    let elapsed: number;
    do {
      for (let i = 0; i < 50; i++) work();
      calls += 50;
      elapsed = performance.now() - started;
    } while (elapsed < MIN_RUN_MS);
    perCall.push((elapsed * 1000) / calls);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)] as number;
}

/** Per kind, the mean bytes per point and the share of deflated chunks over POPULATION seeds. */
function population(): { bytesPerPoint: number; deflateShare: number }[] {
  const encoder = new ChunkEncoder();
  const totals = samples(MEASURED_SEED).map(() => ({ bytesPerPoint: 0, deflateShare: 0 }));
  for (let seed = 1; seed <= POPULATION; seed++) {
    samples(MEASURED_SEED + seed).forEach((sample, k) => {
      const chunk = encoder.encode(sample.t, sample.columns);
      const total = totals[k] as { bytesPerPoint: number; deflateShare: number };
      total.bytesPerPoint += chunk.length / POINTS / POPULATION;
      if (inspectChunk(chunk).deflated) total.deflateShare += 1 / POPULATION;
    });
  }
  return totals;
}

/** Measures every data kind; sizes are bytes per point (all columns of a point together). */
export async function runCodecBench(): Promise<CodecBenchResult[]> {
  // One encoder for all chunks, as the store's sealer keeps one.
  const encoder = new ChunkEncoder();
  const results: CodecBenchResult[] = [];
  const all = samples(MEASURED_SEED);
  const sizes = population();
  // Warm up first so the first kind is not measured while the JIT is still compiling.
  for (let i = 0; i < 2000; i++) for (const sample of all) decodeChunk(encoder.encode(sample.t, sample.columns));
  for (const [k, sample] of all.entries()) {
    const chunk = encoder.encode(sample.t, sample.columns);
    const size = sizes[k] as { bytesPerPoint: number; deflateShare: number };
    results.push({
      kind: sample.kind,
      bytesPerPoint: chunk.length / POINTS,
      encodeMicros: measure(() => encoder.encode(sample.t, sample.columns)),
      decodeMicros: measure(() => decodeChunk(chunk)),
      deflated: inspectChunk(chunk).deflated,
      populationBytesPerPoint: size.bytesPerPoint,
      deflateShare: size.deflateShare,
    });
    // Yield between kinds so a caller's event loop is not blocked for the whole run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function printTable(results: readonly CodecBenchResult[]): void {
  console.log(`${POINTS} points per chunk, ${STEP_MS / 1000} s interval, median of ${RUNS} runs`);
  console.log(
    `${'kind'.padEnd(34)}${'bytes/pt'.padStart(10)}${'encode µs'.padStart(12)}${'decode µs'.padStart(12)}` +
      `${'deflated'.padStart(10)}${`over ${POPULATION} seeds: bytes/pt`.padStart(30)}${'deflated'.padStart(10)}`,
  );
  for (const r of results) {
    console.log(
      `${r.kind.padEnd(34)}${r.bytesPerPoint.toFixed(3).padStart(10)}` +
        `${r.encodeMicros.toFixed(1).padStart(12)}${r.decodeMicros.toFixed(1).padStart(12)}` +
        `${(r.deflated ? 'yes' : 'no').padStart(10)}${r.populationBytesPerPoint.toFixed(3).padStart(30)}` +
        `${`${(100 * r.deflateShare).toFixed(0)} %`.padStart(10)}`,
    );
  }
  const mix = results.slice(0, MIX_KINDS);
  console.log(
    `four-kind mix: ${mean(mix.map((r) => r.bytesPerPoint)).toFixed(3)} bytes/point ` +
      `(${mean(mix.map((r) => r.populationBytesPerPoint)).toFixed(3)} over ${POPULATION} seeds), ` +
      `${(100 * mean(mix.map((r) => r.deflateShare))).toFixed(1)} % of its chunks deflated ` +
      `(all kinds: ${(100 * mean(results.map((r) => r.deflateShare))).toFixed(1)} %)`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await runCodecBench());
}
