import { createHash } from 'node:crypto';

/**
 * A stable offset in [0, interval) for a probe key: runs of different probes spread over the interval
 * (no thundering herd at :00), and the same probe keeps its phase across restarts and reloads.
 */
export function stableOffset(key: string, intervalMs: number): number {
  const hash = createHash('sha1').update(key).digest().readUInt32BE(0);
  return hash % intervalMs;
}

/** The first run time strictly after `now` on the grid `offset + k·interval`. */
export function nextRunAfter(now: number, intervalMs: number, offsetMs: number): number {
  const k = Math.floor((now - offsetMs) / intervalMs) + 1;
  return offsetMs + k * intervalMs;
}
