import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { Duration } from './duration.js';
import { Name, TargetId } from './names.js';

const Instant = z.iso
  .datetime({ offset: true, error: 'expected an ISO-8601 date-time with a zone, such as 2025-03-01T02:00:00Z' })
  .transform((text) => Date.parse(text));

const CRON = /^\S+(\s+\S+){4}$/;

/** A five-field cron expression that node-cron (which runs the windows) accepts. */
export const CronExpression = z
  .string()
  .regex(CRON, { message: 'expected a five-field cron expression, such as "0 2 * * 0"' })
  .superRefine((expression, ctx) => {
    const { valid, errors } = validateDetailed(expression);
    if (valid) return;
    const reasons = errors.map((error) => `${error.field} "${error.value}" is out of range`).join('; ');
    ctx.addIssue({ code: 'custom', message: `bad cron expression: ${reasons || 'not understood'}` });
  });

/**
 * A maintenance window: alerts on its targets are silenced and its time is excluded from availability.
 * Either one-off (`start`, `end`: epoch ms) or recurring (`cron` + `duration` in ms).
 */
export const MaintenanceWindow = z
  .strictObject({
    name: Name,
    targets: z.array(TargetId).min(1, { message: 'a maintenance window needs at least one target' }),
    start: Instant.optional(),
    end: Instant.optional(),
    cron: CronExpression.optional(),
    duration: Duration.optional(),
  })
  .superRefine((window, ctx) => {
    const oneOff = window.start !== undefined || window.end !== undefined;
    const recurring = window.cron !== undefined || window.duration !== undefined;
    if (oneOff && recurring) {
      ctx.addIssue({ code: 'custom', message: 'give either start and end, or cron and duration, not both' });
    } else if (recurring) {
      if (window.cron === undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'missing required key "cron" (duration needs it)' });
      if (window.duration === undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'missing required key "duration" (cron needs it)' });
    } else if (window.start === undefined || window.end === undefined) {
      const missing = window.start === undefined ? 'start' : 'end';
      ctx.addIssue({ code: 'custom', path: [missing], message: `missing required key "${missing}" (or give cron and duration)` });
    } else if (window.end <= window.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    }
  });
/** A maintenance window. */
export type MaintenanceWindow = DeepReadonly<z.infer<typeof MaintenanceWindow>>;
