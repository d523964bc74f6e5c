import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { PositiveDuration } from './duration.js';

const Count = z.int({ error: 'expected a whole number' }).min(1, { message: 'must be 1 or more' });

/**
 * Which part of the targets this collector polls when several share the work: the targets whose id hashes
 * to `index` modulo `count`.
 */
export const ShardConfig = z
  .strictObject({
    index: z.int({ error: 'expected a whole number' }).min(0, { message: 'must be 0 or more' }),
    count: Count,
  })
  // A count below 1 has its own message already.
  .refine((shard) => shard.count < 1 || shard.index < shard.count, {
    message: 'must be below count (shards are numbered from 0 to count - 1)',
    path: ['index'],
  });
/** Which part of the targets this collector polls. */
export type ShardConfig = DeepReadonly<z.infer<typeof ShardConfig>>;

/** How the collector runs probes. */
export const CollectorConfig = z.strictObject({
  /** Probe runs in flight at once, over all targets. */
  max_concurrent: Count.default(256),
  /** Probe runs in flight at once against one target (spares small devices). */
  max_per_target: Count.default(4),
  /** On stop, how long in-flight runs may finish before they are aborted. */
  stop_timeout: PositiveDuration.prefault('10s'),
  /** This collector's part of the targets; all of them when absent (one collector). */
  shard: ShardConfig.optional(),
});
/** How the collector runs probes. */
export type CollectorConfig = DeepReadonly<z.infer<typeof CollectorConfig>>;
