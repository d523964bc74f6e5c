import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { PositiveDuration } from './duration.js';

/** Fields every probe has, whatever its kind. */
export const ProbeCommon = z.strictObject({
  kind: z.string(),
  /** The `probe` label of its series; defaults to the kind. Needed when a target has two probes of one kind. */
  name: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]+$/, { message: 'expected letters, digits, _ . or -' })
    .optional(),
  interval: PositiveDuration.optional(),
  timeout: PositiveDuration.optional(),
});
/** Fields every probe has. */
export type ProbeCommon = DeepReadonly<z.infer<typeof ProbeCommon>>;

