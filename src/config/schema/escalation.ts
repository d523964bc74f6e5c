import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { PositiveDuration } from './duration.js';

/**
 * When an incident at one level goes to the next. Both timers count from the incident's registration, like
 * the SLA clocks whose deadlines are their defaults.
 */
export const EscalationTimers = z.strictObject({
  /** Not acknowledged this long after registration: up one level. */
  ack_timeout: PositiveDuration.optional(),
  /** Not resolved this long after registration: up one level. */
  resolve_timeout: PositiveDuration.optional(),
});
/** When an incident at one level goes to the next, in ms since registration. */
export type EscalationTimers = DeepReadonly<z.infer<typeof EscalationTimers>>;

const Level = z.enum(['L1', 'L2', 'L3'], { error: 'expected L1, L2 or L3' });

/**
 * Automatic escalation: L1 is told when an incident opens; unacknowledged past L1's `ack_timeout` (default:
 * the attention deadline) it goes to L2; unresolved past L2's `resolve_timeout` (default: the solution
 * deadline) to L3. An S1 incident goes at once to at least `s1_level`.
 */
export const EscalationPolicy = z
  .strictObject({
    enabled: z.boolean().default(true),
    s1_level: Level.default('L2'),
    L1: EscalationTimers.prefault({}),
    L2: EscalationTimers.prefault({}),
    // Accepted only to be refused with a message that says why: a strict object would just call it unknown.
    L3: z.unknown().optional(),
  })
  .superRefine((policy, ctx) => {
    if (policy.L3 !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['L3'], message: 'L3 is the highest support level: there is nothing to escalate it to; remove L3' });
    }
    // Both levels count from registration, so an L2 timer not past L1's would skip L2 altogether.
    for (const timer of ['ack_timeout', 'resolve_timeout'] as const) {
      const first = policy.L1[timer];
      const second = policy.L2[timer];
      if (first !== undefined && second !== undefined && second <= first) {
        ctx.addIssue({
          code: 'custom',
          path: ['L2', timer],
          message: `must be longer than L1.${timer}: both count from the incident's registration`,
        });
      }
    }
  })
  .transform(({ L3: _ignored, ...policy }) => policy);
/** Automatic escalation timers and the S1 rule. */
export type EscalationPolicy = DeepReadonly<z.infer<typeof EscalationPolicy>>;
