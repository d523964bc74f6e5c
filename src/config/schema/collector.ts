import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { PositiveDuration } from './duration.js';

const Count = z.int({ error: 'expected a whole number' }).min(1, { message: 'must be 1 or more' });

/** How the collector runs probes. */
export const CollectorConfig = z.strictObject({
  /** Probe runs in flight at once, over all targets. */
  max_concurrent: Count.default(256),
  /** Probe runs in flight at once against one target (spares small devices). */
  max_per_target: Count.default(4),
  /** On stop, how long in-flight runs may finish before they are aborted. */
  stop_timeout: PositiveDuration.prefault('10s'),
});
/** How the collector runs probes. */
export type CollectorConfig = DeepReadonly<z.infer<typeof CollectorConfig>>;
