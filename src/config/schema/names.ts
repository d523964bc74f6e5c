import { z } from 'zod';

/** A target id: lowercase, starts with a letter or digit, then letters, digits, `_`, `.` or `-`. */
export const TargetId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, {
    message: 'expected a lowercase id: a-z, 0-9, then also _ . - (e.g. sbc-mx-1)',
  });
/** A target id. */
export type TargetId = z.infer<typeof TargetId>;

/** A non-empty name (rule, channel, maintenance window, token). */
export const Name = z.string().trim().min(1, { message: 'must not be empty' });
/** A non-empty name. */
export type Name = z.infer<typeof Name>;
