import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { PositiveDuration } from './duration.js';
import { Name } from './names.js';
import { isTimeZone } from './sla.js';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/;
const LOCAL_HINT = 'expected a date-time such as 2026-03-02T09:00 (local to the time zone) or 2026-03-02T09:00:00-06:00';

/**
 * A date-time as written: `wall` holds its wall-clock fields as if they were UTC (ms), `offset` the UTC offset
 * it carries (ms), if any. Without an offset it is local to the schedule's time zone, resolved when used.
 */
export const LocalDateTime = z.string().transform((text, ctx) => {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  const [year, month, day, hour, minute, second] = (match?.slice(1, 7) ?? []).map((part) => Number(part ?? 0));
  const wall = match ? Date.UTC(year as number, (month as number) - 1, day, hour, minute, second) : NaN;
  const date = new Date(wall);
  // Date.UTC rolls 2026-02-30 over into March: a round trip catches impossible dates and times.
  const exists =
    match !== null &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === (month as number) - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute;
  if (!exists) {
    ctx.addIssue({ code: 'custom', message: `${LOCAL_HINT}, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  const zone = match[7];
  if (zone === undefined) return { wall };
  if (zone === 'Z') return { wall, offset: 0 };
  const digits = zone.replace(':', '');
  const offset = (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  return { wall, offset };
});
/** A date-time as written, local unless it carries an offset. */
export type LocalDateTime = DeepReadonly<z.infer<typeof LocalDateTime>>;

/** A person on call and how to reach them. */
export const OnCallMember = z.strictObject({
  name: Name,
  email: z.email({ error: 'expected an email address' }).optional(),
  phone: z.string().trim().min(1, { message: 'must not be empty' }).optional(),
  webhook: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
});
/** A person on call. */
export type OnCallMember = DeepReadonly<z.infer<typeof OnCallMember>>;

/** The rotation: members take turns in list order, each for `length`, handing off at local wall-clock time. */
export const OnCallRotation = z.strictObject({
  /** The first handoff (to the first member), local to the schedule's time zone. */
  start: LocalDateTime.refine((start) => start.offset === undefined, {
    message: 'give the local time without an offset (e.g. 2026-03-02T09:00): handoffs follow the wall clock of time_zone',
  }),
  length: PositiveDuration.prefault('1w'),
});
/** The rotation of an on-call schedule. */
export type OnCallRotation = DeepReadonly<z.infer<typeof OnCallRotation>>;

/** Someone standing in for the rotation over [start, end). */
export const OnCallOverride = z.strictObject({
  member: Name,
  start: LocalDateTime,
  end: LocalDateTime,
  reason: z.string().optional(),
});
/** Someone standing in for the rotation. */
export type OnCallOverride = DeepReadonly<z.infer<typeof OnCallOverride>>;

/** Compares written date-times the way they will be read; a local time counts in `timeZone` (UTC if none). */
function roughInstant(time: { wall: number; offset?: number | undefined }, timeZone: string | undefined): number {
  if (time.offset !== undefined) return time.wall - time.offset;
  if (timeZone === undefined || timeZone === 'UTC') return time.wall;
  // Precise enough to order an override's ends: only a span under an hour across a DST change could flip.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(time.wall);
  const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = match === null ? 0 : (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
  return time.wall - offset;
}

/**
 * Who is on call, in a time zone (default: `sla.timezone`): a rotation of members, and overrides that win
 * over it while they last.
 */
export const OnCallSchedule = z
  .strictObject({
    name: Name,
    time_zone: z
      .string()
      .refine(isTimeZone, { message: 'unknown time zone; expected an IANA name such as UTC or Europe/Madrid' })
      .optional(),
    members: z.array(OnCallMember).min(1, { message: 'an on-call schedule needs at least one member' }),
    rotation: OnCallRotation,
    overrides: z.array(OnCallOverride).default([]),
  })
  .superRefine((schedule, ctx) => {
    const seen = new Map<string, number>();
    schedule.members.forEach((member, index) => {
      const first = seen.get(member.name);
      if (first === undefined) seen.set(member.name, index);
      else ctx.addIssue({ code: 'custom', path: ['members', index, 'name'], message: `duplicate member "${member.name}" (first as members[${first}])` });
    });
    schedule.overrides.forEach((override, index) => {
      if (!seen.has(override.member)) {
        const known = [...seen.keys()].join(', ');
        ctx.addIssue({ code: 'custom', path: ['overrides', index, 'member'], message: `unknown member "${override.member}" (members: ${known})` });
      }
      if (roughInstant(override.end, schedule.time_zone) <= roughInstant(override.start, schedule.time_zone)) {
        ctx.addIssue({ code: 'custom', path: ['overrides', index, 'end'], message: 'must be after start' });
      }
    });
  });
/** Who is on call. */
export type OnCallSchedule = DeepReadonly<z.infer<typeof OnCallSchedule>>;
