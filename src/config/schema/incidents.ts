import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';

/** Incident numbering and storage. */
export const IncidentsConfig = z.strictObject({
  /** First part of `PREFIX-YYYY-NNNNNN`. */
  prefix: z
    .string()
    .regex(/^[A-Z0-9]{2,8}$/, { message: 'expected 2 to 8 uppercase letters or digits, such as NOC' })
    .default('NOC'),
  kind: z.enum(['sqlite']).default('sqlite'),
});
/** Incident numbering and storage. */
export type IncidentsConfig = DeepReadonly<z.infer<typeof IncidentsConfig>>;
