import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { Duration } from './duration.js';

/** Incident numbering and storage. */
export const IncidentsConfig = z.strictObject({
  /** First part of `PREFIX-YYYY-NNNNNN`. */
  prefix: z
    .string()
    .regex(/^[A-Z0-9]{2,8}$/, { message: 'expected 2 to 8 uppercase letters or digits, such as NOC' })
    .default('NOC'),
  kind: z.enum(['sqlite']).default('sqlite'),
  /**
   * A monitoring incident resolved by recovery for this long is closed with category `auto-recovered`.
   * Absent or 0: never; closing files a category that feeds the reports, so by default a person does it.
   */
  auto_close_after: Duration.optional(),
  /**
   * After a target that others depend on recovers, their alerts wait this many evaluations before they may
   * open incidents of their own, so a recovery does not set off a storm of incidents.
   */
  dependency_hold: z.int({ error: 'expected a whole number' }).min(0, { message: 'must be 0 or more' }).default(3),
});
/** Incident numbering and storage. */
export type IncidentsConfig = DeepReadonly<z.infer<typeof IncidentsConfig>>;
