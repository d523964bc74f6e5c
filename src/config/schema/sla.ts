import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { Duration } from './duration.js';

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function slaTimes(attention: string, solution: string) {
  return z
    .strictObject({ attention: Duration.prefault(attention), solution: Duration.prefault(solution) })
    .prefault({});
}

/** Attention and solution times per severity (the service contract's defaults). */
export const SlaSeverities = z.strictObject({
  S1: slaTimes('1h', '3h'),
  S2: slaTimes('1h30m', '4h'),
  S3: slaTimes('2h', '4h'),
  S4: slaTimes('2h', '4h'),
});
/** Attention and solution times per severity, in ms. */
export type SlaSeverities = DeepReadonly<z.infer<typeof SlaSeverities>>;

const CLOCK_RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** `HH:MM-HH:MM` parsed into minutes since midnight; `24:00` ends the day. */
export const ClockRange = z.string().transform((text, ctx) => {
  const match = CLOCK_RANGE.exec(text.replace(/\s+/g, ''));
  const minutes = (h: string | undefined, m: string | undefined): number => Number(h) * 60 + Number(m);
  const from = match ? minutes(match[1], match[2]) : NaN;
  const to = match ? minutes(match[3], match[4]) : NaN;
  if (!match || to <= from || to > 1440) {
    ctx.addIssue({ code: 'custom', message: `expected a time range such as 08:00-18:00, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return { from, to };
});
/** A daily time range in minutes since midnight. */
export type ClockRange = DeepReadonly<z.infer<typeof ClockRange>>;

const DayHours = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(ClockRange));

/** Service hours per weekday (a missing day has none); times in the SLA time zone. */
export const WeeklyHours = z.strictObject({
  mon: DayHours.default([]),
  tue: DayHours.default([]),
  wed: DayHours.default([]),
  thu: DayHours.default([]),
  fri: DayHours.default([]),
  sat: DayHours.default([]),
  sun: DayHours.default([]),
});
/** Service hours per weekday. */
export type WeeklyHours = DeepReadonly<z.infer<typeof WeeklyHours>>;

const Percent = z.number().min(0, { message: 'must be between 0 and 100' }).max(100, { message: 'must be between 0 and 100' });

/** SLA clocks, targets, calendars and penalties. */
export const SlaConfig = z.strictObject({
  timezone: z
    .string()
    .refine(isTimeZone, { message: 'unknown time zone; expected an IANA name such as UTC or America/Mexico_City' })
    .default('UTC'),
  severities: SlaSeverities.prefault({}),
  /** Monthly availability target in percent (7x24x365 unless a calendar says otherwise). */
  availability_target: Percent.default(99.99),
  /** Monthly share of incidents within their SLA, in percent. */
  compliance_target: Percent.default(98),
  calendars: z.record(z.string(), WeeklyHours).optional(),
  penalties: z.record(z.string(), z.unknown()).optional(),
});
/** SLA clocks, targets, calendars and penalties. */
export type SlaConfig = DeepReadonly<z.infer<typeof SlaConfig>>;
