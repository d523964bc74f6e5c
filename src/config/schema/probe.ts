import type { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { PROBE_KINDS, type ProbeKind } from '../probe-kinds.js';
import { discriminatedRegistry } from './discriminated-registry.js';

/** One probe of a target: `{kind, interval?, timeout?, name?, ...kind-specific}`. */
export const Probe = discriminatedRegistry('probe', PROBE_KINDS);
/** One probe of a target. */
export type Probe = DeepReadonly<z.infer<typeof Probe>>;

/** The probe of one kind, narrowed: `ProbeOf<'https'>`. */
export type ProbeOf<K extends ProbeKind> = DeepReadonly<z.infer<(typeof PROBE_KINDS)[K]>>;
