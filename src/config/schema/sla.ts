import { z } from 'zod';
import { SEVERITIES } from '../../core/index.js';
import type { DeepReadonly } from '../deep-readonly.js';
import { ContractConfig } from './contract.js';
import { Duration } from './duration.js';
import { ReportsConfig } from './reports.js';

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
    .strictObject({
      attention: Duration.prefault(attention),
      solution: Duration.prefault(solution),
      /** A name in `sla.calendars`: the clocks then count only its service hours; absent counts 24x7. */
      calendar: z.string().min(1).optional(),
    })
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

/** How much of the service an incident interrupts, the second axis of the severity matrix. */
export const InterruptionLevel = z.enum(['total', 'partial', 'degraded'], { error: 'expected total, partial or degraded' });
/** How much of the service an incident interrupts. */
export type InterruptionLevel = z.infer<typeof InterruptionLevel>;

const UserCount = z.int({ error: 'expected a whole number' }).min(0, { message: 'must be 0 or more' });

/**
 * One interruption level's row: the fewest affected users for each severity; an incident takes the most
 * severe one it reaches, S4 below them all. A severity left out is never reached at this level.
 */
export const SeverityThresholds = z
  .strictObject({ S1: UserCount.optional(), S2: UserCount.optional(), S3: UserCount.optional() })
  .superRefine((row, ctx) => {
    // A more severe band that needs fewer users than a lighter one would shadow it: almost surely a typo.
    const given = (['S1', 'S2', 'S3'] as const).filter((severity) => row[severity] !== undefined);
    for (let i = 1; i < given.length; i++) {
      const [heavier, lighter] = [given[i - 1] as 'S1' | 'S2', given[i] as 'S2' | 'S3'];
      if ((row[heavier] as number) < (row[lighter] as number)) {
        ctx.addIssue({ code: 'custom', path: [heavier], message: `must be at least ${lighter}'s ${row[lighter]} users` });
      }
    }
  });
/** Fewest affected users per severity at one interruption level. */
export type SeverityThresholds = DeepReadonly<z.infer<typeof SeverityThresholds>>;

/**
 * The default severity matrix (affected users × interruption). A total outage of 1,000 users is S1 (a
 * carrier's trunk or a core); a partial one needs ten times the users for the same severity; a mere
 * degradation never reaches S1. Anything below every threshold is S4.
 */
export const DEFAULT_SEVERITY_MATRIX = {
  total: { S1: 1000, S2: 100, S3: 1 },
  partial: { S1: 10_000, S2: 1000, S3: 100 },
  degraded: { S2: 10_000, S3: 1000 },
} as const satisfies Record<InterruptionLevel, z.input<typeof SeverityThresholds>>;

/** Severity from affected users × interruption level; a level left out keeps its default row. */
export const SeverityMatrix = z.strictObject({
  total: SeverityThresholds.default(DEFAULT_SEVERITY_MATRIX.total),
  partial: SeverityThresholds.default(DEFAULT_SEVERITY_MATRIX.partial),
  degraded: SeverityThresholds.default(DEFAULT_SEVERITY_MATRIX.degraded),
});
/** Severity from affected users × interruption level. */
export type SeverityMatrix = DeepReadonly<z.infer<typeof SeverityMatrix>>;

const Percent = z.number().min(0, { message: 'must be between 0 and 100' }).max(100, { message: 'must be between 0 and 100' });

/** SLA clocks, targets, calendars and penalties. */
export const SlaConfig = z
  .strictObject({
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
    /** Fees, penalty tiers and caps: absent, reports show no money. */
    contract: ContractConfig.optional(),
    reports: ReportsConfig.prefault({}),
    severity_matrix: SeverityMatrix.prefault({}),
  })
  .superRefine((sla, ctx) => {
    // Checked here, once at load, so a deadline is never computed against a calendar that is not there.
    for (const severity of SEVERITIES) {
      const name = sla.severities[severity].calendar;
      if (name === undefined) continue;
      const path = ['severities', severity, 'calendar'];
      const calendar = sla.calendars?.[name];
      if (calendar === undefined) {
        const known = Object.keys(sla.calendars ?? {});
        const hint = known.length === 0 ? 'sla.calendars defines none' : `known: ${known.join(', ')}`;
        ctx.addIssue({ code: 'custom', path, message: `unknown calendar "${name}" (${hint})` });
      } else if (Object.values(calendar).every((ranges) => ranges.length === 0)) {
        ctx.addIssue({ code: 'custom', path, message: `calendar "${name}" has no service hours: the SLA clock would never run` });
      }
    }
  });
/** SLA clocks, targets, calendars and penalties. */
export type SlaConfig = DeepReadonly<z.infer<typeof SlaConfig>>;
