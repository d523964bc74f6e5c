/** One line of a benchmark report. */
export interface BenchRow {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly goal: string;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Runs `fn` `times` times and returns each duration in ms. With --expose-gc (npm run bench sets it) a full
 * GC runs before each timing, so a query pays for the garbage it makes, not for what came before it.
 */
export async function timeMs(times: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    collectGarbage?.();
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Formats rows as a Markdown table. */
export function toMarkdown(rows: readonly BenchRow[]): string {
  const fmt = (v: number) => (v >= 1000 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(3));
  return [
    '| figure | measured | goal |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.figure} | ${fmt(r.value)} ${r.unit} | ${r.goal} |`),
  ].join('\n');
}
