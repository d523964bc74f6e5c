import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { Name } from './names.js';
import { WeeklyHours } from './sla.js';

/** The support centre's hours: weekdays 06:00-21:00, weekends 07:00-17:00. */
export const DEFAULT_BUSINESS_HOURS = {
  mon: '06:00-21:00',
  tue: '06:00-21:00',
  wed: '06:00-21:00',
  thu: '06:00-21:00',
  fri: '06:00-21:00',
  sat: '07:00-17:00',
  sun: '07:00-17:00',
} as const satisfies z.input<typeof WeeklyHours>;

/**
 * Business hours, read in `sla.timezone`: weekly hours given inline (`mon: 08:00-18:00`…), or `calendar:`
 * naming one of `sla.calendars` (a plain string is short for that). Absent: the support centre's hours.
 */
export const BusinessHours = z
  .preprocess(
    (value) => (typeof value === 'string' ? { calendar: value } : value),
    WeeklyHours.extend({ calendar: Name.optional() }).superRefine((hours, ctx) => {
      const { calendar, ...days } = hours;
      if (calendar !== undefined && Object.values(days).some((ranges) => ranges.length > 0)) {
        ctx.addIssue({ code: 'custom', path: ['calendar'], message: 'give either a calendar or weekly hours, not both' });
      } else if (calendar === undefined && Object.values(days).every((ranges) => ranges.length === 0)) {
        ctx.addIssue({ code: 'custom', message: 'no business hours on any day; leave the key out for the default hours (weekdays 06:00-21:00, weekends 07:00-17:00)' });
      }
    }),
  )
  .prefault(DEFAULT_BUSINESS_HOURS);
/** Business hours: inline weekly hours, or the name of an `sla.calendars` entry. */
export type BusinessHours = DeepReadonly<z.infer<typeof BusinessHours>>;

/**
 * Why `hours` cannot be used with these `sla.calendars` (an unknown calendar), or undefined when it can:
 * for the config's cross-field check, at the path of `calendar`.
 */
export function businessHoursIssue(hours: BusinessHours, calendars: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (hours.calendar === undefined || calendars?.[hours.calendar] !== undefined) return undefined;
  const known = Object.keys(calendars ?? {});
  return `unknown calendar "${hours.calendar}" (${known.length === 0 ? 'sla.calendars defines none' : `known: ${known.join(', ')}`})`;
}
