import type { Aggregation } from '../../core/index.js';

/**
 * `fn` of one bucket's values in time order, with the reference's float semantics (NaN and ±Inf propagate
 * as they do through JavaScript arithmetic and Math.min/max): for buckets a remote engine cannot fold itself.
 */
export function foldBucket(values: readonly number[], fn: Aggregation): number {
  switch (fn) {
    case 'avg':
      return values.reduce((s, x) => s + x, 0) / values.length;
    case 'min':
      return values.reduce((m, x) => Math.min(m, x), Infinity);
    case 'max':
      return values.reduce((m, x) => Math.max(m, x), -Infinity);
    case 'sum':
      return values.reduce((s, x) => s + x, 0);
    case 'count':
      return values.length;
    case 'last':
      return values.length === 0 ? NaN : (values[values.length - 1] as number);
  }
}
