import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { TARGET_ROLES } from '../../core/index.js';
import { LabelSet } from './labels.js';
import { TargetId } from './names.js';
import { Probe } from './probe.js';

/** What a target is in the network. */
export const TargetRoleName = z.enum(TARGET_ROLES as ['core', 'sbc', 'database', 'https', 'host']);

/** A monitored element and its probes. */
export const TargetConfig = z.strictObject({
  id: TargetId,
  name: z.string().optional(),
  role: TargetRoleName,
  site: z.string().min(1, { message: 'must not be empty' }),
  country: z.string().optional(),
  /** Users affected when this target is down. */
  users: z.int({ error: 'expected a whole number' }).min(0, { message: 'must be 0 or more' }).default(0),
  /** The redundant partner: both down is an outage, one down is degraded. */
  pair: TargetId.optional(),
  /** Targets this one cannot work without; their outage explains this one's. */
  depends_on: z.array(TargetId).default([]),
  labels: LabelSet.default({}),
  probes: z.array(Probe).min(1, { message: 'a target needs at least one probe' }),
});
/** A monitored element and its probes. */
export type TargetConfig = DeepReadonly<z.infer<typeof TargetConfig>>;
