import type { WindowFunction } from '../../config/index.js';

/**
 * What a counter grew by over the points: a drop is a counter reset (process restart), after which the
 * counter counts from zero again, so the value after the drop is all new growth (as PromQL does).
 * No extrapolation to the window's edges: the result is what was observed.
 */
export function counterIncrease(v: ArrayLike<number>): number {
  let increase = 0;
  for (let i = 1; i < v.length; i++) {
    const previous = v[i - 1] as number;
    const current = v[i] as number;
    increase += current >= previous ? current - previous : current;
  }
  return increase;
}

/** `fn` over one series' points in a window; undefined when the points cannot support it (a rate needs two). */
export function windowValue(fn: WindowFunction, t: ArrayLike<number>, v: ArrayLike<number>): number | undefined {
  const n = v.length;
  if (n === 0) return undefined;
  switch (fn) {
    case 'avg': {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += v[i] as number;
      return sum / n;
    }
    case 'min': {
      let min = Infinity;
      for (let i = 0; i < n; i++) min = Math.min(min, v[i] as number);
      return min;
    }
    case 'max': {
      let max = -Infinity;
      for (let i = 0; i < n; i++) max = Math.max(max, v[i] as number);
      return max;
    }
    case 'increase':
      return n < 2 ? undefined : counterIncrease(v);
    case 'rate': {
      if (n < 2) return undefined;
      const seconds = ((t[n - 1] as number) - (t[0] as number)) / 1000;
      return seconds > 0 ? counterIncrease(v) / seconds : undefined;
    }
    case 'delta':
      return n < 2 ? undefined : (v[n - 1] as number) - (v[0] as number);
  }
}
