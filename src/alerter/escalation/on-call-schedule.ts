import type { OnCallMember, OnCallSchedule } from '../../config/schema/on-call.js';
import { type ZoneOffsets, zoneOffsets } from '../../core/index.js';
import { instantOf, instantOfWallClock, wallClockOf } from './local-time.js';

/** The next change of who is on call. */
export interface OnCallHandoff {
  /** When the change happens (ms since the epoch). */
  readonly at: number;
  /** Who is on call from then on. */
  readonly member: OnCallMember;
}

interface ResolvedOverride {
  readonly member: OnCallMember;
  readonly start: number;
  readonly end: number;
}

/** A schedule with its zone and override instants resolved once per call. */
interface Resolved {
  readonly schedule: OnCallSchedule;
  readonly zone: ZoneOffsets;
  readonly overrides: readonly ResolvedOverride[];
}

function resolve(schedule: OnCallSchedule, defaultTimeZone: string): Resolved {
  const zone = zoneOffsets(schedule.time_zone ?? defaultTimeZone);
  const byName = new Map(schedule.members.map((member) => [member.name, member]));
  const overrides = schedule.overrides.flatMap((override) => {
    const member = byName.get(override.member);
    // The schema refuses overrides for unknown members; one built by hand is ignored rather than crash a page.
    return member === undefined ? [] : [{ member, start: instantOf(override.start, zone), end: instantOf(override.end, zone) }];
  });
  return { schedule, zone, overrides };
}

/** Handoff `k` of the rotation: the start's wall-clock time plus k lengths, so DST never shifts the hour. */
function handoff(resolved: Resolved, k: number): number {
  const { start, length } = resolved.schedule.rotation;
  return instantOfWallClock(start.wall + k * length, resolved.zone);
}

/** The number of the last handoff at or before `at` (negative before the first: the rotation runs backwards too). */
function shiftAt(resolved: Resolved, at: number): number {
  const { start, length } = resolved.schedule.rotation;
  let k = Math.floor((wallClockOf(at, resolved.zone) - start.wall) / length);
  // The wall-clock guess is off by one at most around a DST change.
  while (handoff(resolved, k + 1) <= at) k++;
  while (handoff(resolved, k) > at) k--;
  return k;
}

function memberAt(resolved: Resolved, at: number): OnCallMember {
  let winner: ResolvedOverride | undefined;
  for (const override of resolved.overrides) {
    // The latest-starting override wins; of two starting together, the one listed later (the newer entry).
    if (override.start <= at && at < override.end && (winner === undefined || override.start >= winner.start)) winner = override;
  }
  if (winner !== undefined) return winner.member;
  const { members } = resolved.schedule;
  const index = ((shiftAt(resolved, at) % members.length) + members.length) % members.length;
  return members[index] as OnCallMember;
}

/**
 * Who is on call at `at`: an override covering it, else the rotation's member. Local times are read in the
 * schedule's `time_zone`, or `defaultTimeZone` (pass `sla.timezone`) when it has none.
 */
export function onCallAt(schedule: OnCallSchedule, at: number, defaultTimeZone = 'UTC'): OnCallMember {
  return memberAt(resolve(schedule, defaultTimeZone), at);
}

/**
 * The first moment after `at` when someone else goes on call (a rotation handoff, or an override starting or
 * ending), and who; undefined when nobody else ever will (one member and no override ahead).
 */
export function nextHandoff(schedule: OnCallSchedule, at: number, defaultTimeZone = 'UTC'): OnCallHandoff | undefined {
  const resolved = resolve(schedule, defaultTimeZone);
  const current = memberAt(resolved, at).name;
  const boundaries = resolved.overrides.flatMap((override) => [override.start, override.end]);
  const rotates = resolved.schedule.members.length > 1;
  // Each step passes an override boundary or reaches a handoff that changes the member; one spare step
  // covers an hour-long shift swallowed by a spring-forward gap.
  const steps = boundaries.length + 3;
  let t = at;
  for (let i = 0; i < steps; i++) {
    const covered = resolved.overrides.some((override) => override.start <= t && t < override.end);
    // While an override holds, rotation handoffs change nobody: only override boundaries matter.
    const rotation = rotates && !covered ? [handoff(resolved, shiftAt(resolved, t) + 1)] : [];
    const candidates = [...rotation, ...boundaries.filter((boundary) => boundary > t)];
    if (candidates.length === 0) return undefined;
    t = Math.min(...candidates);
    const member = memberAt(resolved, t);
    if (member.name !== current) return { at: t, member };
  }
  return undefined;
}
