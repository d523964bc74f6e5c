import { type Sample, seriesKey } from '../core/index.js';
import type { ProbeState } from '../core/index.js';

/** The `pair` label of two redundant targets: both ids sorted and joined by `+`, the same from either side. */
export function pairName(a: string, b: string): string {
  return [a, b].sort().join('+');
}

/**
 * `pair_members_up{pair}` at `t`: how many of the two members are up (0 = service down, 1 = redundancy
 * lost, 2 = healthy). Undefined while a member's state is still unknown, so no misleading 0 is written
 * at start-up.
 */
export function pairSample(pair: readonly [string, string], states: readonly [ProbeState, ProbeState], t: number): Sample | undefined {
  if (states.includes('unknown')) return undefined;
  const up = states.filter((state) => state === 'up').length;
  return { series: seriesKey('pair_members_up', { pair: pairName(pair[0], pair[1]) }), t, v: up };
}
