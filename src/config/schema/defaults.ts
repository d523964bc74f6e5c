import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { PositiveDuration } from './duration.js';

/** Probe settings used when a probe does not give its own. */
export const DefaultsConfig = z.strictObject({
  interval: PositiveDuration.prefault('30s'),
  timeout: PositiveDuration.prefault('10s'),
});
/** Probe settings used when a probe does not give its own. */
export type DefaultsConfig = DeepReadonly<z.infer<typeof DefaultsConfig>>;
